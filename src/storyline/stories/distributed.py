"""Story detection on a Dask cluster: partitions of the stream clustered in parallel, then stitched.

How the work is split, so that a story spanning partitions is still one story:

1. The client reads the feed, puts dates in order (as the local engine does) and cuts the stream into
   consecutive partitions of ``partition`` articles. On a dated feed each partition is a time slice.
2. Each partition is one task: a worker runs the local engine over it and returns its *partial
   stories*: member positions, the sum of the members' unit vectors, their count and first/last
   dates. Before its own articles the worker reads the ``warmup`` articles that precede the partition
   (for document frequencies only: they are not clustered), so its term weights are those of a
   detector that has been running for a while, not of one starting cold.
3. The client merges the partial stories, partition after partition, each in the order of its first
   article, with the same online clusterer the local engine uses, now on partial stories instead of
   articles: a partial story joins the open story whose group-average similarity with it is highest,
   if it reaches the threshold (runner-up rule included), under the same time window (or LRU) rule and
   second chance. A story cut in two by a partition boundary has two partial stories with the same
   vocabulary, and the second joins the first.
   Stories are written as they close; numbers follow the first article's arrival, as locally.

The merge is cheaper than the clustering (one candidate search per partial story, no text): measured
on one core, the client merges ~8,800 partial stories (~17,000 articles) a second while a worker
clusters ~4,000 articles a second, so the client keeps up with about four workers.

Where it can differ from the local engine: (a) inside a partition an article is compared only with
that partition's articles until the merge, so a partial story formed there joins an older story as a
whole or not at all, whereas locally each of its articles decided on its own; (b) term weights come
from the worker's warm-up and partition, not from the whole stream before the article. On streams
whose stories are well apart both give the same stories (the tests check it); on the evaluation
stream the B-cubed F1 differs by a fraction of a point (docs/stories.md).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from .core import Article, StoryDetector, StoryOptions, has_text
from .features import evidence
from .online import OnlineClusterer, Story

PARTITION = 10_000  # articles per task
WARMUP = 2_000  # articles before a partition read for term weights
MERGE_TERMS = 300  # strongest terms of a partial story's vector sent back to the client

# A partial story: member positions in the partition, vector sum (strongest first), size, first, last.
Partial = tuple[list[int], dict[str, float], int, "float | None", "float | None"]


def cluster_partition(
    warmup: list[tuple[str | None, str, float | None]], articles: list[tuple[str | None, str, float | None]], options: StoryOptions
) -> tuple[list[Partial], list[int]]:
    """The partial stories of one partition, in the order of their first article, and the positions
    of the articles that had no article text (none, or page furniture only). Runs on a worker."""
    detector = StoryDetector(options)
    features = options.features
    for title, text, when in warmup:
        detector.learn(*evidence(title, text, when, features))
    stories: list[Story] = []
    skipped: list[int] = []
    clusterer = detector.clusterer
    for position, (title, text, when) in enumerate(articles):
        article = Article("", text, title, when=when)
        vector = detector.vector(article) if has_text(article) else None
        if not vector:
            skipped.append(position)
            continue
        stories.extend(clusterer.add([position], vector, 1, when, when))
    stories.extend(clusterer.flush())
    stories.sort(key=lambda story: story.members[0])
    partials = []
    for story in stories:
        terms = sorted(story.centroid.items(), key=lambda item: (-item[1], item[0]))[:MERGE_TERMS]
        partials.append((story.members, dict(terms), story.size, story.first, story.last))
    return partials, skipped


def _partitions(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def detect_partitioned(
    articles: Iterable[Article],
    options: StoryOptions,
    submit: Callable[..., Any],
    in_flight: int = 2,
    *,
    partition: int = PARTITION,
    warmup: int = WARMUP,
    skipped: Callable[[Article, str], None] | None = None,
) -> Iterator[Story]:
    """Stories of ``articles`` (in date order), as ``detect_stories`` yields them (empty ones included),
    with the clustering of each partition done by ``submit(cluster_partition, ...)`` (a Dask client's,
    a process pool's, or an in-process one). At most ``in_flight`` partitions are out at a time."""
    from .core import NO_ARTICLE_TEXT, NO_TEXT

    if partition < 1 or warmup < 0:
        raise ValueError("partition must be at least 1 and warmup 0 or more")
    merger = OnlineClusterer(options)
    recent: deque[tuple[str | None, str, float | None]] = deque(maxlen=warmup)
    pending: deque[tuple[int, list[Article], Any]] = deque()
    offset = 0

    def merge(base: int, chunk: list[Article], future: Any) -> Iterator[Story]:
        partials, empty = future.result()
        # In the order of each one's first article, empty articles included, so numbers follow arrival.
        items = sorted([(p[0][0], p) for p in partials] + [(position, None) for position in empty], key=lambda item: item[0])
        for position, partial in items:
            if partial is None:
                article = chunk[position]
                if skipped is not None:
                    skipped(article, NO_ARTICLE_TEXT if has_text(article) else NO_TEXT)
                yield _final(merger.empty((base + position, article)))
                continue
            members, vector, size, first, last = partial
            entries = [(base + p, chunk[p]) for p in members]
            yield from map(_final, merger.add(entries, vector, size, first, last))

    for chunk in _partitions(articles, partition):
        payload = [(a.title, a.text, a.when) for a in chunk]
        pending.append((offset, chunk, submit(cluster_partition, list(recent), payload, options)))
        recent.extend((a.title, a.text, a.when) for a in chunk)
        offset += len(chunk)
        while len(pending) >= max(in_flight, 1):
            yield from merge(*pending.popleft())
    while pending:
        yield from merge(*pending.popleft())
    yield from map(_final, merger.flush())


def _final(story: Story) -> Story:
    """A merged story with its articles in arrival order (members were (position, article) pairs)."""
    return replace(story, members=[article for _, article in sorted(story.members, key=lambda entry: entry[0])])
