"""Redundancy groups: sentences that say the same thing (verbatim wire copy, near-duplicates).

Candidates are found through an inverted index of content stems, skipping stems too common to
discriminate, so the cost grows with the number of sentences, not its square. Small clusters (most
of them) compare every pair instead, as bit sets: cheaper there than building the index.
"""

from __future__ import annotations

import math
from itertools import chain
from collections import Counter, defaultdict
from collections.abc import Sequence

NEAR_DUPLICATE = 0.7  # set cosine of content stems
_MAX_POSTING = 50  # stems shared by more sentences than this do not propose candidate pairs
_MIN_WORDS = 3  # a sentence with fewer content stems is too short to call a duplicate
_ALL_PAIRS_UP_TO = 64  # sentences: up to this many, every pair is compared (measured crossover ~90)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def redundancy_groups(sets: Sequence[frozenset[str]], threshold: float = NEAR_DUPLICATE) -> list[int]:
    """Group id for every sentence, given its content-word stems; near-duplicates share one
    (the smallest index in the group)."""
    parent = list(range(len(sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    if len(sets) <= _ALL_PAIRS_UP_TO:
        for i, j in _similar_pairs_small(sets, threshold):
            join(i, j)
        return [find(i) for i in range(len(sets))]

    postings: dict[str, list[int]] = defaultdict(list)
    for i, words in enumerate(sets):
        if len(words) < _MIN_WORDS:
            continue
        lists = [postings[w] for w in words]
        usable = [p for p in lists if len(p) <= _MAX_POSTING]
        exact = len(usable) == len(lists)  # no word skipped: the counts are the true overlaps
        overlap = Counter(chain.from_iterable(usable))
        for p in lists:
            p.append(i)
        size = len(words)
        for j, shared in overlap.items():
            if shared < 2:
                continue
            other = len(sets[j])
            score = shared / math.sqrt(size * other) if exact else similarity(words, sets[j])
            if score >= threshold:
                join(i, j)
    return [find(i) for i in range(len(sets))]


def _similar_pairs_small(sets: Sequence[frozenset[str]], threshold: float) -> list[tuple[int, int]]:
    """Every pair (i, j), j < i, at or above ``threshold``: each set a bit mask over the cluster's
    words, so an overlap is one AND and a bit count."""
    bit: dict[str, int] = {}
    masks = []
    for words in sets:
        mask = 0
        if len(words) >= _MIN_WORDS:
            for w in words:
                mask |= 1 << bit.setdefault(w, len(bit))
        masks.append(mask)
    sizes = [len(words) for words in sets]
    square = threshold * threshold
    pairs = []
    for i in range(1, len(sets)):
        mask, size = masks[i], sizes[i]
        if not mask:
            continue
        for j in range(i):
            shared = (mask & masks[j]).bit_count()
            if shared >= 2 and shared * shared >= square * size * sizes[j]:
                pairs.append((i, j))
    return pairs
