"""Typed facts: the figures and attributes an article states, each with what it is about.

A fact is read from one spaCy entity of the shared pass (``nlp.parse``): CARDINAL, MONEY, PERCENT,
QUANTITY, TIME and DATE. It has

- a ``kind``: count, money, percent, measure (a number with a unit: 46.2C, 35 km), range ("8 to 10
  feet", its two ends its value), age, date,
  weekday, clock;
- ``slots`` saying what it is about: for a count the counted thing and the event ("three workers
  killed" → people, killed), for money its currency and what it pays for, for a measure its unit,
  for an age the person, for a clock time its time zone;
- a normalised ``value`` and interval (``low``, ``high``): number words, "1.2 million" = 1,200,000,
  "twelve hundred" = 1,200; bounds "at least 14" = [14, ∞), "up to 40" = [0, 40], "about 40" ±10%;
  a clock time in minutes of the day (21:50 = 9:50 p.m.), a date as an ISO day;
- its ``role`` in the article: ``current``, ``newest`` (the new figure of an update: "the toll rose
  to 15", "revised to 15"), or ``earlier`` (the figure an update replaces: "from 12"), and the span.

Figures that are not values of a thing are left out: vague amounts ("dozens"), parts ("two of the
injured"), increments ("150 more"), other moments ("last year", "had previously been"), futures and
forecasts, ranks, identifiers and years.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from ..lang.en import lexicon as lx
from ..model import PreparedDocument, Sentence
from ..text import STOPWORDS, stems


@dataclass(frozen=True)
class TypedFact:
    doc: int  # index of the document in its cluster (``Sentence.doc``)
    kind: str
    slots: tuple  # what the value is of; facts are compared only within equal kind and slots
    value: float  # normalised (minutes for a clock time, days since 0001-01-01 for a date, weekday 0-6)
    low: float
    high: float
    bound: str | None  # "at least", "about", "up to" ... as written, normalised to lower case
    written: str  # the value as the article writes it
    start: int  # the value's characters in the document text
    end: int
    sentence: Sentence
    context: frozenset[str]  # content stems of the clause, for telling one event from another
    role: str = "current"  # current | newest | earlier
    topic: str = ""  # what a sum or a percentage is of, when the words say ("ransom", "of imports")
    near: frozenset[str] = frozenset()  # content stems of the words right around the figure

    @property
    def vague(self) -> bool:
        """A figure in approximate words ("a dozen", "a score"): it names a size, not a count."""
        low = self.written.lower()
        return any(w in low for w in lx.APPROXIMATE_NUMBERS)

    @property
    def strong(self) -> bool:
        """Slots that name the thing on their own (a casualty count, an age of a named person)."""
        if self.kind == "age":
            return self.slots[0][:1].isupper() or self.slots[0].startswith("the ")  # a person or a role, not "a man"
        if self.kind == "money":
            return bool(self.topic)  # a ransom, an offer, a fine: named by the words around it
        return self.kind == "count" and self.slots[1] in _CASUALTY


_CASUALTY = frozenset({"killed", "injured", "ill", "missing", "evacuated", "arrested", "rescued", "charged"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_BOUND = {w: "lower" for w in lx.LOWER_BOUNDS} | {w: "upper" for w in lx.UPPER_BOUNDS} | {w: "about" for w in lx.APPROXIMATE}
_BOUND_AFTER = re.compile(r"\s+(" + "|".join(map(re.escape, lx.LOWER_BOUNDS_AFTER + lx.UPPER_BOUNDS_AFTER)) + r")\b", re.I)
_BOUND_RE = re.compile(r"^(?:" + "|".join(sorted(map(re.escape, _BOUND), key=len, reverse=True)) + r")\b\s*", re.I)
_BOUND_BEFORE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _BOUND), key=len, reverse=True)) + r")\s+$", re.I)
_BOUND |= {w: "lower" for w in lx.LOWER_BOUNDS_AFTER} | {w: "upper" for w in lx.UPPER_BOUNDS_AFTER}
_APPROX_SHARE = 0.10
NEAR = 6  # words each side of a figure that say what it is about
_DURATION = re.compile(r"(?:[a-z]+\s+){0,3}?\d[\d,.]*\s+(?:years?|months?|weeks?|days?|hours?|minutes?)", re.I)
_SAID_BEFORE = re.compile(r"\b(?:said|says|told|announced|reported|stated|confirmed|added)\s+(?:\w+\s+)?(?:on\s+)?$", re.I)
_SAID_AFTER = re.compile(r"\s*,?\s*(?:said|told|announced|reported)\b", re.I)


def number(text: str) -> tuple[float, float] | None:
    """(value, rounding) of a written amount: "1.2 million" → (1.2e6, 5e4); "twelve hundred" →
    (1200, 0); "a dozen" → (12, 0). Rounding is half a unit of the last written digit of a scaled
    or decimal figure ("2.1 million" is 2.05-2.15 million), 0 for whole counts."""
    t = text.lower().replace("-", " ").strip()
    if t in lx.APPROXIMATE_NUMBERS:
        return float(lx.APPROXIMATE_NUMBERS[t]), 0.0
    total = current = 0.0
    seen = False
    rounding = 0.0
    for tok in re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+", t):
        if tok[0].isdigit():
            digits = tok.replace(",", "")
            if digits.count(".") > 1:
                return None
            current += float(digits)
            decimals = len(digits.split(".")[1]) if "." in digits else 0
            rounding = 0.5 * 10 ** -decimals if decimals else 0.0
            seen = True
        elif tok in lx.UNITS:
            current += lx.UNITS[tok]
            seen = True
        elif tok in lx.TENS:
            current += lx.TENS[tok]
            seen = True
        elif tok in ("hundred",):
            current = (current or 1) * 100
            seen = True
        elif tok in lx.SCALES and tok not in ("m", "b", "k") or (tok in ("m", "b", "k", "bn", "mn") and seen):
            scale = lx.SCALES[tok]
            rounding *= scale
            if rounding == 0 and tok not in ("hundred",):
                rounding = 0.0
            total += (current or 1) * scale
            current = 0.0
            seen = True
        elif tok in ("and", "a", "an"):
            continue
        else:
            return None
    if not seen:
        return None
    return total + current, rounding


_NOT_CONTEXT = frozenset(stems(" ".join(lx.TIME_ZONES) + " time times am pm hours hrs"))


def _content(text: str) -> frozenset[str]:
    """Content stems: what a sentence or the words around a figure are about (time-zone words aside)."""
    return frozenset(s for s in stems(text) if s not in STOPWORDS and not s[0].isdigit() and len(s) > 2
                     and s not in _NOT_CONTEXT)


_CLAUSE_END = re.compile(r"[;:()\[\]\"“”]|\s[-–—]\s|—|,\s+(?:and|but|while|whereas|although)\s|"
                         r"\s(?:when|while|whereas|because|who|which|where)\s")


def _clause(sentence: Sentence, start: int, end: int) -> tuple[int, int]:
    text = sentence.text
    a, b = start - sentence.start, end - sentence.start
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, a)), default=0)
    m = _CLAUSE_END.search(text, b)
    return sentence.start + left, sentence.start + (m.start() if m else len(text))


def _words_after(text: str, pos: int, limit: int, n: int = 4) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[pos:limit])[:n]]


def _words_before(text: str, pos: int, limit: int, n: int = 4) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[limit:pos])[-n:]]


_PARTITIVE_AFTER = re.compile(r"\s+of\s+(?:the|them|those|these|whom|which|its|their|his|her)\b", re.I)
# A figure someone predicts is not one anybody reports (plans are: "will cut 3,700 jobs").
_FUTURE = re.compile(r"\b(?:could|may|might|expected|forecasts?|forecast|predicted|predicts?|projected|likely|consensus|"
                     r"estimates?\s+(?:it\s+)?will)\b", re.I)
_UPDATE_TO = re.compile(r"\b(?:" + "|".join(sorted(lx.UPDATE_VERBS)) + r"|now\s+stands\s+at|stood\s+at|up|down)"
                        r"\s+(?:\w+\s+){0,3}?to\s+$", re.I)  # "the toll rose to 15", "revised up to 15"
_UPDATE_FROM = re.compile(r"\bfrom\s+(?:an?\s+)?(?:earlier\s+|previous\s+|initial\s+)?(?:figure\s+|toll\s+|count\s+)?(?:of\s+)?$", re.I)
_GROUP_OF = frozenset("""family group crew team party pair couple household band class some all most none each
    any many several few both either neither average median mean""".split())  # "a family of six", "two of 12": not a count of its own
_SEVERE = re.compile(r"\b(?:serious(?:ly)?|critical(?:ly)?|sever(?:e|ely)|life-threatening|grave(?:ly)?)\b", re.I)
_AGE_AFTER = re.compile(r"^[-\s]year[-\s]old\b|^[-\s]years?[-\s]old\b", re.I)
_AGE_OF_NAME = re.compile(r"([A-Z][\w'’-]+)(?:\s*,\s*|\s+\(\s*)$")  # "Desmond Alcott, |61,"
_AGE_THEN = re.compile(r"^\s*,?\s*(?:when|at\s+the\s+time|then|in\s+(?:19|20)\d\d)\b", re.I)
_AGED = re.compile(r"\baged\s+$", re.I)
_SUPERLATIVE = re.compile(r"\b(youngest|oldest)\b", re.I)
_ZONE = re.compile(r"^\s*(?:\(?\s*)(" + "|".join(sorted(lx.TIME_ZONES)) + r")\b", re.I)
_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d\d))?\s*(?:([ap])\.?\s?m\b\.?|h(?:rs)?\b|(?=\s*(?:gmt|utc|bst|local)\b))?", re.I)
_DEGREES = re.compile(r"^\s*(?:°\s*|degrees?\s+)?(c|f|celsius|fahrenheit)\b", re.I)
_UNIT_WORDS = {"km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
               "miles": "mile", "mile": "mile", "metres": "m", "meters": "m", "feet": "ft", "ft": "ft",
               "tonnes": "tonne", "tons": "tonne", "tonne": "tonne", "kg": "kg", "hectares": "ha", "acres": "acre",
               "gigawatts": "gw", "megawatts": "mw", "gw": "gw", "mw": "mw", "barrels": "barrel",
               "c": "°c", "celsius": "°c", "f": "°f", "fahrenheit": "°f",
               "years": "year", "months": "month", "weeks": "week", "days": "day", "hours": "hour", "minutes": "minute"}
_THINGS_NOT_PEOPLE = frozenset("""homes houses buildings vehicles cars ships vessels boats planes aircraft
    containers households businesses schools hospitals villages towns animals cattle shops""".split())
_SKIP_NOUN = frozenset(STOPWORDS) | lx.INCREMENT | frozenset("of to in at on for from by with".split())


def _bound(doc_text: str, ent_text: str, start: int) -> tuple[str | None, str]:
    m = _BOUND_RE.match(ent_text)
    if m:
        return m.group().strip().lower(), ent_text[m.end():]
    b = _BOUND_BEFORE.search(doc_text, max(0, start - 20), start)
    if b:
        return b.group(1).lower(), ent_text
    after = _BOUND_AFTER.match(doc_text, start + len(ent_text))
    return (after.group(1).lower() if after else None), ent_text


def _interval(value: float, rounding: float, bound: str | None) -> tuple[float, float]:
    kind = _BOUND.get(bound or "")
    if kind == "lower":
        return value, float("inf")
    if kind == "upper":
        return 0.0, value
    if kind == "about":
        # "about 40" is 36-44; "about 6.2 billion" keeps the precision it is written with (6.1-6.3)
        half = 2 * rounding if rounding else value * _APPROX_SHARE
        return value - half, value + half
    return value - rounding, value + rounding


def _counted(text: str, end: int, limit: int) -> tuple[str | None, list[str]]:
    """The noun a figure counts (first word after it that is not a modifier) and its modifiers."""
    run = re.match(r"(?:\s*[A-Za-z][A-Za-z'’-]*){1,4}", text[end:limit])  # words up to the next figure or mark
    words = [w.lower() for w in _WORD.findall(run.group())] if run else []
    modifiers: list[str] = []
    for w in words:
        if w in ("dead", "injured", "wounded", "missing", "hurt", "killed", "died", "arrested", "detained"):
            return "people", modifiers
        if w in _SKIP_NOUN:
            if w in lx.INCREMENT:
                modifiers.append(w)
            break
        if w.endswith("s") or w in lx.PEOPLE or w in ("people", "staff", "police", "personnel", "crew"):
            return w, modifiers
        modifiers.append(w)
    return None, modifiers


def _event(text: str, clause: tuple[int, int], start: int, end: int, reach: int = 7) -> str | None:
    """The lexicon event nearest the figure within its clause (words before, then up to ``reach`` after)."""
    before = _words_before(text, start, clause[0], 5)
    after = _words_after(text, end, clause[1], reach)
    best = None
    for distance, w in enumerate(reversed(before)):
        if w in lx.EVENTS:
            best = (distance, lx.EVENTS[w])
            break
    for distance, w in enumerate(after):
        if w in lx.EVENTS and (best is None or distance < best[0]):
            best = (distance, lx.EVENTS[w])
            break
    if best is None:
        after_text = text[end:min(clause[1], end + 80)].lower()
        hits = [(after_text.find(p), e) for p, e in lx.EVENT_PHRASES.items() if p in after_text]
        if hits:
            return min(hits)[1]
    return best[1] if best else None


def _role(text: str, start: int, sentence_start: int) -> str:
    before = text[max(sentence_start, start - 60):start]
    if _UPDATE_FROM.search(before):
        return "earlier"
    if _UPDATE_TO.search(before):
        return "newest"
    return "current"


def _money(text: str, ent_text: str, start: int, end: int) -> tuple[str, float, float] | None:
    """(currency, value, rounding) of a MONEY entity, the symbol possibly just before it."""
    t = ent_text
    symbol = text[max(0, start - 3):start].strip()[-1:] if start else ""  # "$15m" or tokenised "$ 15m"
    currency = None
    t = re.sub(r"\b(?:us|u\.s\.|c|a|nz|hk)\s*(?=\$)", "", t, flags=re.I)
    for sign in ("$", "£", "€", "¥"):
        if sign in t:
            currency = lx.CURRENCIES[sign.lower()]
            t = t.replace(sign, " ")
    if currency is None and symbol in "$£€¥" and symbol:
        currency = lx.CURRENCIES[symbol]
    words = _WORD.findall(t.lower())
    for w in words + _words_after(text, end, end + 12, 1):
        if w in lx.CURRENCIES and currency is None:
            currency = lx.CURRENCIES[w]
    t = " ".join(tok for tok in re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+", t.lower()) if tok not in lx.CURRENCIES)
    parsed = number(t)
    if parsed is None or currency is None:
        return None
    return currency, parsed[0], parsed[1]


_MONEY_NOUNS = frozenset("""ransom offer bid deal takeover fine penalty loss losses value cost costs revenue
    profit price bribe bribes cash payment damages budget salary bonus compensation investment
    valuation sales debt loan aid award reward bail proposal approach values valued valuing
    demand demands demanded demanding shares stock tax taxes raise raised raising earned earns earning earnings
    donations donation income funding grant settlement fees fee lawsuit suit""".split())
# Words for one thing: a takeover's value however it is worded, a ransom however it is demanded.
_MONEY_TOPIC = {"losses": "loss", "costs": "cost", "bribes": "bribe", "takeover": "offer", "bid": "offer",
                "deal": "offer", "proposal": "offer", "approach": "offer", "valuation": "offer",
                "values": "offer", "valued": "offer", "valuing": "offer", "demand": "ransom",
                "demands": "ransom", "demanded": "ransom", "demanding": "ransom", "shares": "share price",
                "stock": "share price", "taxes": "tax", "raise": "raised", "raising": "raised",
                "earned": "earnings", "earns": "earnings", "earning": "earnings", "donation": "donations",
                "fee": "fees", "suit": "lawsuit"}


_RATE = re.compile(r"\s*(?:(?:a|an|per)\s+(share|tonne|ton|barrel|day|year|month|week|head|person|hour)\b|(each)\b)", re.I)


def _money_thing(text: str, clause: tuple[int, int], start: int, end: int) -> str | None:
    """What a sum is of: a rate ("a share", "each") right after it, else the nearest money noun."""
    rate = _RATE.match(text, end)
    if rate:
        return "per " + (rate.group(1) or rate.group(2)).lower()
    after = _words_after(text, end, clause[1], 4)
    before = _words_before(text, start, clause[0], 6)
    for w in after[:2] + list(reversed(before)) + after[2:]:
        if w in _MONEY_NOUNS:
            return _MONEY_TOPIC.get(w, w)
    return None


def _clock(ent_text: str) -> int | None:
    m = _CLOCK.search(ent_text)
    if not m or (not m.group(2) and not m.group(3)):
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if hour > 24 or minute > 59:
        return None
    if m.group(3):
        if hour > 12:
            return None
        hour = hour % 12 + (12 if m.group(3).lower() == "p" else 0)
    return (hour % 24) * 60 + minute


def _day_of(ent_text: str, ref: date | None) -> date | None:
    month_number = None
    for m in re.finditer(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]+)|\b([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!:)", ent_text):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        month_number = lx.MONTHS.get(month.lower())
        if month_number is not None:
            break
    if month_number is None:
        return None
    year_m = re.search(r"\b(1[89]\d\d|20\d\d)\b", ent_text)
    year = int(year_m.group(1)) if year_m else (ref.year if ref else 2000)
    try:
        d = date(year, month_number, int(day))
    except ValueError:
        return None
    if not year_m and ref and d > ref:  # a past event without a year: the latest such day on or before the article
        try:
            d = date(year - 1, month_number, int(day))
        except ValueError:
            return None
    return d


_DIRECTION = re.compile(
    r"\b(?:the\s+)(north|south|east|west|north-east|north-west|south-east|south-west|northeast|northwest|"
    r"southeast|southwest)(?:ern)?\s+(stand|end|gate|wing|entrance|exit|side|terrace|tower|bank|shore|coast|"
    r"suburbs|district|quarter|flank|runway|platform|tunnel)\b", re.I)
_DIRECTIONS = {w: i for i, w in enumerate(
    "north north-east northeast east south-east southeast south south-west southwest west north-west northwest".split())}


def _places(d: int, text: str, sentence: Sentence) -> Iterator[TypedFact]:
    """Where in a place something happened, as a direction: "the south stand", "the east gate"."""
    for m in _DIRECTION.finditer(text, sentence.start, sentence.end):
        direction, noun = m.group(1).lower(), m.group(2).lower()
        value = float(_DIRECTIONS[direction])
        near = _content(" ".join(_words_before(text, m.start(), sentence.start, NEAR) + _words_after(text, m.end(), sentence.end, NEAR)))
        clause = _clause(sentence, m.start(), m.end())
        yield TypedFact(d, "place", (noun,), value, value, value, None, " ".join(m.group().split()[-2:]),
                        m.start(1), m.end(), sentence, _content(text[clause[0]:clause[1]]), near=near)


def facts_of(d: int, prepared: PreparedDocument, parsed) -> Iterator[TypedFact]:
    """Every typed fact of one document, from its parsed entities."""
    text = prepared.document.text
    ref = prepared.parsed_date.date() if prepared.parsed_date else None
    sentences = prepared.sentences
    if not sentences:
        return
    starts = [s.start for s in sentences]
    import bisect

    for sentence in sentences:
        yield from _places(d, text, sentence)
    for ent in parsed.ents:
        label = ent.label_
        if label not in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY", "DATE", "TIME"):
            continue
        start, end = ent.start_char, ent.end_char
        k = bisect.bisect_right(starts, start) - 1
        if k < 0 or sentences[k].end < end:
            continue
        sentence = sentences[k]
        clause = _clause(sentence, start, end)
        context = _content(text[clause[0]:clause[1]])
        ent_text = ent.text
        yield from _read(d, text, ent_text, label, start, end, sentence, clause, context, ref)


_NOT_A_LABEL = frozenset(lx.MONTHS) | frozenset(lx.WEEKDAY_NAMES) | frozenset(w for b in _BOUND for w in b.split()) | {
    "the", "a", "an", "and", "but", "of", "in", "at", "on", "by", "with", "for", "from", "to", "some", "all", "only"}
_IDENTIFIER = re.compile(r"\b(?:[Ff]light|[Rr]oute|[Nn]o\.|[Nn]umber|[Pp]latform|[Gg]ate|[Rr]oom|[Pp]age|[Aa]rticle|"
                         r"[Qq]uay|[Bb]us|[Ll]ine|[Hh]ighway|[Ii]nterstate|[Cc]hannel|[Ss]eason|[Pp]roposition|"
                         r"[Ss]ection|[Cc]hapter|[Ee]pisode|[Aa]partment|[Uu]nit|[Ww]ard)\s+$")
_FROM_PLACE = re.compile(r"\s*(?:\)\s*)?(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|from|off)\s+"
                         r"(?:the\s+)?(?:(?:capital|city|town|village|coast|centre|center)\s+(?:of\s+)?)?([A-Za-z][\w'’-]*)", re.I)
_COMPARATIVE = re.compile(r"\s+(?:\w+\s+)?(?:more|fewer|less|higher|lower|greater|bigger|smaller)\s+(?:\w+\s+){0,2}?than\b", re.I)


_NUM = r"\d[\d,]*(?:\.\d+)?|[a-z]+(?:-[a-z]+)?"
_RANGE = re.compile(rf"(?:between\s+)?(?P<a>{_NUM})(?:\s*(?:%|percent|per\s+cent))?\s*(?:-to-|-|–|\bto\b)\s*(?P<b>{_NUM})\b(?P<rest>.*)$"
                    rf"|between\s+(?P<a2>{_NUM})\s+and\s+(?P<b2>{_NUM})\b(?P<rest2>.*)$", re.I | re.S)
_RANGE_HEAD = re.compile(rf"(?:between\s+)?\b(?P<a>{_NUM})(?:\s*(?:%|percent|per\s+cent))?\s*(?:-to-|-|–|\bto\b)\s*$", re.I)


def _range(text, ent_text, label, start, end, clause) -> tuple[float, float, tuple, int] | None:
    """A range of a measure or a percentage ("8 to 10 feet", "10-19 million years", "25 to 52
    percent", "30 to 62 years"): (low, high, slots, start of its lower end), read as one fact
    whose two ends are its value. Its ends are never compared as figures of their own."""
    bare = _BOUND_RE.sub("", ent_text.strip())
    m = _RANGE.fullmatch(bare)
    a_start = start
    if m:
        a, b, rest = (m.group("a"), m.group("b"), m.group("rest")) if m.group("a") else (m.group("a2"), m.group("b2"), m.group("rest2"))
    else:
        h = _RANGE_HEAD.search(text, max(clause[0], start - 30), start)  # "25 percent to |40 percent|"
        if not h or not re.match(r"\d|[a-z]", ent_text.strip(), re.I):
            return None
        a, a_start = h.group("a"), h.start("a")
        first = re.match(_NUM, bare, re.I)
        if not first:
            return None
        b, rest = first.group(), bare[first.end():]
    words = [w.lower() for w in re.findall(r"[A-Za-z]+|%", rest)]
    scale = " ".join(w for w in words[:1] if w in lx.SCALES)
    percent = label == "PERCENT" or "%" in words or "percent" in words
    unit = "percent" if percent else next((_UNIT_WORDS[w] for w in words if w in _UNIT_WORDS and w not in ("c", "f")), None)
    if unit is None:
        after = _words_after(text, end, clause[1], 1)
        unit = _UNIT_WORDS.get(after[0]) if after else None
    low, high = number(f"{a} {scale}".strip()), number(f"{b} {scale}".strip())
    if unit is None or low is None or high is None or not low[0] < high[0]:
        return None
    return low[0], high[0], (unit,), a_start


def _read(d, text, ent_text, label, start, end, sentence, clause, context, ref) -> Iterator[TypedFact]:
    near = _content(" ".join(_words_before(text, start, sentence.start, NEAR) + _words_after(text, end, sentence.end, NEAR)))

    def fact(kind, slots, value, low, high, bound, role="current", topic=""):
        return TypedFact(d, kind, slots, value, low, high, bound, " ".join(text[start:end].split()),
                         start, end, sentence, context, role, topic, near)

    if (label in ("CARDINAL", "QUANTITY", "PERCENT", "DATE") or label == "MONEY" and not re.search(r"[$£€¥]", ent_text)) \
            and not _FUTURE.search(text, clause[0], start):
        span = _range(text, ent_text, label, start, end, clause)
        if span is not None:
            low, high, slots, a_start = span
            yield TypedFact(d, "range", slots, high, low, high, None, " ".join(text[a_start:end].split()),
                            a_start, end, sentence, context, "current", "", near)
            return

    tail = text[end:end + 30]
    head = text[max(sentence.start, start - 40):start]
    if label in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY") and _COMPARATIVE.match(text, end, min(sentence.end, end + 40)):
        return  # "a million fewer customers than forecast": a difference, not a value
    # ages: "61-year-old", "Desmond Alcott, 61,", "aged 61", "the youngest ... was 15"
    age = re.fullmatch(r"([\w-]+?)(?:[-\s]years?[-\s]old)?", ent_text.strip()) if label in ("DATE", "CARDINAL") else None
    parsed_age = number(age.group(1)) if age else None
    if parsed_age and parsed_age[0] == int(parsed_age[0]) and 0 < parsed_age[0] < 120 and not _AGE_THEN.match(tail):
        digits = int(parsed_age[0])
        after_age = _AGE_AFTER.match(tail)
        is_year_old = "year" in ent_text or after_age
        named = _AGE_OF_NAME.search(head) if re.match(r"\s*[,)]", tail) else None
        role = _SUPERLATIVE.search(text, sentence.start, start)
        copula = role and re.search(r"\b(?:was|is|were|are)\s+$", head) and re.match(r"\s*(?:[.,;]|$)", tail)
        if is_year_old or named or _AGED.search(head) or copula:
            if role:
                who = "the " + role.group(1).lower()  # "the youngest of the dead, Jonas Lohse, was 15"
            elif named and named.group(1)[0].isupper():
                who = named.group(1)
            else:
                noun = _words_after(text, end + (len(after_age.group()) if after_age and "year" not in ent_text else 0), clause[1], 1)
                who = noun[0] if noun else None
            if who:
                yield fact("age", (who,), digits, digits, digits, None)
            return
    if label == "TIME":
        minutes = _clock(ent_text)
        if minutes is None:
            return
        if _FUTURE.search(text, clause[0], start):
            return
        zone = _ZONE.match(tail)
        zone_name = zone.group(1).lower().split()[0] if zone else None
        zone_name = {"utc": "gmt"}.get(zone_name, zone_name)
        bound = "about" if re.search(r"\b(?:about|around|approximately|shortly|just)\b", ent_text, re.I) else None
        slack = 15 if bound else 5
        yield fact("clock", (zone_name,), minutes, minutes - slack, minutes + slack, bound)
        return
    if label == "DATE" and _DURATION.fullmatch(ent_text.strip()):
        label = "QUANTITY"  # "23 years", "more than 20 years": a length, read as a measure
    if label == "DATE" and sentence.position == 0 and start - sentence.start < 3:
        return  # a date line glued to the lead ("Tuesday, January 18, 2005Through a telethon ...")
    if label == "DATE":
        low = ent_text.lower()
        if _SAID_BEFORE.search(head) or _SAID_AFTER.match(tail):
            return  # when something was said, not when it happened
        wd = [w for w in re.findall(r"[a-z]+", low) if w in lx.WEEKDAY_NAMES]
        if _FUTURE.search(text, clause[0], start):
            return
        day = _day_of(ent_text, ref)
        if day is not None:
            n = day.month * 100 + day.day  # month and day: outlets often leave the year out
            yield fact("date", (), n, n, n, None)
        elif len(wd) == 1 and not re.search(r"\b(?:next|last|every|each)\b", low):
            n = lx.WEEKDAYS[wd[0]]
            yield fact("weekday", (), n, n, n, None)
        return
    # numbers
    if label in ("MONEY", "PERCENT") and _FUTURE.search(text, clause[0], start):
        return  # a forecast or an estimate of what may come
    if label == "MONEY":
        money = _money(text, _bound(text, ent_text, start)[1], start, end)
        if money is None:
            return
        currency, value, rounding = money
        bound, _ = _bound(text, ent_text, start)
        lo, hi = _interval(value, rounding, bound)
        thing = _money_thing(text, clause, start, end) or ""  # none named: the sentences must then match
        rate = thing if thing.startswith("per ") else ""  # "£500 each" is never compared with a total
        yield fact("money", (currency, rate), value, lo, hi, bound, _role(text, start, sentence.start), thing)
        return
    bound, bare = _bound(text, ent_text, start)
    if label == "PERCENT":
        parsed = number(re.sub(r"%|\bper\s*cent\b|\bpercent(?:age)?\b|\bpct\b", " ", bare.lower()))
        if parsed is None:
            return
        value, rounding = parsed
        after = _words_after(text, end, clause[1], 3)
        before = _words_before(text, start, clause[0], 3)
        if before and before[-1] in ("by", "from", "than"):
            return
        thing = None
        if after[:1] == ["of"] and len(after) > 1:
            thing = "of " + (after[2] if after[1] in ("the", "its", "their", "all") and len(after) > 2 else after[1])
        elif after and after[0] not in _SKIP_NOUN:
            thing = after[0]
            if len(after) > 2 and after[1] in ("to", "over", "on"):
                thing += " " + after[1] + " " + after[2]
        lo, hi = _interval(value, max(rounding, 0.05), bound)
        thing = thing or ""
        yield fact("percent", (), value, lo, hi, bound, _role(text, start, sentence.start), thing)
        return
    if label in ("QUANTITY", "CARDINAL"):
        if re.search(r"\b(?:19|20)\d\d\b", bare) and label == "CARDINAL" and len(bare.strip()) == 4:
            return
        words = re.findall(r"\d[\d,]*(?:\.\d+)?|[a-zA-Z]+|°", bare)
        unit = None
        nums = []
        for w in words:
            lw = w.lower()
            if lw in ("degrees", "degree"):
                unit = unit or "degree"
            elif lw in _UNIT_WORDS and not (lw in ("c", "f") and not re.search(r"\d\s*°?\s*[CF]\b", bare)):
                unit = _UNIT_WORDS[lw]
            elif lw != "°":
                nums.append(w)
        if unit in (None, "degree"):
            deg = _DEGREES.match(text[end:end + 12])
            if deg:
                unit = _UNIT_WORDS[deg.group(1).lower()]
        parsed = number(" ".join(nums))
        if parsed is None:
            return
        value, rounding = parsed
        if _PARTITIVE_AFTER.match(text, end) or re.match(r"\s*(?:more|others?|further|additional)\b", text[end:end + 15], re.I):
            return
        if _IDENTIFIER.search(head):
            return  # "Flight 447", "Quay 4": a name, not a count
        if re.search(r"\b(?:another|further|additional|extra)\s+$|\bof\s+(?:its|the|their|his|her|our)\s+$", head, re.I):
            return
        if re.match(r"\s*(?:[-–]|to|or)\s*\d", text[end:end + 6]) or re.search(r"\d\s*(?:[-–]|to|or)\s*$", head):
            return  # a range: its ends are not values of their own
        if re.match(r"[-–]\w", text[end:end + 2]):  # "15-month", "one-mile"
            if unit is None:
                return
        relative = None
        if unit in ("year", "month", "week", "day", "hour", "minute"):
            rel = re.match(r"\s*(ago|later|earlier|after|before|since|from\s+now|old|of\s+age)\b", text[end:end + 15], re.I)
            if rel:  # a moment relative to another ("75 years ago"), or an age ("1,300 years old")
                relative = {"earlier": "ago", "from now": "later", "of age": "old"}.get(rel.group(1).lower(), rel.group(1).lower())
                if relative in ("after", "before", "since"):
                    return  # relative to something else the sentence names
        role = _role(text, start, sentence.start)
        if unit is not None:
            lo, hi = _interval(value, max(rounding, 0.05) if "." in bare else rounding, bound)
            if _FUTURE.search(text, clause[0], start):
                return
            if text[max(0, start - 2):start].strip() == "(" and text[end:end + 2].strip()[:1] == ")":
                return  # "28.4 kilometers (17.6 miles)": the same measure converted
            place = _FROM_PLACE.match(text, end, min(sentence.end, end + 60))
            slots = (unit, relative) if relative else (unit, place.group(1).lower()) if place else (unit,)
            yield fact("measure", slots, value, lo, hi, bound, role)  # 15 km from one town ≠ 59 km from another
            return
        label_word = re.search(r"(?<=[\w,;] )([A-Z][a-z]+)\s+$", head)  # "Flight 447", "Apollo 13", misspelt or not
        if label_word and label_word.group(1).lower() not in _NOT_A_LABEL and not text[start:end][:1].isalpha():
            return  # a name with a number in it, not a count
        after_bound = _BOUND_AFTER.match(text, end) if bound in lx.LOWER_BOUNDS_AFTER + lx.UPPER_BOUNDS_AFTER else None
        noun, modifiers = _counted(text, after_bound.end() if after_bound else end, clause[1])  # "20 or more people"
        event = _event(text, clause, start, end)
        before = _words_before(text, start, clause[0], 3)
        if noun is None:
            # "the death toll rose to four", "the toll stands at 11"
            if re.search(r"\btoll\b", text[clause[0]:start], re.I):
                noun, event = "people", "killed"
            elif event in _CASUALTY and before and before[-1] in lx.EVENTS:
                noun = "people"  # "killed 12", "arrested four"
            else:
                return
        if event is None and noun in lx.NOUN_EVENTS:
            event = lx.NOUN_EVENTS[noun]  # "28 bodies recovered" stay a count of bodies found: a part of the dead
        if event is None and noun in lx.PEOPLE | {"persons", "person"}:
            # "64 people — most of them gay — were killed": the event may lie past a clause mark
            event = _event(text, (sentence.start, sentence.end), start, end, reach=14)
        personal = noun in lx.PEOPLE or noun.endswith(lx.PEOPLE_SUFFIXES) or noun in ("police", "staff", "crew", "troops")
        if noun in ("people", "persons", "person") or (event is not None and personal and noun not in _THINGS_NOT_PEOPLE):
            thing = "people"
        else:
            thing = "people" if noun in lx.NOUN_EVENTS and event in _CASUALTY else noun  # modifiers vary between outlets ("73 million new trees", "109 million trees")
        if before and before[-1] in ("including", "includes", "include") or before[-2:] == ["among", "them"]:
            return  # a part of a figure given before it
        if len(before) >= 2 and before[-1] == "of" and (before[-2] in _GROUP_OF or before[-2] in lx.UNITS):
            return  # "a family of six", "one of 12": the size of a group, a part of a whole
        if event == "injured" and _SEVERE.search(text, clause[0], clause[1]):
            event = "injured seriously"  # seriously injured are a part of the injured
        if lx.INCREMENT & set(modifiers):
            if event is None or noun in ("people",):
                return
        if _FUTURE.search(text, clause[0], start) and event not in _CASUALTY:
            return
        lo, hi = _interval(value, rounding, bound)
        yield fact("count", (thing, event), value, lo, hi, bound, role)


def all_facts(docs: Sequence[PreparedDocument]) -> list[TypedFact]:
    """The typed facts of every document, from one shared linguistic pass."""
    from .nlp import parse

    found = []
    for p, doc in zip(docs, parse(docs)):
        if not p.sentences:
            continue
        key = id(doc)
        if key not in _facts_cache or _facts_cache[key][0] is not doc:
            _facts_cache[key] = (doc, tuple(facts_of(p.sentences[0].doc, p, doc)))
            while len(_facts_cache) > 64:
                _facts_cache.pop(next(iter(_facts_cache)))
        found.extend(_facts_cache[key][1])
    return found


_facts_cache: dict[int, tuple] = {}  # id of a parsed Doc -> (the Doc, its facts): one reading per brief
