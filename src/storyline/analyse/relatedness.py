"""Off-event articles: an article whose lead is about something the rest of the cluster does not report.

An article's lead (its first sentences) states its event. Relatedness is the share of the lead's
concepts (stemmed bigrams) and of its content words that some other article carries, averaged:
wire copy and paraphrases of the same event share most of them; an article about an earlier or
different event shares few, even when it names the same people and places. The two thresholds
were chosen on articles moved between clusters of ../shared/data (benchmarks/analysis.py) and
checked on ../shared/examples/syria-2012, where the article about earlier defection plans is the
one flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

LEAD_SENTENCES = 5
OFF_EVENT_BELOW = 0.4  # relatedness under this ...
OFF_EVENT_RATIO = 0.6  # ... and under this share of the median of the other articles flags it
MIN_DOCUMENTS = 3  # with two articles there is no majority to say which one is off
DATE_GAP_DAYS = 30  # an article this far from the others' dates ...
SAME_EVENT_DAYS = 7  # ... when those all fall within this many days, reports another event


def relatedness(features_by_doc: Sequence[Sequence[tuple[frozenset, frozenset]]]) -> list[float]:
    """For each document (its sentences' (concepts, content words), in order), how much of its lead
    other documents carry, 0..1."""
    empty: frozenset = frozenset()
    concepts = [empty.union(*[c for c, _ in doc]) for doc in features_by_doc]
    words = [empty.union(*[w for _, w in doc]) for doc in features_by_doc]
    # A lead item is in its own document, so another document carries it iff two or more do.
    shared_concepts, shared_words = _in_two_or_more(concepts), _in_two_or_more(words)
    scores = []
    for doc in features_by_doc:
        lead = doc[:LEAD_SENTENCES]
        lead_concepts = empty.union(*[c for c, _ in lead])
        lead_words = empty.union(*[w for _, w in lead])
        scores.append((_share(lead_concepts, shared_concepts) + _share(lead_words, shared_words)) / 2)
    return scores


def _in_two_or_more(sets: Sequence[frozenset]) -> set:
    """Items found in at least two of ``sets`` (set operations only: no per-item Python loop)."""
    seen: set = set()
    shared: set = set()
    for items in sets:
        shared |= items & seen
        seen |= items
    return shared


def _share(lead: frozenset, shared: set) -> float:
    return len(lead & shared) / len(lead) if lead else 0.0


def _median(values: Sequence) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def off_event(scores: Sequence[float], dates: Sequence[date | None] | None = None) -> list[bool]:
    """Which documents are about a different event.

    Either low relatedness, well under the median of the others (so a cluster of loosely related
    articles does not lose them all); or, when the other articles all fall within a few days
    (``SAME_EVENT_DAYS``: a cluster reporting one event), an article dated more than
    ``DATE_GAP_DAYS`` away and less related than their median: a report of an earlier event that
    shares the names and places of this one. A story followed over months (MultiLing's clusters
    span up to four years) never trips the date rule.
    """
    n = len(scores)
    if n < MIN_DOCUMENTS:
        return [False] * n
    flags = []
    for i, score in enumerate(scores):
        others = [s for j, s in enumerate(scores) if j != i]
        median = _median(others)
        flag = score < OFF_EVENT_BELOW and score < OFF_EVENT_RATIO * median
        if not flag and dates is not None and dates[i] is not None:
            other_days = [d.toordinal() for j, d in enumerate(dates) if j != i and d is not None]
            if (
                len(other_days) >= 2
                and max(other_days) - min(other_days) <= SAME_EVENT_DAYS
                and abs(dates[i].toordinal() - _median(other_days)) > DATE_GAP_DAYS
            ):
                flag = score < median
        flags.append(flag)
    # Never flag a majority: then there is no event to be off from.
    if sum(flags) * 2 >= n:
        return [False] * n
    return flags
