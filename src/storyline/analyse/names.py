"""Names and titles across outlets: the spelling of a person's name and the title an outlet gives them.

A titled person: "Fire Chief Anna Brandt", "the mayor, Tom Reddick,", "Victoria Nuland, a State
Department spokesman"; titles marked "former", "then", "previously", "acting" ... are skipped.
A title is its head word ("chief", "minister") and modifiers (nationalities such as "Syrian" and
"UN" ignored); two titles are compatible when the heads and rank words ("deputy", "vice") are equal
and the modifiers are not both present and disjoint.
Names conflict when the titles are compatible, the surnames equal and the given names spelling
variants: same initial, both at least 4 letters, edit distance 1 (2 for names over 6 letters).
Initials, prefixes ("Sam"/"Samuel") and common nicknames ("Tom"/"Thomas") are the same name.
Titles conflict for one person (same surname, same given name) when the head words are equal but
the titles are not compatible: "agriculture minister" vs "health minister", "deputy mayor" vs "mayor".
A disagreement needs two conflicting values from different outlets, and none is reported for a group
in which one outlet itself gives two conflicting values.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from ..lang.en.lexicon import MONTH_NAMES, WEEKDAY_NAMES
from ..model import Disagreement, DisagreementValue, PreparedDocument, Span
from ..text import STOPWORDS

_DAYS = list(WEEKDAY_NAMES)
_MONTHS = frozenset(MONTH_NAMES)


@dataclass(frozen=True)
class _Mention:
    doc: int  # index of the outlet in the cluster
    start: int  # the evidence span, offsets into the document text
    end: int
    display: str  # the value as written
    value_id: object  # mentions with equal values share it
    info: object  # kind-specific data for the same/conflict tests


Test = Callable[[_Mention, _Mention], bool]


def _report(
    group: Sequence[_Mention], same: Test, conflict: Test, about: str, docs: Sequence[PreparedDocument],
    distinct: Test | None = None,
) -> Disagreement | None:
    """A disagreement when two outlets give conflicting values for one thing; its values are those
    that take part in a cross-outlet conflict. Nothing when one outlet gives two conflicting values
    within the group: then the group covers more than one thing (two attacks, an updated toll),
    unless the text itself tells the two apart (``distinct``: prices of two named companies)."""
    chosen: set[object] = set()
    for a, b in combinations(group, 2):
        if a.doc == b.doc:
            if a.value_id != b.value_id and conflict(a, b) and not (distinct and distinct(a, b)):
                return None
        elif same(a, b) and conflict(a, b):
            chosen.update((a.value_id, b.value_id))
    if len(chosen) < 2:
        return None
    by_value: dict[object, list[_Mention]] = defaultdict(list)
    for m in sorted(group, key=lambda m: (m.doc, m.start)):
        if m.value_id in chosen:
            by_value[m.value_id].append(m)
    values = []
    for mentions in by_value.values():
        spans = dict.fromkeys(Span(docs[m.doc].document.id, m.start, m.end) for m in mentions)
        # As written, preferring a form with digits ("19" over "Nineteen" for one outlet's value).
        display = next((m.display for m in mentions if _DIGIT.search(m.display)), mentions[0].display)
        values.append(DisagreementValue(display, tuple(spans)))
    return Disagreement(about, tuple(values))


_DIGIT = re.compile(r"\d")
_LOWER_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """The lower-cased words of a sentence, for cheap tests before the slower patterns run."""
    return frozenset(_LOWER_WORD.findall(text.lower()))


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]



_TITLE_HEAD = (
    r"minister|premier|president|mayor|chief|executive|spokes(?:man|woman|person)|secretary|director|governor|"
    r"inspector|insp|superintendent|supt|sergeant|sgt|constable|commissioner|officer|commander|general|gen|"
    r"colonel|col|captain|capt|lieutenant|lt|chairman|chairwoman|chair|leader|ambassador|envoy|judge|senator|"
    r"councillor|cllr|prosecutor|chancellor|coach|manager|editor|representative|rep|sen|gov|congressman|"
    r"congresswoman|assemblyman|assemblywoman"
)
_ABBREVIATIONS = {"insp": "inspector", "supt": "superintendent", "sgt": "sergeant", "gen": "general",
                  "col": "colonel", "capt": "captain", "lt": "lieutenant", "cllr": "councillor",
                  "det": "detective", "brig": "brigadier", "spokeswoman": "spokesman",
                  "spokesperson": "spokesman", "chairwoman": "chairman", "chair": "chairman",
                  "rep": "representative", "congressman": "representative", "congresswoman": "representative",
                  "sen": "senator", "gov": "governor", "assemblywoman": "assemblyman"}
# Offices one person does not hold at once: two of them for one person are a disagreement.
_EXCLUSIVE_OFFICES = frozenset({"senator", "representative", "governor", "mayor", "assemblyman"})
_NAME_WORD = r"(?:(?:al|el)-)?[A-Z][a-z]+(?:-[A-Z]?[a-z]+|['’][A-Z][a-z]+)*"
_NAME = rf"(?P<name>(?:[A-Z]\.\s+|{_NAME_WORD}\s+){{0,2}}{_NAME_WORD})"
_RANK_HEAD = r"Major|Admiral|Brigadier|Marshal|Corporal"  # capitalised only: "a major offensive"
_TITLE_WORDS = frozenset(_TITLE_HEAD.split("|")) - {"spokes(?:man|woman|person)"} | {
    "spokesman", "spokeswoman", "spokesperson"} | set(_RANK_HEAD.lower().split("|"))
_IS_TITLE_HEAD = re.compile(rf"(?i:{_TITLE_HEAD})\.?|{_RANK_HEAD}")
# "Fire Chief Anna Brandt"; "the mayor, Tom Reddick," (the name then ends the apposition)
_TITLE_THEN_NAME = re.compile(
    rf"\b(?P<head>(?i:{_TITLE_HEAD})|{_RANK_HEAD})\.?(?:\s+|(?P<comma>,\s+)){_NAME}(?![\w-])"
    rf"(?(comma)(?=\s*[,.;:)]|$))"
)
# "Victoria Nuland, a State Department spokesman" (the title word ends the apposition)
_NAME_THEN_TITLE = re.compile(
    rf"{_NAME},\s+(?:(?:the|a|an)\s+)?(?P<mods>(?:[A-Za-z][\w'’.-]*\s+){{0,3}}?)"
    rf"(?P<head>(?i:{_TITLE_HEAD}))\b(?=\s*(?:[,.;:)]|$)|\s+(?:of|for|at|in|to|with|who|and|said)\b)"
)
_NOT_NAMES = {d.capitalize() for d in _DAYS} | {m.capitalize() for m in _MONTHS} | {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "Said", "In", "On", "At", "However", "But", "And"}
_HONORIFICS = {"Mr", "Mrs", "Ms", "Dr", "Sir", "Dame", "Lord", "Lady", "Prof", "Professor", "Rev", "Reverend"}
_NOT_MODIFIERS = {"however", "meanwhile", "according", "told", "says", "said", "spokesman", "spokeswoman"}
_STALE = {"former", "formerly", "then", "previously", "ex", "outgoing", "acting", "interim", "late", "once",
          "later", "until", "recently"}
_RANKS = {"deputy", "vice", "assistant", "junior", "associate", "lord"}
_NICKNAMES = [{"tom", "thomas"}, {"bill", "will", "william"}, {"bob", "rob", "robert"}, {"jim", "james"},
              {"mike", "michael"}, {"dick", "richard"}, {"ted", "edward", "ed"}, {"liz", "beth", "elizabeth"},
              {"kate", "katherine", "catherine"}, {"jack", "john"}, {"peggy", "maggie", "margaret"},
              {"andy", "andrew"}, {"dave", "david"}, {"tony", "anthony"}, {"steve", "stephen", "steven"},
              {"joe", "joseph"}, {"pete", "peter"}, {"nick", "nicholas"}, {"chris", "christopher", "christine"}]
_NATIONALITY = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|an|i)$|^(?:US|UK|EU|UN|British|French|Greek|Dutch|Swiss)$")


@dataclass(frozen=True)
class _Titled:
    head: str  # "chief"
    mods: frozenset[str]  # {"fire"}
    ranks: frozenset[str]  # {"deputy"}
    title: str  # "Fire Chief", as written
    given: str | None
    surname: str
    name: str  # "Anna Brandt", as written


def _norm_surname(word: str) -> str:
    word = re.sub(r"['’]s$", "", word).lower()
    return re.sub(r"^(?:al|el)[-\s]", "", word)


def _modifiers_before(text: str, at: int) -> tuple[list[str], bool]:
    """Up to three title words before position ``at`` ("Fire", "White House"), and whether a word
    such as "former" marks the title as not current."""
    words = []
    for word in reversed(re.findall(r"[A-Za-z][\w.'’-]*|[^\w\s]", text[max(0, at - 80):at])[-5:]):
        low = word.lower().rstrip(".")
        if low in _STALE:
            return words, True
        if (not word[0].isalpha() or word.endswith(("'s", "’s", "ing", "ly")) or low in STOPWORDS
                or low in _NOT_MODIFIERS or len(words) == 3 or re.fullmatch(r"[a-z]{2,}\.", word)):
            break  # also at the end of a sentence the splitter missed ("found. French navy spokesman")
        words.insert(0, word)
    return words, False


def _titled(
    head: str, mods: list[str], given_and_surname: str, title_text: str, *, before: bool
) -> _Titled | None:
    """A titled person; ``before``: the title comes before the name."""
    parts = given_and_surname.split()
    mods = list(mods)
    while parts and (_IS_TITLE_HEAD.fullmatch(parts[0]) or parts[0].rstrip(".") in _HONORIFICS):
        word = parts.pop(0)  # "Brigadier General Manaf Tlas": head general; "Lord Triesman"
        if before and _IS_TITLE_HEAD.fullmatch(word):
            mods.append(head)
            head = word
            title_text = f"{title_text} {word}"
    if not parts or parts[0] in _NOT_NAMES or parts[-1] in _NOT_NAMES:
        return None
    head_low = _ABBREVIATIONS.get(head.lower().rstrip("."), head.lower().rstrip("."))
    plain, ranks = set(), set()
    for word in mods:
        for part in re.split(r"[-–]", re.sub(r"[.'’]", "", word)):  # "U.N. Secretary-" → UN, Secretary
            low = _ABBREVIATIONS.get(part.lower(), part.lower())
            if not low or _NATIONALITY.match(part) or low in STOPWORDS:
                continue
            (ranks if low in _RANKS else plain).add(low)
    given = parts[0].rstrip(".").lower() if len(parts) > 1 else None
    return _Titled(head_low, frozenset(plain), frozenset(ranks), " ".join(title_text.split()), given,
                   _norm_surname(parts[-1]), " ".join(parts))


def _title_mentions(doc: int, prepared: PreparedDocument) -> Iterator[_Mention]:
    for sentence in prepared.sentences:
        text = sentence.text
        if _TITLE_WORDS.isdisjoint(_words(text)):
            continue
        for m in _TITLE_THEN_NAME.finditer(text):
            mods, stale = _modifiers_before(text, m.start())
            if stale:
                continue
            start = text.rfind(mods[0], 0, m.start()) if mods else m.start()
            title = text[start:m.start("name")].rstrip(" ,")
            titled = _titled(m.group("head"), mods, m.group("name"), title, before=True)
            if titled:
                yield _Mention(doc, sentence.start + start, sentence.start + m.end("name"), titled.name,
                               None, titled)
        for m in _NAME_THEN_TITLE.finditer(text):
            mods = m.group("mods").split()
            if any(w.lower() in _STALE or w.lower() in STOPWORDS for w in mods):
                continue
            mods = [w for w in mods if not w.endswith(("'s", "’s"))]  # "the U.K.'s Prime Minister": an owner
            titled = _titled(m.group("head"), mods, m.group("name"), m.group("mods") + m.group("head"), before=False)
            if titled:
                yield _Mention(doc, sentence.start + m.start(), sentence.start + m.end(), titled.name, None, titled)


def _given_names(a: str | None, b: str | None) -> str:
    """"same", "variant" (a spelling conflict) or "other" (different people)."""
    if a is None or b is None or a == b:
        return "same"
    if len(a) == 1 or len(b) == 1:
        return "same" if a[0] == b[0] else "other"
    if a.startswith(b) or b.startswith(a) or any(a in n and b in n for n in _NICKNAMES):
        return "same"
    if a[0] == b[0] and min(len(a), len(b)) >= 4 and _edit_distance(a, b) <= (1 if max(len(a), len(b)) <= 6 else 2):
        return "variant"
    return "other"


def _titles_compatible(x: _Titled, y: _Titled) -> bool:
    if x.head != y.head or x.ranks != y.ranks:
        return False
    return not (x.mods and y.mods and not (x.mods & y.mods))


def _always(a: _Mention, b: _Mention) -> bool:
    return True


def _name_conflict(a: _Mention, b: _Mention) -> bool:
    """One role (compatible titles), one surname, given names spelt differently."""
    return _titles_compatible(a.info, b.info) and _given_names(a.info.given, b.info.given) == "variant"


def _title_conflict(a: _Mention, b: _Mention) -> bool:
    """One person, one title word, incompatible titles."""
    x, y = a.info, b.info
    if _given_names(x.given, y.given) != "same":
        return False
    if x.head != y.head:
        return x.head in _EXCLUSIVE_OFFICES and y.head in _EXCLUSIVE_OFFICES
    return not _titles_compatible(x, y)


def _name_disagreements(docs: Sequence[PreparedDocument], mentions: list[_Mention]) -> Iterator[Disagreement]:
    groups: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
    for m in mentions:
        if m.info.given:
            groups[(m.info.head, m.info.surname)].append(
                _Mention(m.doc, m.start, m.end, m.info.name, m.info.name.lower(), m.info))
    for group in groups.values():
        title = max((m.info.title for m in group), key=len)
        title = " ".join(w if w.isupper() else w.lower() for w in title.split())
        found = _report(group, _always, _name_conflict, f"name of the {title}", docs)
        if found:
            yield found


def _title_disagreements(docs: Sequence[PreparedDocument], mentions: list[_Mention]) -> Iterator[Disagreement]:
    groups: dict[str, list[_Mention]] = defaultdict(list)
    for m in mentions:
        if m.info.given:
            title_id = (m.info.head, m.info.mods, m.info.ranks)
            groups[m.info.surname].append(_Mention(m.doc, m.start, m.end, m.info.title, title_id, m.info))
    for group in groups.values():
        name = max((m.info.name for m in group), key=len)
        found = _report(group, _always, _title_conflict, f"title of {name}", docs)
        if found:
            yield found


def _surname_spellings(docs: Sequence[PreparedDocument], titled: list[_Mention]) -> Iterator[Disagreement]:
    """One person's surname spelt two ways by different outlets ("Marcus Feld" / "Marcus Feldt"): the
    same given name, surnames one letter apart (two for long ones), and no outlet using both. People
    are the PERSON entities of the shared pass and the titled names ("chief executive Marcus Feld")."""
    from .nlp import parse

    spans: dict[tuple[str, str], dict[int, tuple[int, int, str]]] = defaultdict(dict)
    for m in titled:
        words = m.info.name.split()
        if m.info.given and len(words) >= 2 and words[-1].isalpha():
            spans[(m.info.given, words[-1])].setdefault(m.doc, (m.start, m.end, m.info.name))
    for d, parsed in enumerate(parse(docs)):
        for ent in parsed.ents:
            if ent.label_ != "PERSON":
                continue
            words = [w for w in ent.text.split() if w.rstrip(".") not in _HONORIFICS and w[:1].isupper()]
            if len(words) < 2 or not all(w.isalpha() for w in (words[0], words[-1])):
                continue
            given, surname = words[0].lower(), words[-1]
            spans[(given, surname)].setdefault(d, (ent.start_char, ent.end_char, " ".join(words)))
    by_given: dict[str, list[str]] = defaultdict(list)
    for given, surname in spans:
        by_given[given].append(surname)
    for given, surnames in by_given.items():
        for a, b in combinations(sorted(set(surnames)), 2):
            if a[0] != b[0] or min(len(a), len(b)) < 4:
                continue
            if _edit_distance(a.lower(), b.lower()) > (1 if max(len(a), len(b)) <= 6 else 2):
                continue
            da, db = spans[(given, a)], spans[(given, b)]
            if set(da) & set(db):
                continue  # one outlet writes both: two people, or its own slip
            values = tuple(
                DisagreementValue(next(iter(found.values()))[2], tuple(
                    Span(docs[d].document.id, start, end) for d, (start, end, _) in sorted(found.items())))
                for found in (da, db)
            )
            yield Disagreement(f"spelling of {given.capitalize()} {a}", values)


def name_and_title_disagreements(docs: Sequence[PreparedDocument]) -> list[Disagreement]:
    """Spelling and title disagreements of the people the outlets name."""
    titled = [m for i, doc in enumerate(docs) for m in _title_mentions(i, doc)]
    named = list(_name_disagreements(docs, titled))
    seen = {tuple(sorted(v.value.split()[-1] for v in d.values)) for d in named}
    spelt = [d for d in _surname_spellings(docs, titled) if tuple(sorted(v.value.split()[-1] for v in d.values)) not in seen]
    return [*named, *spelt, *_title_disagreements(docs, titled)]
