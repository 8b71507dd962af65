"""Run the summarizer over every cluster of a JSONL file and score it against the references."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..api import brief
from ..errors import StorylineError
from ..ingest import read_clusters
from ..model import Cluster
from .rouge import RougeResult, score_corpus


@dataclass
class Evaluation:
    words: int
    clusters: int = 0
    queries: int = 0  # clusters summarized for their query
    seconds: float = 0.0
    summaries: list[str] = field(default_factory=list)
    references: list[list[str]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # "cluster id: reason"
    unscored: list[str] = field(default_factory=list)  # clusters without references
    rouge: RougeResult | None = None
    official: RougeResult | None = None

    @property
    def ms_per_cluster(self) -> float:
        return 1000 * self.seconds / max(1, self.clusters)


def _limited(clusters: Iterator[Cluster], limit: int | None) -> Iterator[Cluster]:
    for n, cluster in enumerate(clusters):
        if limit is not None and n >= limit:
            return
        yield cluster


def evaluate(
    path: str | Path,
    *,
    words: int = 100,
    limit: int | None = None,
    predictions: str | Path | None = None,
    official: bool = False,
    solver: str = "auto",
    use_query: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Evaluation:
    """Summarize each cluster (timing only the summarizer) and score with ROUGE-1/2/L/SU4.

    A cluster's ``query`` focuses its summary unless ``use_query`` is False.
    """
    result = Evaluation(words=words)
    out = open(predictions, "w", encoding="utf-8") if predictions else None
    try:
        for cluster in _limited(read_clusters(path), limit):
            started = time.perf_counter()
            try:
                query = cluster.query if use_query else None
                summary = brief(cluster.documents, words=words, solver=solver, analysis=False, query=query).text
            except StorylineError as err:
                summary = ""
                result.failures.append(f"{cluster.id}: {err}")
            result.seconds += time.perf_counter() - started
            result.clusters += 1
            if out:
                out.write(json.dumps({"id": cluster.id, "summary": summary}, ensure_ascii=False) + "\n")
            if cluster.references:
                result.ids.append(cluster.id)
                result.summaries.append(summary)
                result.references.append(list(cluster.references))
            else:
                result.unscored.append(cluster.id)
            if cluster.query and use_query:
                result.queries += 1
            if progress:
                progress(result.clusters)
    finally:
        if out:
            out.close()
    if not result.summaries:
        raise StorylineError(f"{path}: no clusters with references to score")
    result.rouge = score_corpus(result.summaries, result.references, words=words)
    if official:
        from .official import official_scores

        result.official = official_scores(result.summaries, result.references, words=words)
    return result
