"""Timeline: the dated or datable events of a story, placed on a calendar where possible.

Time expressions are found with hand-written patterns (precision over recall) in the kept
sentences: explicit dates ("14 October 2025", "Oct 14", "in June", "in 2016"), weekdays ("late on
Monday night", "on Tuesday morning"), relative expressions ("yesterday", "this morning", "last
month", "two days ago") and clock times ("at about 11:40 p.m.", "between 2 and 4 a.m.", "one
o'clock in the morning"). Each is resolved against its article's date:

- the article date is ``PreparedDocument.parsed_date``, else a date read from the article's own
  header lines or dateline (``infer_document_date``), else the cluster's latest date when the
  dated articles agree within ``BORROW_WITHIN_DAYS`` days (wire stories about one event);
- weekdays and dates without a year are the most recent such day on or before the article date,
  or the next one when the clause around them speaks of the future ("will", "expected to", "said
  it would meet on Thursday"; not "would have", and not a time tied to a reporting verb: "said on
  Monday it would close", "told reporters on Monday that ... will");
- a date without a year takes the year the text gives for that month and day: "June 1 last year";
  the same article's "July 7, 2005" for its "the July 7 bombers" or "the bombings on July 7" (not
  when the most recent July 7 is within ``_NOW_DAYS`` of the article date and the date is not a
  name: an anniversary piece's "gathered on July 7"); and, for a date used as a name ("the 7 July
  link", "the February 27 earthquake"), a year another outlet of the cluster gives (only when one
  year is given);
- a clock time without a day takes the day of the article's previous dated expression, the next
  day when the clock has gone past midnight (an a.m. time after a night-time one), but only a day
  within ``_NOW_DAYS`` of the article date: a background date ("its last check was on April 16")
  does not own the times that follow. Before any such day, an article whose date line gives the
  time of writing or broadcast ("Tuesday 14 October 2025, 3:12pm", "Sunday 4 October 2026, 22:00 -
  02:00") places it at the latest such time of day up to the end of that window (in a future
  clause, the first from its start);
- a month alone ("in June") is YYYY-MM of the article year, or of the year before when that month
  is after the article's month (the year after for future clauses); periods ("last week", "three
  weeks ago") are given as the month (or year) that holds them.

Not dates: durations ("a 15-month uprising", "for two days"), counts ("2 million"), "24-hour",
"May" the verb (months stand alone only after a preposition), possessives ("Monday's newspaper",
"today's vote": the day names the paper or a thing, not when something happened), capitalised
seasons after a word ("the next Summer Olympic Games": a name), descriptions of a part of a month
or season ("the last week in June", "the last weekend in the summer"), and habits ("the rainy
season generally/usually/normally/typically starts in May").

The same event told by several outlets (near-duplicate sentences, same date or same expression)
is one ``TimelineEvent`` with a source span (the sentence) in each outlet; an outlet that could not
place it (a lone clock time) takes the date the others give. A lone clock time also joins another
outlet's dated event at the same time of day (± a quarter of an hour) told in a sentence sharing at
least 3 content stems, time words aside ("declared the result shortly after 1 a.m." / "just after 1
a.m. on Monday"), when that day is within ``_NOW_DAYS`` of its own article's date. In a dated article
an expression that still cannot be placed is left out; an undated cluster keeps its events,
undated, in reading order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from dateutil.relativedelta import weekday as dateutil_weekday
from dateutil.relativedelta import MO, TU, WE, TH, FR, SA, SU

from ..cluster import ClusterView, as_view
from ..lang.en import lexicon as lx
from ..model import PreparedDocument, Sentence, Span, TimelineEvent
from ..text import stems
from .redundancy import redundancy_groups

BORROW_WITHIN_DAYS = 3  # dated articles this close are reports of one moment: undated ones borrow the latest
_FUTURE_REACH = 40  # characters before an expression where "will", "expected to"... make it future
_FUTURE_SLACK_DAYS = 60  # "on Oct 20" in a present-tense clause of an Oct 14 article is this year's

# --- vocabulary -------------------------------------------------------------------------------

_MONTHS = lx.MONTHS
_WEEKDAYS = {name: (MO, TU, WE, TH, FR, SA, SU)[n] for name, n in lx.WEEKDAYS.items() if name in lx.WEEKDAY_NAMES}
_NUMBERS = {"a": 1, "an": 1, **{w: n for w, n in lx.UNITS.items() if 1 <= n <= 12}}
_PARTS_OF_DAY = lx.PARTS_OF_DAY
_LANDMARKS = lx.LANDMARKS

# Month and weekday names must be capitalised: "may" and "march" in lower case are verbs.
MONTH = "(?:" + "|".join(m.capitalize() for m in lx.MONTH_NAMES) + ")"
MONTH_ABBR = f"(?:{MONTH}|(?:" + "|".join(sorted((m.capitalize() for m in lx.MONTHS if m not in lx.MONTH_NAMES), key=len, reverse=True)) + r")\.?)"
WEEKDAY = "(?:" + "|".join(d.capitalize() for d in lx.WEEKDAY_NAMES) + ")"
DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:19[0-9]{2}|20[0-9]{2})"
_END = r"(?![\w'’-])"  # no word, digit or possessive glued on after
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_AMPM = r"(?:[aApP]\.[mM]\.|[aApP]\.[mM]\b|(?:am|pm|AM|PM)\b)"
_CLOCK = rf"(?:\d{{1,2}}(?:[:.][0-5]\d)?\s*{_AMPM}|\d{{1,2}}:[0-5]\d(?!\d))"
_BARE_CLOCK = r"\d{1,2}(?:[:.][0-5]\d)?"
_PART = r"(?:morning|afternoon|evening|night|lunchtime)"
_HOUR_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_LANDMARK = r"(?:dawn|daybreak|first\s+light|sunrise|sunset|dusk|nightfall|midnight|noon|midday)"


def _p(pattern: str) -> re.Pattern[str]:
    """A verbose pattern that starts at a word boundary (not inside "Saturday" or "11:40")."""
    return re.compile(r"(?<![\w'’])" + pattern, re.VERBOSE)


def _w(words: str) -> str:
    """An alternation of lower-case words that may also open a sentence: "on by" → (?:[Oo]n|[Bb]y)."""
    return "(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in words.split()) + ")"


# Function words may open a sentence ("[Oo]n"); month and weekday names must be capitalised.
# (Case-insensitive matching would make the patterns several times slower.)
_AT_DAY = _w("on since by until from before after")  # ... a day
_IN_MONTH = _w("in since by until from during before after")  # ... a month or year
_EDGE = rf"(?:{_w('early late mid')}[\s-]+)"  # "late August", "mid-2016"
_WD = rf"(?:(?P<wd>{WEEKDAY}),?\s+)"  # "Tuesday, Oct. 14"

# Every pattern names its kind.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", _p(rf"(?<![\d-])(?P<y>{YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])")),
    ("full", _p(rf"(?:[Oo]n\s+)?{_WD}?(?:[Tt]he\s+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<m>{MONTH_ABBR}),?\s+(?P<y>{YEAR}){_END}")),
    ("full", _p(rf"(?:[Oo]n\s+)?{_WD}?(?P<m>{MONTH_ABBR})\s+(?P<d>{DAY}),?\s+(?P<y>{YEAR}){_END}")),
    ("monthday", _p(rf"""(?:{_AT_DAY}\s+)?{_WD}?(?:[Tt]he\s+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<m>{MONTH_ABBR})
                         (?!\.?\s*,?\s*\d){_END}""")),  # not followed by a year: that is "full"
    ("monthday", _p(rf"(?:{_AT_DAY}\s+)?{_WD}?(?P<m>{MONTH_ABBR})\s+(?P<d>{DAY})(?![\d.]\d|:|,?\s*\d){_END}")),
    # "June 1 last year", "on 3 May this year": the year is given after all.
    ("monthday", _p(rf"""(?:{_AT_DAY}\s+)?{_WD}?
                         (?:(?:[Tt]he\s+)?(?P<d2>{DAY})(?:\s+of)?\s+(?P<m2>{MONTH_ABBR})
                           |(?P<m>{MONTH_ABBR})\s+(?P<d>{DAY}))
                         \s+(?P<rely>last|this|next)\s+year\b""")),
    ("monthyear", _p(rf"(?:{_IN_MONTH}\s+)?{_EDGE}?(?P<m>{MONTH}),?\s+(?:of\s+)?(?P<y>{YEAR}){_END}")),
    # A month alone only after a preposition: "May" and "March" open sentences as verbs and names.
    ("month", _p(rf"""(?P<pre>(?:{_IN_MONTH}|{_w('last next this early late mid')})(?:\s+{_w('early late mid')})?[\s-]+)
                      (?P<m>{MONTH})(?!\s*\d){_END}""")),
    ("season", _p(rf"""(?:{_w('in by until from during')}\s+)?(?:[Tt]he\s+)?{_EDGE}?
                       (?:spring|summer|autumn|fall|winter)\s+
                       (?:of\s+)?(?P<y>{YEAR}){_END}""")),
    # Seasons in lower case: capitalised after a word they name something ("the next Summer Olympic Games").
    ("season", _p(rf"(?P<rel>{_w('last next this')})\s+(?P<season>spring|summer|autumn|fall)\b")),
    # A year alone only after a preposition, and not as a count ("in 2016 pounds"?) or a modifier ("after 2004 Tsunami").
    ("year", _p(rf"""(?<![\w$£€,.]){_IN_MONTH}\s+{_EDGE}?(?P<y>{YEAR})
                     (?![\d%]|\s*(?:%|per\b|percent\b)|\s+[A-Z])(?![\w'’-])""")),
    # A weekday needs a preposition or a part of the day, else a clock to join ("Monday" alone is a name too).
    ("weekday", _p(rf"""(?P<pre>{_w('late early')}\s+(?:on\s+)?|(?:{_AT_DAY}|{_w('last next said says')}|
                        [Tt]his(?:\s+(?:past|coming))?)\s+(?:at\s+least\s+)?)?
                        (?P<wd>{WEEKDAY})(?!['’])(?:\s+(?P<part>{_PART}))?{_END}""")),
    ("relday", _p(rf"""(?P<word>[Tt]he\s+day\s+before\s+yesterday|{_w('yesterday today tonight tomorrow')})
                       (?:\s+(?P<part>morning|afternoon|evening|night))?(?!['’])\b""")),
    ("relday", _p(rf"(?:{_w('earlier later')}\s+)?(?P<word>{_w('this last')})\s+(?P<part>{_PART})\b")),
    ("relday", _p(rf"(?P<word>{_w('earlier later')})\s+today\b(?!['’])")),
    ("ago", _p(rf"(?<![\w-])(?P<n>{_NUM})\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b")),
    ("period", _p(rf"""(?<!the\s)(?:{_w('early late earlier later')}\s+)?(?P<rel>{_w('last this next')})\s+
                       (?P<unit>week|weekend|month|year)(?!['’])\b
                       (?!\s+of\b|\s+in\s+(?:the\s+)?(?:{MONTH}|spring|summer|autumn|fall|winter)\b)""")),
    # not "the last week of June", "the last weekend in the summer": a description, not a period before now
    ("clock", _p(rf"""(?:(?:{_w('at around about by from until before after')}|{_w('shortly just')}\s+(?:before|after))\s+
                      (?:{_w('about around approximately roughly some')}\s+)?)?(?P<clock>{_CLOCK})""")),
    ("between", _p(rf"""[Bb]etween\s+(?P<a>{_BARE_CLOCK})(?:\s*(?P<ampm_a>{_AMPM}))?\s+and\s+
                        (?P<b>{_BARE_CLOCK})(?:\s*(?P<ampm>{_AMPM}))?""")),
    ("landmark", _p(rf"""(?:{_w('shortly just well long soon')}\s+)?(?P<rel>{_w('before after at around by until')})\s+
                         (?P<mark>{_LANDMARK})\b""")),
    ("early_hours", _p(r"(?:[Ii]n\s+)?[Tt]he\s+(?:early|small|wee)\s+hours\b")),
    # "one o'clock in the morning", "at 9 o'clock"
    ("oclock", _p(rf"""(?:{_w('at around about by from until before after')}\s+)?
                       (?P<n>{_HOUR_WORD}|1[0-2]|0?[1-9])\s+o['’]clock\b
                       (?:\s+(?P<oc>in\s+the\s+(?:morning|afternoon|evening)|at\s+night))?""")),
]

# Which words a pattern cannot match without: a sentence is only searched with the patterns whose
# anchors it holds (one cheap pass instead of twenty slow ones).
def _anchor_words() -> dict[str, str]:
    words = {name.capitalize(): "month" for name in _MONTHS}
    words.update({name.capitalize(): "weekday" for name in _WEEKDAYS})
    for anchor, names in (
        ("rel", "yesterday today tonight tomorrow last this next ago earlier later"),
        ("season", "spring summer autumn fall winter"),
        ("mark", "dawn daybreak light sunrise sunset dusk nightfall midnight noon midday hours"),
        ("oclock", "clock"),
    ):
        for name in names.split():
            words[name] = words[name.capitalize()] = anchor
    return words


_ANCHOR_WORDS = _anchor_words()
_WORD = re.compile(r"[A-Za-z]+")
_DIGIT = re.compile(r"\d")
_NEEDS = {
    "iso": {"digit"}, "full": {"digit", "month"}, "monthday": {"digit", "month"}, "monthyear": {"digit", "month"},
    "month": {"month"}, "year": {"digit"}, "weekday": {"weekday"}, "relday": {"rel"}, "ago": {"rel"},
    "period": {"rel"}, "clock": {"digit"}, "between": {"digit"}, "landmark": {"mark"}, "early_hours": {"mark"},
    "season": {"season"}, "oclock": {"oclock"},
}


def _anchors(sentence: str) -> set[str]:
    found = {_ANCHOR_WORDS[w] for w in set(_WORD.findall(sentence)) if w in _ANCHOR_WORDS}
    if _DIGIT.search(sentence):
        found.add("digit")
    return found


_FUTURE_CUE = re.compile(
    r"\b(?:will|won[’']t|shall|going\s+to|due\s+to|expected\s+to|set\s+to|scheduled|plans?\s+to|planned|"
    r"is\s+to|are\s+to|next|upcoming|until|would(?!\s+have\b))\b|['’]ll\b",  # "said it would meet on Thursday"
    re.IGNORECASE,
)
# A habit or a rule, not an event: "the rainy season generally starts in May". (Not "every" or "each":
# "every year since 1947" still dates its start, and "each other" is no habit.)
_HABITUAL_CUE = re.compile(r"\b(?:usually|generally|normally|typically|traditionally)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:—–()]|--|\bwho\b|\bwhich\b|\bthat\b|\bbut\b|\band\b")
_OTHER_DAY = re.compile(
    r"\s*,?\s*(?:(?:on|of)\s+the\s+(?:day|night|morning|evening|afternoon)\b|(?:that|the\s+(?:previous|next|following))\s+"
    r"(?:day|night|morning|evening|afternoon)\b)"
)
_JOIN_GAP = re.compile(r"[\s,]*(?:(?:on|of)\s+)?")  # "at 9 a.m. on Monday", "the early hours of Tuesday"


# --- article dates ------------------------------------------------------------------------------

_HEADER_DATE = [
    re.compile(rf"(?:{WEEKDAY},?\s+)?(?<!\d)(?P<d>{DAY})\s+(?P<m>{MONTH_ABBR}),?\s+(?P<y>{YEAR})\b"),
    re.compile(rf"(?:{WEEKDAY},?\s+)?(?P<m>{MONTH_ABBR})\s+(?P<d>{DAY}),?\s+(?P<y>{YEAR})\b"),
    re.compile(rf"\b(?P<y>{YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"),
]
# "PORT ELSWICK, Oct 14 (CPA) -": a wire dateline gives the day but rarely the year.
_DATELINE = re.compile(rf"^[A-Z][A-Z.'’ -]{{2,}},\s*(?P<m>{MONTH_ABBR})\s+(?P<d>{DAY})\b", re.MULTILINE)
_HEADER_CHARS = 1500


def _month_number(name: str) -> int:
    return int(name) if name.isdigit() else _MONTHS[name.rstrip(".").lower()]


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def infer_document_date(prepared: PreparedDocument, year: int | None = None) -> datetime | None:
    """The article's date: its parsed metadata date, else a full date in its header lines (text
    before the first kept sentence, and lines prepare() dropped there: "Tuesday 14 October 2025,
    3:12pm"), else its wire dateline ("PORT ELSWICK, Oct 14 (CPA) -") when ``year`` is given."""
    if prepared.parsed_date is not None:
        return prepared.parsed_date
    text = prepared.document.text
    first = prepared.sentences[0].start if prepared.sentences else len(text)
    header = text[: min(first, _HEADER_CHARS)]
    pieces = [header] + [text[a:b] for a, b in prepared.dropped if a < _HEADER_CHARS and b > first]
    for piece in pieces:
        for pattern in _HEADER_DATE:
            m = pattern.search(piece)
            found = m and _make_date(int(m["y"]), _month_number(m["m"]), _day_number(m["d"]))
            if found:
                return datetime(found.year, found.month, found.day)
    # A date line glued to the first sentence ("Saturday, March 26, 2005 Up to four times ...").
    for pattern in _HEADER_DATE:
        m = pattern.match(text, first)
        found = m and _make_date(int(m["y"]), _month_number(m["m"]), _day_number(m["d"]))
        if found:
            return datetime(found.year, found.month, found.day)
    if year is not None:
        m = _DATELINE.search(text, 0, min(len(text), first + 200))
        if m:
            found = _make_date(year, _month_number(m["m"]), _day_number(m["d"]))
            if found:
                return datetime(found.year, found.month, found.day)
    return None


def own_dates(docs: Sequence[PreparedDocument]) -> list[datetime | None]:
    """Each article's own date: its metadata or header date, else its dateline read with the
    cluster's latest year. None for an article that carries no date of its own."""
    own = [infer_document_date(p) for p in docs]
    known = [d for d in own if d is not None]
    if not known:
        return own
    latest = max(known)
    return [d or infer_document_date(p, year=latest.year) for d, p in zip(own, docs)]


def document_dates(docs: Sequence[PreparedDocument], own: Sequence[datetime | None] | None = None) -> list[date | None]:
    """The reference date of each article (see the module notes: own date, dateline with the
    cluster's year, or the cluster's latest date when the dated articles agree). ``own`` is
    ``own_dates(docs)`` when the caller has it already."""
    own = list(own_dates(docs) if own is None else own)
    known = [d for d in own if d is not None]
    if not known:
        return [None] * len(docs)
    agree = (max(known) - min(known)).days <= BORROW_WITHIN_DAYS
    result = []
    for d in own:
        if d is None and agree:
            d = max(known)
        result.append(d.date() if d is not None else None)
    return result


# --- finding expressions ----------------------------------------------------------------------


@dataclass
class _Expression:
    start: int  # offsets in the sentence
    end: int
    kind: str
    match: re.Match[str]
    partner: _Expression | None = None  # a clock joined to a day ("between 5.30 and 7.30" + "this morning")

    @property
    def needs_partner(self) -> bool:
        """Only a date when joined to another expression: a bare weekday ("Monday") or "between 5.30 and 7.30"."""
        if self.kind == "weekday":
            return not (self.match["pre"] or self.match["part"])
        if self.kind == "between":
            return not (self.match["ampm"] or self.match["ampm_a"] or ":" in self.match.group())
        return False

    @property
    def is_clock(self) -> bool:
        return self.kind in ("clock", "between", "landmark", "early_hours", "oclock")


def _expressions(sentence: str) -> list[_Expression]:
    """Non-overlapping expressions, longest first; clocks joined to an adjacent day expression."""
    found = []
    anchors = _anchors(sentence)
    for kind, pattern in _PATTERNS:
        if not _NEEDS[kind] <= anchors:
            continue
        for m in pattern.finditer(sentence):
            if m.end() > m.start():
                found.append(_Expression(m.start(), m.end(), kind, m))
    found.sort(key=lambda e: (-(e.end - e.start), e.start))
    kept: list[_Expression] = []
    for e in found:
        if all(e.end <= k.start or e.start >= k.end for k in kept):
            kept.append(e)
    kept.sort(key=lambda e: e.start)

    joined: list[_Expression] = []
    for e in kept:
        prev = joined[-1] if joined else None
        gap = sentence[prev.end : e.start] if prev else ""
        if prev and prev.partner is None and _JOIN_GAP.fullmatch(gap) and prev.is_clock != e.is_clock:
            clock, day = (prev, e) if prev.is_clock else (e, prev)
            joined[-1] = _Expression(prev.start, e.end, day.kind, day.match, clock)
            continue
        joined.append(e)
    return [e for e in joined if e.partner is not None or not e.needs_partner]


# --- resolving ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Resolved:
    date: str | None  # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    day: date | None  # the calendar day, when known to the day (context for later clocks)
    hour: float | None  # approximate hour of day, when known


def _iso_month(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _span_label(first: date, last: date) -> str | None:
    """The month (or year) holding a period, or None when it straddles years."""
    if (first.year, first.month) == (last.year, last.month):
        return _iso_month(first)
    return f"{first.year:04d}" if first.year == last.year else None


def _hour_of(e: _Expression) -> float | None:
    """Approximate hour of a clock expression (the first time in a range)."""
    m = e.match
    if e.kind == "clock" or e.kind == "between":
        raw = m["clock"] if e.kind == "clock" else m["a"]
        ampm = (m["clock"] if e.kind == "clock" else (m["ampm_a"] or m["ampm"] or "")).lower()
        hour_text, _, minutes = re.match(r"(\d{1,2})(?:[:.](\d{2}))?", raw).group(1, 0, 2)
        hour = int(hour_text) % 24 + (int(minutes) / 60 if minutes else 0)
        if "p" in ampm and hour < 12:
            hour += 12
        elif "a" in ampm and hour >= 12:
            hour -= 12
        return hour
    if e.kind == "landmark":
        hour = _LANDMARKS[" ".join(m["mark"].lower().split())]
        if m["rel"].lower() in ("before", "by", "until") and hour == 0:
            return 23.9  # "shortly before midnight" is the evening before
        return hour
    if e.kind == "early_hours":
        return 3
    if e.kind == "oclock":
        n = m["n"].lower()
        hour = int(n) if n.isdigit() else _NUMBERS[n]
        part = (m["oc"] or "").lower()
        if part.endswith(("afternoon", "evening")) or (part.endswith("night") and hour >= 6):
            return hour % 12 + 12
        return hour % 12 if part else hour
    return None


def _weekday(ref: date, wd: dateutil_weekday, mode: str) -> date:
    """mode: past (on or before ref), future (on or after), last (before), next (after)."""
    if mode == "last":
        return ref - timedelta(days=1) + relativedelta(weekday=wd(-1))
    if mode == "next":
        return ref + timedelta(days=1) + relativedelta(weekday=wd(+1))
    return ref + relativedelta(weekday=wd(+1) if mode == "future" else wd(-1))


def _year_for(month: int, day: int | None, ref: date, future: bool) -> int:
    """The year of a date written without one: the most recent on or before the article date
    (the next one in a future clause)."""
    if day is None:
        if future:
            return ref.year + (month < ref.month)
        return ref.year - (month > ref.month)
    this_year = _make_date(ref.year, month, day) or date(ref.year, month, 28)
    if future:
        return ref.year + (this_year < ref)
    return ref.year - (this_year > ref + timedelta(days=_FUTURE_SLACK_DAYS))


def _month_day(m: re.Match[str]) -> tuple[int, int]:
    """(month, day) of a "monthday" match (either word order)."""
    groups = m.groupdict()
    return _month_number(groups.get("m") or groups["m2"]), _day_number(groups.get("d") or groups["d2"])


def _resolve_day(e: _Expression, ref: date | None, future: bool, year: int | None = None) -> _Resolved | None:
    """A non-clock expression; None when it is not a date after all (31 February). ``year``: the year
    the text gives elsewhere for a date written without one (see ``_known_years``)."""
    m, kind = e.match, e.kind
    groups = m.groupdict()
    part = groups.get("part")
    hour = _PARTS_OF_DAY.get(part.lower()) if part else None
    if kind in ("iso", "full"):
        d = _make_date(int(m["y"]), _month_number(m["m"]), _day_number(m["d"]))
        return _Resolved(d.isoformat(), d, None) if d else None
    if kind == "monthyear":
        return _Resolved(f"{int(m['y']):04d}-{_month_number(m['m']):02d}", None, None)
    if kind == "season" and groups.get("y"):
        return _Resolved(m["y"], None, None)
    if kind == "year":
        return _Resolved(m["y"], None, None)
    if ref is None:
        return _Resolved(None, None, hour)
    if kind == "monthday":
        month, day = _month_day(m)
        if groups.get("rely"):  # "June 1 last year"
            year = ref.year + {"last": -1, "this": 0, "next": 1}[m["rely"]]
        d = _make_date(year or _year_for(month, day, ref, future), month, day)
        return _Resolved(d.isoformat(), d, None) if d else None
    if kind == "month":
        month, pre = _month_number(m["m"]), m["pre"].split()[0].lower()
        if pre == "last":
            year = ref.year - (month >= ref.month)
        elif pre == "next":
            year = ref.year + (month <= ref.month)
        else:
            year = _year_for(month, None, ref, future)
        return _Resolved(f"{year:04d}-{month:02d}", None, None)
    if kind == "season":
        rel = m["rel"].lower()
        start_month = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9}[m["season"].lower()]
        year = ref.year
        if rel == "next":
            year += ref.month >= start_month
        elif rel == "last":
            year -= ref.month < start_month + 3
        return _Resolved(f"{year:04d}", None, None)
    if kind == "weekday":
        pre = (m["pre"] or "").split()
        word = pre[0].lower() if pre else ""
        if "coming" in (p.lower() for p in pre):
            word = "next"
        mode = {"last": "last", "next": "next"}.get(word, "future" if future else "past")
        d = _weekday(ref, _WEEKDAYS[m["wd"].lower()], mode)
        if word == "late":
            hour = 23 if part and part.lower() == "night" else (hour or 20)
        elif word == "early":
            hour = 3 if hour is None else hour
        return _Resolved(d.isoformat(), d, hour)
    if kind == "relday":
        word = m["word"].lower()
        offsets = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "this": 0, "earlier": 0, "later": 0}
        offset = -2 if word.startswith("the day before") else offsets.get(word, 0)
        if word == "last":  # "last night" is the night before; "last evening" too
            offset = -1
        if word == "tonight":
            hour = 21
        d = ref + timedelta(days=offset)
        return _Resolved(d.isoformat(), d, hour)
    if kind == "ago":
        n = int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"].lower()]
        unit = m["unit"].lower().rstrip("s")
        if unit == "day":
            d = ref - timedelta(days=n)
            return _Resolved(d.isoformat(), d, None)
        if unit == "week":
            return _Resolved(_iso_month(ref - timedelta(weeks=n)), None, None)
        if unit == "month":
            return _Resolved(_iso_month(ref - relativedelta(months=n)), None, None)
        return _Resolved(f"{ref.year - n:04d}", None, None)
    if kind == "period":
        rel, unit = m["rel"].lower(), m["unit"].lower()
        step = {"last": -1, "this": 0, "next": 1}[rel]
        if unit == "year":
            return _Resolved(f"{ref.year + step:04d}", None, None)
        if unit == "month":
            return _Resolved(_iso_month(ref + relativedelta(months=step)), None, None)
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
        first, last = (monday + timedelta(days=5), monday + timedelta(days=6)) if unit == "weekend" else (
            monday, monday + timedelta(days=6))
        if unit == "weekend" and step == -1 and ref.weekday() == 6:
            first, last = first + timedelta(weeks=1), last + timedelta(weeks=1)  # Sunday: "last weekend" is this one
        return _Resolved(_span_label(first, last), None, None)
    return None


_LABEL_YEAR = re.compile(r"\d{4}(?:-|$)")


def _in_calendar(resolve, *args):
    """``resolve(*args)``, or None for a date outside years 1-9999 ("1000000 days ago", "tomorrow"
    of 9999-12-31): date arithmetic past the calendar's ends raises, and a label must stay YYYY[-...]."""
    try:
        resolved = resolve(*args)
    except (OverflowError, ValueError):
        return None
    label = getattr(resolved, "date", None)
    if label is not None and (not _LABEL_YEAR.match(label) or label.startswith("0000")):
        return None
    return resolved


def _reach(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The words near an expression (``_FUTURE_REACH`` characters each side) in its clause, where
    cues for the future or a habit are looked for. Clauses end at commas, dashes, "who", "and"..."""
    low, high = max(0, start - _FUTURE_REACH), min(len(sentence), end + _FUTURE_REACH)
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, low, start)), default=low)
    after = _CLAUSE_BREAK.search(sentence, end, high)
    return left, after.start() if after else high


# A reporting verb ties a time to the saying: "said on Monday it would close", "told reporters on Monday".
_REPORTING = re.compile(r"\b(?:said|says|told|announced|stated|added|confirmed|reported|warned|declared)\b", re.I)
_REPORTED_JUST_BEFORE = re.compile(r"\b(?:said|says|told|announced|stated|added|confirmed|reported|warned|declared)"
                                   r"\s+(?:[A-Za-z]+\s+)?$", re.I)


def _is_future(sentence: str, start: int, end: int, reach: tuple[int, int] | None = None) -> bool:
    """Whether the words near an expression, in its clause, speak of the future ("are expected to stay
    closed until at least Wednesday", "from Monday buses will run", "said it would meet on Thursday";
    not "due to be refitted next spring as part of the plan approved by the council in June", nor a
    time of saying: "said on Monday it would close"). ``reach``: ``_reach`` of the expression."""
    if _REPORTED_JUST_BEFORE.search(sentence, max(0, start - 30), start) or _REPORTING.match(sentence, start):
        return False  # "said on Monday (that) it would ...": when it was said
    for cue in _FUTURE_CUE.finditer(sentence, *(reach or _reach(sentence, start, end))):
        between = sentence[cue.end() : start] if cue.end() <= start else sentence[end : cue.start()]
        if _REPORTING.search(between):
            continue  # "will" of another clause: "the strike, he said on Monday, will go on"
        if cue.group(0).lower() == "would" and cue.start() > start:
            continue  # only "it would meet ... on Thursday": after a day, "would" is often a conditional
        return True
    return False


# --- events -------------------------------------------------------------------------------------


@dataclass
class _Event:
    doc: int
    sentence: Sentence
    offset: int  # of the expression in the sentence
    when: str
    date: str | None
    hour: float | None = None  # approximate time of day, when the expression gives one
    lone_clock: bool = False  # a time of day without a day of its own ("shortly after 1 a.m.")


def _norm_when(when: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", when.lower()))


def _resolve_clock(
    e: _Expression, sentence: str, context: _Resolved | None, window: tuple[datetime, datetime] | None = None
) -> _Resolved:
    """A time of day alone takes its day from the story so far: the day of the article's last
    expression known to the day, or the day after when the clock went past midnight (an a.m. time
    after a night-time one: "late on Monday night ... between 2 and 4 a.m."). Before any such
    expression, an article whose date line gives the time it was written or broadcast ("Tuesday 14
    October 2025, 3:12pm", "Sunday 4 October 2026, 22:00 - 02:00") places it at the last such time
    of day up to the end of that window; in a future clause ("a vigil will be held at 8 p.m."), at the
    first one from its start, whatever the story's day."""
    hour = _hour_of(e)
    if hour is None or _OTHER_DAY.match(sentence, e.end):
        return _Resolved(None, None, hour)  # nothing to go on, or "at 7:20 on the day of the attack"
    future = _is_future(sentence, e.start, e.end)
    if window is not None and (context is None or context.day is None or future):
        start, end = window
        if future:
            day = start.date() + timedelta(days=hour < start.hour + start.minute / 60)
        else:
            day = end.date() - timedelta(days=hour > end.hour + end.minute / 60)
        return _Resolved(day.isoformat(), day, hour)
    if context is None or context.day is None:
        return _Resolved(None, None, hour)
    day = context.day
    if context.hour is not None and context.hour >= 18 and hour < 12:
        day += timedelta(days=1)
    return _Resolved(day.isoformat(), day, hour)


def _in_range(label: str | None) -> bool:
    """A calendar label the timeline can show: years 1 to 9999 ("10000 years ago" is not one)."""
    return label is None or (label[:1].isdigit() and 1 <= int(label[:4]) <= 9999 and not label[4:5].isdigit())


def _not_after(resolved: _Resolved, ref: date | None, future: bool) -> _Resolved:
    """A past event is on or before its article's date: a time past midnight after a night-time
    one ("late on Saturday ... at 4 a.m.") in an article of that Sunday is the article's day, and a
    month after the article's month ("elections in July" in November) is the year's before."""
    if ref is None or future or resolved.date is None:
        return resolved
    if resolved.day is not None:
        if resolved.day > ref:
            return _Resolved(ref.isoformat(), ref, resolved.hour)
        return resolved
    label = resolved.date
    if len(label) == 7 and label > f"{ref.year:04d}-{ref.month:02d}":
        year, month = int(label[:4]), int(label[5:])
        year = ref.year - (month > ref.month)
        if year >= 1:
            return _Resolved(f"{year:04d}-{month:02d}", None, resolved.hour)
    if len(label) == 4 and int(label) > ref.year:
        return _Resolved(f"{ref.year:04d}", None, resolved.hour)
    return resolved


# A date used as a name ("the July 7 bombings", "the 7 July link"): the day of a known event, which
# may be years before the article.
_NAME_AFTER = re.compile(r"\s+(?!(?:and|or|to|of|in|on|at|by|for|from|with|was|is|were|are|had|has|will|would|"
                         r"when|as|that|which|who|after|before|through|until)\b)[A-Za-z]")
_NOW_DAYS = 7  # a day this close to the article's date is the story's "now"; lone clock times may take it


def _known_years(found: Sequence[Sequence[list[_Expression]]]) -> tuple[list[dict], dict]:
    """Years the text gives for a month and day: per article, and over the cluster ({(7, 7): 2005}),
    where one year only is given. A date written without its year takes it: "the July 7 bombers" in an
    article that also writes "July 7, 2005" is 2005's, not this year's July 7."""
    per_doc = []
    for expressions in found:  # per article, per sentence
        years: dict[tuple[int, int], set[int]] = {}
        for sentence_expressions in expressions:
            for e in sentence_expressions:
                if e.kind in ("full", "iso"):
                    key = (_month_number(e.match["m"]), _day_number(e.match["d"]))
                    years.setdefault(key, set()).add(int(e.match["y"]))
        per_doc.append(years)
    cluster: dict[tuple[int, int], set[int]] = {}
    for years in per_doc:
        for key, given in years.items():
            cluster.setdefault(key, set()).update(given)
    single = lambda d: {k: next(iter(v)) for k, v in d.items() if len(v) == 1}  # noqa: E731
    return [single(d) for d in per_doc], single(cluster)


def _publication_window(prepared: PreparedDocument, ref: date | None) -> tuple[datetime, datetime] | None:
    """The time of day the article's date line gives ("Tuesday 14 October 2025, 3:12pm"; a broadcast's
    "22:00 - 02:00", which runs into the next day), on the article's date."""
    if ref is None or prepared.parsed_date is not None:
        return None
    text = prepared.document.text
    first = prepared.sentences[0].start if prepared.sentences else len(text)
    pieces = [text[: min(first, _HEADER_CHARS)]] + [text[a:b] for a, b in prepared.dropped if a < _HEADER_CHARS]
    for piece in pieces:
        for pattern in _HEADER_DATE:
            m = pattern.search(piece)
            if not m or _make_date(int(m["y"]), _month_number(m["m"]), _day_number(m["d"])) != ref:
                continue
            t = _HEADER_TIME.match(piece, m.end())
            if not t:
                return None
            start = _header_hour(t["h1"], t["m1"], t["ap1"])
            end = _header_hour(t["h2"], t["m2"], t["ap2"]) if t["h2"] else start
            if start is None or end is None:
                return None
            first_dt = datetime(ref.year, ref.month, ref.day) + timedelta(hours=start)
            last_dt = datetime(ref.year, ref.month, ref.day) + timedelta(hours=end, days=end < start)
            return first_dt, last_dt
    return None


_HEADER_TIME = re.compile(
    r"\s*,?\s*(?:at\s+)?(?P<h1>[01]?\d|2[0-3])[:.](?P<m1>[0-5]\d)\s*(?P<ap1>[aApP]\.?[mM]\.?)?"
    r"(?:\s*[-–—]\s*(?P<h2>[01]?\d|2[0-3])[:.](?P<m2>[0-5]\d)\s*(?P<ap2>[aApP]\.?[mM]\.?)?)?"
)


def _header_hour(hour: str, minute: str, ampm: str | None) -> float | None:
    h = int(hour)
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm[0] in "pP" else 0)
    return h + int(minute) / 60


def _document_events(
    prepared: PreparedDocument,
    doc: int,
    ref: date | None,
    years: tuple[dict, dict] = ({}, {}),
    window: tuple[datetime, datetime] | None = None,
    expressions: Sequence[list[_Expression]] | None = None,
) -> list[_Event]:
    """The article's events in reading order: one per sentence and date, named by its first expression.
    ``years``: the article's and the cluster's known years of a month and day (``_known_years``);
    ``window``: the article's publication time (``_publication_window``); ``expressions``: those of
    each sentence, when already found."""
    own_years, cluster_years = years
    events = []
    context: _Resolved | None = None  # the last expression known to the day: the story's "now"
    if expressions is None:
        expressions = [_expressions(s.text) for s in prepared.sentences]
    for s, sentence_expressions in zip(prepared.sentences, expressions):
        dates_seen: set[str | None] = set()
        for e in sentence_expressions:
            if s.position == 0 and e.start == 0 and e.kind in ("full", "iso"):
                continue  # a date line glued to the lead ("Saturday, March 26, 2005 Up to ..."): the article's date
            if e.is_clock:
                future = _is_future(s.text, e.start, e.end)
                resolved = _in_calendar(_resolve_clock, e, s.text, context, window)
                if resolved is None:
                    continue
            else:
                reach = _reach(s.text, e.start, e.end)
                if _HABITUAL_CUE.search(s.text, *reach):
                    continue  # "the rainy season generally starts in May": no one day
                future = _is_future(s.text, e.start, e.end, reach)
                year = _given_year(e, s.text, ref, future, own_years, cluster_years) if e.kind == "monthday" else None
                resolved = _in_calendar(_resolve_day, e, ref, future, year)
                if resolved is None or not _in_range(resolved.date):
                    continue
                if e.partner is not None:  # "on Monday at 9 a.m.": the day's date, the clock's hour
                    resolved = _Resolved(resolved.date, resolved.day, _hour_of(e.partner))
            resolved = _not_after(resolved, max(ref, window[1].date()) if ref and window else ref, future)
            if resolved.day is not None:
                # The story's "now" for later lone clock times: only a day near the article's date. A
                # background date ("its last check was on April 16") does not own the times that follow.
                near = ref is None or abs((resolved.day - ref).days) <= _NOW_DAYS
                context = resolved if near else None
            if resolved.date not in dates_seen:
                dates_seen.add(resolved.date)
                lone = e.is_clock and e.partner is None
                events.append(_Event(doc, s, e.start, s.text[e.start : e.end], resolved.date, resolved.hour, lone))
    return events


def _given_year(
    e: _Expression, sentence: str, ref: date | None, future: bool, own: dict, cluster: dict
) -> int | None:
    """The year the text gives for a date written without one (see ``_known_years``): the article's
    own when the date is used as a name ("the July 7 bombers") or when the most recent such day is
    not the story's "now" (an anniversary piece's "gathered on July 7" stays this year's); the
    cluster's for a name only."""
    key = _month_day(e.match)
    name = _is_name(sentence, e)
    if key in own:
        if name or ref is None:
            return own[key]
        recent = _make_date(_year_for(key[0], key[1], ref, future), *key)
        if recent is None or abs((recent - ref).days) > _NOW_DAYS:
            return own[key]
    return cluster.get(key) if name else None


def _is_name(sentence: str, e: _Expression) -> bool:
    """Whether a date is used as a name: after "the" and before a noun ("the July 7 bombers")."""
    before = sentence[max(0, e.start - 4) : e.start].lower()
    opens_with_the = e.match.group(0).lower().startswith("the ") or before.endswith("the ")
    return opens_with_the and bool(_NAME_AFTER.match(sentence, e.end))


def _compatible(a: _Event, b: _Event) -> bool:
    if a.doc == b.doc:
        return False
    if a.date is not None and a.date == b.date:
        return True
    same_words = _norm_when(a.when) == _norm_when(b.when)
    return same_words and (a.date is None or b.date is None or a.date == b.date)


_CLOCK_SHARED = 3  # content stems two outlets' sentences share when they tell the same moment
_CLOCK_SLACK = 0.25  # hours between two outlets' times of one moment ("shortly after 1", "just after 1")
_TIME_WORDS = frozenset(stems("local time utc gmt bst cet est edt pdt hours morning afternoon evening night "
                              "midnight noon today yesterday shortly just about around after before"))


def _join_lone_clocks(
    merged: list[list[_Event]], content: list[frozenset], index: dict, refs: Sequence[date | None]
) -> list[list[_Event]]:
    """A time of day an outlet could not place ("declared the result shortly after 1 a.m.") joins the
    event another outlet dates at the same time of day (within ``_CLOCK_SLACK`` hours) in a sentence
    sharing at least ``_CLOCK_SHARED`` content stems, time words aside ("declared the result just after
    1 a.m. on Monday"), when that day is the story's "now" for the outlet too (within ``_NOW_DAYS`` of
    its date: aftershocks months apart are told in the same words)."""
    dated = [m for m in merged if any(e.date for e in m) and any(e.hour is not None for e in m)]
    result = []
    for members in merged:
        if any(e.date for e in members) or not all(e.lone_clock and e.hour is not None for e in members):
            result.append(members)
            continue
        left = []
        for e in members:
            home = next((other for other in dated if _same_moment(e, other, content, index, refs)), None)
            if home is None:
                left.append(e)
            else:
                home.append(e)
        if left:
            result.append(left)
    return result


def _same_moment(e: _Event, other: list[_Event], content: list[frozenset], index: dict, refs) -> bool:
    """Whether the lone clock ``e`` tells the moment of the dated event ``other`` (see ``_join_lone_clocks``)."""
    if any(o.doc == e.doc for o in other):
        return False
    day = next((date.fromisoformat(o.date) for o in other if o.date and len(o.date) == 10), None)
    if day is None or (refs[e.doc] is not None and abs((day - refs[e.doc]).days) > _NOW_DAYS):
        return False
    if not any(o.hour is not None and abs(e.hour - o.hour) <= _CLOCK_SLACK for o in other):
        return False
    words = content[index[(e.doc, e.sentence.position)]] - _TIME_WORDS
    return any(len(words & content[index[(o.doc, o.sentence.position)]]) >= _CLOCK_SHARED for o in other)


def _sort_key(date_text: str | None) -> tuple[bool, str]:
    """Undated last; a month or year sorts at its start ("2025-10" before "2025-10-13")."""
    if date_text is None:
        return (True, "")
    padding = {4: "-01-01", 7: "-01"}.get(len(date_text), "")
    return (False, date_text + padding)


def find_timeline(docs: ClusterView | Sequence[PreparedDocument]) -> tuple[TimelineEvent, ...]:
    """Dated or datable events, earliest first (undated last, then document order and position).

    ``when`` is the expression as written, ``date`` its ISO date (YYYY-MM-DD, YYYY-MM or YYYY) or
    None, ``text`` the sentence, ``sources`` the sentence in every outlet that tells the event.
    """
    view = as_view(docs)
    docs = view.documents
    refs = document_dates(docs)
    found = [[_expressions(s.text) for s in prepared.sentences] for prepared in docs]
    own_years, cluster_years = _known_years(found)
    raw: list[_Event] = []
    for i, prepared in enumerate(docs):
        window = _in_calendar(_publication_window, prepared, refs[i])
        raw.extend(_document_events(prepared, i, refs[i], (own_years[i], cluster_years), window, found[i]))
    if not raw:
        return ()

    # Outlets telling one event: near-duplicate sentences (redundancy groups of content stems).
    sentences = sorted({(e.doc, e.sentence.position): e.sentence for e in raw}.items())
    index = {key: i for i, (key, _) in enumerate(sentences)}
    content = [view.content(doc, position) for (doc, position), _ in sentences]
    groups = redundancy_groups(content)
    merged: list[list[_Event]] = []
    by_group: dict[int, list[list[_Event]]] = {}
    for e in raw:
        bucket = by_group.setdefault(groups[index[(e.doc, e.sentence.position)]], [])
        home = next((m for m in bucket if all(_compatible(e, other) for other in m)), None)
        if home is None:
            home = []
            bucket.append(home)
            merged.append(home)
        home.append(e)

    merged = _join_lone_clocks(merged, content, index, refs)

    events = []
    for members in merged:
        first = members[0]
        resolved = next((m.date for m in members if m.date is not None), None)  # an outlet that could date it
        if resolved is None and all(refs[m.doc] is not None for m in members):
            continue  # a dated article that cannot place it ("this week" across New Year, a lone clock time)
        sources = tuple(Span(docs[m.doc].document.id, m.sentence.start, m.sentence.end) for m in members)
        key = (_sort_key(resolved), first.doc, first.sentence.position, first.offset)
        events.append((key, TimelineEvent(when=first.when, date=resolved, text=first.sentence.text, sources=sources)))
    events.sort(key=lambda item: item[0])
    return tuple(event for _, event in events)
