"""Redundancy groups: sentences that say the same thing (verbatim wire copy, near-duplicates).

Candidates are found through an inverted index of content stems, skipping stems too common to
discriminate, so the cost grows with the number of sentences, not its square.
"""

from __future__ import annotations

import math
from collections import defaultdict
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
        overlap: dict[int, int] = defaultdict(int)
        for w in words:
            posting = postings[w]
            if len(posting) <= _MAX_POSTING:
                for j in posting:
                    overlap[j] += 1
            posting.append(i)
        for j, shared in overlap.items():
            if shared >= 2 and similarity(words, sets[j]) >= threshold:
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return [find(i) for i in range(len(sets))]
