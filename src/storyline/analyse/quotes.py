"""Direct quotations: the quoted words, who said them, and every outlet that carries them.

Rules (no parser: regexes and capitalised-word runs):

- Quotations are text between double quotes, curly (“…”) or straight ("…", opening after a space, so
  the 28" of 5h 34' 28" is no quotation), inside one paragraph of kept text. A paragraph that opens a
  quotation without closing it, followed by a paragraph that opens with a quote mark, continues it
  (newspaper convention): the pieces are joined by a space and the span runs from the first piece to
  the last. An opening mark never closed nor continued is a fragment, no quotation. Single curly
  quotes (‘…’) count only outside double quotes, with 3+ words and a speaker. Transcript lines ("OWEN
  LACEY, PASSENGER: ...", "MARCO REIS (TRUCK DRIVER): ...") are quotations of the labelled person, one
  per sentence (a sentence under 4 words joins its neighbour); presenters and reporters (the outlet
  itself, also by surname: "SALAZAR:") are not.
- A quotation interrupted by its attribution (`"A," said X. "B."`) gives two quotes with the same
  speaker: a sentence that opens with an unattributed quotation takes the newest speaker since the
  previous paragraph (the quotation before it, or a person just reported speaking). One sentence
  split by its attribution (`"We will rebuild," she said, "and quickly."`, the second part in lower
  case) is one quote, "We will rebuild … and quickly.".
- The speaker is the subject of a speech verb (said, told, added, according to, ...) right after the
  closing mark (`," said Fire Chief Anna Brandt.`, `," Carney said.`), else of the last speech verb
  before the opening mark in the same sentence (`X said the company was "..."`); quotations of one
  sentence share an attribution that follows the last of them. Subjects skip appositives (`Priya
  Nair, 34, who lives ..., said`), auxiliaries (`was quoted as having told`) and post-modifiers (`Sam
  Okafor of Elswick Police`), a possessor before a name (`The USGS's Mike Blanpied`) and "with"
  (`, with Commission President X noting`); an "-ing" verb after a quotation takes the sentence's
  subject; an inverted attribution may close a sentence after a clause (`were "in the dark" due to power
  failures, said State Department spokesman P. J. Crowley.`); "according to X" right after another
  attribution is where, not who. The speaker rules read the text with the full stops of title
  abbreviations and initials and AP party-state tags blanked (`Sen. Maria Ortiz, D-Ore.` → Maria
  Ortiz; the initial's stop is put back: `Donald J. Trump`), and in a lower-cased copy with its person
  names capitalised (`_names_in_lower_case`); titles are dropped (`Fire Chief`, `Mr`,
  `Secretary-General`). A bare surname resolves to the fullest name with that surname given earlier in
  the same document, else anywhere in the cluster (else the one full name it opens: `Ban` → Ban
  Ki-moon). "he/she" take the most recent person who spoke, who opens a sentence, or who is introduced
  with an age (`, Xiao Tan, 32,`), in the document, skipping persons of the other gender (from a
  title, else the first name, gender-guesser's lists, else the pronouns written after the name outside
  quotations). A statement read "on his behalf"/"in her name" (after the reader's verb) is the words of
  the person the sentence names by role or the last person of that gender; "it said" then points to
  it. A figure or an event is never a speaker ("Forty-one percent"). "the mayor"/"the
  President"/"the official"/"the statement" take the person named with that role, the last speaker
  described with that noun, or the author of the last statement. Unnamed speakers keep their
  description ("a U.S. official", "the Jordanian official source", "the Ministry of Defence"); None
  only when nothing in the text says who.
- Not quotations of a speaker: one word ("devastated"); 2-4 words unless attributed to a named person
  (kept: `officers were "keeping an open mind"`, Sam Okafor; dropped: "crumbling from within", said
  by the White House, an institution); unattributed names and titles ("United Nations Climate Change
  Conference"); unattributed phrases of fewer than 8 words inside a narrative sentence; a 2-4 word
  fragment of a longer quotation by the same speaker.
- The same quotation in several outlets (curly vs straight quotes, a word changed, trimmed a little or
  a fragment of one of its sentences, 5+ words) becomes one Quote: the fullest text, one span per outlet
  (the earliest document first) and the fullest speaker name. When one outlet quotes only some
  sentences of a longer quotation (the part opens with a capital), the part is its own Quote whose
  sources are every outlet carrying it (the longer one's too); the longer keeps its own outlets.
  Speakers with different names are never merged.
- Order: most outlets first, then first appearance.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from . import document_rank
from ..cluster import ClusterView, as_view
from ..lang.en.lexicon import (
    CALENDAR_NAMES,
    FEMALE_TITLES as _FEMALE_TITLES,
    MALE_TITLES as _MALE_TITLES,
    NOT_SPEAKER_HEADS,
    PARTY_STATE,
    SPEECH_VERBS as _SPEECH_VERBS,
    TITLE_ABBREVIATIONS,
    TITLES as _TITLES,
    first_name_gender,
)
from ..model import PreparedDocument, Quote, Sentence, Span
from ..text import STOPWORDS, tokens
from .entities import _cased

MIN_WORDS_UNATTRIBUTED = 5  # shorter quotations need a named speaker ("keeping an open mind")
MIN_WORDS_EMBEDDED = 8  # an unattributed quotation inside a narrative sentence needs this many words
MERGE_RATIO = 0.85  # token sequence similarity for "a word changed" across outlets
MIN_MERGE_WORDS = 5  # substrings shorter than this are not merged into longer quotations

# ---------------------------------------------------------------------------------------------------
# Vocabulary

_VERB = re.compile(rf"\b(?:{_SPEECH_VERBS}|According\s+to)\b")


def _inverted(rest: str) -> bool:
    """An inverted attribution closing its sentence: after the verb only a name with its titles and
    roles ('said State Department spokesman P. J. Crowley.'), not a clause ('said the school would
    reopen on Monday.')."""
    words = rest.strip().rstrip(".!?").split()
    if not 2 <= len(words) <= 7 or not words[-1][:1].isupper() or words[-1].lower() in _CALENDAR:
        return False
    return all(w[:1].isupper() or w.lower() in _TITLES or w in ("of", "the", "for") for w in words)

_POSTPOSED_AFTER = re.compile(r"(?:said|says|added|told)\s+(?!(?:that|he|she|it|they|we|I)\b)[A-Za-z]")
_CLAUSE_THEN_COMMA = re.compile(r"[^;:“”\"]{0,100},\s*")
# A passive use is no attribution: "No other injuries were reported", "Firefighters were called to".
_PASSIVE = re.compile(r"\b(?:were|was|been|being|are|is|be)\s+$")
_CALLED_OK = re.compile(r"\s+(?:the|a|an|him|her|it|them|this|for|on)\b")

# Words that make a capitalised run an organisation or outlet rather than a person.
_ORG_WORDS = frozenset(
    """house council ministry department agency police service services authority authorities government army
    party company corporation corp inc ltd plc group bank association union committee commission office court
    reuters press news television tv radio times post gazette telegraph guardian journal herald jazeera
    arabiya afp ap bbc cnn npr university hospital church board institute centre center foundation
    federation organisation organization storage forces navy coalition alliance front movement network
    channel agency embassy administration railway railways airline airlines airways holdings industries
    motors trust""".split()
)
_ORG_HEADS = _ORG_WORDS | frozenset(
    "firm military broadcaster statement report group newspaper paper station operator council".split()
)
_CALENDAR = CALENDAR_NAMES | {"today", "yesterday"}
_TIME_WORDS = _CALENDAR | frozenset("week month year day morning afternoon evening night weekend hour".split())
_FOREIGN_ARTICLES = frozenset("El La Las Los Le Les Il Der Die Das".split())
_DETERMINERS = frozenset("the a an one his her their its our some several many two three four".split())
_SMALL_WORDS = frozenset("a an the of for and or in on at to by with from".split())
_NOT_ROLES = frozenset("of in at by to for from with on and or the said told read name".split())
_PRONOUNS = frozenset("he she they it i we you".split())
_LEADING_STOP = frozenset(
    """the a an but and or in on at however when after before as if while this that these those it he she
    they we i his her their our its speaking according earlier later meanwhile elsewhere one two three
    several some many most yesterday today so then still also""".split()
)
_PARTICLES = "al|el|bin|ibn|abu|de|del|della|di|da|dos|du|van|von|der|den|le|la|ter|ten"
_PARTICLE_SET = frozenset(_PARTICLES.split("|"))
_CAP = r"[A-Z][\w'’-]*(?:\.[A-Z][\w'’-]*)*"  # "Carney", "O'Neill", "U.S"
_NAME_TOKEN = re.compile(rf"^(?:{_CAP}\.?|(?:{_PARTICLES})-[A-Z][\w'’-]*|(?:{_PARTICLES}))$")
# A run of capitalised words, with name particles inside ("Khaled al Hbous", "Bashar al-Assad").
_CAP_RUN = re.compile(rf"{_CAP}(?:\s+(?:(?:{_PARTICLES})\s+)?(?:{_CAP}|(?:{_PARTICLES})-[A-Z][\w'’-]*))*")
_POSSESSIVE = re.compile(r"['’]s?$")
# Where a subject noun phrase starts, reading backwards from its verb.
_NP_BOUNDARY = re.compile(
    r"[,;:()\[\]\"“”]|[.!?]\s+(?=(?-i:[A-Z]))|\s[-—–]\s|[—–]|"
    r"\b(?:and|but|or|nor|that|which|who|whom|whose|while|as|because|when|where|after|before|although|though|"
    r"if|what|than|so|then|however|since|until)\b",
    re.IGNORECASE,
)
_TRAILING_AUX = re.compile(
    r"\s+(?:has|have|had|was|were|is|are|would|will|also|later|then|previously|earlier|again|once|quickly|only|"
    r"reportedly|repeatedly|since|having|quoted\s+as|been|later|last\s+\w+day|on\s+\w+day)\s*$",
    re.IGNORECASE,
)
_PREPOSITION = re.compile(
    r"\s+(?:of|in|at|from|for|with|on|to|by|near|outside|inside|within|under|who|which|whose|whom|that)\s+"
)
_POSTPOSED_END = re.compile(
    r"[,.;:!?()“”\"]|\s[-—–]\s|\b(?:who|which|adding|as|in|at|on|during|after|when|while|to|by|according|also|about)\b"
)
_DEMONYM = re.compile(r"^[A-Z][a-z]{3,}(?:ian|ese|ish|ean|i)$|^(?:US|U\.S\.|UK|U\.K\.|EU|UN)$")
_APPOSITION_AFTER = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)+,")
_PARTITIVE = re.compile(
    r"(?:^|\s)(?:one|some|two|three|several|many|each|both|all)\s+of\s+(?:them|those|these|us)\s*$", re.I
)
# "who asked not to be named", "who lives nearby": a relative clause between a subject and its verb
_RELATIVE_CLAUSE = re.compile(r"\s+(?:who|which)\s+(?!(?:the|a|an|his|her|their)\b)[a-z][^,;:“”\"]*$")
_AGE = re.compile(r",\s*\d{1,3}\s*$")
_INTRODUCED = re.compile(r",\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3}),\s*\d{1,3},")
_ABSOLUTE_WITH = re.compile(r"^with\s+(?=[A-Z])")
# A statement read for someone else: "on his behalf", "in her name"
_ON_BEHALF = re.compile(r"\bstatement\b[^.;]*?\b(?:on\s+(his|her|their)\s+behalf|in\s+(his|her|their)\s+name)\b")
_THE_ROLE = re.compile(r"\bthe\s+([a-z]+)\s+(?:had\s+)?(?:asked|wanted|instructed)\b")
_DESCRIBED_NAME = re.compile(
    r"(?:One|Another|A|An|His|Her|Their|The)\s+(?:[a-z-]+\s+){0,3}?[a-z-]+,\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3}),"
)


# ---------------------------------------------------------------------------------------------------
# Speakers


@dataclass(frozen=True)
class Speaker:
    text: str  # "Jay Carney", "a U.S. official", "the White House"
    kind: str  # "name" (a person's name), "org", "desc" (a generic description), "other" ("Reuters")
    gender: str = ""  # "m", "f" or unknown
    roles: frozenset[str] = frozenset()  # lower-case role words given with a name ("mayor", "spokesman")
    plural: bool = False
    statement: bool = False  # the words come from a statement ("said in a statement")

    @property
    def head(self) -> str:
        return self.text.split()[-1].lower() if self.text else ""


@dataclass
class _Mention:
    """A name as written somewhere in the cluster, after titles are dropped."""

    doc: int
    offset: int
    name: str
    gender: str
    roles: frozenset[str]


@dataclass
class _Index:
    """Full names by surname and by role, for every document of the cluster."""

    by_surname: dict[str, list[_Mention]] = field(default_factory=lambda: defaultdict(list))
    by_role: dict[str, list[_Mention]] = field(default_factory=lambda: defaultdict(list))
    gender: dict[str, str] = field(default_factory=dict)  # from titles ("Mrs", "spokeswoman")
    voted: dict[str, str] = field(default_factory=dict)  # from the pronouns after a name
    count: Counter = field(default_factory=Counter)  # mentions of every full name

    def gender_of(self, name: str) -> str:
        """A name's gender: its title, else its first name, else the pronouns written after it."""
        if name not in self.gender:
            self.gender[name] = first_name_gender(name) or self.voted.get(name, "")
        return self.gender[name]

    def known_suffix(self, words: Sequence[str]) -> str | None:
        """The longest part of a run that stands alone as a name elsewhere in the cluster ('United
        Kingdom Tony Blair' -> 'Tony Blair'); the run itself when it is a known name; else None."""
        words = list(words)
        for k in range(1, len(words) - 1):
            suffix = " ".join(words[k:])
            if self.count[suffix]:
                return suffix
        whole = " ".join(words)
        return whole if self.count[whole] and len(words) >= 2 else None

    def full_name(self, surname: str, doc: int, offset: int) -> str | None:
        """The fullest name ending in ``surname``: the last one before ``offset`` in the same document,
        else the most common one in that document, else in the cluster."""
        found = [m for m in self.by_surname.get(_surname_key(surname), ()) if len(m.name.split()) > 1]
        if not found:
            # family name first ("Ban" of "Ban Ki-moon"): the one full name of the document it opens
            opening = {m.name for ms in self.by_surname.values() for m in ms if m.doc == doc and m.name.split()[0] == surname and len(m.name.split()) > 1}
            return opening.pop() if len(opening) == 1 else None
        before = [m for m in found if m.doc == doc and m.offset < offset]
        if before:
            return before[-1].name
        same = [m.name for m in found if m.doc == doc] or [m.name for m in found]
        return Counter(same).most_common(1)[0][0]

    def by_role_name(self, role: str, doc: int, offset: int) -> _Mention | None:
        found = self.by_role.get(role, [])
        before = [m for m in found if m.doc == doc and m.offset < offset]
        if before:
            return before[-1]
        same = [m for m in found if m.doc == doc] or found
        return same[0] if same else None


def _surname_key(name: str) -> str:
    """'al-Assad' and 'Assad's' file under 'assad'."""
    last = name.rsplit(None, 1)[-1].lower()
    if "-" in last and last.split("-", 1)[0] in _PARTICLE_SET:
        last = last.split("-", 1)[1]
    return _POSSESSIVE.sub("", last)


def _is_title(word: str) -> bool:
    """'Mr', 'Chief', 'Secretary-General', 'Vice-President'."""
    low = word.lower().rstrip(".")
    return low in _TITLES or ("-" in low and all(part in _TITLES for part in low.split("-")))


def _split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """(name words, title words): titles are everything up to the last title word followed by a name;
    no name when only titles are left ("Prime Minister")."""
    cut = -1
    for i, w in enumerate(words[:-1]):
        if _is_title(w):
            cut = i
    name = words[cut + 1 :]
    if name and all(_is_title(w) for w in name):
        return [], words
    return name, words[: cut + 1]


def _gender(titles: Sequence[str]) -> str:
    low = {t.lower().rstrip(".") for t in titles}
    if low & _FEMALE_TITLES:
        return "f"
    if low & _MALE_TITLES:
        return "m"
    return ""


def _is_org(words: Sequence[str]) -> bool:
    """An organisation or outlet: an organisation word ("Council", "Police") or an acronym at the end."""
    if not _ORG_WORDS.isdisjoint([w.lower().strip(".") for w in words]):
        return True
    last = words[-1] if words else ""
    return len(last) > 1 and last.isupper() and last.isalpha()


def _clean_run(run: str) -> list[str]:
    """Words of a capitalised run without sentence-initial function words and without a possessive."""
    words = run.split()
    while words and (words[0].lower() in _LEADING_STOP or words[0].lower() in _CALENDAR):
        words = words[1:]
    for i, w in enumerate(words):
        if w.endswith(("'s", "’s")):
            rest = words[i + 1 :]
            if len(rest) >= 2 and not _is_title(rest[-1]) and not _is_org(rest):
                return rest  # "The USGS's Mike Blanpied": the possessor only qualifies the name
            words = words[: i + 1]
            words[i] = w[:-2]
            break
    return words


_ROLE_BEFORE = re.compile(r"(?<![\w'’-])([a-z][a-z-]+)\s+([a-z][a-z-]+),?\s+$|([a-z][a-z-]+),?\s+$")


def _is_role_word(word: str | None) -> bool:
    if not word or len(word) <= 2:
        return False
    return word not in _LEADING_STOP and word not in _NOT_ROLES and not _VERB.fullmatch(word)


def _build_index(docs: Sequence[PreparedDocument]) -> _Index:
    """Every person-like name in the cluster, with the roles written beside it."""
    index = _Index()
    for d, prepared in enumerate(docs):
        for s in prepared.sentences:
            for m in _CAP_RUN.finditer(s.text):
                if " " not in m.group():
                    continue  # one capitalised word is no full name
                words = _clean_run(m.group())
                if not words:
                    continue
                name, titles = _split_title(words)
                if not name or _is_org(name) or len(name) > 4:
                    continue
                roles = {t.lower().rstrip(".") for t in titles}
                if len(titles) > 1:
                    roles.add(" ".join(t.lower() for t in titles[-2:]))
                # a lower-case role word just before the run: "chief executive Margaret Sowerby",
                # "Port Elswick's mayor, Tom Reddick"
                before = _ROLE_BEFORE.search(s.text, max(0, m.start() - 40), m.start())
                if before:
                    role = before.group(2) or before.group(3)
                    if _is_role_word(role):
                        roles.add(role)
                        if before.group(1) and _is_role_word(before.group(1)):
                            roles.add(f"{before.group(1)} {role}")
                offset = s.start + m.start()
                mention = _Mention(d, offset, " ".join(name), _gender(titles), frozenset(roles))
                index.by_surname[_surname_key(mention.name)].append(mention)
                index.count[mention.name] += 1
                for role in roles:
                    index.by_role[role].append(mention)
                if mention.gender:
                    index.gender.setdefault(mention.name, mention.gender)
    # "Prime Minister of the United Kingdom Tony Blair" left the run "United Kingdom Tony Blair": use
    # the part that stands alone elsewhere
    for mentions in index.by_surname.values():
        for m in mentions:
            if len(m.name.split()) > 2:
                m.name = index.known_suffix(m.name.split()) or m.name
    _pronoun_genders(docs, index)
    return index


# "he added" is what the genders are for, so a pronoun before a speech verb casts no vote
# (and words inside quotation marks are about other people, objects often are: "carried him out")
_HE = re.compile(rf"\b(?:he\b(?!\s+(?:{_SPEECH_VERBS})\b)|his\b)", re.IGNORECASE)
_SHE = re.compile(rf"\b(?:she\b(?!\s+(?:{_SPEECH_VERBS})\b)|her\b)", re.IGNORECASE)
_QUOTED = re.compile(r"[“\"][^”\"]*(?:[”\"]|$)")
_GENDER_REACH = 400  # characters after a name in which its pronouns are counted


def _pronoun_genders(docs: Sequence[PreparedDocument], index: _Index) -> None:
    """A name's gender, where no title gives it, from the pronouns between it and the next name
    ("Dr. Anita Flores said ... and that her office ..."): what "he added" may not point to."""
    votes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_doc: dict[int, list[_Mention]] = defaultdict(list)
    for mentions in index.by_surname.values():
        for m in mentions:
            by_doc[m.doc].append(m)
    for d, mentions in by_doc.items():
        text = docs[d].document.text
        mentions.sort(key=lambda m: m.offset)
        for m, nxt in zip(mentions, mentions[1:] + [None]):
            start = m.offset + len(m.name)
            end = min(start + _GENDER_REACH, nxt.offset if nxt is not None else len(text))
            if end > start:
                window = _QUOTED.sub(" ", text[start:end])
                vote = votes[m.name]
                vote[0] += len(_HE.findall(window))
                vote[1] += len(_SHE.findall(window))
    for name, (he, she) in votes.items():
        if he != she and max(he, she) >= 2 * min(he, she):
            index.voted[name] = "m" if he > she else "f"


class _DocSpeakers:
    """The speakers of one document: every speech verb's subject, resolved in reading order."""

    def __init__(self, d: int, prepared: PreparedDocument, index: _Index, quoted: list[tuple[int, int]]):
        self.d = d
        self.text = prepared.document.text
        self.index = index
        self.events: list[tuple[int, Speaker]] = []  # (verb offset, speaker), in text order
        self.genders: dict[str, str] = {}  # learnt from "he said"/"she said"
        self._sentences = prepared.sentences
        self._subjects: list[tuple[int, Speaker]] | None = None
        inside = sorted(quoted)
        starts = [a for a, _ in inside]
        for s in prepared.sentences:
            previous: Speaker | None = None  # the last subject in this sentence, for "X thanked ... and said"
            previous_end = -1
            for m in _VERB.finditer(s.text):
                offset = s.start + m.start()
                k = bisect_right(starts, offset) - 1
                if k >= 0 and inside[k][0] <= offset < inside[k][1]:
                    continue  # words inside a quotation are not attributions
                if _PASSIVE.search(s.text, max(0, m.start() - 8), m.start()):
                    continue
                if m.group() == "called" and not _CALLED_OK.match(s.text, m.end()):
                    continue
                if m.group().lower().startswith("according") and previous is not None and previous_end >= 0:
                    between = s.text[previous_end : m.start()]
                    if len(between.split()) <= 4 and not re.search(r"[“”\"]", between):
                        continue  # '"...," he said according to a transcript': where, not who
                speaker = self._subject(s, m, previous)
                if speaker is None:
                    continue
                previous_end = m.end()
                if "statement" in s.text.lower():
                    speaker = _with(speaker, statement=True)
                previous = speaker
                self.events.append((offset, speaker))
                principal = self._principal(s, speaker, offset, m.end())
                if principal is not None:  # the statement's words are the principal's
                    self.events.append((offset + 1, principal))

    def _principal(self, s: Sentence, reader: Speaker, offset: int, verb_end: int) -> Speaker | None:
        """The person in whose name a statement is read: 'Nadia Perrin said the mayor had asked her to
        read out a statement on his behalf' -> the mayor (a role named earlier) or the last person of
        that gender before the reader. Only after the verb: in 'In a statement read in her name by a
        spokesman, Margaret Sowerby said' the subject is the principal."""
        m = _ON_BEHALF.search(s.text, verb_end)
        if m is None or reader.kind != "name":
            return None
        pronoun = (m.group(1) or m.group(2) or "").lower()
        want = "m" if pronoun == "his" else "f" if pronoun == "her" else ""

        def fits(name: str, gender: str) -> bool:
            gender = gender or self.index.gender_of(name)
            return name != reader.text and (not want or not gender or gender == want)

        role = _THE_ROLE.search(s.text)
        if role:
            found = [x for x in self.index.by_role.get(role.group(1).lower(), []) if fits(x.name, x.gender)]
            mention = next((x for x in reversed(found) if x.doc == self.d and x.offset < offset), None)
            mention = mention or next((x for x in found if x.doc == self.d), None) or (found[0] if found else None)
            if mention is not None:
                return Speaker(mention.name, "name", mention.gender, mention.roles, statement=True)
        pool = sorted(self._before(offset) + [e for e in self.subjects if e[0] < offset], key=lambda e: e[0])
        for _, ev in reversed(pool):
            if ev.kind == "name" and fits(ev.text, ev.gender):
                return _with(ev, statement=True)
        return None

    # -- subjects ------------------------------------------------------------------------------------

    @property
    def subjects(self) -> list[tuple[int, Speaker]]:
        """People who open a sentence ("Crane operator Lotte Fairweather, 47, has worked ..."), or are
        introduced with their age inside one ("one protester was arrested, Xiao Tan, 32, who"): what a
        following '"...," she said' most often points to. Computed on first use."""
        if self._subjects is None:
            found = [(s.start, self._clause_subject(s.text)) for s in self._sentences]
            for s in self._sentences:
                for m in _INTRODUCED.finditer(s.text, 1):
                    name = m.group(1).split()
                    if not _is_org(name) and not _only_titles(name):
                        text = " ".join(name)
                        found.append((s.start + m.start(1), Speaker(text, "name", self.index.gender.get(text, ""))))
            self._subjects = sorted((offset, person) for offset, person in found if person is not None)
        return self._subjects

    def _clause_subject(self, clause: str) -> Speaker | None:
        """A person named in the first words of a clause, before its first comma, or in an appositive
        right after a description ("One reader, Dario Kessler, was on the stairs")."""
        head = clause[:60].split(",")[0]
        appositive = _DESCRIBED_NAME.match(clause)
        if appositive:
            head = appositive.group(1)
        for m in _CAP_RUN.finditer(head):
            before = head[: m.start()].split()
            if not all(w[0].isupper() or _is_title(w) or w in ("the", "a", "an") for w in before):
                break  # past the subject: "He went on to say that the Bali Roadmap ..."
            if m.group().split()[0] in _FOREIGN_ARTICLES:
                continue  # "El Rancahuaso" (a newspaper), "Las Terrazas" (a place)
            words = _clean_run(m.group())
            name, titles = _split_title(words) if words else ([], [])
            if len(name) == 1:  # "Rasmussen did better than expected.": a surname named in full elsewhere
                full = self.index.full_name(name[0], self.d, len(self.text))
                name = full.split() if full else name
            if len(name) >= 2 and not _is_org(name) and len(name) <= 4:
                text = self.index.known_suffix(name) or " ".join(name)
                return Speaker(text, "name", _gender(titles) or self.index.gender.get(text, ""))
        return None

    def _subject(self, s: Sentence, verb: re.Match, previous: Speaker | None) -> Speaker | None:
        offset = s.start + verb.start()
        if verb.group().lower().startswith("according"):
            return self._postposed(s, verb, offset)
        left = s.text[: verb.start()]
        stripped = left.rstrip()
        if not stripped or stripped.endswith(tuple("”\"’'")):
            return self._postposed(s, verb, offset)
        if stripped.endswith(",") and _inverted(s.text[verb.end() :]):
            return self._postposed(s, verb, offset)  # '..., said State Department spokesman P. J. Crowley.'
        np, role = _subject_phrase(left)
        if np and _ABSOLUTE_WITH.match(np):
            np = np[_ABSOLUTE_WITH.match(np).end() :]  # "..., with Commission President X noting that"
        if np and verb.group().endswith("ing") and np.split()[0].islower() and np.split()[0] not in _DETERMINERS:
            np = ""  # "Kent Page, a spokesman, also weighed in today saying": a verb phrase, not a subject
        if not np and verb.group().endswith("ing") and previous is None:
            # "Egeland later recanted his statement, adding that ...": the subject opens the sentence
            run = _CAP_RUN.match(s.text)
            np = run.group() if run else None
        if np == "" and previous is None:
            # "Outgoing mayor Helen Dahl congratulated her rival and said ...": the subject opens the
            # clause before "and"
            clause = re.split(r"[,;:]\s*", left)[-1] if left else ""
            return self._clause_subject(clause)
        if np is None:
            return None
        if not np:
            return previous  # "Margaret Sowerby thanked the fire service and said ..."
        return self._classify(np, offset, role)

    def _postposed(self, s: Sentence, verb: re.Match, offset: int) -> Speaker | None:
        """The subject after the verb: 'said Fire Chief Anna Brandt.', 'according to a port worker who',
        'said Iran's Foreign Ministry spokesman, Mohammad Ali Hosseini'."""
        rest = s.text[verb.end() :]
        if rest.startswith(","):
            rest = rest[1:]  # '," said, Becky Buell, Oxfam's Policy Director.'
        end = _POSTPOSED_END.search(rest)
        np = rest[: end.start() if end else len(rest)].strip()
        words = np.split()
        if verb.group().endswith("ing") and (not words or words[0] in ("that", "he", "she", "they", "it")):
            # '..., "I was going to come back," asserting that ...': the subject opens the sentence
            first = s.text.split(None, 1)[0].lower() if s.text.strip() else ""
            return self._pronoun(first, offset) if first in ("he", "she") else self._clause_subject(s.text)
        if not words or len(words) > 8:
            return None
        if not (
            words[0][0].isupper() or words[-1][0].isupper() or words[0].lower() in ("a", "an", "the", "one", "their", "its", "his", "her")
        ):
            return None  # "said on Monday", "said it would": no subject after the verb
        if end is not None and end.group() == "," and not words[-1][0].isupper():
            apposition = _CAP_RUN.match(rest, end.end() + (1 if rest[end.end() : end.end() + 1] == " " else 0))
            if apposition and len(apposition.group().split()) >= 2:
                return self._classify(apposition.group(), offset, words[-1].lower())
        return self._classify(np, offset, "")

    def _classify(self, np: str, offset: int, role_before: str) -> Speaker | None:
        head_words = _head(np)[0].lower().replace("%", " % ").split()
        if not head_words or head_words[-1] in NOT_SPEAKER_HEADS:
            return None  # "Forty-one percent (of voters) said", "the symposium said": a figure or an event
        words = np.split()
        last = words[-1].lower()
        if last in _PRONOUNS:  # "he", "In the video he"
            return self._pronoun(last, offset)
        if words[0].lower() in ("he", "she", "they") and all(w.islower() for w in words[1:]):
            return self._pronoun(words[0].lower(), offset)  # "He went on to say"
        head, modifier = _head(np)
        words = head.split()
        if modifier:
            # "the Ministry of Defence", "the Minister for London", "Prime Minister of the United
            # Kingdom Tony Blair": a person only when the run ends in a name known from elsewhere
            person = self.index.known_suffix(modifier.split())
            if person:
                return self._named(person.split(), person.split(), offset, role_before)
            return self._description(words, offset, keep_case=True)
        trailing = []
        for w in reversed(words):
            if not _NAME_TOKEN.match(w):
                break
            trailing.insert(0, w)
        while trailing and not trailing[0][0].isupper():
            trailing.pop(0)  # a run starts with a capital, not with a particle
        if trailing:
            return self._named(words, trailing, offset, role_before)
        return self._description(words, offset)

    def _named(self, words: list[str], trailing: list[str], offset: int, role_before: str) -> Speaker | None:
        run = " ".join(trailing)
        cleaned = _clean_run(run)
        if not cleaned or _only_titles(cleaned):
            return self._description(words, offset)  # "the Iranian Consul", "President", "the Minister"
        name, titles = _split_title(cleaned)
        lead = words[: len(words) - len(trailing)]
        article = "the " if (lead[:1] or trailing[:1])[0] in ("The", "the") else ""
        roles = {t.lower().rstrip(".") for t in titles}
        if lead and lead[-1].islower() and lead[-1] not in _LEADING_STOP:
            roles.add(lead[-1])
        if role_before:
            roles.add(role_before)
        gender = _gender(titles)
        if _is_org(cleaned):
            return Speaker(article + " ".join(cleaned), "org")
        if len(name) == 1:
            full = self.index.full_name(name[0], self.d, offset)
            if full:
                return Speaker(full, "name", gender or self.index.gender.get(full, ""), frozenset(roles))
            if titles or roles or (lead and lead[-1].islower()):
                return Speaker(name[0], "name", gender, frozenset(roles))
            if name[0].lower() in _CALENDAR:
                return None
            return Speaker(article + name[0], "other")  # "Reuters", "the Australian", "Neighbours"
        if len(name) > 2:
            name = (self.index.known_suffix(name) or " ".join(name)).split()
        text = " ".join(name)
        return Speaker(text, "name", gender or self.index.gender.get(text, ""), frozenset(roles))

    def _description(self, words: list[str], offset: int, keep_case: bool = False) -> Speaker | None:
        words = [w for w in words if w]
        if not words:
            return None
        if len(words) > 6:
            words = words[-4:]
        first = words[0].lower()
        if first in ("the", "a", "an", "one"):
            words = [first] + words[1:]
        elif first in _LEADING_STOP:
            words = words[1:]
            if not words:
                return None
        if first not in _DETERMINERS and any(w in ("the", "a", "an") for w in words[1:]):
            return None  # "created the biggest gash": a verb phrase, not a speaker
        if len(words) == 1 and words[0].islower() and words[0].endswith(("ed", "ing")):
            return None  # "(as) quoted (by AP)"
        if any(w.lower() in _TIME_WORDS for w in words):
            return None  # "Earlier this week": a time, not a speaker
        if len(words) >= 3 and words[-1].endswith("ed") and words[-1].islower():
            words = words[:-1]  # "the statement released (by the EU)"
        text = " ".join(words)
        head = words[-1].lower()
        plural = head.endswith("s") and not head.endswith(("ss", "us")) and first not in ("a", "an", "one")
        kind = "org" if head.strip(".") in _ORG_HEADS or _is_org(words) else "desc"
        # "the mayor", "the President", "the official", "the statement": someone named or described before
        if not keep_case and first == "the" and 2 <= len(words) <= 3:
            rest = words[1:]
            if all(w.islower() or w.lower() in _TITLES for w in rest):
                found = self._anaphor([w.lower() for w in rest], offset)
                if found is not None:
                    return found
        return Speaker(text, kind, plural=plural)

    def _anaphor(self, words: list[str], offset: int) -> Speaker | None:
        head = words[-1]
        if head == "statement":
            for _, ev in reversed(self._before(offset)):
                if ev.statement and ev.kind == "name":
                    return ev
            return None
        role = " ".join(words)
        short = re.sub(r"(?:wo)?man$|person$", "", head)  # "the chairman" is "the inquiry chair"
        mention = (
            self.index.by_role_name(role, self.d, offset)
            or self.index.by_role_name(head, self.d, offset)
            or (self.index.by_role_name(short, self.d, offset) if len(short) >= 4 else None)
        )
        if mention is not None and head not in ("official", "source", "worker", "resident", "witness"):
            return Speaker(mention.name, "name", mention.gender, mention.roles)
        for _, ev in reversed(self._before(offset)):
            if ev.kind in ("desc", "org") and ev.head == head:
                return ev
            if ev.kind == "name" and (role in ev.roles or head in ev.roles):
                return ev
        return None

    def _pronoun(self, pronoun: str, offset: int) -> Speaker | None:
        """The most recent speaker (or person opening a sentence) a pronoun can stand for."""
        if pronoun in ("i", "we", "you"):
            return None
        candidates = sorted(self._before(offset) + [m for m in self.subjects if m[0] < offset], key=lambda e: e[0])
        for _, ev in reversed(candidates):
            if pronoun in ("he", "she"):
                if ev.kind not in ("name", "desc") or ev.plural:
                    continue
                gender = ev.gender or self.genders.get(ev.text, "")
                if not gender and ev.kind == "name":
                    gender = self.index.gender_of(ev.text)
                if gender and gender != ("m" if pronoun == "he" else "f"):
                    continue
                if ev.kind == "name":
                    self.genders.setdefault(ev.text, "m" if pronoun == "he" else "f")
                return ev
            if pronoun == "they" and (ev.plural or ev.kind == "org"):
                return ev
            if pronoun == "it" and (ev.kind == "org" or (ev.statement and ev.kind == "name")):
                return ev
        return None

    def _before(self, offset: int) -> list[tuple[int, Speaker]]:
        return [e for e in self.events if e[0] < offset]

    # -- attribution of a quotation ------------------------------------------------------------------

    def after(self, close: int, limit: int) -> Speaker | None:
        """The speaker named right after a closing mark: '," said X.', '," Carney said.', '," he added.'."""
        for offset, speaker in self.events:
            if offset <= close or offset >= limit:
                continue
            between = self.text[close + 1 : offset].lstrip(" ,.;:!?—–-")
            if len(between.split()) <= 12 and not re.search(r"[,;:“”\"]", between):
                return speaker
            appositive = _APPOSITION_AFTER.match(between) and len(between.split()) <= 25
            if appositive and not re.search(r"[;:“”\"]", between):
                return speaker  # '," Thorne Lay, professor of earth sciences, said.'
            if _POSTPOSED_AFTER.match(self.text, offset) and _CLAUSE_THEN_COMMA.fullmatch(between):
                return speaker  # 'were "literally in the dark" due to power failures, said X.'
            return None
        return None

    def before(self, start: int, opening: int, persons: bool = False, subjects: bool = False) -> Speaker | None:
        """The subject of the last speech verb between ``start`` and an opening mark (persons only:
        a name or a singular description, not "Reports" or "the company"; with subjects, a person who
        opens a sentence counts too: 'Joseph Delva, a reporter, was in the area. "Everything shook."')."""
        found = None
        pool = sorted(self.events + self.subjects, key=lambda e: e[0]) if subjects else self.events
        for offset, speaker in pool:
            if start <= offset < opening:
                if persons and not (speaker.kind == "name" or (speaker.kind == "desc" and not speaker.plural)):
                    continue
                found = speaker
        return found


def _head(np: str) -> tuple[str, str]:
    """The noun phrase without its post-modifier ("an official source in the Jordanian capital" -> "an
    official source"), and a capitalised post-modifier kept as part of a proper name ("the Ministry of
    Defence" -> ("the Ministry of Defence", "Defence"))."""
    padded = f" {np} "
    for m in _PREPOSITION.finditer(padded):
        before, after = padded[: m.start()].split(), padded[m.end() :].split()
        if m.group().strip() in ("of", "for") and _title_or_org(before) and after:
            rest = after[1:] if after[0] in ("the", "The") else after
            if rest and rest[0][:1].isupper():
                run = _CAP_RUN.match(" ".join(rest))
                if run:
                    article = after[: len(after) - len(rest)]
                    kept = before + [m.group().strip()] + article + run.group().split()
                    return " ".join(kept), run.group()
        return padded[: m.start()].strip(), ""
    return np.strip(), ""


def _title_or_org(words: list[str]) -> bool:
    """The words end in a capitalised title or organisation ("Prime Minister", "the Ministry")."""
    run = []
    for w in reversed(words):
        if not w[:1].isupper():
            break
        run.insert(0, w)
    run = _clean_run(" ".join(run)) if run else []
    return bool(run) and (_is_title(run[-1]) or _is_org(run))


def _only_titles(words: Sequence[str]) -> bool:
    """'President', 'Foreign Secretary', 'Iranian Consul': titles (and a nationality) without a name."""
    if not _is_title(words[-1]):
        return False
    return all(_is_title(w) or _DEMONYM.match(w) for w in words[:-1]) and len(words) <= 3


def _with(speaker: Speaker, **changes) -> Speaker:
    values = {**speaker.__dict__, **changes}
    return Speaker(**values)


def _subject_phrase(left: str) -> tuple[str | None, str]:
    """The noun phrase just before a verb (appositives and auxiliaries skipped) and a role word given
    beside an appositive name ("the mayor, Tom Reddick,"). '' when a conjunction comes first, None
    when there is no usable subject."""
    while True:
        aux = _TRAILING_AUX.search(left, max(0, len(left) - 40))
        if aux is None:
            break
        left = left[: aux.start()]
    role = ""
    while left.rstrip().endswith(","):
        body = left.rstrip()[:-1]
        cut = body.rfind(",")
        if cut < 0:
            break
        segment = body[cut + 1 :].strip()
        if segment and all(_NAME_TOKEN.match(w) for w in segment.split()) and len(segment.split()) <= 6:
            lead = body[:cut].split()
            role = lead[-1].lower() if lead and lead[-1].islower() else ""
            return segment, role  # "Port Elswick's mayor, Tom Reddick, spoke"
        if _PARTITIVE.search(body[:cut]) and segment.split()[:1] and segment.split()[0].lower() in ("a", "an"):
            return segment, role  # "One of them, a retired signalman from Elmsford, put it bluntly"
        left = _AGE.sub("", body[:cut])
    left = _AGE.sub("", left)
    relative = _RELATIVE_CLAUSE.search(left, max(0, len(left) - 80))
    if relative:
        left = left[: relative.start()]  # "a union official who asked not to be named said"
    window = max(0, len(left) - 150)  # a subject is at most ten words
    boundary = None
    for boundary in _NP_BOUNDARY.finditer(left, window):
        pass
    if boundary is None and window > 0:
        return None, role
    np = (left[boundary.end() :] if boundary else left).strip()
    if not np:
        # "X thanked the fire service and said": the subject is further back; "X, who said": none here
        coordinated = boundary is not None and boundary.group().strip().lower() in ("and", "but", "or", "then")
        return ("" if coordinated else None), role
    if len(np.split()) > 10:
        return None, role
    first = np.split()[0]
    if boundary is not None and boundary.group() == "," and (first.lower() in ("the", "a", "an") or _is_title(first)):
        # "Margaret Beckett, the U.K.'s Foreign Secretary said", "Sergio Barrientos, Director of ... said":
        # the name before an unclosed appositive
        clause = _AGE.sub("", left[: boundary.start()])  # "Matt Helmenstine, 30, a teacher ... told"
        start = 0
        for start_match in _NP_BOUNDARY.finditer(clause, max(0, len(clause) - 60)):
            start = start_match.end()
        words = clause[start:].split()
        if all(_NAME_TOKEN.match(w) for w in words):
            words = _clean_run(" ".join(words))
            if 2 <= len(words) <= 4 and not _is_org(words) and not _only_titles(words):
                return " ".join(words), np.split()[-1].lower()
    return np, role


# ---------------------------------------------------------------------------------------------------
# Quotation marks


@dataclass
class _Raw:
    doc: int
    para: int  # order of the paragraph among the document's kept paragraphs
    pieces: list[tuple[int, int]]  # inside the marks, one per paragraph
    opening: int  # offset of the first opening mark
    closing: int | None  # offset of the last closing mark (None when never closed)
    single: bool = False
    speaker: Speaker | None = None
    own: bool = False  # the speaker is named beside this quotation (not carried over)
    opens: bool = True  # the quotation opens its sentence (not a phrase inside the narrative)
    transcript: bool = False  # a transcript line "NAME, ROLE: words", its speaker given by the label
    joiners: list[str] = field(default_factory=list)  # between pieces: " " (paragraphs) or " … " (attribution)

    @property
    def span(self) -> tuple[int, int]:
        return self.pieces[0][0], self.pieces[-1][1]


def _paragraphs(prepared: PreparedDocument) -> list[tuple[int, int]]:
    spans: dict[int, list[int]] = {}
    for s in prepared.sentences:
        span = spans.setdefault(s.paragraph, [s.start, s.end])
        span[1] = s.end
    return [tuple(v) for _, v in sorted(spans.items())]


def _marks(text: str, start: int, end: int) -> list[tuple[int, int | None]]:
    """(opening, closing) offsets of the double-quoted stretches of one paragraph; closing None when the
    paragraph ends inside the quotation."""
    found: list[tuple[int, int | None]] = []
    opened: tuple[int, str] | None = None
    for m in re.finditer(r"[“”\"]", text[start:end]):
        pos, c = start + m.start(), m.group()
        if c == "“":
            if opened is None or opened[1] == "“":
                opened = (pos, c)  # an unbalanced second opener restarts the quotation
        elif c == "”":
            if opened is not None and opened[1] == "“":
                found.append((opened[0], pos))
                opened = None
        elif opened is None:
            if _straight_opens(text, pos, start, end):  # not the 28" of 5h 34' 28"
                opened = (pos, c)
        elif opened[1] == '"':
            # closes, unless it plainly opens a new quotation (space before, a word after); closing
            # marks of tokenized text ('" we are here "') have a space on both sides
            if _straight_opens(text, pos, start, end) and pos + 1 < end and not text[pos + 1].isspace():
                opened = (pos, c)
            else:
                found.append((opened[0], pos))
                opened = None
    if opened is not None:
        found.append((opened[0], None))
    return found


def _straight_opens(text: str, pos: int, start: int, end: int) -> bool:
    before = text[pos - 1] if pos > start else " "
    after = text[pos + 1] if pos + 1 < end else " "
    return (before.isspace() or before in "([{—–-/") and after not in ".,;:!?)"


_SINGLE = re.compile(r"(?<![\w‘’])‘(?=\w)((?:[^‘’“”\"\n]|’(?=\w))+?)’(?!\w)")


def _raw_quotes(d: int, prepared: PreparedDocument) -> list[_Raw]:
    text = prepared.document.text
    quotes: list[_Raw] = []
    pending: _Raw | None = None
    for p, (start, end) in enumerate(_paragraphs(prepared)):
        marks = _marks(text, start, end)
        if pending is not None:
            if marks and marks[0][0] == start:
                opening, closing = marks.pop(0)
                pending.pieces.append((opening + 1, closing if closing is not None else end))
                pending.joiners.append(" ")
                pending.closing = closing
                if closing is not None:
                    quotes.append(pending)
                    pending = None
            else:
                if len(pending.pieces) > 1:
                    quotes.append(pending)  # continued, then left open: it runs to its paragraph's end
                pending = None  # an opening mark never closed nor continued: a fragment, no quotation
        for opening, closing in marks:
            raw = _Raw(d, p, [(opening + 1, closing if closing is not None else end)], opening, closing)
            if closing is None:
                pending = raw
            else:
                quotes.append(raw)
        double = [(q.opening, q.closing or end) for q in quotes if q.closing is None or q.opening >= start]
        for m in _SINGLE.finditer(text, start, end):
            if len(m.group(1).split()) >= 3 and not any(a <= m.start() < b for a, b in double):
                quotes.append(_Raw(d, p, [(m.start(1), m.end(1))], m.start(), m.end() - 1, single=True))
    if pending is not None and len(pending.pieces) > 1:
        quotes.append(pending)
    quotes.sort(key=lambda q: q.opening)
    return quotes


_TRANSCRIPT_LABEL = re.compile(
    r"([A-Z][A-Z'’.-]+(?:[ \t]+[A-Z][A-Z'’.-]+)*)"  # NAME or ROLE NAME
    r"(?:[ \t]*\(([A-Z][A-Z'’. -]+)\))?"  # (NAME) after a role: "PRESENTER (MIRA HOLT)"
    r"(?:,[ \t]*([A-Z][A-Z'’. -]+))?[ \t]*:[ \t]+"  # , ROLE (blanks: a blanked party tag)
)
_STAFF = frozenset("presenter host anchor reporter correspondent interviewer narrator editor newsreader".split())
_STAFF_MENTION = re.compile(
    r"\b(?:correspondent|reporter|presenter|host|anchor|newsreader)\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+)"
)


def _transcript_quotes(d: int, prepared: PreparedDocument, index: _Index) -> list[_Raw]:
    """Transcript lines ("OWEN LACEY, PASSENGER: There was a bang ...") are quotations of the labelled
    speaker; the outlet's own presenters and reporters are not quoted sources."""
    text = prepared.document.text
    staff = {m.group(1).lower() for m in _STAFF_MENTION.finditer(text)}
    names = {name.lower(): name for name in index.count}
    surnames = {name.split()[-1] for name in names}
    quotes = []
    for p, (start, end) in enumerate(_paragraphs(prepared)):
        line = text.rfind("\n", 0, start) + 1
        label = _TRANSCRIPT_LABEL.match(text, line)
        if label is None or label.end() > end:
            continue
        parts = [part for part in label.groups() if part]
        words = " ".join(parts).lower().replace(",", " ").split()
        # "MARCO REIS (TRUCK DRIVER)": the name, then the role; "PRESENTER (MIRA HOLT)": a role, then the name
        person = label.group(1)
        if label.group(2) and not _split_title(person.title().split())[0]:
            person = label.group(2)
        person_words, _ = _split_title(person.title().split())
        person_words = [w for w in person_words if w.lower() not in _STAFF and w.lower() not in _LEADING_STOP]
        name = " ".join(person_words)
        if not _STAFF.isdisjoint(words) or name.lower() in staff:
            staff.add(name.lower())  # "OUR REPORTER TOM BRAY:" and later "TOM BRAY:"
            continue
        if not person_words or (len(person_words) < 2 and name.lower() not in surnames):
            continue  # "UPDATE:", "NOTE:", "WASHINGTON:": not a speaker
        name = names.get(name.lower(), name)
        if len(person_words) == 1:
            name = index.full_name(name, d, start) or name
            if name.lower() in staff:
                continue  # "SALAZAR:" after "MIKE SALAZAR (REPORTER):"
        speaker = Speaker(name, "name", index.gender.get(name, ""))
        # one quotation per sentence (a short one joins the one before), so that an outlet quoting
        # one sentence of the soundbite in print is matched with it
        cuts = [label.end()] + [s.start for s in prepared.sentences if label.end() < s.start < end] + [end]
        pieces: list[list[int]] = []
        for a, b in zip(cuts, cuts[1:]):
            if pieces and len(text[a:b].split()) < _MIN_SOUNDBITE_WORDS:
                pieces[-1][1] = b
            elif pieces and len(text[pieces[-1][0] : pieces[-1][1]].split()) < _MIN_SOUNDBITE_WORDS:
                pieces[-1][1] = b
            else:
                pieces.append([a, b])
        for a, b in pieces:
            quotes.append(_Raw(d, p, [(a, b)], a - 1, None, speaker=speaker, own=True, transcript=True))
    return quotes


_MIN_SOUNDBITE_WORDS = 4


def _quote_text(text: str, raw: _Raw) -> tuple[str, tuple[int, int]]:
    """The quoted words (pieces joined by a space, no trailing comma) and their span."""
    start, end = raw.span
    while end > start and text[end - 1] in " ,;:—–-":
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    pieces = [(a, min(b, end)) for a, b in raw.pieces if a < end]
    if not pieces:
        return "", (start, start)  # an empty quotation ("")
    words = " ".join(text[pieces[0][0] : pieces[0][1]].split())
    for joiner, (a, b) in zip(raw.joiners, pieces[1:]):
        words = words.rstrip(" ,;:—–-") + joiner + " ".join(text[a:b].split())
    return words.rstrip(" ,;:—–-"), (start, end)


# ---------------------------------------------------------------------------------------------------
# Attribution and merging


@dataclass
class _Found:
    doc: int
    text: str
    start: int
    end: int
    speaker: Speaker | None
    words: list[str]  # lower-case tokens, to compare outlets' versions
    joined: str = ""  # " w1 w2 ... ": substring tests on whole words
    vocab: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.joined = f" {' '.join(self.words)} "
        self.vocab = frozenset(self.words)


def _attribute(raw: list[_Raw], prepared: PreparedDocument, speakers: _DocSpeakers) -> list[_Raw]:
    """Give every quotation its speaker; join a sentence split by its attribution ('"A," she said, "b."')."""
    sentences = prepared.sentences
    starts = [s.start for s in sentences]
    paragraphs = _paragraphs(prepared)

    def sentence_at(offset: int) -> int:
        return max(0, bisect_right(starts, offset) - 1)

    # 1. an attribution beside the quotation: after its closing mark, else before its opening mark
    after: list[Speaker | None] = []
    for q in raw:
        if q.transcript:
            after.append(None)
            continue  # the label names the speaker
        found = None
        if q.closing is not None:
            end = sentences[sentence_at(q.closing)].end if sentences else q.closing
            nxt = _NEXT_OPENING.search(speakers.text, q.closing + 1, end)
            found = speakers.after(q.closing, nxt.start() if nxt else end)
        after.append(found)
        q.opens = not sentences or not speakers.text[sentences[sentence_at(q.opening)].start : q.opening].strip()
        q.speaker = found or (speakers.before(sentences[sentence_at(q.opening)].start, q.opening) if sentences else None)
        q.own = q.speaker is not None

    # 2. '"A" if we face "B," added X.': quotations of one sentence share the attribution after the last
    for i, q in enumerate(raw):
        if q.own or q.closing is None:
            continue
        here = sentence_at(q.closing)
        for j in range(i + 1, len(raw)):
            if sentence_at(raw[j].opening) != here:
                break
            if after[j] is not None:
                q.speaker, q.own = after[j], True
                break

    # 3. a sentence that opens with a quotation without attribution: the newest speaker since the
    # previous paragraph, either the quotation before ('"A," said X. "B."', a paragraph that is only a
    # quotation), a person who has just been reported speaking ('Priya Nair said ... "B."') or a person
    # who opens a sentence of the same paragraph ('Joseph Delva was in the area. "Everything shook."').
    # A quotation inside a narrative sentence takes nobody's words ('was wearing a black "head scarf"').
    previous: _Raw | None = None
    for q in raw:
        if not q.own and not q.single and q.opens:
            since = paragraphs[max(0, q.para - 1)][0]
            if previous is not None and previous.para >= q.para - 1:
                since = previous.closing if previous.closing is not None else previous.opening
                q.speaker = previous.speaker
            q.speaker = (
                speakers.before(max(since, paragraphs[q.para][0]), q.opening, persons=True, subjects=True)
                or speakers.before(since, q.opening, persons=True)
                or q.speaker
            )
        if not q.single:
            previous = q
    return _join_split_sentences(raw, speakers.text)


_NEXT_OPENING = re.compile(r"[“\"‘]")
_SPLIT_GAP = re.compile(r"[^.!?;:“”\"]{1,80},\s*$")


def _join_split_sentences(raw: list[_Raw], text: str) -> list[_Raw]:
    """'"We will rebuild," she said, "and we will do it quickly."' is one quotation: the second part
    opens in lower case right after the attribution."""
    joined: list[_Raw] = []
    for q in raw:
        last = joined[-1] if joined else None
        if (
            last is not None
            and not q.single
            and not last.single
            and last.closing is not None
            and last.para == q.para
            and last.speaker is not None
            and q.speaker in (None, last.speaker)
            and text[q.pieces[0][0] : q.pieces[0][0] + 1].islower()
            and _SPLIT_GAP.match(text, last.closing + 1, q.opening)
        ):
            last.pieces.extend(q.pieces)
            last.joiners.append(" … ")
            last.joiners.extend(q.joiners)
            last.closing = q.closing
            continue
        joined.append(q)
    return joined


def _keep(text: str, speaker: Speaker | None, single: bool, embedded: bool) -> bool:
    """Quotations of a speaker, not scare quotes, names or titles (see the module doc)."""
    words = text.split()
    if single:
        return speaker is not None
    if len(words) <= 1:
        return False
    if len(words) < MIN_WORDS_UNATTRIBUTED:
        return speaker is not None and speaker.kind == "name"
    if speaker is None:
        if all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in words):
            return False  # "United Nations Climate Change Conference": a name, not speech
        if embedded and len(words) < MIN_WORDS_EMBEDDED:
            return False  # 'the "last weekend in the summer"': a phrase inside the narrative
    return True


def _compatible(a: Speaker | None, b: Speaker | None) -> bool:
    if a is None or b is None or a.kind != "name" or b.kind != "name":
        return True
    x, y = set(a.text.lower().split()), set(b.text.lower().split())
    return x <= y or y <= x


def _speaker_key(s: Speaker | None) -> tuple | None:
    return None if s is None else (s.kind, s.text.lower())


def _same_quotation(a: _Found, b: _Found) -> str | None:
    """"same": one quotation as two outlets carry it (the same words, a word changed, trimmed a
    little, or a fragment of one of its sentences: "will not survive the winter"); "part": the
    shorter holds whole sentences of the longer (it opens with a capital: one sentence of a longer
    statement, which the outlets that quote only that sentence do not carry); None: different
    quotations."""
    if a.joined == b.joined:
        return "same"
    short, long_ = (a, b) if len(a.words) <= len(b.words) else (b, a)
    if len(short.words) < MIN_MERGE_WORDS or len(short.vocab & long_.vocab) < 0.7 * len(short.vocab):
        return None
    whole = len(short.words) >= 0.8 * len(long_.words)
    if short.joined in long_.joined:
        return "part" if not whole and short.text[:1].isupper() else "same"
    if not whole:
        return None
    return "same" if SequenceMatcher(None, a.words, b.words, autojunk=False).ratio() >= MERGE_RATIO else None


def _drop_fragments(found: list[_Found]) -> list[_Found]:
    """Short quotations (2-4 words) that repeat part of a longer one by the same speaker ("terrorist
    regime" beside the whole statement) add nothing."""
    longer = [f for f in found if len(f.words) >= MIN_MERGE_WORDS]
    kept = []
    for f in found:
        if len(f.words) < MIN_MERGE_WORDS:
            if any(f.joined in g.joined and _compatible(f.speaker, g.speaker) for g in longer):
                continue
        kept.append(f)
    return kept


def _best_speaker(speakers: list[Speaker | None]) -> str | None:
    named = [s for s in speakers if s is not None and s.kind == "name"]
    if named:
        return max(named, key=lambda s: (len(s.text.split()), len(s.text))).text
    others = [s for s in speakers if s is not None]
    if not others:
        return None
    # an indefinite description says more than an anaphoric one ("a U.S. official" vs "the official")
    return max(others, key=lambda s: (s.kind == "desc", len(s.text.split()))).text


# Full stops inside names, and AP party-state tags, read as blanks by the speaker rules (same length,
# so offsets hold): "Sen. Maria Ortiz, D-Ore., said" reads "Sen  Maria Ortiz          said", "Donald J.
# Trump" reads "Donald J  Trump" (the initial's stop is put back in the speaker's name).
_NAME_STOP = re.compile(r"(?<![\w.])([A-Za-z]{1,5})\.(?=\s+[A-Za-z(])")
_PARTY_TAG = re.compile(rf",\s*{PARTY_STATE},|\(\s*{PARTY_STATE}\s*\)")
_INITIAL = re.compile(r"(?<![\w.])([A-Z])(?= [A-Z])")


def _blank_name_stops(text: str) -> str:
    def stop(m: re.Match) -> str:
        word = m.group(1)
        if word.lower() in TITLE_ABBREVIATIONS or (len(word) == 1 and word.isupper()):
            return word + " "
        return m.group()

    text = _NAME_STOP.sub(stop, text)
    return _PARTY_TAG.sub(lambda m: " " * len(m.group()), text)


# overlapping pairs; the first word may carry a restored sentence capital ("Joe woodall said")
_LOWER_PAIR = re.compile(r"(?<![\w'’-])([A-Za-z][a-z'’-]+)(?=[ \t]+([a-z][a-z'’-]+)(?![\w'’-]))")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]+(?![\w'’-])")
_NOT_NAME = STOPWORDS | _DETERMINERS | _SMALL_WORDS | _PRONOUNS | _TIME_WORDS
_NOT_SURNAME_END = re.compile(r"(?:ing|ed|ly)$")


def _names_in_lower_case(text: str) -> str:
    """A lower-cased copy (Multi-News) with its person names capitalised, so that the speaker rules,
    which read capitals, see them: a known first name followed by a word that is not a function word,
    a speech verb or a time word ("said ted sarandos, ..." → "Ted Sarandos"), then every other
    occurrence of those surnames ("gibbs said" → "Gibbs"). Same length, so offsets hold."""
    surnames: set[str] = set()
    firsts: list[int] = []  # where a first name starts
    for match in _LOWER_PAIR.finditer(text):
        first, last = match.group(1).lower(), match.group(2)
        if first in _NOT_NAME or last in _NOT_NAME or len(last) < 3 or _VERB.fullmatch(last):
            continue
        if _NOT_SURNAME_END.search(last) or _VERB.fullmatch(first):
            continue
        before = text[max(0, match.start() - 12) : match.start()].split()
        if before and before[-1].lower() in _DETERMINERS:
            continue  # "the bill passed"
        if first_name_gender(f"{first.capitalize()} {last.capitalize()}"):
            firsts.append(match.start())
            surnames.add(last)
    if not surnames:
        return text

    def cap(m: re.Match) -> str:
        word = m.group()
        return word[0].upper() + word[1:] if word in surnames else word

    chars = list(_LOWER_WORD.sub(cap, text))
    for at in firsts:
        chars[at] = chars[at].upper()
    return "".join(chars)


def _masked(prepared: PreparedDocument) -> PreparedDocument:
    """The document as the speaker rules read it (see ``_blank_name_stops``; in lower-cased copies
    ``_names_in_lower_case``)."""
    text = prepared.document.text
    cased = _cased(text)
    if "." not in text and cased:
        return prepared
    masked = _blank_name_stops(text if cased else _names_in_lower_case(text))
    if masked == text:
        return prepared
    sentences = tuple(replace(s, text=masked[s.start : s.end]) for s in prepared.sentences)
    return replace(prepared, document=replace(prepared.document, text=masked), sentences=sentences)


def _with_initials(name: str | None) -> str | None:
    """'Donald J Trump' -> 'Donald J. Trump' (the stop blanked for the speaker rules)."""
    return _INITIAL.sub(r"\1.", name) if name else name


def find_quotes(docs: ClusterView | Sequence[PreparedDocument]) -> tuple[Quote, ...]:
    """Direct quotations in a cluster, with their speakers, merged across outlets (see module doc)."""
    docs = as_view(docs).documents
    masked_docs = [_masked(p) for p in docs]
    index = _build_index(masked_docs)
    found: list[_Found] = []
    for d, prepared in enumerate(docs):
        raw = _raw_quotes(d, prepared)
        lines = _transcript_quotes(d, masked_docs[d], index)
        if lines:  # quotation marks inside a quoted transcript line are part of it
            raw = [q for q in raw if not any(t.span[0] <= q.opening < t.span[1] for t in lines)]
            raw = sorted(raw + lines, key=lambda q: q.opening)
        quoted = [q.span for q in raw if not q.single]
        speakers = _DocSpeakers(d, masked_docs[d], index, quoted)
        raw = _attribute(raw, prepared, speakers)
        text = prepared.document.text
        for q in raw:
            words, (start, end) = _quote_text(text, q)
            if not words or not _keep(words, q.speaker, q.single, embedded=not q.opens):
                continue
            found.append(_Found(d, words, start, end, q.speaker, tokens(words)))

    found = _drop_fragments(found)
    rank = document_rank(docs)
    found.sort(key=lambda f: (rank[f.doc], f.start))
    parent = list(range(len(found)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Each group's distinct speakers: whether two groups may merge depends on those alone (``_compatible``
    # reads only kind and text), so a quotation that 100 copies of an article carry costs no more.
    speakers: list[dict] = [{_speaker_key(f.speaker): f.speaker} for f in found]
    parts: list[tuple[int, int]] = []  # (part, whole): the whole's outlet also carries the part
    for i in range(len(found)):
        for j in range(i):
            ri, rj = root(i), root(j)
            if ri == rj or not _compatible(found[i].speaker, found[j].speaker):
                continue
            relation = _same_quotation(found[i], found[j])
            if relation == "part":
                parts.append((i, j) if len(found[i].words) < len(found[j].words) else (j, i))
            elif relation == "same":
                union = speakers[ri] | speakers[rj]
                if all(_compatible(a, b) for a in union.values() for b in union.values()):
                    parent[ri] = rj
                    speakers[rj] = union

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(found)):
        groups[root(i)].append(i)
    # A part that no outlet quotes alone is listed only within the whole.
    carriers: dict[int, list[int]] = defaultdict(list)
    for part, whole in parts:
        if root(part) != root(whole) and whole not in carriers[root(part)]:
            carriers[root(part)].append(whole)

    quotes: list[tuple[tuple, Quote]] = []
    for group, members in groups.items():
        items = [found[k] for k in members]  # in document order already
        wholes = sorted({k for w in carriers.get(group, ()) for k in groups[root(w)]} - set(members))
        spans, seen = [], set()
        for f in sorted(items + [found[k] for k in wholes], key=lambda f: (rank[f.doc], f.start)):
            if f.doc not in seen:
                seen.add(f.doc)
                spans.append(Span(docs[f.doc].document.id, f.start, f.end))
        text = max(items, key=lambda f: len(f.words)).text
        speaker = _with_initials(_best_speaker([f.speaker for f in items] + [found[k].speaker for k in wholes]))
        key = (-len(spans), rank[items[0].doc], items[0].start)
        quotes.append((key, Quote(text=text, speaker=speaker, sources=tuple(spans))))
    quotes.sort(key=lambda kq: kq[0])
    return tuple(q for _, q in quotes)
