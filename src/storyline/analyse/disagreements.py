"""Disagreements: where outlets give different values for the same thing.

Three kinds of value are compared across the outlets of a cluster: counts (people, things, money,
percentages of a named quantity), the time or day of an event, and the name or title of a person.
Precision comes first: two values are reported only when the rules below say they are of the same
thing and cannot both be true.

Counts and money
    A mention is a number (digits, number words, "a dozen", "30 to 40", "£310m", "12 million
    pounds") with an optional qualifier ("about", "some", "more than", "up to", ...) and what it
    counts: the first plural noun among the next four words, the words before it kept as modifiers
    ("Three fire engines" → engines + {fire}), an "of" phrase after it too ("shipments of
    counterfeit footwear"); "12 dead", "17 killed", "12 deaths" count people; money counts money of
    one currency. Never mentions: vague amounts ("dozens", "hundreds"), times, dates, years, ages,
    identifiers ("Quay 4", "number 7"), hyphen compounds ("15-month"), measures and durations
    (km, %, days, years: relative to a place or to the day of writing), parts, wholes and
    increments ("two of the debates", "of the three debates", "a further two ministers", "150
    more"), counts the sentence goes on to complete ("killed two people outside the library and
    then a third": the ordinal is the count plus one), counts at another moment ("had previously
    been", "since", "so far") and joint categories ("300 dead or missing").
    The event is the verb right after the noun phrase, past auxiliaries and adverbs ("40 people
    were evacuated"), else the word right before the number ("killed 12 people"), else the nearest
    predicate from the lexicon within 60 characters in the same part of the clause (not across
    "and"/"but"/"or"). Lexicon predicates are normalised to one event each: killed (died, dead,
    deaths), injured (wounded, hurt, treated for), evacuated (displaced, "forced from their
    homes"), arrested, missing, rescued, defected, fled, cost, spent, employed. Any other verb is a
    weak event, its stem. A mention without an event is dropped; money needs a lexicon event or a
    noun right after it ("a $25 million plane": the plane's cost).
    The price of a purchase is one event however it is worded: "agreed to buy X for €2.1bn",
    "sold X for", "paid/offered €N for X", "a €2.4bn takeover/bid/offer/deal/merger of X", "X's
    €2.4bn Norvik swoop", "a €2.4bn move for X", "the deal is worth €2.1bn"; what is bought (X) is
    kept when the text names it, and two prices of things named with no word in common are two
    things. A sum "a share", "a year", "per tonne", "each" is a rate: the unit is part of its key, so
    it is never compared with a total.
    A percentage is a mention only as the level of a named quantity (turnout, unemployment or the
    jobless rate, inflation, an interest rate, approval rating, a party's vote share): "Turnout was
    38.6 per cent", "Turnout, we're told, was 41.2 per cent", "unemployment fell to 6.1 per cent",
    "a 41.2 per cent turnout". Not after "from", "than", "by", "of" (a comparison or a change), nor
    with a future ("is expected to reach"), another moment ("last year"), in a sentence about a poll
    or survey (each has its own figures), nor a vote share or approval rating without its owner;
    "52.4 per cent of the vote" and "shares rose 18 per cent" say nothing of what the figure is the
    level of and are never compared. The key is the quantity, its modifiers ("youth unemployment",
    "Labour's vote share": owners, names, nouns and adjectives, not verbs such as "finds"), its scope
    ("in the Eastbank wards", "In Orlin, unemployment ...", "44.3% in the first round") and the
    months or years the clause names; as the name says what the figure is of, rates need no shared
    context words.
    Two mentions are of the same thing when all of these hold:
      - same key: the same stemmed noun and modifiers, or both generic people (people, residents,
        civilians, villagers, ... with no modifier); the same event; the same currency;
      - their sentences share content stems outside the number, noun and event: at least 1, or 2
        when either event is weak or the value is money (none for rates);
      - the larger value is at most 3 times the smaller (further apart they are almost always
        different things: a day's toll against a war's).
    Values are intervals: a bare number is exact; "about/around/some/roughly/an estimated/a dozen"
    is n ± 15% (at least ±1); "nearly/almost" is [n - 15%, n]; "more than/over/at least" is
    [n, ∞); "up to/as many as/fewer than/under" is [0, n]; "30 to 40" is [30, 40]. A figure in
    digits with a scale, decimals or a percent sign is rounded as written: ± half a unit of its last
    digit ("€2.1bn" is [2.05bn, 2.15bn], "£12m" [11.5m, 12.5m], "39 per cent" [38.5, 39.5]); whole
    counts of people and things are exact. Two values conflict when their intervals do not overlap:
    "about 40" vs "some 60", "€2.1bn" vs "€2.4bn", "38.6" vs "41.2 per cent" conflict; "about 40" vs
    "41", "forty" vs "40", "more than 1,000" vs "1,200", "€2bn" vs "€2.1bn" do not. Vague amounts
    conflict with nothing.

Times and days
    An explicit clock time ("at about 11:40 p.m.", "shortly after midnight", "between 2 and 4 a.m.")
    and/or day ("on Monday") in a clause (sentences split at ";", ", and", ", but", dashes). Two
    clauses tell of the same event when their content stems, time words removed, share at least 3
    stems with a cosine of at least 0.6; groups are the connected clauses. Clock times are intervals
    (exact ±5 minutes, "about" ±15, "shortly after X" [X, X+30], "shortly before X" [X-30, X])
    compared on a 24-hour circle, or on the week when both clauses also name the day; a day alone
    conflicts with a different day.

Names and titles
    A titled person: "Fire Chief Anna Brandt", "the mayor, Tom Reddick,", "Victoria Nuland, a State
    Department spokesman"; titles marked "former", "then", "previously", "acting" ... are skipped.
    A title is its head word ("chief", "minister") and modifiers (nationalities such as "Syrian"
    and "UN" ignored); two titles are compatible when the heads and rank words ("deputy", "vice")
    are equal and the modifiers are not both present and disjoint.
    Names conflict when the titles are compatible, the surnames equal and the given names spelling
    variants: same initial, both at least 4 letters, edit distance 1 (2 for names over 6 letters).
    Initials, prefixes ("Sam"/"Samuel") and common nicknames ("Tom"/"Thomas") are the same name;
    other given names are other people and are not compared.
    Titles conflict for one person (same surname, same given name in the sense above) when the
    head words are equal but the titles are not compatible: "agriculture minister" vs "health
    minister", "deputy mayor" vs "mayor".

For every kind, a disagreement needs two conflicting values from different outlets, and nothing
is reported for a group in which one outlet itself gives two conflicting values: the group then
covers more than one thing (two attacks, an updated toll, two aftershocks) — unless the text tells
the two apart (prices of two differently named things). The values listed are those in at least
one cross-outlet conflict, in order of first appearance, each shown as its outlets write it (a form
in digits when one outlet has both "Nineteen" and "19"); each value's sources are
its evidence in every outlet that gives it: for counts and times the clause (the sentence cut at
";", ":", brackets, quotation marks, dashes and commas not inside a number for counts; at the
splits above for times), for names and titles the title-and-name phrase.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple
from functools import lru_cache
from itertools import combinations

from ..cluster import ClusterView, as_view
from ..model import Disagreement, DisagreementValue, PreparedDocument, Span
from ..text import STOPWORDS, stem, stems

# ---------------------------------------------------------------------------- shared machinery


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


def _first_source_order(d: Disagreement, index: dict[str, int]) -> tuple[int, int, str]:
    first = min((index[s.document], s.start) for v in d.values for s in v.sources)
    return (*first, d.about)


_DIGIT = re.compile(r"\d")
_LOWER_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """The lower-cased words of a sentence, for cheap tests before the slower patterns run."""
    return frozenset(_LOWER_WORD.findall(text.lower()))


def _content(text: str) -> list[str]:
    return [s for s in stems(text) if s not in STOPWORDS and not s.isdigit()]


# A clause ends at these (a comma inside a number such as 1,000 does not end it).
_CLAUSE_BREAK = re.compile(r"[;:()\[\]\"“”]|,(?!\d{3})|\s[-–—]\s|—|--")


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause of ``text`` around ``start:end``."""
    left = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, start):
        left = m.end()
    right = _CLAUSE_BREAK.search(text, end)
    right_pos = right.start() if right else len(text)
    return _trim(text, left, right_pos)


_ABBREVIATION_END = re.compile(r"(?:^|\W)(?:\w\.)+$")  # "p.m.", "U.S."


def _trim(text: str, left: int, right: int) -> tuple[int, int]:
    """Bounds without surrounding spaces, trailing commas or the sentence's final stop (but keeping
    the stop of an abbreviation such as "p.m.")."""
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1] in " ,;":
        right -= 1
    if right > left and text[right - 1] in ".!?" and not _ABBREVIATION_END.search(text, left, right):
        right -= 1
    return left, right


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# ---------------------------------------------------------------------------- counts and money

_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALE = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9,
          "bn": 1e9, "trillion": 1e12}
_NUMBER_WORDS = frozenset([*_SMALL, *_TENS, "dozen", "hundred", "thousand", "million", "billion"])
_STARTS = frozenset([*_SMALL, *_TENS, "a", "an", "half", "us"])  # words a quantity can begin with

_WORDNUM = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)\b)?|"
    + "|".join(sorted(_SMALL, key=len, reverse=True)) + r")"
)
# A quantity: currency, number (digits, words, "a dozen", "two hundred"), scale, currency word, percent.
_AMOUNT = re.compile(
    rf"""
    (?P<cur>US\$|\$|£|€)?
    (?P<num>
        (?P<dozen>(?:half\s+a|a|{_WORDNUM}|\d+)\s+dozen)
      | (?P<wordscale>(?:a|an|{_WORDNUM})\s+(?:hundred|thousand|million|billion)(?:\s+and\s+{_WORDNUM})?)
      | \d{{1,3}}(?:,\d{{3}})+(?:\.\d+)? | \d+(?:\.\d+)?
      | {_WORDNUM}
    )
    (?:\s*(?P<scale>million|billion|trillion|thousand|bn|mn|m|k)\b)?
    (?:\s+(?P<curword>pounds|dollars|euros)\b)?
    (?P<pct>\s*(?:%|per\s*cent\b|percent\b))?
    (?![\w:]|[.,]\d|-\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Where a quantity may start: Python's regex engine is slow on the alternatives above, so they are
# tried only at digits, currency signs and number words.
_CANDIDATE = re.compile(r"(?<![\w$£€.,:/-])(?:[$£€]|\d+|[A-Za-z]+)")
_QUALIFIER_KIND = {
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "an estimated": "about", "estimated": "about", "close to": "about",
    "nearly": "below", "almost": "below", "just under": "below",
    "at least": "at least", "more than": "at least", "over": "at least", "upwards of": "at least",
    "in excess of": "at least", "no fewer than": "at least", "just over": "at least",
    "fewer than": "at most", "less than": "at most", "under": "at most", "up to": "at most",
    "as many as": "at most", "as much as": "at most", "at most": "at most", "no more than": "at most",
}
_QUALIFIER_BEFORE = re.compile(
    r"(?<![\w-])(?P<qual>" + "|".join(q.replace(" ", r"\s+") for q in _QUALIFIER_KIND) + r")\s+$", re.I
)
_CURRENCIES = {"$": "dollars", "us$": "dollars", "£": "pounds", "€": "euros", "pounds": "pounds",
               "dollars": "dollars", "euros": "euros"}
_TIME_AFTER = re.compile(r"\s*(?:[ap]\.?\s?m\b|gmt\b|bst\b|utc\b|hrs\b|o['’]clock)", re.I)
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_WORD_BEFORE = re.compile(r"([A-Za-z][\w'’.-]*)\s+$")
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][A-Za-z'’-]*)")
_WORD_AT = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_IDENTIFIER_WORDS = {"number", "no", "no.", "route", "flight", "platform", "gate", "room", "page", "article"}

# Count words that name the people counted and the event at once: "12 dead", "17 killed", "12 deaths".
_CASUALTY_HEADS = {
    "dead": "killed", "killed": "killed", "died": "killed", "deaths": "killed", "fatalities": "killed",
    "injured": "injured", "wounded": "injured", "hurt": "injured", "injuries": "injured",
    "missing": "missing", "arrested": "arrested", "detained": "arrested", "arrests": "arrested",
}
_GENERIC_PEOPLE = {"people", "persons", "person", "residents", "civilians", "inhabitants", "villagers", "locals",
                   "individuals", "citizens"}
_IRREGULAR_PLURALS = {"people", "men", "women", "children", "police", "personnel", "staff", "cattle", "sheep",
                      "crew", "livestock", "aircraft", "fish", "youths", "troops"}
# Measures are relative to something the key does not capture (28 km south of one town, 55 km
# from another; 40% of which voters?): never compared.
_MEASURES = {"km", "kilometres", "kilometers", "miles", "metres", "meters", "feet", "ft", "yards", "inches",
             "cm", "mm", "mph", "kph", "degrees", "percent", "cent", "points",
             # durations and ages change with the day of writing ("four days of unrest", "years ago")
             "seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "centuries",
             "times"}  # "four times higher"
_NEUTRAL_MODIFIERS = {"new", "local", "young", "all", "some", "the", "their", "its", "next", "last", "first",
                      "remaining", "total"}
# A part or an increment, not the whole count: "a further two ministers", "150 more injured", "four other people".
_INCREMENTAL = {"more", "other", "others", "further", "additional", "extra", "another"}
# Words after a noun phrase that are not its verb ("three people outside the centre").
_PREPOSITIONS = {"outside", "inside", "near", "across", "around", "along", "aboard", "among", "amid", "within",
                 "without", "beside", "behind", "toward", "towards", "including", "according", "despite",
                 "during", "per", "plus", "except", "alongside"}
_AUXILIARIES = {"were", "was", "are", "is", "had", "have", "has", "been", "be", "being", "will", "would", "who",
                "that", "which", "also", "later", "then", "reportedly", "all", "still", "now", "got"}

# Predicates from news reports, normalised to a few events (the group name is the event).
_EVENT = re.compile(
    "|".join(
        f"(?P<{name}>{pattern})"
        for name, pattern in (
            ("killed", r"\b(?:kill(?:ed|ing|s)?|dead|died|dies|deaths?|death\s+toll|fatalit(?:y|ies)|slain|"
                       r"perished|lost\s+their\s+lives)\b"),
            ("injured", r"\b(?:injur(?:ed|ies|y|ing)|wounded|wounding|hurt|treated\s+for|taken\s+to\s+hospital|"
                        r"hospitali[sz]ed)\b"),
            ("evacuated", r"\b(?:evacuat\w*|displaced|(?:forced|led|moved|driven|ordered|turned)\s+(?:out\s+)?"
                          r"(?:from|of)\s+(?:their\s+|his\s+|her\s+)?homes?|"
                          r"(?:left|leave|fled|flee)\s+their\s+homes)\b"),
            ("arrested", r"\b(?:arrest(?:ed|s|ing)?|detained|taken\s+into\s+custody)\b"),
            ("missing", r"\b(?:missing|unaccounted\s+for)\b"),
            ("rescued", r"\brescu(?:ed|e|ing)\b"),
            ("defected", r"\b(?:defect(?:ed|ing|ion|ions)?|deserted)\b"),
            ("fled", r"\b(?:fled|flee(?:ing)?|refugees)\b"),
            ("cost", r"\b(?:cost(?:s|ing)?|priced?|worth|valued)\b"),
            ("spent", r"\b(?:spen[dt]|spending|invest(?:ed|ing|ment)?)\b"),
            ("employed", r"\b(?:employ(?:s|ed|ing)?|workforce)\b"),
        )
    ),
    re.IGNORECASE,
)
_BARE_PEOPLE = re.compile(
    r"(?:\b(?P<word>kill(?:ed|ing)|injur(?:ed|ing)|wound(?:ed|ing))"
    r"|\bdeath\s+toll\s+(?:[\w'’-]+\s+){0,8}?(?:to|at|of))\s+$",
    re.I,
)
_PARTITIVE_WHOLE = re.compile(r"\bof\s+the\s+$", re.I)
_CONJUNCTION = re.compile(r"\b(?:and|but|or|while|whereas)\b")
# A count at another moment than the others: "had previously been evacuated", "since the uprising".
_TIME_SHIFT = re.compile(
    r"\b(?:previously|earlier|initially|originally|already|so\s+far|to\s+date|since|"
    r"last\s+(?:year|month|week)|a\s+(?:year|month|week)\s+ago)\b",
    re.IGNORECASE,
)
# Two categories counted together: "300 people dead or missing", "killed or injured".
_COMPOUND = re.compile(r"\s+(?:or|and/or)\s+(?:missing|injured|wounded|hurt|dead|killed)\b", re.I)
# A count the sentence goes on to extend: "killing two people outside the centre and then a third".
_ORDINALS = {w: i for i, w in enumerate("second third fourth fifth sixth seventh eighth ninth tenth".split(), 2)}
_NEXT_ONE = re.compile(
    r"\b(?:and|before|then)\s+(?:then\s+|later\s+)?(?:a|an|one)\s+(?P<nth>" + "|".join(_ORDINALS) + r")\b", re.I
)
_NEXT_ONE_REACH = 120
_EVENT_REACH = 60  # characters between the quantity and its predicate
_MAX_RATIO = 3.0  # larger/smaller beyond this: different things
_APPROX = 0.15  # relative half-width of "about n"


@dataclass(frozen=True)
class _Quantity:
    start: int  # from the qualifier on
    end: int
    value: float
    lo: float
    hi: float
    currency: str | None
    percent: bool
    text: str  # as written: "About 40", "£310m"


@dataclass(frozen=True)
class _Count:
    quantity: _Quantity
    key: tuple  # (thing, modifiers, event, currency[, unit]) or ("rate", name, modifiers, scope, period)
    context: frozenset[str]  # content stems of the sentence outside the number, noun and event
    weak: bool  # a bare-verb event, or money: needs more shared context
    label: str  # "number of people evacuated"
    names: frozenset[str] = frozenset()  # what a price is paid for ({"norvik", "steel"}), when the text says
    rate: bool = False  # a percentage of a named quantity: the key alone says what it is of


class _Described(NamedTuple):
    """What a quantity counts, as the kind-specific readers below find it."""

    key: tuple
    label: str
    weak: bool
    drop: set[str]  # stems left out of the context (the noun, the event...)
    end: int  # end of the noun phrase, in the sentence
    start: int | None = None  # start of the evidence when it begins before the quantity ("turnout was")
    names: frozenset[str] = frozenset()
    rate: bool = False


def _word_number(text: str) -> float | None:
    total = 0.0
    for part in re.split(r"[-\s]+", text.lower()):
        if part in _SMALL:
            total += _SMALL[part]
        elif part in _TENS:
            total += _TENS[part]
        elif part in ("a", "an"):
            total += 1
        elif part in _SCALE:
            total = max(total, 1) * _SCALE[part]
        elif part != "and":
            return None
    return total


def _value(m: re.Match[str]) -> tuple[float, bool] | None:
    """(value, approximate) of an amount match."""
    if m.group("dozen"):
        head = m.group("dozen").lower().split()[0]
        count = 0.5 if head == "half" else (float(head) if head.isdigit() else _word_number(head))
        return (count * 12, True) if count else None
    raw = m.group("num")
    value = float(raw.replace(",", "")) if raw[0].isdigit() else _word_number(m.group("wordscale") or raw)
    if value is None:
        return None
    if m.group("scale"):
        value *= _SCALE[m.group("scale").lower()]
    return value, False


def _interval(value: float, kind: str, half: float = 0.0) -> tuple[float, float]:
    """The values a quantity allows; ``half`` is half a unit of its last written digit, for figures
    that are rounded as written ("€2.1bn" is 2.05 to 2.15 billion, "39 per cent" 38.5 to 39.5)."""
    slack = max(1.0 if value >= 1 else 0.0, _APPROX * value, half)
    return {
        "about": (value - slack, value + slack),
        "below": (value - slack, value),
        "at least": (value, math.inf),
        "at most": (0.0, value),
    }.get(kind, (value - half, value + half))


def _rounding(m: re.Match[str]) -> float:
    """Half a unit of the last digit of a figure written in digits with a scale, decimals or a
    percent sign ("€2.1bn", "38.6 per cent", "£12m"): such figures are rounded. Counts of people and
    things written as whole numbers are exact."""
    num, scale = m.group("num"), (m.group("scale") or "").lower()
    if not num[0].isdigit() or not (scale or "." in num or m.group("pct")):
        return 0.0
    decimals = len(num.rsplit(".", 1)[1]) if "." in num else 0
    return 0.5 * 10.0 ** -decimals * (_SCALE[scale] if scale else 1.0)


def _word_before(text: str, start: int) -> str | None:
    """The word just before ``start`` (looking back a bounded window, so long sentences stay cheap)."""
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return m.group(1) if m else None


_RANGE_BEFORE = re.compile(r"(?<![\w.,])(?P<first>\d[\d,]*(?:\.\d+)?|[A-Za-z]+)\s+(?:to|or|and)\s+$")


def _range_start(text: str, start: int) -> float | None:
    """The first number of a range ending at ``start`` ("30 to ", "two or ")."""
    m = _RANGE_BEFORE.search(text, max(0, start - 30), start)
    if not m:
        return None
    first = m.group("first")
    if first[0].isdigit():
        return float(first.replace(",", ""))
    return _word_number(first) if first.lower() in _SMALL or first.lower() in _TENS else None


def _quantities(text: str) -> Iterator[_Quantity]:
    """Quantities of a sentence, without times, dates, years and identifiers ("Quay 4", "MiG 21")."""
    done = 0
    for c in _CANDIDATE.finditer(text):
        word = c.group(0)
        if c.start() < done or (word[0].isalpha() and word.lower() not in _STARTS):
            continue
        m = _AMOUNT.match(text, c.start())
        if not m:
            continue
        done = m.end()
        parsed = _value(m)
        if parsed is None or parsed[0] <= 0:
            continue
        value, approximate = parsed
        currency = _CURRENCIES.get((m.group("cur") or m.group("curword") or "").lower())
        scale = (m.group("scale") or "").lower()
        if scale in ("m", "k", "bn", "mn") and not currency:
            continue  # "40m" without a currency is a length
        after = _NEXT_WORD.match(text, m.end())
        if _TIME_AFTER.match(text, m.end()) or (after and after.group(1).lower() in _MONTHS):
            continue  # "11 p.m.", "14 October"
        before = _word_before(text, m.start()) or ""
        if before.lower().rstrip(".") in _MONTHS:
            continue  # "Oct 14"
        qualifier = _QUALIFIER_BEFORE.search(text, max(0, m.start() - 25), m.start())
        if not (currency or qualifier):
            num = m.group("num")
            if num.isdigit() and len(num) == 4 and 1800 <= int(num) <= 2100:
                continue  # a year
            if before and (before.lower() in _IDENTIFIER_WORDS
                           or before[0].isupper() and before.lower() not in STOPWORDS):
                continue  # "Quay 4", "number 7"
        start = qualifier.start() if qualifier else m.start()
        kind = _QUALIFIER_KIND[" ".join(qualifier.group("qual").lower().split())] if qualifier else (
            "about" if approximate else "exact")
        lo, hi = _interval(value, kind, _rounding(m))
        low_end = _range_start(text, m.start())
        if low_end is not None and low_end < value:  # "30 to 40 people": the range, shown whole
            start, lo = _RANGE_BEFORE.search(text, max(0, m.start() - 30), m.start()).start(), min(lo, low_end)
            if text[max(0, start - 8):start].lower().endswith("between "):
                start -= 8
        yield _Quantity(start, m.end(), value, lo, hi, currency, bool(m.group("pct")), text[start:m.end()])


def _is_plural(word: str) -> bool:
    w = word.lower()
    if w in _IRREGULAR_PLURALS or w in _MEASURES:
        return True
    return len(w) > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s"))


def _counted(sentence: str, pos: int, value: float) -> tuple[list[str], str, int] | None:
    """(modifiers, noun, end of the noun) of what a number counts, from the words after it:
    "Three fire engines" → (["fire"], "engines"); "12 dead" → ([], "dead"). None for a part ("two of
    the debates") or an increment ("150 more")."""
    words: list[tuple[str, int]] = []
    while len(words) < 4:
        m = _NEXT_WORD.match(sentence, pos)
        if not m:
            break
        word, low = m.group(1), m.group(1).lower()
        if low in _INCREMENTAL:
            return None
        if low in _NEUTRAL_MODIFIERS:
            pos = m.end()
            continue
        if low in STOPWORDS:
            break
        words.append((word, m.end()))
        pos = m.end()
    if not words:
        return None
    if words[0][0].lower() in _CASUALTY_HEADS:
        return [], words[0][0], words[0][1]
    if value > 1:  # the first plural noun, or the last of a run of them ("police officers")
        for i, (word, _) in enumerate(words):
            if _is_plural(word):
                while i + 1 < len(words) and _is_plural(words[i + 1][0]):
                    i += 1
                specifics, end = _of_phrase(sentence, words[i][1])
                return [w for w, _ in words[:i]] + specifics, words[i][0], end
        return None
    kept = []  # one of something: the words up to what looks like a verb
    for word, end in words[:3]:
        if word.lower().endswith(("ed", "ing")) and kept:
            break
        kept.append((word, end))
    return [w for w, _ in kept[:-1]], kept[-1][0], kept[-1][1]


def _of_phrase(sentence: str, pos: int) -> tuple[list[str], int]:
    """The words of an "of" phrase after a noun, which narrow what is counted: "3,630 shipments of
    counterfeit footwear" is not the count of all shipments."""
    m = _NEXT_WORD.match(sentence, pos)
    if not m or m.group(1).lower() != "of":
        return [], pos
    words, end = [], pos
    pos = m.end()
    while len(words) < 2 and (m := _NEXT_WORD.match(sentence, pos)):
        if m.group(1).lower() in STOPWORDS:
            if words:
                break
            pos = m.end()
            continue
        words.append(m.group(1))
        end = pos = m.end()
    return words, end


def _predicate_at(sentence: str, pos: int) -> tuple[str, str, bool, int]:
    """The event of the word at ``pos``: a lexicon event, else (weak) the word's stem."""
    m = _EVENT.match(sentence, pos)
    if m:
        return m.lastgroup, m.group(0), False, pos
    word = _WORD_AT.match(sentence, pos).group(0)
    return stem(word.lower()), word, True, pos


def _event(sentence: str, clause: tuple[int, int], start: int, end: int) -> tuple[str, str, bool, int] | None:
    """(event, trigger as written, weak, trigger start) of the mention ``start:end``: the verb right
    after its noun phrase, past auxiliaries and adverbs ("40 people were evacuated"); else the word
    right before the number ("killed 12 people", "shooting three deputies"); else the nearest lexicon
    predicate in the same part of the clause (not across "and", "but", "or")."""
    pos = end
    while m := _NEXT_WORD.match(sentence, pos):
        low = m.group(1).lower()
        if low not in _AUXILIARIES and not low.endswith("ly"):
            if low not in STOPWORDS and low not in _PREPOSITIONS and m.group(1)[0].islower():
                return _predicate_at(sentence, m.start(1))
            break
        pos = m.end()
    before = _WORD_BEFORE.search(sentence, max(0, start - 30), start)
    if before and before.group(1)[0].islower() and before.group(1).lower() not in STOPWORDS:
        return _predicate_at(sentence, before.start(1))
    left, right = clause
    for m in _CONJUNCTION.finditer(sentence, left, right):
        if m.end() <= start:
            left = m.end()
        elif m.start() >= end:
            right = m.start()
            break
    best = None
    for m in _EVENT.finditer(sentence, left, right):
        if m.start() < end and m.end() > start:
            continue
        distance = m.start() - end if m.start() >= end else start - m.end()
        if distance <= _EVENT_REACH and (best is None or distance < best[0]):
            best = (distance, m)
    return (best[1].lastgroup, best[1].group(0), False, best[1].start()) if best else None


def _display(text: str) -> str:
    text = " ".join(text.split())
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _stems_of(text: str) -> set[str]:
    return {stem(w) for w in _LOWER_WORD.findall(text.lower())}


def _bare_people(sentence: str, q: _Quantity) -> tuple[list[str], str, int] | None:
    """A number of people without a noun: "the blast killed 12.", "the death toll rose to 17 on
    Friday" (the casualty word stands in for the noun)."""
    after = _NEXT_WORD.match(sentence, q.end)
    if after:  # "killed 12 on Friday", not "killed 12 of them", "killed 12 more"
        low = after.group(1).lower()
        if low not in STOPWORDS or low == "of" or low in _INCREMENTAL:
            return None
    elif sentence[q.end:q.end + 2].strip()[:1] not in ("", ".", ",", ";", "!", "?"):
        return None
    m = _BARE_PEOPLE.search(sentence, max(0, q.start - 80), q.start)
    if not m:
        return None
    word = (m.group("word") or "killed").lower()
    return [], word[:-3] + "ed" if word.endswith("ing") else word, q.end


def _people_or_things(sentence: str, q: _Quantity) -> _Described | None:
    """(key, label, weak, stems outside the context, end) for a count of people or things."""
    if q.percent:
        return None
    counted = _counted(sentence, q.end, q.value) or _bare_people(sentence, q)
    if counted is None:
        return None
    modifiers, noun, noun_end = counted
    low = noun.lower()
    clause = _clause(sentence, q.start, noun_end)
    if low in _MEASURES or (_word_before(sentence, q.start) or "").lower() in _INCREMENTAL:
        return None
    if _PARTITIVE_WHOLE.search(sentence, max(0, q.start - 12), q.start):
        return None  # "two of the three debates fall": "fall" is said of the two
    if _TIME_SHIFT.search(sentence, *clause):
        return None
    if low in _CASUALTY_HEADS:
        thing, event, trigger, weak, trigger_end = "people", _CASUALTY_HEADS[low], low, False, noun_end
    else:
        found = _event(sentence, clause, q.start, noun_end)
        if found is None:
            return None
        event, trigger, weak, at = found
        trigger_end = at + len(trigger)
        thing = "people" if low in _GENERIC_PEOPLE and not modifiers else stem(low)
    if _COMPOUND.match(sentence, trigger_end):
        return None
    nth = _NEXT_ONE.search(sentence, noun_end, noun_end + _NEXT_ONE_REACH)
    if nth and _ORDINALS[nth.group("nth").lower()] == q.value + 1:
        return None  # "two people ... and then a third": a part of the whole count
    if thing == "people":
        label_noun = "people"
    else:
        label_noun = " ".join([*modifiers, noun])
        label_noun = label_noun if noun[0].isupper() else label_noun.lower()
    mods = tuple(sorted(stem(w.lower()) for w in modifiers))
    drop = _stems_of(trigger) | {thing, stem(low), *mods}
    return _Described((thing, mods, event, None), f"number of {label_noun} {trigger if weak else event}", weak,
                      drop, noun_end)


def _money_object(sentence: str, clause_start: int, trigger_at: int) -> str | None:
    """The subject of a cost verb: "The new footbridge over the Lune will cost" → footbridge;
    "The council said the footbridge would cost" → footbridge."""
    words = re.findall(r"[A-Za-z][\w'’-]*", sentence[clause_start:trigger_at])
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in ("said", "says", "that", "which"):
            words = words[i + 1:]
            break
    phrase = []
    for word in words:
        low = word.lower()
        if low in ("the", "a", "an", "its", "their", "his", "her") and not phrase:
            continue
        if low in STOPWORDS and low != "new":
            break
        phrase.append(low)
    return phrase[-1] if phrase else None


_DEAL_NOUNS = {"takeover", "acquisition", "buyout", "bid", "offer", "deal", "merger", "purchase", "swoop"}
_OBJECT = r"(?:the\s+)?[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,3}"
# "a €2.1bn takeover of Norvik", "Castellan's €2.4bn Norvik swoop", "a €2.4bn move for Norvik"
_DEAL_AFTER = re.compile(
    rf"\s+(?P<pre>(?:[A-Z][\w'’&.-]*\s+){{0,3}})(?:(?P<noun>{'|'.join(_DEAL_NOUNS)})\b"
    rf"(?:\s+(?:of|for)\s+(?P<obj>{_OBJECT}))?|(?P<move>move)\s+for\s+(?P<mobj>{_OBJECT}))"
)
# "agreed to buy Norvik Steel for €2.1bn", "sold its rail unit for about $400m"
_DEAL_VERB_BEFORE = re.compile(
    r"\b(?P<verb>buy|buys|buying|bought|acquire[sd]?|acquiring|purchase[sd]?|purchasing|sell|sells|selling|sold)"
    r"\s+(?P<obj>(?:[\w'’&.-]+\s+){1,6}?)for\s+$",
    re.I,
)
# "paid €2bn for Norvik", "is offering €14.50 a share"
_PAID_BEFORE = re.compile(r"\b(?:paid|pay|pays|paying|offered|offering|offers?|bid|bidding)\s+$", re.I)
_FOR_AFTER = re.compile(rf"\s+for\s+(?P<obj>{_OBJECT})")
_PER_UNIT = re.compile(r"\s+(?:(?:a|an|per)\s+(?P<unit>[a-z]+)\b|(?P<each>each)\b)")


def _name_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _LOWER_WORD.findall(text.lower()) if w not in STOPWORDS)


def _deal(sentence: str, q: _Quantity, unit: str | None) -> tuple[str, str] | None:
    """(what is bought, as written or "", trigger) when the sum is the price of a purchase: the
    price a buyer pays and the value of a takeover are one figure however the outlet words it."""
    m = _DEAL_VERB_BEFORE.search(sentence, max(0, q.start - 80), q.start)
    if m:
        return m.group("obj").strip(" ."), m.group("verb")
    m = _PAID_BEFORE.search(sentence, max(0, q.start - 20), q.start)
    if m:
        target = _FOR_AFTER.match(sentence, q.end)
        if target or unit:  # a payment for something named, or a price per share: not any payment
            return (target.group("obj").rstrip(".") if target else ""), m.group(0).strip()
    m = _DEAL_AFTER.match(sentence, q.end)
    if m:
        return (m.group("obj") or m.group("mobj") or m.group("pre")).strip(" ."), m.group("noun") or m.group("move")
    return None


def _money(sentence: str, q: _Quantity) -> _Described | None:
    """A sum of money: the price of a purchase ("agreed to buy X for €2.1bn", "a €2.4bn takeover of X",
    "paying €14.50 a share"), else its event comes from the lexicon ("will cost £12m"), or is "cost"
    for a sum before a noun ("a $25 million plane"). A sum "a share", "a year"... is a rate: its unit
    is part of the key, so it is never compared with a total."""
    unit_match = _PER_UNIT.match(sentence, q.end)
    unit = (unit_match.group("unit") or "item") if unit_match else None  # "570 dollars each": per item
    deal = _deal(sentence, q, unit)
    names: frozenset[str] = frozenset()
    if deal:
        bought, trigger = deal
        event, thing, names = "price", None, _name_words(bought)
    else:
        clause = _clause(sentence, q.start, q.end)
        nxt = _NEXT_WORD.match(sentence, q.end)
        attributive = nxt.group(1).lower() if nxt and nxt.group(1).lower() not in STOPWORDS else None
        found = _event(sentence, clause, q.start, q.end)
        if found and not found[2]:
            event, trigger, _, at = found
            thing = attributive or (_money_object(sentence, clause[0], at) if at < q.start else None)
        elif attributive:
            event, trigger, thing = "cost", "", attributive
        else:
            return None
        if event == "cost" and thing in _DEAL_NOUNS:  # "the deal is worth €2.1bn": its price
            event = "price"
    if event == "price":
        label = "price" + (f" per {unit}" if unit else "") + (f" of {bought}" if deal and bought else " of the deal")
    elif event == "cost":
        label = f"cost of the {thing}" if thing else "cost"
    elif event == "spent":
        label = "amount spent"
    else:
        label = f"sum of money ({event})"
    if unit and event != "price":
        label += f" per {unit}"
    return _Described(("money", (), event, q.currency, unit), label, True, _stems_of(trigger), q.end, names=names)


# Percentages are compared only as the value of a named quantity ("turnout was 38.6 per cent",
# "a 41.2 per cent turnout"); "52.4 per cent of the vote" or "rose 18 per cent" say nothing of what
# the figure is of, or give a change rather than a level.
_RATE_NAMES = (
    r"turnout|unemployment(?:\s+rate)?|jobless(?:ness)?(?:\s+rate)?|inflation(?:\s+rate)?|"
    r"(?:base\s+|benchmark\s+|key\s+|policy\s+)?interest\s+rates?|(?:base|benchmark|policy)\s+rate|"
    r"approval\s+rating|vote\s+share|share\s+of\s+the\s+vote|poverty\s+rate"
)
_RATE_NAME = re.compile(rf"\b(?:{_RATE_NAMES})\b", re.I)
# From the name to the value: a level, not a change ("rose by"), a comparison ("up from", "than") or a
# forecast ("is expected to reach"); a parenthesis may come between ("Turnout, we're told, was").
_RATE_LINK = (
    r"(?:(?:has|have|had)\s+(?:been\s+)?)?"
    r"(?:was|is|were|are|been|stood\s+at|stands\s+at|remained\s+at|remains\s+at|reached|hit|came\s+in\s+at|of|at|"
    r"(?:rose|risen|fell|fallen|climbed|dropped|jumped|increased|decreased|slipped|eased|edged\s+(?:up|down))\s+to|"
    r"(?:(?:was|were|is|are|been)\s+)?(?:cut|raised|lowered|held|kept|left|set|reduced)\s+(?:unchanged\s+)?(?:to|at))"
)
_RATE_TO_VALUE = re.compile(
    rf"(?P<scope>\s+(?:in|among|for|across)\s+(?:the\s+)?[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){{0,2}}?)?"
    rf"(?:\s*,[^,]{{1,40}},)?\s+{_RATE_LINK}\s+$",
    re.I,
)
_RATE_AFTER = re.compile(rf"\s+(?P<name>{_RATE_NAMES})\b", re.I)
_RATE_SYNONYMS = {"jobless": "unemployment", "joblessness": "unemployment"}
_NOT_LEVEL_BEFORE = {"from", "than", "with", "against", "versus", "vs", "by", "of"}
_NEUTRAL_RATE_MODIFIERS = {"overall", "total", "the", "a", "an", "current", "latest", "reported", "official",
                           "new", "its", "their"}
_OWNED_RATES = ("share", "approval")  # whose vote share, whose approval rating: needs its owner
# Polls and surveys: each gives its own estimate, and outlets citing different ones do not disagree.
_POLL = re.compile(r"\b(?:polls?|polling|pollsters?|surveys?|surveyed)\b", re.I)
# A scope right before the name ("In Orlin, unemployment was") or right after the value ("44.3% in
# the first round"): part of what the figure is of.
_SCOPE_BEFORE = re.compile(
    r"\b(?P<prep>(?i:in|among|across|for))\s+(?:the\s+)?(?P<scope>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s*,\s*$"
)
_SCOPE_AFTER = re.compile(
    r"\s+(?P<prep>in|among|across|for)\s+(?P<the>(?:the|a|an)\s+)?(?P<scope>[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,2})"
)
_PERIOD = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|\b(?:" + "|".join(m.capitalize() for m in _MONTHS) + r")\b")


def _rate_modifier(word: str) -> bool:
    """Whether a word before a rate's name narrows it: an owner ("Labour's", "Greens'"), a name
    ("Obama"), a noun or adjective ("youth", "job", "national"); not a verb ("finds", "knows")."""
    low = word.lower()
    if low.endswith(("'s", "’s", "s'")) or word[0].isupper():
        return True
    return low not in STOPWORDS and not low.endswith(("s", "ed", "ing", "ly"))


def _rate(sentence: str, q: _Quantity) -> _Described | None:
    """A percentage of a named quantity (turnout, unemployment, inflation, an interest rate, a party's
    vote share), compared across outlets whatever their sentences share, as the name says what it is
    of. The key also holds the words that narrow it: modifiers ("youth unemployment", "Labour's vote
    share"), a scope ("turnout in the Eastbank wards", "In Velda, turnout was", "60 per cent in the
    first round"), the months or years the clause names. Not a rate: a value at another moment
    ("previously", "last year"), after "from", "than", "by", a vote share or approval rating without
    its owner, or a figure from a poll or survey (each poll has its own)."""
    name = None
    for m in _RATE_NAME.finditer(sentence, max(0, q.start - 80), q.start):
        link = _RATE_TO_VALUE.match(sentence, m.end(), q.start)
        if link:
            name, scope_text = m, link.group("scope") or ""
    if name is None:
        after = _RATE_AFTER.match(sentence, q.end)  # "a 41.2 per cent turnout"
        if not after or (_word_before(sentence, q.start) or "").lower() in _NOT_LEVEL_BEFORE:
            return None
        name, scope_text = after, ""
    start = min(name.start(), q.start)
    clause = _clause(sentence, start, max(q.end, name.end()))
    if _TIME_SHIFT.search(sentence, min(clause[0], start), clause[1]) or _POLL.search(sentence):
        return None
    modifiers = []
    pos = name.start()
    while len(modifiers) < 2 and (before := _WORD_BEFORE.search(sentence, max(0, pos - 30), pos)):
        word, low = before.group(1), before.group(1).lower()
        if low not in _NEUTRAL_RATE_MODIFIERS:
            if not _rate_modifier(word):
                break
            modifiers.insert(0, word)
        pos = before.start(1)
    head = " ".join(name.group(0).lower().split())
    if any(word in head for word in _OWNED_RATES) and not modifiers:
        return None  # whose share of the vote, whose approval rating?
    if "share" in head:
        head = "vote share"
    kind = _RATE_SYNONYMS.get(head.split()[0], head.split()[0])
    scopes = [scope_text.strip()] if scope_text else []
    before = _SCOPE_BEFORE.search(sentence, max(0, pos - 60), pos)
    if before:
        scopes.append(f"{before.group('prep').lower()} {before.group('scope')}")
    after = _SCOPE_AFTER.match(sentence, max(q.end, name.end()))
    if after:
        words = after.group("scope").split()
        while words and words[-1].lower() in STOPWORDS:
            words.pop()  # "in early trading on": up to the first function word
        words = words[: next((i for i, w in enumerate(words) if w.lower() in STOPWORDS), len(words))]
        if words:
            scopes.append(f"{after.group('prep')} {after.group('the') or ''}{' '.join(words)}")
    period = tuple(sorted({p.lower() for p in _PERIOD.findall(sentence, *clause)}))
    mods = tuple(sorted(stem(re.sub(r"['’]s$", "", w.lower())) for w in modifiers))
    scope_words = tuple(sorted({w for text in scopes for w in _name_words(text)} - {"among", "across"}))
    key = ("rate", kind, mods, scope_words, period)
    label = " ".join([*modifiers, head, *scopes]) + " (per cent)"
    return _Described(key, label, False, set(), q.end, start=min(pos, start), rate=True)


def _count_mentions(doc: int, prepared: PreparedDocument) -> Iterator[_Mention]:
    for sentence in prepared.sentences:
        text = sentence.text
        if not (_DIGIT.search(text) or not _NUMBER_WORDS.isdisjoint(_words(text))):
            continue  # no number at all: skip the slower scan
        sentence_stems: list[str] | None = None
        for q in _quantities(text):
            if q.currency:
                described = _money(text, q)
            elif q.percent:
                described = _rate(text, q)
            else:
                described = _people_or_things(text, q)
            if described is None:
                continue
            if sentence_stems is None:
                sentence_stems = _content(text)
            drop = described.drop | _stems_of(q.text)
            context = frozenset(s for s in sentence_stems if s not in drop)
            left, right = _clause(text, q.start, max(q.end, described.end))
            if described.start is not None:
                left = described.start  # from the name on: "Turnout, we're told, was 41.2 per cent"
            yield _Mention(
                doc=doc,
                start=sentence.start + left,
                end=sentence.start + right,
                display=_display(q.text),
                value_id=(round(q.lo, 6), round(q.hi, 6)),
                info=_Count(q, described.key, context, described.weak, described.label, described.names,
                            described.rate),
            )


def _named_apart(a: _Mention, b: _Mention) -> bool:
    """Prices of two things the text names differently ("Tolland Dairies", "its cheese arm")."""
    x, y = a.info.names, b.info.names
    return bool(x and y and not (x & y))


def _same_count(a: _Mention, b: _Mention) -> bool:
    x, y = a.info, b.info
    if _named_apart(a, b):
        return False
    needed = 0 if (x.rate and y.rate) else (2 if (x.weak or y.weak) else 1)
    if len(x.context & y.context) < needed:
        return False
    small, large = sorted((x.quantity.value, y.quantity.value))
    return large <= _MAX_RATIO * small


def _count_conflict(a: _Mention, b: _Mention) -> bool:
    x, y = a.info.quantity, b.info.quantity
    return x.hi < y.lo or y.hi < x.lo


def _count_disagreements(docs: Sequence[PreparedDocument]) -> Iterator[Disagreement]:
    groups: dict[tuple, list[_Mention]] = defaultdict(list)
    for i, doc in enumerate(docs):
        for mention in _count_mentions(i, doc):
            groups[mention.info.key].append(mention)
    for group in groups.values():
        if len({m.doc for m in group}) > 1:
            found = _report(group, _same_count, _count_conflict, group[0].info.label, docs, _named_apart)
            if found:
                yield found


# ---------------------------------------------------------------------------- times and days

_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_DAY = re.compile(r"\bon\s+(?P<day>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b")
_CLOCK_QUALIFIER = (
    r"(?P<qual>(?:at\s+)?(?:about|around|approximately|roughly|shortly\s+after|just\s+after|soon\s+after|"
    r"shortly\s+before|just\s+before)|at)\s+"
)
_CLOCK = re.compile(
    rf"""(?:{_CLOCK_QUALIFIER})?
    (?:between\s+(?P<h0>\d{{1,2}})(?:[:.](?P<m0>\d{{2}}))?\s*(?:(?P<ap0>[ap])\.?\s?m\.?)?\s+and\s+)?
    (?:(?<![\d:.])(?<!:\s)(?P<h>\d{{1,2}})(?:[:.](?P<m>\d{{2}}))?\s*(?P<ap>[ap])\.?\s?m\b\.?
      |(?<![\d:.])(?P<h24>\d{{1,2}}):(?P<m24>\d{{2}})\b
      |\b(?P<word>midnight|noon|midday)\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_CLOCK_HINT = re.compile(r"\d(?::\d\d|\s*[ap]\.?\s?m\b)", re.I)
_TIME_WORDS = frozenset([*_DAYS, "midnight", "noon", "midday"])
_TEMPORAL_SPLIT = re.compile(r";|,\s+(?:and|but|while|whereas)\s+|\s+[—–]\s+")
_TIME_STEMS = {stem(w) for w in (
    "monday tuesday wednesday thursday friday saturday sunday morning afternoon evening night late early "
    "shortly just soon before after about around approximately midnight noon midday dawn am pm time hour "
    "local utc gmt bst"
).split()}
_DAY_MINUTES = 1440
_EVENT_SHARED, _EVENT_COSINE = 3, 0.6  # two clauses tell of the same event


@dataclass(frozen=True)
class _When:
    day: int | None  # 0 = Monday
    lo: int | None  # minutes after midnight; may run below 0 or past 1440 ("shortly before midnight")
    hi: int | None
    stems: frozenset[str]
    words: tuple[str, ...]  # the clause without its time expressions, for the label


def _minutes(hour: str, minute: str | None, ap: str | None) -> int | None:
    h, mi = int(hour), int(minute or 0)
    if ap:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ap.lower() == "p" else 0)
    if h > 23 or mi > 59:
        return None
    return h * 60 + mi


def _clock(m: re.Match[str]) -> tuple[int, int] | None:
    if m.group("word"):
        t = 0 if m.group("word").lower() == "midnight" else 720
    elif m.group("h24"):
        t = _minutes(m.group("h24"), m.group("m24"), None)
    else:
        t = _minutes(m.group("h"), m.group("m"), m.group("ap"))
    if t is None:
        return None
    if m.group("h0"):
        first = _minutes(m.group("h0"), m.group("m0"), m.group("ap0") or m.group("ap"))
        return None if first is None else (first, t)
    qual = " ".join((m.group("qual") or "").lower().split()).removeprefix("at ").strip()
    if qual in ("about", "around", "approximately", "roughly"):
        return t - 15, t + 15
    if qual.endswith("after"):
        return t, t + 30
    if qual.endswith("before"):
        return t - 30, t
    return t - 5, t + 5


def _time_mentions(doc: int, prepared: PreparedDocument) -> Iterator[_Mention]:
    for sentence in prepared.sentences:
        text = sentence.text
        if not (_CLOCK_HINT.search(text) or not _TIME_WORDS.isdisjoint(_words(text))):
            continue
        cuts = [0, *(x for m in _TEMPORAL_SPLIT.finditer(text) for x in (m.start(), m.end())), len(text)]
        for start, end in zip(cuts[::2], cuts[1::2]):
            clause = text[start:end]
            clock = next((c for c in _CLOCK.finditer(clause) if _clock(c)), None)
            day = _DAY.search(clause)
            if not (clock or day):
                continue
            rest = clause
            shown = []
            for found in sorted((x for x in (clock, day) if x), key=lambda x: x.start()):
                shown.append(found.group(0).strip())
            for found in (x for x in (clock, day) if x):
                rest = rest.replace(found.group(0), " ")
            lo_hi = _clock(clock) if clock else None
            day_index = _DAYS.index(day.group("day").lower()) if day else None
            when = _When(
                day=day_index,
                lo=lo_hi[0] if lo_hi else None,
                hi=lo_hi[1] if lo_hi else None,
                stems=frozenset(s for s in _content(rest) if s not in _TIME_STEMS),
                words=tuple(re.findall(r"[A-Za-z0-9][\w'’-]*", _CLAUSE_BREAK.split(rest.strip(" ,"))[0])),
            )
            left, right = _trim(text, start, end)
            yield _Mention(doc, sentence.start + left, sentence.start + right, ", ".join(shown),
                           (when.day, when.lo, when.hi), when)


def _same_event(a: _Mention, b: _Mention) -> bool:
    x, y = a.info.stems, b.info.stems
    shared = len(x & y)
    return shared >= _EVENT_SHARED and shared / math.sqrt(len(x) * len(y)) >= _EVENT_COSINE


def _time_conflict(a: _Mention, b: _Mention) -> bool:
    x, y = a.info, b.info
    if x.lo is not None and y.lo is not None:
        if x.day is not None and y.day is not None:
            xs, ys = x.day * _DAY_MINUTES, y.day * _DAY_MINUTES
            return _apart((xs + x.lo, xs + x.hi), (ys + y.lo, ys + y.hi), 7 * _DAY_MINUTES)
        return _apart((x.lo, x.hi), (y.lo, y.hi), _DAY_MINUTES)
    if x.day is not None and y.day is not None:
        return x.day != y.day
    return False


def _apart(x: tuple[int, int], y: tuple[int, int], period: int) -> bool:
    """Whether two intervals on a circular clock of ``period`` minutes do not touch."""
    for shift in (-period, 0, period):
        if x[0] <= y[1] + shift and y[0] + shift <= x[1]:
            return False
    return True


def _time_disagreements(docs: Sequence[PreparedDocument]) -> Iterator[Disagreement]:
    mentions = [m for i, doc in enumerate(docs) for m in _time_mentions(i, doc)]
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in combinations(range(len(mentions)), 2):
        if _same_event(mentions[i], mentions[j]):
            parent[find(j)] = find(i)
    groups: dict[int, list[_Mention]] = defaultdict(list)
    for i, m in enumerate(mentions):
        groups[find(i)].append(m)
    for group in groups.values():
        if len({m.doc for m in group}) < 2:
            continue
        words = group[0].info.words
        about = "when " + " ".join([words[0].lower(), *words[1:10]]) if words else "when"
        found = _report(group, _same_event, _time_conflict, about, docs)
        if found:
            yield found


# ---------------------------------------------------------------------------- names and titles

_TITLE_HEAD = (
    r"minister|premier|president|mayor|chief|executive|spokes(?:man|woman|person)|secretary|director|governor|"
    r"inspector|insp|superintendent|supt|sergeant|sgt|constable|commissioner|officer|commander|general|gen|"
    r"colonel|col|captain|capt|lieutenant|lt|chairman|chairwoman|chair|leader|ambassador|envoy|judge|senator|"
    r"councillor|cllr|prosecutor|chancellor|coach|manager|editor"
)
_ABBREVIATIONS = {"insp": "inspector", "supt": "superintendent", "sgt": "sergeant", "gen": "general",
                  "col": "colonel", "capt": "captain", "lt": "lieutenant", "cllr": "councillor",
                  "det": "detective", "brig": "brigadier", "spokeswoman": "spokesman",
                  "spokesperson": "spokesman", "chairwoman": "chairman", "chair": "chairman"}
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
    return _given_names(x.given, y.given) == "same" and x.head == y.head and not _titles_compatible(x, y)


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


# ---------------------------------------------------------------------------- entry point


def find_disagreements(docs: ClusterView | Sequence[PreparedDocument]) -> tuple[Disagreement, ...]:
    """Values that outlets of the cluster give differently for the same thing (see the module notes),
    ordered by where the first value appears (cluster order, then position)."""
    docs = as_view(docs).documents
    titled = [m for i, doc in enumerate(docs) for m in _title_mentions(i, doc)]
    found: list[Disagreement] = [
        *_count_disagreements(docs),
        *_time_disagreements(docs),
        *_name_disagreements(docs, titled),
        *_title_disagreements(docs, titled),
    ]
    index = {doc.document.id: i for i, doc in enumerate(docs)}
    return tuple(sorted(found, key=lambda d: _first_source_order(d, index)))


__all__ = ["find_disagreements"]
