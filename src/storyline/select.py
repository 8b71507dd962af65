"""Select and order: concept-coverage summarization under a hard word budget.

Concepts are stemmed word bigrams (not made only of stopwords), weighted by how many documents
contain them and by how early they appear. The summary is the set of whole sentences that covers
the most concept weight within the budget, solved exactly as an integer program with HiGHS.
Redundancy is handled by the objective: a concept counts once, however many sentences carry it.
Large inputs are pruned to the most promising candidates first, so the program stays small.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .text import STOPWORDS


@dataclass(frozen=True)
class Candidate:
    index: int  # index into the flat sentence list
    doc: int
    position: int
    words: int
    stems: tuple[str, ...]


@dataclass(frozen=True)
class SelectSettings:
    solver: str = "ilp"  # "ilp" (exact, HiGHS) or "greedy" (budgeted greedy, constant-factor guarantee)
    min_words: int = 8  # shorter sentences are not candidates
    max_candidates: int = 250  # integer program size cap; the rest is pruned by coverage score
    position_boost: float = 1.0  # weight added to a concept for each lead-sentence occurrence
    lead_sentences: int = 3
    time_limit: float = 5.0  # seconds for HiGHS; its best solution so far is used after that


_PRONOUN_START = re.compile(
    r"^[\"“‘']?(he|she|it|they|his|her|its|their|them|him|this|these|those|that|but|and|so|yet|or|also|"
    r"however|meanwhile|still|then|there)\b",
    re.IGNORECASE,
)
_QUOTE_CHARS = "\"“”"


def is_readable_start(text: str) -> bool:
    """False for sentences that lean on context a summary will not have ("He said...", "But...")."""
    return not _PRONOUN_START.match(text)


def is_quotation(text: str) -> bool:
    """True when most of the sentence sits inside quotation marks."""
    quoted = 0
    inside = False
    for ch in text:
        if ch in _QUOTE_CHARS:
            inside = not inside if ch == '"' else ch == "“"
            continue
        if inside:
            quoted += 1
    return quoted >= 0.6 * max(1, len(text))


def bigrams(stems: Sequence[str]) -> set[tuple[str, str]]:
    return {(a, b) for a, b in zip(stems, stems[1:]) if not (a in STOPWORDS and b in STOPWORDS)}


def concept_weights(candidates: Sequence[Candidate], n_docs: int, settings: SelectSettings) -> dict:
    """Weight of each bigram: documents containing it (raw count for small clusters) plus a lead bonus."""
    docs_with: dict[tuple[str, str], set[int]] = defaultdict(set)
    count: dict[tuple[str, str], int] = defaultdict(int)
    lead: dict[tuple[str, str], int] = defaultdict(int)
    for c in candidates:
        for concept in bigrams(c.stems):
            docs_with[concept].add(c.doc)
            count[concept] += 1
            if c.position < settings.lead_sentences:
                lead[concept] += 1
    small = n_docs <= 3
    base = {k: float(count[k] if small else len(v)) for k, v in docs_with.items()}
    threshold = 2.0 if n_docs >= 3 else 1.0
    if sum(1 for w in base.values() if w >= threshold) < 20:
        threshold = 1.0
    weights = {}
    for k, w in base.items():
        if w >= threshold or lead[k]:
            weights[k] = w + settings.position_boost * lead[k]
    return weights


def _solve_ilp(
    sentence_concepts: list[list[int]], lengths: list[int], weights: np.ndarray, budget: int, time_limit: float
) -> list[int]:
    import highspy

    n, m = len(lengths), len(weights)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 1e-6)
    h.setOptionValue("threads", 1)
    lp = highspy.HighsLp()
    lp.num_col_ = n + m
    lp.col_cost_ = np.concatenate([np.zeros(n), weights])
    lp.col_lower_ = np.zeros(n + m)
    lp.col_upper_ = np.ones(n + m)
    # Rows: the budget, then for each concept  sum(s_j covering it) - c_i >= 0.
    rows: list[list[tuple[int, float]]] = [[(j, float(lengths[j])) for j in range(n)]]
    covering: list[list[int]] = [[] for _ in range(m)]
    for j, concepts in enumerate(sentence_concepts):
        for i in concepts:
            covering[i].append(j)
    rows.extend([(j, 1.0) for j in cover] + [(n + i, -1.0)] for i, cover in enumerate(covering))
    lp.num_row_ = len(rows)
    lp.row_lower_ = np.array([-highspy.kHighsInf] + [0.0] * m)
    lp.row_upper_ = np.array([float(budget)] + [highspy.kHighsInf] * m)
    starts, index, value = [0], [], []
    for row in rows:
        for col, val in row:
            index.append(col)
            value.append(val)
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    lp.a_matrix_.num_col_ = n + m
    lp.a_matrix_.num_row_ = len(rows)
    lp.sense_ = highspy.ObjSense.kMaximize
    # Only sentences need to be integral: with them fixed, c_i = min(1, coverage) is integral too.
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n + [highspy.HighsVarType.kContinuous] * m
    h.passModel(lp)
    h.run()
    values = h.getSolution().col_value
    if len(values) < n:
        return []
    chosen = [j for j in range(n) if values[j] > 0.5]
    # Guard against a time-limited, slightly infeasible incumbent.
    while sum(lengths[j] for j in chosen) > budget and chosen:
        chosen.pop()
    return chosen


def _solve_greedy(sentence_concepts: list[list[int]], lengths: list[int], weights: np.ndarray, budget: int) -> list[int]:
    """Budgeted maximum coverage: lazy greedy by gain per word, then the best single sentence if better.

    Taking the better of the two gives the (1 - 1/e)/2 approximation guarantee of Khuller et al. (1999).
    """
    covered = np.zeros(len(weights), dtype=bool)

    def gain(j: int) -> float:
        return float(sum(weights[i] for i in sentence_concepts[j] if not covered[i]))

    heap = [(-gain(j) / lengths[j], j) for j in range(len(lengths)) if lengths[j] <= budget]
    heapq.heapify(heap)
    chosen, used = [], 0
    while heap:
        neg, j = heapq.heappop(heap)
        if used + lengths[j] > budget:
            continue
        fresh = gain(j) / lengths[j]
        if heap and fresh < -heap[0][0] - 1e-12:
            heapq.heappush(heap, (-fresh, j))
            continue
        if fresh <= 0:
            break
        chosen.append(j)
        used += lengths[j]
        covered[sentence_concepts[j]] = True
    total = float(weights[np.unique([i for j in chosen for i in sentence_concepts[j]]).astype(int)].sum()) if chosen else 0.0
    singles = [(float(weights[sentence_concepts[j]].sum()), j) for j in range(len(lengths)) if lengths[j] <= budget]
    if singles:
        best_single, j = max(singles)
        if best_single > total:
            return [j]
    return chosen


def select(
    candidates: Sequence[Candidate], every: Sequence[Candidate], n_docs: int, budget: int, settings: SelectSettings
) -> list[int]:
    """Indices (``Candidate.index``) of the chosen sentences, within ``budget`` words.

    ``every`` is all sentences of the cluster (near-duplicates included): concept weights count
    every document that carries a concept, while only ``candidates`` may be selected.
    """
    pool = [c for c in candidates if c.words <= budget]
    if not pool:
        return []
    weights_by_concept = concept_weights(every, n_docs, settings)
    concept_id: dict[tuple[str, str], int] = {}
    sentence_concepts: list[list[int]] = []
    for c in pool:
        ids = []
        for concept in bigrams(c.stems):
            if concept in weights_by_concept:
                ids.append(concept_id.setdefault(concept, len(concept_id)))
        sentence_concepts.append(ids)
    weights = np.zeros(len(concept_id))
    for concept, i in concept_id.items():
        weights[i] = weights_by_concept[concept]
    # Prune: keep the candidates that carry the most concept weight (per word and in total).
    if len(pool) > settings.max_candidates:
        score = [float(weights[ids].sum()) for ids in sentence_concepts]
        density = [s / c.words for s, c in zip(score, pool)]
        keep = set(np.argsort(score)[::-1][: settings.max_candidates // 2].tolist())
        keep |= set(np.argsort(density)[::-1][: settings.max_candidates // 2].tolist())
        order = sorted(keep)
        pool = [pool[j] for j in order]
        sentence_concepts = [sentence_concepts[j] for j in order]
    lengths = [c.words for c in pool]
    if not any(sentence_concepts):
        # No shared content at all: fall back to lead sentences within the budget.
        chosen, used = [], 0
        for j in sorted(range(len(pool)), key=lambda j: (pool[j].position, pool[j].doc)):
            if used + lengths[j] <= budget:
                chosen.append(j)
                used += lengths[j]
        return [pool[j].index for j in chosen]
    if settings.solver == "greedy":
        chosen = _solve_greedy(sentence_concepts, lengths, weights, budget)
    else:
        chosen = _solve_ilp(sentence_concepts, lengths, weights, budget, settings.time_limit)
    return [pool[j].index for j in chosen]
