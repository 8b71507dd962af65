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
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

from ..model import Document
from ..options import StoryOptions, default
from .features import DocumentFrequencies, evidence
from .online import OnlineClusterer, Story

DEFAULT_THRESHOLD = default("threshold", StoryOptions)  # tuned (options.StoryOptions, docs/stories.md)
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
    doc = Document.from_dict({**item, "text": text if isinstance(text, str) else None}, str(index), f"article {index}", require_text=False)
    source = item.get("source")
    return Article(
        id=doc.id, text=doc.text, title=doc.title, date=doc.date,
        source=source if isinstance(source, str) else None, when=parse_when(doc.date),
    )


class StoryDetector:
    """The online detector: ``add`` one article (returns the stories that closed), ``flush`` at the end."""

    def __init__(self, options: StoryOptions = StoryOptions(), first_number: int = 1) -> None:
        self.options = options
        self.df = DocumentFrequencies()
        self.clusterer = OnlineClusterer(options, first_number)

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
