"""Analysis stages: redundancy, relatedness, corroboration, quotes, claims, disagreements, entities, time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ..model import PreparedDocument


def document_rank(docs: Sequence[PreparedDocument]) -> list[int]:
    """Rank of every document from the earliest: by date when all are dated, else as given."""
    if all(p.parsed_date is not None for p in docs):
        order = sorted(range(len(docs)), key=lambda i: (docs[i].parsed_date or datetime.min, i))
    else:
        order = list(range(len(docs)))
    rank = [0] * len(docs)
    for r, i in enumerate(order):
        rank[i] = r
    return rank
