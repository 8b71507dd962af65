"""Off-event articles: flag only an article the evidence says reports a different event.

A wrong flag costs the reader a whole article (it leaves the summary and every analysis section),
so the decision is precision first. Three kinds of evidence, all from the text itself:

- **Lead** (``relatedness``): the share of the lead's concepts (stemmed bigrams) and content words
  that some other article carries. Wire copy of the same event shares most of them; a reaction,
  a live blog or a human-interest piece may share few, so a low lead alone never flags.
- **Names** (cased text): the capitalised words inside sentences (people, places, organisations,
  also named in a transcript or an HTML extraction of the same text) that other articles use. A
  same-event piece from another angle names the event's places and people; an article about
  another event names others.
- **Topic** (any text, and the evidence on lower-cased text, where names cannot be told apart):
  the cosine of the article's content words with its closest other article, beside how close the
  other articles are to each other.

An article is off-event when its lead shares little AND it is not about the same names (cased text)
or the same topic (lower-cased text); or when its own date puts it clearly apart (over
``DATE_GAP_DAYS`` from articles that all fall within ``SAME_EVENT_DAYS``) and it is less related
than the others. A text shorter than ``MIN_CONTENT_WORDS`` is never judged: it is too short to say
what it is about. There is no middle state: mixed evidence keeps the article, unmarked, because
the reader loses nothing by keeping an on-event article and a mark that fires on mixed evidence
would fire on most other-angle pieces. Each flag carries a one-line reason built from the figures
that decided it. Thresholds were set on real clusters (benchmarks/offevent.py: MultiLing and
Multi-News as they are, and with an article of another cluster moved in) and checked on
../shared/examples/syria-2012 and the labelled fixtures.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from ..text import STOPWORDS

LEAD_SENTENCES = 5
MIN_DOCUMENTS = 3  # with two articles there is no majority to say which one is off
LEAD_BELOW = 0.3  # the lead shares little: relatedness under this ...
LEAD_RATIO = 0.6  # ... and under this share of the other articles' median
NAMES_BELOW = 0.35  # cased text: under this share of its names found in other articles ...
MIN_NAMES = 3  # ... judged on names only with at least this many, in cased text
TOPIC_BELOW = 0.15  # lower-cased text: its closest article under this cosine ...
TOPIC_RATIO = 0.5  # ... and under this share of how close the others are to each other,
TOGETHER_MIN = 0.2  # ... which must be at least this close: one story, not unrelated pages
MAX_SHARED_PHRASES = 1  # more phrases of two content words ("aid worker") shared with others keeps it
MIN_CONTENT_WORDS = 30  # shorter texts (a cookie notice, a caption) are not judged
CASED_SHARE = 0.02  # capitalised words inside sentences per word: text that keeps its case
DATE_GAP_DAYS = 30  # an article this far from the others' dates ...
SAME_EVENT_DAYS = 7  # ... when those all fall within this many days, reports another event

_CAPITALISED = re.compile(r"[A-Z][\w’'-]*")
_WORD = re.compile(r"\w+")
_NOT_NAMES = STOPWORDS | frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december i""".split()
)


@dataclass(frozen=True)
class Judgement:
    relatedness: float | None  # (None under MIN_DOCUMENTS) share of its lead's concepts and words other articles carry, 0..1
    off_event: bool
    reason: str | None  # why it was flagged, for a reader


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


def judge(
    features_by_doc: Sequence[Sequence[tuple[frozenset, frozenset]]],
    texts_by_doc: Sequence[Sequence[str]],
    dates: Sequence[date | None] | None = None,
) -> list[Judgement]:
    """Relatedness, off-event flag and reason of every document.

    ``features_by_doc``: each document's sentences' (concepts, content words); ``texts_by_doc``: the
    same sentences' texts (for names); ``dates``: each document's own date, where known.
    """
    n = len(features_by_doc)
    if n < MIN_DOCUMENTS:
        return [Judgement(None, False, None) for _ in range(n)]
    scores = relatedness(features_by_doc)
    counts = [_word_counts(doc) for doc in features_by_doc]
    closeness = _closeness(counts)
    # How close the others are to each other without document i: each one's closest article other
    # than i (its best, or its second best when the best is i).
    order = np.argsort(-closeness, axis=1)
    names = [_names(texts) for texts in texts_by_doc]
    vocabulary = [frozenset(_WORD.findall(" ".join(texts).lower())) for texts in texts_by_doc]
    phrase_sets = _phrases(features_by_doc)
    shared_phrases = _in_two_or_more(phrase_sets)
    phrases = [len(p & shared_phrases) for p in phrase_sets]
    reasons: list[str | None] = []
    for i in range(n):
        others = [j for j in range(n) if j != i]
        closest = float(closeness[i, order[i, 0]])
        together = _median([float(closeness[k, order[k, 0] if order[k, 0] != i else order[k, 1]]) for k in others])
        lead = scores[i]
        words = sum(counts[i].values())
        found, total = _names_found(names[i], vocabulary, i)
        reason = None
        if words >= MIN_CONTENT_WORDS:
            if total >= MIN_NAMES and total >= CASED_SHARE * words:  # cased text: names decide
                if (lead < LEAD_BELOW and lead < LEAD_RATIO * _median([scores[j] for j in others])
                        and found < NAMES_BELOW * total):
                    reason = (f"shares {lead:.0%} of its lead's content and {found} of its {total} names "
                              "with the other articles")
            elif (lead < LEAD_BELOW and phrases[i] <= MAX_SHARED_PHRASES and together >= TOGETHER_MIN
                    and closest < TOPIC_BELOW and closest < TOPIC_RATIO * together):
                reason = (f"shares {lead:.0%} of its lead's content with the other articles and "
                          f"{'no phrase' if not phrases[i] else 'one phrase'} of two content words; "
                          f"word overlap {closest:.2f} with the closest (the others: {together:.2f})")
        if reason is None and dates is not None:
            gap = _date_gap(dates, i)
            if gap is not None and lead < _median([scores[j] for j in others]) and closest < together:
                when = "after" if gap > 0 else "before"
                reason = (f"dated {abs(gap)} days {when} the other articles, which fall within "
                          f"{SAME_EVENT_DAYS} days; shares {lead:.0%} of its lead's content with them")
        reasons.append(reason)
    # Never flag a majority: then there is no event to be off from.
    if sum(r is not None for r in reasons) * 2 >= n:
        reasons = [None] * n
    return [Judgement(s, r is not None, r) for s, r in zip(scores, reasons)]


def _phrases(features_by_doc: Sequence[Sequence[tuple[frozenset, frozenset]]]) -> list[frozenset]:
    """Each document's phrases of two content words (a name, "aid worker")."""
    empty: frozenset = frozenset()
    per_doc = []
    for doc in features_by_doc:
        words = empty.union(*[w for _, w in doc])
        per_doc.append(frozenset(c for c in empty.union(*[c for c, _ in doc]) if _both_in(c, words)))
    return per_doc


def _both_in(concept: str, words: frozenset) -> bool:
    first, _, second = concept.partition(" ")
    return first in words and second in words and not (first.isdigit() or second.isdigit())


def _word_counts(doc: Sequence[tuple[frozenset, frozenset]]) -> Counter:
    """A document's content words: in how many of its sentences each occurs."""
    counts: Counter = Counter()
    for _, words in doc:
        counts.update(words)
    return counts


def _closeness(counts: Sequence[Counter]) -> np.ndarray:
    """Cosine of every two documents' square-rooted word counts (a word repeated ten times is not
    ten pieces of evidence); 0 on the diagonal."""
    index: dict[str, int] = {}
    rows, cols, values = [], [], []
    for row, c in enumerate(counts):
        for word, count in c.items():
            rows.append(row)
            cols.append(index.setdefault(word, len(index)))
            values.append(count)
    matrix = np.zeros((len(counts), max(1, len(index))))
    matrix[rows, cols] = np.sqrt(values)
    norms = np.linalg.norm(matrix, axis=1)
    matrix /= np.where(norms > 0, norms, 1.0)[:, None]
    closeness = matrix @ matrix.T
    np.fill_diagonal(closeness, 0.0)
    return closeness


def _names(texts: Sequence[str]) -> frozenset[str]:
    """Capitalised words inside sentences, lower-cased: in cased text, the names it uses.

    A sentence's first word and a word after a colon or an opening quote are capitalised anyway.
    """
    found = set()
    for text in texts:
        for m in _CAPITALISED.finditer(text):
            start = m.start()
            before = text[max(0, start - 4) : start].rstrip()  # a short look-back: no copy of the text
            if not before or before[-1] in ".!?:\"“‘([" or (start and text[start - 1].isalnum()):
                continue
            word = m.group().rstrip("’'-").lower()
            for suffix in ("’s", "'s"):
                word = word.removesuffix(suffix)
            if word and word not in _NOT_NAMES:
                found.add(word)
    return frozenset(found)


def _names_found(names: frozenset[str], vocabulary: Sequence[frozenset[str]], i: int) -> tuple[int, int]:
    """How many of document ``i``'s names occur (in any case) in some other document, and of how many."""
    others: set = set()
    for j, words in enumerate(vocabulary):
        if j != i:
            others |= words
    parts = [(name, _WORD.findall(name)) for name in names]
    return sum(bool(words) and all(w in others for w in words) for _, words in parts), len(names)


def _date_gap(dates: Sequence[date | None], i: int) -> int | None:
    """Days from the others' median date, when they all fall within a few days and it is far off."""
    if dates[i] is None:
        return None
    other_days = [d.toordinal() for j, d in enumerate(dates) if j != i and d is not None]
    if len(other_days) < 2 or max(other_days) - min(other_days) > SAME_EVENT_DAYS:
        return None
    gap = dates[i].toordinal() - _median(other_days)
    return round(gap) if abs(gap) > DATE_GAP_DAYS else None


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
