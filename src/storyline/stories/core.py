"""Story detection, the local engine: articles in, stories out, one pass, memory bounded by the decay.

``detect_stories`` takes articles in arrival order (dates put back in order within a small buffer),
turns each into a vector of words, names and dates (TF-IDF, document frequencies learnt from the stream
so far; ``features.py``), and lets ``OnlineClusterer`` assign it to an open story or open a new one.
Stories come out as they close; an article without text is a story of its own, marked empty, at once.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

from .features import DocumentFrequencies, FeatureOptions, evidence
from .online import ClusterOptions, OnlineClusterer, Story

# The clusterer's defaults (tuned there: online.ClusterOptions), in the units the command uses.
DEFAULT_THRESHOLD = ClusterOptions.threshold
DEFAULT_MARGIN = ClusterOptions.margin
DEFAULT_NOISE = ClusterOptions.noise
DEFAULT_SECOND_CHANCE = ClusterOptions.second_chance
DEFAULT_WINDOW_DAYS = None if ClusterOptions.window is None else ClusterOptions.window / 86400.0
DEFAULT_HALF_LIFE_DAYS = None if ClusterOptions.half_life is None else ClusterOptions.half_life / 86400.0
DEFAULT_MAX_ACTIVE = ClusterOptions.max_active
DEFAULT_REORDER = 1_000
DF_LIMIT = 500_000  # terms in the document-frequency table before its rarest are forgotten (~50 MB)


@dataclass(frozen=True)
class Article:
    """One article of the stream. ``when`` is ``date`` as a UTC timestamp (None: undated or unreadable)."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    when: float | None = None

    def record(self) -> dict[str, Any]:
        """The article as a document of the cluster JSONL format (input keys kept)."""
        data: dict[str, Any] = {"id": self.id, "title": self.title, "date": self.date, "text": self.text}
        if self.source is not None:
            data["source"] = self.source
        return data


@dataclass(frozen=True)
class StoryOptions:
    threshold: float = DEFAULT_THRESHOLD
    margin: float = DEFAULT_MARGIN  # the threshold to join rises by margin x (runner-up's similarity - noise)
    noise: float = DEFAULT_NOISE
    window_days: float | None = DEFAULT_WINDOW_DAYS  # a hard window on top of the decay; None: none
    half_life_days: float | None = DEFAULT_HALF_LIFE_DAYS  # a quiet story's similarity halves every this; None: no decay
    close_at: float = ClusterOptions.close_at  # ...and it closes when the factor falls below this
    decay_shape: float = ClusterOptions.shape  # 1: exponential; 2: Gaussian
    corroborate: float | None = ClusterOptions.corroborate  # names/dates add at most this x the words' similarity
    density: float = ClusterOptions.density  # the threshold follows log10(open stories / density_ref)
    density_ref: float = ClusterOptions.density_ref
    max_active: int = DEFAULT_MAX_ACTIVE
    reorder: int = DEFAULT_REORDER  # articles held back to put dates in order
    features: FeatureOptions = field(default_factory=FeatureOptions)
    query_terms: int = 16
    index_terms: int = 12
    candidates: int = 12
    merge: bool = True
    second_chance: float = DEFAULT_SECOND_CHANCE  # a lone article the window closes joins a story at this x the threshold

    def cluster_options(self) -> ClusterOptions:
        window = None if self.window_days is None else self.window_days * 86400.0
        return ClusterOptions(
            threshold=self.threshold, margin=self.margin, noise=self.noise, window=window, max_active=self.max_active,
            half_life=None if self.half_life_days is None else self.half_life_days * 86400.0, close_at=self.close_at,
            shape=self.decay_shape, density=self.density, density_ref=self.density_ref, corroborate=self.corroborate,
            query_terms=self.query_terms, index_terms=self.index_terms, candidates=self.candidates,
            merge=self.merge, second_chance=self.second_chance,
        )

    def validate(self) -> StoryOptions:
        from ..errors import StorylineError

        if not 0.0 < self.threshold <= 1.0:
            raise StorylineError(f"threshold must be in (0, 1], got {self.threshold}")
        if not (self.margin >= 0.0 and 0.0 <= self.noise <= 1.0):
            raise StorylineError(f"margin must be 0 or more and noise in [0, 1], got {self.margin} and {self.noise}")
        if not 0.0 <= self.second_chance <= 1.0:
            raise StorylineError(f"second-chance must be in [0, 1], got {self.second_chance}")
        if self.window_days is not None and not self.window_days > 0:
            raise StorylineError(f"window-days must be positive, got {self.window_days}")
        if self.half_life_days is not None and not self.half_life_days > 0:
            raise StorylineError(f"half-life-days must be positive, got {self.half_life_days}")
        if self.density < 0 or not self.density_ref > 0 or not 0 < self.decay_shape <= 8:
            raise StorylineError(f"density must be 0 or more, density-ref positive and decay-shape in (0, 8], got {self.density}, {self.density_ref}, {self.decay_shape}")
        if self.corroborate is not None and self.corroborate < 0:
            raise StorylineError(f"corroborate must be 0 or more (or None), got {self.corroborate}")
        if not 0.0 < self.close_at < 1.0:
            raise StorylineError(f"close-at must be in (0, 1), got {self.close_at}")
        if self.max_active < 1:
            raise StorylineError(f"max-active must be at least 1, got {self.max_active}")
        if self.reorder < 0:
            raise StorylineError(f"reorder must be 0 or more, got {self.reorder}")
        return self


def parse_when(value: Any) -> float | None:
    """A date string as a UTC timestamp; None when missing or unreadable. Naive times are read as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        from ..prepare import parse_date

        parsed = parse_date(value)
        if parsed is None:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    try:
        return parsed.timestamp()
    except (OverflowError, OSError, ValueError):
        return None


def as_article(item: Article | dict, index: int = 0) -> Article:
    """An ``Article`` from an ``Article`` or a ``{"id", "title", "date", "text", "source"}`` dict."""
    if isinstance(item, Article):
        return item if item.when is not None or item.date is None else replace(item, when=parse_when(item.date))
    if not isinstance(item, dict):
        raise TypeError(f"article {index}: expected a dict or Article, got {type(item).__name__}")
    text = item.get("text")
    title = item.get("title")
    date = item.get("date")
    source = item.get("source")
    raw_id = item.get("id")
    return Article(
        id=str(raw_id) if raw_id not in (None, "") else str(index),
        text=text if isinstance(text, str) else "",
        title=title if isinstance(title, str) else None,
        date=date if isinstance(date, str) else None,
        source=source if isinstance(source, str) else None,
        when=parse_when(date),
    )


class StoryDetector:
    """The online detector: ``add`` one article (returns the stories that closed), ``flush`` at the end."""

    def __init__(self, options: StoryOptions = StoryOptions(), first_number: int = 1) -> None:
        self.options = options
        self.df = DocumentFrequencies()
        self.clusterer = OnlineClusterer(options.cluster_options(), first_number)

    def vector(self, article: Article, learn: bool = True) -> dict[str, float]:
        features = self.options.features
        words, names, dates = evidence(article.title, article.text, article.when, features)
        if learn:
            self.learn(words, names, dates)
        return self.df.evidence_vector(words, names, dates, features)

    def learn(self, words: dict, names: dict, dates: dict) -> None:
        self.df.add([*words, *names, *dates])
        if len(self.df.df) > DF_LIMIT:
            self.df.prune(DF_LIMIT // 2)

    def add(self, article: Article) -> list[Story] | None:
        """The stories closed by adding ``article``; None when it has no article text (only furniture)."""
        vector = self.vector(article)
        if not vector:
            return None
        return self.clusterer.add([article], vector, 1, article.when, article.when)

    def flush(self) -> list[Story]:
        return self.clusterer.flush()


def has_text(article: Article) -> bool:
    return bool(article.text.strip()) or bool(article.title and article.title.strip())


def in_date_order(articles: Iterable[Article], buffer: int) -> Iterator[Article]:
    """Articles put in date order within a buffer of ``buffer`` articles; undated ones keep their place
    in the feed (they take the date of the newest article before them). Stable for equal dates."""
    if buffer <= 0:
        yield from articles
        return
    heap: list[tuple[float, int, Article]] = []
    newest = -math.inf
    for seq, article in enumerate(articles):
        if article.when is not None and article.when > newest:
            newest = article.when
        key = article.when if article.when is not None else newest
        heapq.heappush(heap, (key, seq, article))
        if len(heap) > buffer:
            yield heapq.heappop(heap)[2]
    while heap:
        yield heapq.heappop(heap)[2]


def detect_stories(
    articles: Iterable[Article | dict],
    options: StoryOptions = StoryOptions(),
    *,
    warn: Callable[[str], None] | None = None,
    skipped: Callable[[Article, str], None] | None = None,
) -> Iterator[Story]:
    """Stories of a stream of articles, each yielded as it closes (then the rest, in creation order).

    A ``Story`` has ``id`` (``story-000001``: numbered by its first article's arrival) and ``members``
    (its ``Article`` objects in arrival order). Every article is in exactly one story: one without text,
    or whose text is only page furniture, is a story of its own with ``empty=True``, yielded at once;
    ``skipped(article, reason)`` is called for it, or else ``warn(message)``.
    """
    options.validate()
    detector = StoryDetector(options)

    def note(article: Article, reason: str) -> None:
        if skipped is not None:
            skipped(article, reason)
        elif warn is not None:
            warn(f"article {article.id!r}: {reason}; {EMPTY_NOTE}")

    for article in in_date_order((as_article(item, i) for i, item in enumerate(articles)), options.reorder):
        closed = detector.add(article) if has_text(article) else None
        if closed is None:
            note(article, NO_ARTICLE_TEXT if has_text(article) else NO_TEXT)
            yield detector.clusterer.empty(article)
            continue
        yield from closed
    yield from detector.flush()


NO_TEXT = "no text"
NO_ARTICLE_TEXT = "no article text (page furniture only)"
EMPTY_NOTE = "written as a story of its own, marked empty"
