"""Direct quotations: the quoted words, who said them, and every outlet that carries them.

Rules (no parser, only regexes and capitalised-word runs):

- Quotations are text between double quotes, curly (“…”) or straight ("…"), inside one paragraph of kept
  text. A paragraph that opens a quotation without closing it, followed by a paragraph that opens with a
  quote mark, continues it (newspaper convention): the pieces are joined by a space and the span runs
  from the first opening mark to the last closing mark. Single curly quotes (‘…’) count only outside
  double quotes, with 3+ words and a speech verb right beside them (‘…,’ he said / said: ‘…’).
- A quotation interrupted by its attribution (`"A," said X. "B."`) gives two quotes with the same
  speaker: the second part has no attribution of its own and takes the speaker of the quotation before
  it in the same or the previous paragraph. The same holds for a paragraph that is only a quotation.
- The speaker is the subject of a speech verb (said, told, added, ...) right after the closing mark
  (`," said Fire Chief Anna Brandt.`, `," Carney said.`) or, failing that, of the last speech verb
  before the opening mark in the same sentence (`X said the company was "..."`). Subjects skip
  appositives (`Priya Nair, 34, who lives ..., said`), auxiliaries (`was quoted as having told`) and
  post-modifiers (`Sam Okafor of Elswick Police`); titles are dropped (`Fire Chief`, `Mr`).
  A bare surname resolves to the fullest name with that surname given earlier in the same document,
  else anywhere in the cluster. "he/she" take the most recent person who spoke in the document
  (gender checked when a title gives it); "the mayor"/"the official"/"the statement" take the
  person with that role, the last speaker described with that noun, or the author of the last
  statement. Unnamed speakers keep their description ("a U.S. official", "the Jordanian official
  source"); None only when nothing in the text says who.
- Scare quotes: a one-word quotation is never a quote; 2-4 words are kept only when attributed to a
  named person (`officers were "keeping an open mind"`, Sam Okafor), so "crumbling from within"
  (the White House, an institution) and unattributed "exit strategies" are dropped.
- The same quotation in several outlets (curly vs straight quotes, a word changed, or one a substring
  of the other, 5+ words) becomes one Quote: the fullest text, one span per outlet (the earliest
  document first) and the fullest speaker name. Speakers with different names are never merged.
- Order: most outlets first, then first appearance.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher

from ..model import PreparedDocument, Quote, Sentence, Span
from ..text import tokens

MIN_WORDS_UNATTRIBUTED = 5  # shorter quotations need a named speaker ("keeping an open mind")
MERGE_RATIO = 0.85  # token sequence similarity for "a word changed" across outlets
MIN_MERGE_WORDS = 5  # substrings shorter than this are not merged into longer quotations

# ---------------------------------------------------------------------------------------------------
# Vocabulary

_SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|adding|explained|insisted|warned|stated|announced|declared|"
    "claimed|claims|confirmed|denied|admitted|noted|recalled|replied|wrote|writes|thanked|praised|urged|"
    "spoke|asked|acknowledged|argued|conceded|continued|estimated|predicted|promised|vowed|suggested|"
    "reported|revealed|tweeted|posted|commented|remarked|observed|complained|pledged|stressed|emphasised|"
    "emphasized|cautioned|called|according\\s+to"
)
# A speech verb not used in the passive ("were reported", "were called to the building").
_VERB = re.compile(
    rf"(?<!\bwere )(?<!\bwas )(?<!\bbeen )(?<!\bbeing )(?<!\bare )(?<!\bis )(?<!\bbe )\b(?:{_SPEECH_VERBS})\b"
)
_CALLED_OK = re.compile(r"\s+(?:the|a|an|him|her|it|them|this|for|on)\b")

_TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend father sister brother president
    vice prime minister premier chancellor secretary mayor deputy governor gov senator sen rep representative
    congressman congresswoman councillor cllr judge justice king queen prince princess sheikh emir pope
    chief fire police detective det inspector insp superintendent supt sergeant sgt constable pc officer
    commander cdr captain capt lieutenant lt colonel col major maj general gen brigadier brig admiral adm
    marshal private pte corporal cpl ambassador spokesman spokeswoman spokesperson director chairman
    chairwoman ceo coach head leader commissioner attorney foreign defence defense interior health finance
    home state""".split()
)
_FEMALE_TITLES = frozenset("mrs ms miss dame lady queen princess sister spokeswoman chairwoman congresswoman".split())
_MALE_TITLES = frozenset("mr sir lord king prince father brother spokesman chairman congressman".split())
# Words that make a capitalised run an organisation or outlet rather than a person.
_ORG_WORDS = frozenset(
    """house council ministry department agency police service services authority authorities government army
    party company corporation corp inc ltd plc group bank association union committee commission office court
    reuters press news television tv radio times post gazette telegraph guardian journal herald jazeera
    arabiya afp ap bbc cnn npr university hospital church board institute centre center foundation
    federation organisation organization storage forces navy coalition alliance front movement network
    channel agency embassy administration""".split()
)
_ORG_HEADS = _ORG_WORDS | frozenset(
    "firm military broadcaster statement report group newspaper paper station operator council".split()
)
_PRONOUNS = frozenset("he she they it i we you".split())
_LEADING_STOP = frozenset(
    """the a an but and or in on at however when after before as if while this that these those it he she
    they we i his her their our its speaking according earlier later meanwhile elsewhere one two three
    several some many most yesterday today""".split()
)
_PARTICLES = "al|el|bin|ibn|abu|de|del|della|di|da|dos|du|van|von|der|den|le|la|ter|ten"
_NAME_TOKEN = re.compile(rf"^(?:[A-Z][\w'’-]*(?:\.[A-Z][\w'’-]*)*\.?|(?:{_PARTICLES})-[A-Z][\w'’-]*|(?:{_PARTICLES}))$")
_CAP_RUN = re.compile(
    rf"[A-Z][\w'’-]*(?:\.[A-Z][\w'’-]*)*(?:\s+(?:(?:{_PARTICLES})\s+)?(?:[A-Z][\w'’-]*(?:\.[A-Z][\w'’-]*)*|(?:{_PARTICLES})-[A-Z][\w'’-]*))*"
)
_POSSESSIVE = re.compile(r"['’]s?$")
# Where a subject noun phrase starts, reading backwards from its verb.
_NP_BOUNDARY = re.compile(
    r"[,;:()\[\]\"“”]|\s[-—–]\s|[—–]|\b(?:and|but|or|nor|that|which|who|whom|whose|while|as|because|when|"
    r"where|after|before|although|though|if|what|than|so|then|however|since|until)\b",
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
_POSTPOSED_END = re.compile(r"[,.;:!?()“”\"]|\s[-—–]\s|\b(?:who|which|adding|as|in|at|on|during|after|when|while|to)\b")
_AGE = re.compile(r",\s*\d{1,3}\s*$")
_OPENERS = "“\""


# ---------------------------------------------------------------------------------------------------
# Speakers


@dataclass(frozen=True)
class Speaker:
    text: str  # "Jay Carney", "a U.S. official", "the White House"
    kind: str  # "name" (a person's name), "org", "desc" (a generic description), "pronoun", "other"
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
    gender: dict[str, str] = field(default_factory=dict)

    def full_name(self, surname: str, doc: int, offset: int) -> str | None:
        """The fullest name ending in ``surname``: the last one before ``offset`` in the same document,
        else the most common one in that document, else in the cluster."""
        found = [m for m in self.by_surname.get(_surname_key(surname), ()) if len(m.name.split()) > 1]
        if not found:
            return None
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
    last = name.split()[-1]
    last = re.sub(rf"^(?:{_PARTICLES})-", "", last)
    return _POSSESSIVE.sub("", last).lower()


def _split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """(name words, title words): titles are everything up to the last title word followed by a name."""
    cut = -1
    for i, w in enumerate(words[:-1]):
        if w.lower().rstrip(".") in _TITLES:
            cut = i
    return words[cut + 1 :], words[: cut + 1]


def _gender(titles: Sequence[str]) -> str:
    low = {t.lower().rstrip(".") for t in titles}
    if low & _FEMALE_TITLES:
        return "f"
    if low & _MALE_TITLES:
        return "m"
    return ""


def _is_org(words: Sequence[str]) -> bool:
    return any(w.lower().strip(".") in _ORG_WORDS for w in words) or any(
        len(w) > 1 and w.isupper() and w.isalpha() for w in words[-1:]
    )


def _clean_run(run: str) -> list[str]:
    """Words of a capitalised run without sentence-initial function words and without a possessive."""
    words = run.split()
    while words and words[0].lower() in _LEADING_STOP:
        words = words[1:]
    for i, w in enumerate(words):
        if w.endswith(("'s", "’s")):
            words = words[: i + 1]
            words[i] = w[:-2]
            break
    return words


def build_index(docs: Sequence[PreparedDocument]) -> _Index:
    """Every person-like name in the cluster, with the roles written beside it."""
    index = _Index()
    for d, prepared in enumerate(docs):
        text = prepared.document.text
        for s in prepared.sentences:
            for m in _CAP_RUN.finditer(s.text):
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
                before = re.search(r"([a-z][a-z-]+)(?:\s+([a-z][a-z-]+))?,?\s+$", s.text[: m.start()])
                if before and not _TITLES.isdisjoint({before.group(2) or before.group(1)}) | True:
                    for word in filter(None, (before.group(2), before.group(1))):
                        if word not in _LEADING_STOP and not _VERB.fullmatch(word) and len(word) > 2:
                            roles.add(word)
                            break
                    if before.group(2) and before.group(1) not in _LEADING_STOP:
                        roles.add(f"{before.group(1)} {before.group(2)}")
                offset = s.start + m.start()
                mention = _Mention(d, offset, " ".join(name), _gender(titles), frozenset(roles))
                index.by_surname[_surname_key(mention.name)].append(mention)
                for role in roles:
                    index.by_role[role].append(mention)
                if mention.gender:
                    index.gender.setdefault(mention.name, mention.gender)
        del text
    return index


class _DocSpeakers:
    """The speakers of one document: every speech verb's subject, resolved in reading order."""

    def __init__(self, d: int, prepared: PreparedDocument, index: _Index, quoted: list[tuple[int, int]]):
        self.d = d
        self.text = prepared.document.text
        self.index = index
        self.events: list[tuple[int, Speaker]] = []  # (verb offset, speaker), in text order
        self.by_offset: dict[int, Speaker] = {}
        self.sentence_of: dict[int, int] = {}  # verb offset -> sentence start
        inside = sorted(quoted)
        starts = [a for a, _ in inside]
        for s in prepared.sentences:
            previous: Speaker | None = None  # the last subject in this sentence, for "X thanked ... and said"
            for m in _VERB.finditer(s.text):
                offset = s.start + m.start()
                k = bisect_right(starts, offset) - 1
                if k >= 0 and inside[k][0] <= offset < inside[k][1]:
                    continue  # words inside a quotation are not attributions
                if m.group() == "called" and not _CALLED_OK.match(s.text, m.end()):
                    continue
                speaker = self._subject(s, m, previous)
                if speaker is None:
                    continue
                if "statement" in s.text.lower():
                    speaker = _with(speaker, statement=True)
                previous = speaker
                self.events.append((offset, speaker))
                self.by_offset[offset] = speaker
                self.sentence_of[offset] = s.start

    # -- subjects ------------------------------------------------------------------------------------

    def _subject(self, s: Sentence, verb: re.Match, previous: Speaker | None) -> Speaker | None:
        offset = s.start + verb.start()
        if verb.group().startswith("according"):
            return self._postposed(s, verb, offset)
        left = s.text[: verb.start()]
        stripped = left.rstrip()
        if not stripped or stripped.endswith(tuple("”\"’'")):
            return self._postposed(s, verb, offset)
        np, role = _subject_phrase(left)
        if np is None:
            return None
        if not np:
            return previous  # "Margaret Sowerby thanked the fire service and said ..."
        return self._classify(np, offset, role)

    def _postposed(self, s: Sentence, verb: re.Match, offset: int) -> Speaker | None:
        """The subject after the verb: 'said Fire Chief Anna Brandt.', 'according to a port worker who'."""
        rest = s.text[verb.end() :]
        end = _POSTPOSED_END.search(rest)
        np = rest[: end.start() if end else len(rest)].strip()
        if not np or len(np.split()) > 8 or not (np[0].isupper() or np.split()[0].lower() in ("a", "an", "the", "one")):
            return None
        return self._classify(np, offset, "")

    def _classify(self, np: str, offset: int, role_before: str) -> Speaker | None:
        words = np.split()
        if len(words) == 1 and words[0].lower() in _PRONOUNS:
            return self._pronoun(words[0].lower(), offset)
        head = _PREPOSITION.split(f" {np} ", maxsplit=1)[0].strip()
        words = head.split()
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
        if not cleaned:
            return self._description(words, offset)
        name, titles = _split_title(cleaned)
        lead = words[: len(words) - len(trailing)]
        roles = {t.lower().rstrip(".") for t in titles}
        if lead and lead[-1].islower() and lead[-1] not in _LEADING_STOP:
            roles.add(lead[-1])
        if role_before:
            roles.add(role_before)
        gender = _gender(titles)
        if _is_org(cleaned):
            text = " ".join(cleaned)
            if words and words[0] in ("The", "the") and len(words) == len(trailing):
                text = "the " + text
            return Speaker(text, "org")
        if len(name) == 1:
            full = self.index.full_name(name[0], self.d, offset)
            if full:
                return Speaker(full, "name", gender or self.index.gender.get(full, ""), frozenset(roles))
            if titles or roles or (lead and lead[-1].islower()):
                return Speaker(name[0], "name", gender, frozenset(roles))
            return Speaker(name[0], "other")
        text = " ".join(name)
        return Speaker(text, "name", gender or self.index.gender.get(text, ""), frozenset(roles))

    def _description(self, words: list[str], offset: int) -> Speaker | None:
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
        text = " ".join(words)
        head = words[-1].lower()
        plural = head.endswith("s") and not head.endswith(("ss", "us")) and first not in ("a", "an", "one")
        kind = "org" if head.strip(".") in _ORG_HEADS else "desc"
        # "the mayor", "the official", "the statement": point back to someone named or described earlier
        if first == "the" and 2 <= len(words) <= 3 and all(w.islower() for w in words):
            found = self._anaphor(words[1:], offset)
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
        mention = self.index.by_role_name(role, self.d, offset) or self.index.by_role_name(head, self.d, offset)
        if mention is not None and head not in ("official", "source", "worker", "resident", "witness"):
            return Speaker(mention.name, "name", mention.gender, mention.roles)
        for _, ev in reversed(self._before(offset)):
            if ev.kind in ("desc", "org") and ev.head == head:
                return ev
            if ev.kind == "name" and (role in ev.roles or head in ev.roles):
                return ev
        return None

    def _pronoun(self, pronoun: str, offset: int) -> Speaker | None:
        if pronoun in ("i", "we", "you"):
            return None
        for _, ev in reversed(self._before(offset)):
            if pronoun in ("he", "she"):
                if ev.kind not in ("name", "desc") or ev.plural:
                    continue
                if ev.gender and ev.gender != ("m" if pronoun == "he" else "f"):
                    continue
                return ev
            if pronoun == "they" and (ev.plural or ev.kind == "org"):
                return ev
            if pronoun == "it" and ev.kind == "org":
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
            if len(between.split()) <= 9 and not re.search(r"[,;:“”\"]", between):
                return speaker
            return None
        return None

    def before(self, sentence_start: int, opening: int) -> Speaker | None:
        """The subject of the last speech verb before an opening mark, in the same sentence."""
        found = None
        for offset, speaker in self.events:
            if sentence_start <= offset < opening:
                found = speaker
        return found


def _with(speaker: Speaker, **changes) -> Speaker:
    values = {**speaker.__dict__, **changes}
    return Speaker(**values)


def _subject_phrase(left: str) -> tuple[str | None, str]:
    """The noun phrase just before a verb (appositives and auxiliaries skipped) and a role word given
    in front of an appositive name ("the mayor, Tom Reddick,"). '' when a conjunction comes first."""
    previous = None
    while previous != left:
        previous = left
        left = _TRAILING_AUX.sub("", left)
    role = ""
    while left.rstrip().endswith(","):
        body = left.rstrip()[:-1]
        cut = body.rfind(",")
        if cut < 0:
            break
        segment = body[cut + 1 :].strip()
        if segment and all(_NAME_TOKEN.match(w) for w in segment.split()) and len(segment.split()) <= 4:
            lead = body[:cut].split()
            role = lead[-1].lower() if lead and lead[-1].islower() else ""
            return segment, role  # "Port Elswick's mayor, Tom Reddick, spoke"
        left = body[:cut]
        left = _AGE.sub("", left)
    left = _AGE.sub("", left)
    boundary = None
    for boundary in _NP_BOUNDARY.finditer(left):
        pass
    np = left[boundary.end() :] if boundary else left
    np = np.strip()
    if not np:
        return ("" if boundary is not None and boundary.group().strip().isalpha() else None), role
    words = np.split()
    if len(words) > 10:
        return None, role
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
            if pos + 1 < end and not text[pos + 1].isspace():
                opened = (pos, c)
        elif opened[1] == '"':
            found.append((opened[0], pos))
            opened = None
    if opened is not None:
        found.append((opened[0], None))
    return found


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
                pending.closing = closing
                if closing is not None:
                    quotes.append(pending)
                    pending = None
            else:
                quotes.append(pending)  # never continued: the quotation runs to its paragraph's end
                pending = None
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
    if pending is not None:
        quotes.append(pending)
    quotes.sort(key=lambda q: q.opening)
    return quotes


def _quote_text(text: str, raw: _Raw) -> tuple[str, tuple[int, int]]:
    """The quoted words (pieces joined by a space, no trailing comma) and their span."""
    start, end = raw.span
    while end > start and text[end - 1] in " ,;:—–-":
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    pieces = [(a, min(b, end)) for a, b in raw.pieces if a < end]
    words = " ".join(" ".join(text[a:b].split()) for a, b in pieces)
    words = re.sub(r"[\"“”]\s*", "", words) if len(pieces) > 1 else words
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
    words: list[str]


def _attribute(raw: list[_Raw], prepared: PreparedDocument, speakers: _DocSpeakers) -> None:
    sentences = prepared.sentences
    starts = [s.start for s in sentences]

    def sentence_at(offset: int) -> Sentence:
        return sentences[max(0, bisect_right(starts, offset) - 1)]

    previous: _Raw | None = None
    for q in raw:
        speaker = None
        if q.closing is not None:
            s = sentence_at(q.closing)
            limit = s.end
            nxt = re.compile(r"[“\"‘]").search(speakers.text, q.closing + 1, s.end)
            if nxt:
                limit = nxt.start()
            speaker = speakers.after(q.closing, limit)
        if speaker is None:
            s = sentence_at(q.opening)
            speaker = speakers.before(s.start, q.opening)
        if speaker is None and not q.single and previous is not None and previous.para >= q.para - 1:
            speaker = previous.speaker  # '"A," said X. "B."' and a paragraph that is only a quotation
        if speaker is not None and speaker.kind == "pronoun":
            speaker = None
        q.speaker = speaker
        if not q.single:
            previous = q


def _keep(words: int, speaker: Speaker | None, single: bool) -> bool:
    if single:
        return speaker is not None
    if words <= 1:
        return False
    if words < MIN_WORDS_UNATTRIBUTED:
        return speaker is not None and speaker.kind == "name"
    return True


def _compatible(a: Speaker | None, b: Speaker | None) -> bool:
    if a is None or b is None or a.kind != "name" or b.kind != "name":
        return True
    x, y = set(a.text.lower().split()), set(b.text.lower().split())
    return x <= y or y <= x


def _same_quotation(a: list[str], b: list[str]) -> bool:
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_MERGE_WORDS:
        return False
    if f" {' '.join(short)} " in f" {' '.join(long_)} ":
        return True
    if len(short) < 0.8 * len(long_):
        return False
    if len(set(short) & set(long_)) < 0.7 * len(set(short)):
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= MERGE_RATIO


def _best_speaker(speakers: list[Speaker | None]) -> str | None:
    named = [s for s in speakers if s is not None and s.kind == "name"]
    if named:
        return max(named, key=lambda s: (len(s.text.split()), len(s.text))).text
    others = [s for s in speakers if s is not None]
    if not others:
        return None
    # an indefinite description says more than an anaphoric one ("a U.S. official" vs "the official")
    return max(others, key=lambda s: (s.kind == "desc", len(s.text.split()))).text


def _doc_order(docs: Sequence[PreparedDocument]) -> list[int]:
    """Rank of every document from the earliest: by date when all are dated, else as given."""
    if all(p.parsed_date is not None for p in docs):
        order = sorted(range(len(docs)), key=lambda i: (docs[i].parsed_date or datetime.min, i))
    else:
        order = list(range(len(docs)))
    rank = [0] * len(docs)
    for r, i in enumerate(order):
        rank[i] = r
    return rank


def find_quotes(docs: Sequence[PreparedDocument]) -> tuple[Quote, ...]:
    """Direct quotations in a cluster, with their speakers, merged across outlets (see module doc)."""
    index = build_index(docs)
    found: list[_Found] = []
    for d, prepared in enumerate(docs):
        raw = _raw_quotes(d, prepared)
        quoted = [q.span for q in raw if not q.single]
        speakers = _DocSpeakers(d, prepared, index, quoted)
        _attribute(raw, prepared, speakers)
        text = prepared.document.text
        for q in raw:
            words, (start, end) = _quote_text(text, q)
            if not words or not _keep(len(words.split()), q.speaker, q.single):
                continue
            found.append(_Found(d, words, start, end, q.speaker, tokens(words)))

    rank = _doc_order(docs)
    found.sort(key=lambda f: (rank[f.doc], f.start))
    parent = list(range(len(found)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(found)):
        for j in range(i):
            if root(i) == root(j):
                continue
            if _same_quotation(found[i].words, found[j].words) and _compatible(found[i].speaker, found[j].speaker):
                members = [k for k in range(len(found)) if root(k) in (root(i), root(j))]
                if all(_compatible(found[a].speaker, found[b].speaker) for a in members for b in members):
                    parent[root(i)] = root(j)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(found)):
        groups[root(i)].append(i)

    quotes: list[tuple[tuple, Quote]] = []
    for members in groups.values():
        items = [found[k] for k in members]  # in document order already
        spans, seen = [], set()
        for f in items:
            if f.doc not in seen:
                seen.add(f.doc)
                spans.append(Span(docs[f.doc].document.id, f.start, f.end))
        text = max(items, key=lambda f: len(f.words)).text
        speaker = _best_speaker([f.speaker for f in items])
        key = (-len(spans), rank[items[0].doc], items[0].start)
        quotes.append((key, Quote(text=text, speaker=speaker, sources=tuple(spans))))
    quotes.sort(key=lambda kq: kq[0])
    return tuple(q for _, q in quotes)
