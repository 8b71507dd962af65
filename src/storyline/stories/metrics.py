"""Clustering scores against a known grouping: B-cubed precision, recall and F1 (Bagga & Baldwin 1998,
as Amigó et al. 2009 define them for flat clusterings) and the adjusted Rand index (Hubert & Arabie 1985).

Both take two mappings item -> label over the same items. Pure Python, linear in the number of items
(plus the number of non-empty cells of the contingency table).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from math import comb


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    ari: float
    items: int
    predicted: int  # clusters found
    gold: int  # true clusters

    def as_dict(self) -> dict:
        return {
            "bcubed_precision": round(self.precision, 4), "bcubed_recall": round(self.recall, 4),
            "bcubed_f1": round(self.f1, 4), "ari": round(self.ari, 4),
            "articles": self.items, "clusters": self.predicted, "stories": self.gold,
        }


def score(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> Scores:
    """B-cubed P/R/F1 and ARI of ``predicted`` against ``gold`` (both item -> cluster label)."""
    if set(predicted) != set(gold):
        missing, extra = len(set(gold) - set(predicted)), len(set(predicted) - set(gold))
        raise ValueError(f"the clusterings cover different items ({missing} only in gold, {extra} only in predicted)")
    n = len(gold)
    if n == 0:
        return Scores(1.0, 1.0, 1.0, 1.0, 0, 0, 0)
    cells = Counter((predicted[item], gold[item]) for item in gold)
    pred_sizes = Counter(predicted[item] for item in gold)
    gold_sizes = Counter(gold.values())
    # B-cubed: item i in cell (p, g) has precision |p & g| / |p| and recall |p & g| / |g|; the cell's
    # |p & g| items all share them.
    precision = sum(m * m / pred_sizes[p] for (p, _), m in cells.items()) / n
    recall = sum(m * m / gold_sizes[g] for (_, g), m in cells.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, adjusted_rand(cells, pred_sizes, gold_sizes, n), n, len(pred_sizes), len(gold_sizes))


def adjusted_rand(cells: Counter, pred_sizes: Counter, gold_sizes: Counter, n: int) -> float:
    index = sum(comb(m, 2) for m in cells.values())
    a = sum(comb(m, 2) for m in pred_sizes.values())
    b = sum(comb(m, 2) for m in gold_sizes.values())
    total = comb(n, 2)
    if total == 0:
        return 1.0
    expected = a * b / total
    maximum = (a + b) / 2
    if maximum == expected:  # both all singletons, or both one cluster: identical partitions
        return 1.0
    return (index - expected) / (maximum - expected)
