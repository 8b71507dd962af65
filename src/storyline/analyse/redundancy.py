"""Redundancy groups: sentences that say the same thing (verbatim wire copy, near-duplicates).

Candidates are found through an inverted index of content stems, skipping stems too common to
discriminate, so the cost grows with the number of sentences, not its square.
"""

from __future__ import annotations

import math
from itertools import chain
from collections import Counter, defaultdict
from collections.abc import Sequence

NEAR_DUPLICATE = 0.7  # set cosine of content stems
_MAX_POSTING = 50  # stems shared by more sentences than this do not propose candidate pairs


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

    postings: dict[str, list[int]] = defaultdict(list)
    for i, words in enumerate(sets):
        if len(words) < 3:
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
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return [find(i) for i in range(len(sets))]
