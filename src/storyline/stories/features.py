"""Article vectors for story detection: three kinds of evidence, each TF-IDF with document frequencies
learnt from the stream itself as it goes (no corpus statistics are shipped or needed).

* **Words**: the Porter stems (``storyline.text``) of the title and of the first ``max_tokens`` tokens
  of the text, stopwords and bare numbers left out. Title words count ``title_weight`` times.
* **Names** (``@name``): capitalised words inside a sentence (a proxy for people, organisations and
  places: no NER model runs, it would cost far more than the speed budget), a sentence-initial one when
  the article also has it inside a sentence, and the place of an all-capitals dateline
  (``COLMERE, May 3 (Agency) -``). Lower-cased, not stemmed; the agency in the dateline is left out.
* **Dates** (``#2025-05-03``): the days the text mentions (``May 3``, ``3 May 2025``, ``2025-05-03``, and
  ``on Tuesday`` read as the last Tuesday up to the article's date), the year taken from the article's
  date when the text gives none.

Weights are ``(1 + ln tf) * idf`` with ``idf = ln((N + 1) / (df + 1)) + 1`` over the ``N`` articles seen
so far. Each kind is L2-normalised on its own, then they are summed with weights 1, ``name_weight`` and
``date_weight`` and normalised again: the cosine of two articles that both have names and dates is
``(words + a^2 names + b^2 dates) / (1 + a^2 + b^2)``. An article without names (lower-cased text, as
in Multi-News) has its word vector alone, exactly as before names were added.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ..lang.en.lexicon import CALENDAR_NAMES, MONTHS, WEEKDAYS
from ..options import FeatureOptions
from ..text import STOPWORDS, stem
from .furniture import strip_furniture

_TOKEN_RE = re.compile(r"[a-z0-9]+")
# Words that say nothing about which story an article tells, beyond ``text.STOPWORDS``: calendar
# words, reporting verbs and the scraper furniture every outlet carries ("advertisement", "click").
_EXTRA_STOP = frozenset(
    """
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week weeks year years
month months day days time times according reported reports report reporting added adding told asked
percent cent news story stories article articles photo photos video videos image images click share
advertisement continue reading read getty reuters ap afp associated press http https www com html
""".split()
)
_SKIP = STOPWORDS | _EXTRA_STOP


_MONTH = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATE_RE = re.compile(  # (?=...): most positions are rejected on their first character
    rf"\b(?=[A-Z0-9])(?:{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?"
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}})\b)?"
    r"|\b(\d{4})-(\d{2})-(\d{2})\b"
    r"|\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
)
_CAPITAL_RE = re.compile(r"[A-Z][A-Za-z'’-]*[A-Za-z]")
_DATELINE_RE = re.compile(r"\s*([A-Z][A-Z.'’ -]{2,}[A-Z]),[^()\n]{0,30}?(?:\([^)\n]{1,60}\))?\s*[-—–]+\s")
_SENTENCE_END = frozenset(".!?:;\"“”'‘’([\n")
# Capitalised words that are not names: calendar words and what starts a headline-style phrase.
_NOT_NAMES = _SKIP | frozenset(MONTHS) | CALENDAR_NAMES | frozenset("mr mrs ms dr st".split())


def article_text(text: str, options: FeatureOptions = FeatureOptions()) -> str:
    """The part of the text that is read, page furniture removed: characters enough for ``max_tokens``
    tokens (a token and its space average ~6); the rest is not read."""
    return strip_furniture(text[: options.max_tokens * 12])


def term_counts(
    title: str | None, text: str, options: FeatureOptions = FeatureOptions(), clean: str | None = None
) -> dict[str, float]:
    """Stemmed content terms of an article and their (title-weighted) counts (page furniture left out;
    ``clean``: ``article_text(text)`` when the caller has it already)."""
    text = article_text(text, options) if clean is None else clean
    counts: Counter[str] = Counter()
    for token in _TOKEN_RE.findall(text.lower())[: options.max_tokens]:
        if len(token) > 1 and token not in _SKIP and not token.isdigit():
            counts[stem(token)] += 1
    if title:
        for token in _TOKEN_RE.findall(title.lower()):
            if len(token) > 1 and token not in _SKIP and not token.isdigit():
                counts[stem(token)] += options.title_weight
    return dict(counts)


def name_counts(text: str, options: FeatureOptions = FeatureOptions()) -> dict[str, float]:
    """``@name`` terms of an article's text: capitalised words inside a sentence (and sentence-initial
    ones the article also capitalises inside one), and an all-capitals dateline's place."""
    counts: Counter[str] = Counter()
    dateline = _DATELINE_RE.match(text)
    start = 0
    if dateline:
        place = dateline.group(1).lower().strip()
        if place not in _NOT_NAMES:
            counts["@" + place] += 1
        start = dateline.end()
    initial: list[str] = []
    for match in _CAPITAL_RE.finditer(text, start):
        word = match.group().lower()
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if word in _NOT_NAMES or len(word) < 2:
            continue
        i = match.start() - 1
        while i >= start and text[i] == " ":
            i -= 1
        if i < start or text[i] in _SENTENCE_END:
            initial.append(word)
        else:
            counts["@" + word] += 1
    for word in initial:
        if "@" + word in counts:
            counts["@" + word] += 1
    return dict(counts)


def date_counts(text: str, when: float | None, options: FeatureOptions = FeatureOptions()) -> dict[str, float]:
    """``#YYYY-MM-DD`` terms of the days an article's text mentions (``#MM-DD`` when neither the text nor
    the article gives a year); weekdays only for dated articles (the last such day up to the date)."""
    from datetime import date, datetime, timedelta, timezone

    today = datetime.fromtimestamp(when, timezone.utc).date() if when is not None else None
    counts: Counter[str] = Counter()
    for m in _DATE_RE.finditer(text):
        month_name, day, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        if m.group(10):
            if today is None:
                continue
            back = (today.weekday() - WEEKDAYS[m.group(10).lower()]) % 7
            counts["#" + (today - timedelta(days=back)).isoformat()] += 1
            continue
        if m.group(7):
            year, month, day_n = int(m.group(7)), int(m.group(8)), int(m.group(9))
        else:
            if month_name is None:
                continue
            month = MONTHS.get(month_name.lower().rstrip("."))
            if month is None:
                continue
            day_n = int(day)
            year = int(year) if year else None
        try:
            if year is None:
                if today is None:
                    date(2000, month, day_n)  # validity (a leap year)
                    counts[f"#{month:02d}-{day_n:02d}"] += 1
                    continue
                # The year that puts the day nearest the article's date.
                candidates = []
                for y in (today.year - 1, today.year, today.year + 1):
                    try:
                        candidates.append(date(y, month, day_n))
                    except ValueError:
                        pass
                if not candidates:
                    continue
                counts["#" + min(candidates, key=lambda d: abs((d - today).days)).isoformat()] += 1
            else:
                counts["#" + date(year, month, day_n).isoformat()] += 1
        except ValueError:
            continue
    return dict(counts)


def evidence(
    title: str | None, text: str, when: float | None, options: FeatureOptions = FeatureOptions()
) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """An article's word, name and date term counts (each empty when its weight is 0)."""
    clean = article_text(text, options)
    words = term_counts(title, text, options, clean)
    if not words:
        return words, {}, {}  # nothing but furniture (or stopwords): no story evidence at all
    names = name_counts(clean, options) if options.name_weight else {}
    dates = date_counts(clean, when, options) if options.date_weight else {}
    return words, names, dates


class DocumentFrequencies:
    """Document frequencies learnt online: ``add`` an article's terms, then weigh with ``vector``."""

    def __init__(self) -> None:
        self.df: dict[str, int] = {}
        self.n = 0

    def add(self, terms) -> None:
        df = self.df
        for term in terms:
            df[term] = df.get(term, 0) + 1
        self.n += 1

    def idf(self, term: str) -> float:
        return math.log((self.n + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def vector(self, counts: dict[str, float], max_terms: int) -> dict[str, float]:
        """The L2-normalised TF-IDF vector of ``counts``, its ``max_terms`` strongest terms, strongest first."""
        df = self.df
        top = math.log(self.n + 1) + 1.0
        log = math.log
        weights = [((1.0 + log(tf)) * (top - log(df.get(term, 0) + 1)), term) for term, tf in counts.items()]
        # Strongest first; equal weights by term, so the order never depends on the hash seed.
        weights.sort(key=lambda item: (-item[0], item[1]))
        del weights[max_terms:]
        norm = math.sqrt(sum(w * w for w, _ in weights)) or 1.0
        return {term: w / norm for w, term in weights}

    def evidence_vector(
        self, words: dict[str, float], names: dict[str, float], dates: dict[str, float], options: FeatureOptions
    ) -> dict[str, float]:
        """Words, names and dates each as a unit TF-IDF vector, summed with the options' weights and
        normalised: one unit vector, strongest terms first."""
        vector = self.vector(words, options.max_terms)
        if not names and not dates:
            return vector
        parts = [(vector, 1.0)]
        if names:
            parts.append((self.vector(names, options.max_names), options.name_weight))
        if dates:
            parts.append((self.vector(dates, options.max_dates), options.date_weight))
        parts = [(part, weight) for part, weight in parts if part]
        norm = math.sqrt(sum(weight * weight for _, weight in parts)) or 1.0
        merged = [(w * weight / norm, term) for part, weight in parts for term, w in part.items()]
        merged.sort(key=lambda item: (-item[0], item[1]))
        return {term: w for w, term in merged}

    def prune(self, keep: int) -> None:
        """Forget the rarest terms when the table outgrows ``keep`` (hapaxes are most of a vocabulary)."""
        if len(self.df) <= keep:
            return
        cut = 1
        while len(self.df) > keep:
            self.df = {t: c for t, c in self.df.items() if c > cut}
            cut += 1
