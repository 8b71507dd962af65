"""Single-pass story clustering: each item (an article, or a partial story from another worker) joins
the open story it is most similar to, or opens a new one.

Similarity is group-average: the mean cosine between the item's articles and the story's articles,
``(t . c) / (m n)`` for an item whose ``m`` unit vectors sum to ``t`` and a story whose ``n`` sum to
``c`` (the story keeps only ``c`` and ``n``). For one article that is its cosine with the story's
centroid scaled by the centroid's length over ``n``, i.e. by the story's coherence: a story that has
drifted over several related events (its articles similar to each other only loosely) is harder to
join than a tight one, which keeps one topic from swallowing every story about it.

Candidates come from an inverted index: every open story is listed under the strongest terms of each
item it holds, and an item looks up only its own strongest terms, so it is compared with a handful of
stories, not with all of them. Stories close when their newest article is more than ``window`` seconds
older than the stream's clock (dated streams), or when more than ``max_active`` are open (the least
recently updated closes first: the bound that matters on undated streams). Closed stories are handed
back at once and forgotten.

Everything is deterministic: ties go to the older story, and no result depends on the hash seed.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ClusterOptions:
    threshold: float = 0.2  # group-average cosine needed to join a story
    window: float | None = 3 * 86400.0  # seconds; None: no time window
    max_active: int = 20_000  # open stories at most (the bound that matters without dates)
    query_terms: int = 12  # an item looks up stories under this many of its strongest terms
    index_terms: int = 10  # ...and is listed under this many
    candidates: int = 8  # stories compared exactly per item
    max_posting: int = 2_000  # a term listing more open stories than this proposes no candidates


@dataclass
class Story:
    """A closed (or, at the end, flushed) story: its number (creation order, from 1) and members."""

    number: int
    members: list[Any]
    first: float | None = None
    last: float | None = None
    centroid: dict[str, float] = field(default_factory=dict, repr=False)  # sum of the members' unit vectors
    size: int = 0  # articles (``members`` may hold other things, e.g. partial stories)

    @property
    def id(self) -> str:
        return story_id(self.number)


def story_id(number: int) -> str:
    return f"story-{number:06d}"


class _Open:
    __slots__ = ("number", "members", "centroid", "size", "first", "last", "indexed")

    def __init__(self, number: int) -> None:
        self.number = number
        self.members: list[Any] = []
        self.centroid: dict[str, float] = {}
        self.size = 0
        self.first: float | None = None
        self.last: float | None = None
        self.indexed: set[str] = set()


class OnlineClusterer:
    """Feed items with ``add``; it returns the stories that closed. ``flush`` closes the rest."""

    def __init__(self, options: ClusterOptions = ClusterOptions(), first_number: int = 1) -> None:
        self.options = options
        self.active: OrderedDict[int, _Open] = OrderedDict()  # least recently updated first
        self.postings: dict[str, set[int]] = {}
        self.next_number = first_number
        self.clock: float | None = None
        self.comparisons = 0  # exact similarities computed (for the benchmarks)

    def best(self, vector: dict[str, float], size: int = 1) -> tuple[_Open | None, float]:
        """The open story most similar to the item whose ``size`` unit vectors sum to ``vector``
        (strongest terms first), and the group-average similarity."""
        o = self.options
        scores: dict[int, float] = {}
        postings = self.postings
        for term, weight in list(vector.items())[: o.query_terms]:
            listed = postings.get(term)
            if listed is None or len(listed) > o.max_posting:
                continue
            for number in listed:
                scores[number] = scores.get(number, 0.0) + weight
        if not scores:
            return None, 0.0
        if len(scores) > o.candidates:
            ranked = [n for n, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))[: o.candidates]]
        else:
            ranked = sorted(scores)
        best, best_score = None, -1.0
        active = self.active
        for number in ranked:
            story = active[number]
            centroid = story.centroid
            dot = 0.0
            for term, weight in vector.items():
                c = centroid.get(term)
                if c is not None:
                    dot += weight * c
            score = dot / (story.size * size)
            if score > best_score or (score == best_score and number < best.number):  # ties: the older story
                best, best_score = story, score
        self.comparisons += len(ranked)
        return best, best_score

    def add(
        self, members: list[Any], vector: dict[str, float], size: int = 1, first: float | None = None, last: float | None = None
    ) -> list[Story]:
        """Assign ``members`` (one article, or a partial story of ``size`` articles whose unit vectors
        sum to ``vector``, strongest terms first) and return the stories closed meanwhile.
        ``first``/``last``: the members' oldest and newest timestamps (None: undated)."""
        closed = self._advance(first if first is not None else last)
        story, score = self.best(vector, size)
        if story is None or score < self.options.threshold:
            story = _Open(self.next_number)
            self.next_number += 1
            self.active[story.number] = story
        else:
            self.active.move_to_end(story.number)
        self._absorb(story, members, vector, size, first, last)
        while len(self.active) > self.options.max_active:
            closed.append(self._close(next(iter(self.active.values()))))
        return closed

    def _advance(self, when: float | None) -> list[Story]:
        if when is not None and (self.clock is None or when > self.clock):
            self.clock = when
        if self.options.window is None or self.clock is None:
            return []
        horizon = self.clock - self.options.window
        closed = []
        while self.active:
            story = next(iter(self.active.values()))
            if story.last is None or story.last >= horizon:
                break
            closed.append(self._close(story))
        return closed

    def _absorb(self, story: _Open, members: list[Any], vector: dict[str, float], size: int, first, last) -> None:
        centroid = story.centroid
        for term, weight in vector.items():
            centroid[term] = centroid.get(term, 0.0) + weight
        story.members.extend(members)
        story.size += size
        if self.clock is not None:  # undated items in a dated stream take the clock's time
            first = self.clock if first is None else first
            last = self.clock if last is None else last
        if first is not None:
            story.first = first if story.first is None else min(story.first, first)
            story.last = last if story.last is None else max(story.last, last)
        postings = self.postings
        indexed = story.indexed
        for term in list(vector)[: self.options.index_terms]:
            if term not in indexed:
                indexed.add(term)
                listed = postings.get(term)
                if listed is None:
                    postings[term] = {story.number}
                else:
                    listed.add(story.number)

    def _close(self, story: _Open) -> Story:
        del self.active[story.number]
        postings = self.postings
        for term in story.indexed:
            listed = postings[term]
            listed.discard(story.number)
            if not listed:
                del postings[term]
        return Story(story.number, story.members, story.first, story.last, story.centroid, story.size)

    def flush(self) -> list[Story]:
        """Close every open story, in creation order."""
        return [self._close(story) for story in sorted(self.active.values(), key=lambda s: s.number)]
