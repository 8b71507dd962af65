"""Off-event articles: an article whose lead is about something the rest of the cluster does not report.

An article's lead (its first sentences) states its event. Relatedness is the share of the lead's
concepts (stemmed bigrams) found anywhere in the other articles: wire copy and paraphrases of the
same event share most of them, an article about an earlier or different event shares few, even
when it names the same people and places. Measured on ../shared/examples/syria-2012: the article
about earlier defection plans scores 0.17 against 0.49-0.90 for the four on-event articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import chain

LEAD_SENTENCES = 3
OFF_EVENT_BELOW = 0.3  # relatedness under this, and well under the others', flags the article
MIN_DOCUMENTS = 3  # with two articles there is no majority to say which one is off


def relatedness(concepts_by_doc: Sequence[Sequence[frozenset]]) -> list[float]:
    """For each document (its sentences' concept sets, in order), the share of its lead's concepts
    that some other document carries."""
    doc_sets = [frozenset(chain.from_iterable(doc)) for doc in concepts_by_doc]
    carriers = Counter(chain.from_iterable(doc_sets))
    scores = []
    for doc, own in zip(concepts_by_doc, doc_sets):
        lead = frozenset(chain.from_iterable(doc[:LEAD_SENTENCES]))
        if not lead:
            scores.append(0.0)
            continue
        # carriers counts every document holding a concept, this one included.
        shared = sum(1 for k in lead if carriers[k] - (k in own) > 0)
        scores.append(shared / len(lead))
    return scores


def off_event(scores: Sequence[float]) -> list[bool]:
    """Which documents are about a different event: low relatedness, and under half the median
    of the others (so a cluster of loosely related articles does not lose them all)."""
    if len(scores) < MIN_DOCUMENTS:
        return [False] * len(scores)
    flags = []
    for i, score in enumerate(scores):
        others = sorted(s for j, s in enumerate(scores) if j != i)
        median = others[len(others) // 2] if len(others) % 2 else (others[len(others) // 2 - 1] + others[len(others) // 2]) / 2
        flags.append(score < OFF_EVENT_BELOW and score < 0.5 * median)
    # Never flag a majority: then there is no event to be off from.
    if sum(flags) * 2 >= len(scores):
        return [False] * len(scores)
    return flags
