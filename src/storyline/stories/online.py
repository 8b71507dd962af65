"""Single-pass story clustering: each item (an article, or a partial story from another worker) joins
the open story it is most similar to, or opens a new one.

Similarity is group-average: the mean cosine between the item's articles and the story's articles,
``(t . c) / (m n)`` for an item whose ``m`` unit vectors sum to ``t`` and a story whose ``n`` sum to
``c`` (the story keeps only ``c`` and ``n``). For one article that is its cosine with the story's
centroid scaled by the centroid's length over ``n``, i.e. by the story's coherence: a story that has
drifted over several related events (its articles similar to each other only loosely) is harder to
join than a tight one, which keeps one topic from swallowing every story about it.

An item joins its most similar story only if that story stands out from the item's other candidates:
the similarity needed is ``threshold + margin * (runner_up - noise)``, where ``runner_up`` is the item's
second-best story. The runner-up measures how much this item resembles stories it does not belong to
(a generic political piece is close to many; a piece about one named event to few), so an item that is
close to one story and far from every other joins at a lower similarity than one that is about equally
close to several, which more often than not belong to other stories.

A story that the decay (or window) closes with a single item in it gets a second chance: nothing joined it in
the whole window, so either it is a story of its own or its story formed elsewhere, from items that
arrived later or that it could not join at first (that story was then smaller, its vocabulary
narrower). It joins the open story it is most similar to if the similarity reaches ``second_chance``
times the threshold to join (runner-up rule included); otherwise it closes alone.

Candidates come from an inverted index: every open story is listed under the strongest terms of each
item it holds, and an item looks up only its own strongest terms, so it is compared with a handful of
stories, not with all of them. Stories close when the decay below says so (dated streams), or when
more than ``max_active`` are open (the least
recently updated closes first: the bound that matters on undated streams). Closed stories are handed
back at once and forgotten.

Time is a decay, not a window (dated streams): a story's similarity with a new item is multiplied by
``0.5 ** ((quiet / half_life) ** decay_shape)``, ``quiet`` the time since the story's newest item, and the
story closes when that factor falls below ``close_at``; a story that keeps getting items stays open. An
optional hard ``window`` closes stories earlier. Names and dates (``@``/``#`` terms) count in a
similarity at most ``corroborate`` x what the words give: they confirm links, they cannot make one alone.

Everything is deterministic: ties go to the older story, and no result depends on the hash seed.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from heapq import heappop, heappush
from itertools import islice
from math import fsum, log2, log10
from typing import Any

from ..options import StoryOptions  # the clusterer's knobs: threshold, margin, noise, half-life, ...

DENSITY_FLOOR = 0.6  # the density rule never takes the threshold below this x ``threshold``
EVIDENCE_MARKS = "@#"  # the first character of name and date terms (features.py)


@dataclass
class Story:
    """A closed (or, at the end, flushed) story: its number (creation order, from 1) and members."""

    number: int
    members: list[Any]
    first: float | None = None
    last: float | None = None
    centroid: dict[str, float] = field(default_factory=dict, repr=False)  # sum of the members' unit vectors
    size: int = 0  # articles (``members`` may hold other things, e.g. partial stories)
    empty: bool = False  # one article with no text, or only page furniture: a story of its own

    @property
    def id(self) -> str:
        return story_id(self.number)


def story_id(number: int) -> str:
    return f"story-{number:06d}"


class _Open:
    __slots__ = ("number", "members", "order", "centroid", "size", "first", "last", "indexed", "closes")

    def __init__(self, number: int) -> None:
        self.number = number
        self.members: list[Any] = []
        self.order: list[int] = []  # when each member arrived (add() calls), to keep arrival order on merges
        self.centroid: dict[str, float] = {}
        self.size = 0
        self.first: float | None = None
        self.last: float | None = None
        self.indexed: set[str] = set()
        self.closes: float | None = None  # when it closes if nothing joins it (dated streams)


class OnlineClusterer:
    """Feed items with ``add``; it returns the stories that closed. ``flush`` closes the rest."""

    def __init__(self, options: StoryOptions = StoryOptions(), first_number: int = 1) -> None:
        self.options = options
        self.active: OrderedDict[int, _Open] = OrderedDict()  # least recently updated first
        self.postings: dict[str, set[int]] = {}
        self.next_number = first_number
        self.clock: float | None = None
        self.comparisons = 0  # exact similarities computed (for the benchmarks)
        self.merges = 0
        self.added = 0
        self._ranked: list[tuple[int, float]] = []  # the last best()'s candidates and their scores
        o = options
        # In seconds, worked out once (the options are frozen).
        self._half_life, self._window = o.half_life, o.window
        # How long a quiet story stays open, in half-lives: until its decay factor falls below close_at.
        self._lives = log2(1.0 / o.close_at) ** (1.0 / o.decay_shape)
        self.span = self.span_of(None)
        self._expiry: list[tuple[float, int]] = []  # (when a story closes, its number); stale entries skipped

    def best(self, vector: dict[str, float], size: int = 1, exclude: int | None = None) -> tuple[_Open | None, float]:
        """The open story most similar to the item whose ``size`` unit vectors sum to ``vector``
        (strongest terms first), and the group-average similarity; story ``exclude`` is not a candidate."""
        o = self.options
        scores: dict[int, float] = {}
        postings = self.postings
        # The strongest terms that list a story: an article's very strongest are often the words no
        # earlier article used (they index it for the articles to come, but cannot find anything).
        used = 0
        for term, weight in vector.items():
            listed = postings.get(term)
            if listed is None or len(listed) > o.max_posting:
                continue
            for number in listed:
                scores[number] = scores.get(number, 0.0) + weight
            used += 1
            if used == o.query_terms:
                break
        scores.pop(exclude, None)
        if not scores:
            return None, 0.0
        if len(scores) > o.candidates:
            ranked = [n for n, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))[: o.candidates]]
        else:
            ranked = sorted(scores)
        best, best_score = None, -1.0
        active = self.active
        self._ranked = seen = []
        terms = vector.keys()
        half_life, clock = self._half_life, self.clock
        for number in ranked:
            story = active[number]
            centroid = story.centroid
            dot = self._dot(vector, centroid, terms & centroid.keys())
            score = dot / (story.size * size)
            if half_life and clock is not None and story.last is not None and clock > story.last:
                score *= self.fade(clock - story.last, self.half_life(story))
            seen.append((number, score))
            if score > best_score or (score == best_score and number < best.number):  # ties: the older story
                best, best_score = story, score
        self.comparisons += len(ranked)
        return best, best_score

    def _dot(self, a: dict[str, float], b: dict[str, float], shared) -> float:
        """The dot product over the ``shared`` terms, names and dates counting at most ``corroborate`` x
        what the words give: they confirm a link the words make, they cannot make one alone."""
        # fsum: exactly rounded, so the set's (hash-seeded) order cannot change the result
        cap = self.options.corroborate
        if cap is None:
            return fsum([a[term] * b[term] for term in shared])
        words = fsum([a[term] * b[term] for term in shared if term[0] not in EVIDENCE_MARKS])
        other = fsum([a[term] * b[term] for term in shared if term[0] in EVIDENCE_MARKS])
        return words + min(other, cap * words)

    def half_life(self, story: _Open | None) -> float | None:
        """A story's half-life (one for all stories; the hook for a per-story one)."""
        return self._half_life

    def span_of(self, story: _Open | None) -> float | None:
        """How long ``story`` (None: a new one) stays open when quiet: the decay's, or the window if shorter."""
        spans = [self._window] if self._window else []
        half_life = self.half_life(story)
        if half_life:
            spans.append(half_life * self._lives)
        return min(spans) if spans else None

    def fade(self, quiet: float, half_life: float | None = None) -> float:
        """The decay factor of a story quiet for ``quiet`` seconds: ``0.5 ** (quiet / half_life) ** decay_shape``."""
        return 0.5 ** ((quiet / (half_life or self._half_life)) ** self.options.decay_shape)

    def add(
        self, members: list[Any], vector: dict[str, float], size: int = 1, first: float | None = None, last: float | None = None
    ) -> list[Story]:
        """Assign ``members`` (one article, or a partial story of ``size`` articles whose unit vectors
        sum to ``vector``, strongest terms first) and return the stories closed meanwhile.
        ``first``/``last``: the members' oldest and newest timestamps (None: undated)."""
        closed = self._advance(first if first is not None else last)
        self._ranked = []
        story, score = self.best(vector, size)
        if story is None or score < self._needed(story.number):
            story = _Open(self.next_number)
            self.next_number += 1
            self.active[story.number] = story
            self._absorb(story, members, vector, size, first, last)
        else:
            self.active.move_to_end(story.number)
            self._absorb(story, members, vector, size, first, last)
            if self.options.merge:
                self._merge_neighbour(story)
        while len(self.active) > self.options.max_active:
            closed.append(self._close(next(iter(self.active.values()))))
        return closed

    def _needed(self, best: int, factor: float = 1.0) -> float:
        """The similarity the best candidate ``best`` needs for the item to join it, given the runner-up."""
        o = self.options
        threshold = o.threshold
        if o.density:  # fewer open stories, fewer wrong ones to confuse the item with: a lower bar
            shift = o.density * log10(max(len(self.active), 1) / o.density_ref)
            threshold = max(threshold + shift, DENSITY_FLOOR * o.threshold)
        runner_up = max((score for number, score in self._ranked if number != best), default=0.0)
        if not o.margin:
            return factor * threshold
        return factor * threshold + o.margin * (runner_up - o.noise)

    def _advance(self, when: float | None) -> list[Story]:
        if when is not None and (self.clock is None or when > self.clock):
            if self.clock is None:  # stories opened before the stream had a date are as old as the first date
                for story in self.active.values():
                    if story.last is None:
                        story.first = story.last = when
                        self._schedule(story)
            self.clock = when
        if self.span is None or self.clock is None:
            return []
        closed = []
        expiry = self._expiry
        while expiry and expiry[0][0] < self.clock:
            at, number = heappop(expiry)
            story = self.active.get(number)
            if story is None or story.closes != at:
                continue  # closed, merged, or updated since this entry
            if story.size == 1 and self.options.second_chance and self._second_chance(story):
                continue
            closed.append(self._close(story))
        return closed

    def _schedule(self, story: _Open) -> None:
        """Note when ``story`` closes if nothing joins it (dated streams)."""
        span = self.span_of(story)
        if span is not None and story.last is not None:
            story.closes = story.last + span
            heappush(self._expiry, (story.closes, story.number))

    def _second_chance(self, story: _Open) -> bool:
        """Merge ``story``, a lone item the window is closing, into its most similar open story if that
        reaches ``second_chance`` x the threshold to join; whether it did."""
        other, score = self.best(story.centroid, story.size, exclude=story.number)
        if other is None or score < self._needed(other.number, self.options.second_chance):
            return False
        self._merge(story, other)
        return True

    def _absorb(self, story: _Open, members: list[Any], vector: dict[str, float], size: int, first, last) -> None:
        centroid = story.centroid
        for term, weight in vector.items():
            centroid[term] = centroid.get(term, 0.0) + weight
        story.members.extend(members)
        story.order.extend([self.added] * len(members))
        self.added += 1
        story.size += size
        if self.clock is not None:  # undated items in a dated stream take the clock's time
            first = self.clock if first is None else first
            last = self.clock if last is None else last
        if first is not None:
            story.first = first if story.first is None else min(story.first, first)
            story.last = last if story.last is None else max(story.last, last)
            self._schedule(story)
        postings = self.postings
        indexed = story.indexed
        for term in islice(vector, self.options.index_terms):
            if term not in indexed:
                indexed.add(term)
                listed = postings.get(term)
                if listed is None:
                    postings[term] = {story.number}
                else:
                    listed.add(story.number)

    def _merge_neighbour(self, story: _Open) -> None:
        """Merge ``story``, which just grew, with the most similar other candidate of the item that grew
        it, if their group-average similarity now reaches the threshold (two halves of a story that
        opened twice, before the article linking them arrived)."""
        threshold = self.options.threshold
        best, best_score = None, threshold
        centroid, size = story.centroid, story.size
        for number, item_score in self._ranked:
            if number == story.number or item_score < threshold / 2:
                continue
            other = self.active[number]
            theirs = other.centroid
            shared = centroid.keys() & theirs.keys() if len(centroid) <= len(theirs) else theirs.keys() & centroid.keys()
            dot = self._dot(centroid, theirs, shared)
            score = dot / (size * other.size)
            if score > best_score or (score == best_score and best is not None and number < best.number):
                best, best_score = other, score
        if best is not None:
            self._merge(story, best)

    def _merge(self, story: _Open, other: _Open) -> None:
        """Merge two open stories into the older one (the younger gives its number up)."""
        keep, gone = (story, other) if story.number < other.number else (other, story)
        for term, weight in gone.centroid.items():
            keep.centroid[term] = keep.centroid.get(term, 0.0) + weight
        pairs = sorted(zip(keep.order + gone.order, keep.members + gone.members), key=lambda pair: pair[0])
        keep.order = [o for o, _ in pairs]
        keep.members = [m for _, m in pairs]
        keep.size += gone.size
        if gone.first is not None:
            keep.first = gone.first if keep.first is None else min(keep.first, gone.first)
            keep.last = gone.last if keep.last is None else max(keep.last, gone.last)
            self._schedule(keep)
        del self.active[gone.number]
        self.active.move_to_end(keep.number)
        postings = self.postings
        for term in gone.indexed:
            listed = postings[term]
            listed.discard(gone.number)
            listed.add(keep.number)
            keep.indexed.add(term)
        self.merges += 1

    def _close(self, story: _Open) -> Story:
        del self.active[story.number]
        postings = self.postings
        for term in story.indexed:
            listed = postings[term]
            listed.discard(story.number)
            if not listed:
                del postings[term]
        return Story(story.number, story.members, story.first, story.last, story.centroid, story.size)

    def empty(self, member: Any) -> Story:
        """A story of its own for an item with no text: it takes the next number, as a new story would."""
        number = self.next_number
        self.next_number += 1
        return Story(number, [member], self.clock, self.clock, {}, 1, empty=True)

    def flush(self) -> list[Story]:
        """Close every open story, in creation order."""
        return [self._close(story) for story in sorted(self.active.values(), key=lambda s: s.number)]
