"""Article vectors for story detection: TF-IDF of stemmed content words, with document frequencies
learnt from the stream itself as it goes (no corpus statistics are shipped or needed).

An article's terms are the Porter stems (``storyline.text``) of its title and of the first
``max_tokens`` tokens of its text, stopwords and bare numbers left out. Title words count
``title_weight`` times: a headline names the story. Weights are ``(1 + ln tf) * idf`` with
``idf = ln((N + 1) / (df + 1)) + 1`` over the ``N`` articles seen so far, and every vector is
L2-normalised, so a dot product is a cosine.
"""

from __future__ import annotations

import math
import re
from collections import Counter

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


def term_counts(title: str | None, text: str, options: FeatureOptions = FeatureOptions()) -> dict[str, float]:
    """Stemmed content terms of an article and their (title-weighted) counts (page furniture left out)."""
    # Characters enough for max_tokens tokens (a token and its space average ~6); the rest is not read.
    text = strip_furniture(text[: options.max_tokens * 12])
    counts: Counter[str] = Counter()
    for token in _TOKEN_RE.findall(text.lower())[: options.max_tokens]:
        if len(token) > 1 and token not in _SKIP and not token.isdigit():
            counts[stem(token)] += 1
    if title:
        for token in _TOKEN_RE.findall(title.lower()):
            if len(token) > 1 and token not in _SKIP and not token.isdigit():
                counts[stem(token)] += options.title_weight
    return dict(counts)


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

    def prune(self, keep: int) -> None:
        """Forget the rarest terms when the table outgrows ``keep`` (hapaxes are most of a vocabulary)."""
        if len(self.df) <= keep:
            return
        cut = 1
        while len(self.df) > keep:
            self.df = {t: c for t, c in self.df.items() if c > cut}
            cut += 1
