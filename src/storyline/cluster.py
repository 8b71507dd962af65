"""The cluster view: what ``brief()`` knows about a cluster once it is prepared, built once and
handed to every analyser (between prepare and analyse), so no analyser redoes that work.

It holds the prepared documents (ids already unique), each sentence's features (stemmed concepts
and content words, ``text.features``), each document's reference date and the kept/off-event split
(``analyse.relatedness.judge``: flags, relatedness and each document's reason).
``Sentence.doc`` indexes the whole cluster; ``on_event()`` is the view of the kept documents that
the analysers read, where a document's index is its position in ``documents``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .model import PreparedDocument, Sentence
from .text import features, stems

Features = tuple[frozenset[str], frozenset[str]]  # (concepts, content words) of one sentence


@dataclass(frozen=True)
class ClusterView:
    documents: tuple[PreparedDocument, ...]
    # Per document, per sentence (``features[d][s.position]``); computed on first use when not given.
    given_features: tuple[tuple[Features, ...], ...] | None = field(default=None, repr=False)
    dates: tuple[date | None, ...] | None = None  # reference date of each document, when brief() worked them out
    off_event: tuple[bool, ...] | None = None  # per document: about a different event
    relatedness: tuple[float | None, ...] | None = None  # per document (None: too few documents to tell)
    # Per document: why it was judged off-event or, not flagged, why it may be (kept, marked); else None.
    reasons: tuple[str | None, ...] | None = None
    kept: tuple[bool, ...] | None = None  # per document: in the summary and the analysis (None: all)

    @cached_property
    def features(self) -> tuple[tuple[Features, ...], ...]:
        if self.given_features is not None:
            return self.given_features
        return tuple(tuple(features(stems(s.text)) for s in p.sentences) for p in self.documents)

    @cached_property
    def sentences(self) -> list[Sentence]:
        """Every sentence, document by document."""
        return [s for p in self.documents for s in p.sentences]

    @cached_property
    def sentence_features(self) -> list[Features]:
        """``features`` flat, aligned with ``sentences``."""
        return [f for per_doc in self.features for f in per_doc]

    @property
    def ids(self) -> list[str]:
        return [p.document.id for p in self.documents]

    def content(self, doc: int, first: int, last: int | None = None) -> frozenset[str]:
        """Content words of sentences ``first..last`` (positions) of document ``doc``."""
        per_doc = self.features[doc]
        if last is None or last == first:
            return per_doc[first][1]
        return frozenset().union(*(per_doc[i][1] for i in range(first, last + 1)))

    def on_event(self) -> ClusterView:
        """The kept documents only (what the analysers read), features and dates carried over."""
        if self.kept is None or all(self.kept):
            return self
        keep = [i for i, k in enumerate(self.kept) if k]
        pick = lambda values: None if values is None else tuple(values[i] for i in keep)  # noqa: E731
        return ClusterView(
            documents=pick(self.documents), given_features=pick(self.features), dates=pick(self.dates),
            off_event=pick(self.off_event), relatedness=pick(self.relatedness), reasons=pick(self.reasons),
        )


def as_view(docs: ClusterView | Sequence[PreparedDocument]) -> ClusterView:
    """Analysers take a view (from ``brief()``) or, for tests and callers of one analyser, a list."""
    return docs if isinstance(docs, ClusterView) else ClusterView(tuple(docs))
