"""Select and order: concept-coverage summarization under a hard word budget.

Concepts are stemmed word bigrams (not made only of stopwords), weighted by how many documents
contain them and by how early they appear. The summary is the set of whole sentences that covers
the most concept weight within the budget, solved exactly as an integer program with HiGHS.
Redundancy is handled by the objective: a concept counts once, however many sentences carry it.
Large inputs are pruned to the most promising candidates first, so the program stays small.
"""

from __future__ import annotations

import heapq
import math
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
    after: int | None = None  # index of a sentence that must be selected too (what a pronoun refers to)


@dataclass(frozen=True)
class SelectSettings:
    solver: str = "ilp"  # "ilp" (exact, HiGHS) or "greedy" (budgeted greedy, constant-factor guarantee)
    min_words: int = 8  # shorter sentences are not candidates
    max_candidates: int = 250  # integer program size cap; the rest is pruned by coverage score
    position_boost: float = 1.0  # weight added to a concept for each lead-sentence occurrence
    lead_sentences: int = 3
    time_limit: float = 5.0  # seconds for HiGHS; its best solution so far is used after that
    unigram_weight: float = 0.0  # weight factor of content-word unigram concepts (0 = bigrams only)
    min_weight: float | None = None  # drop rarer concepts; None: 2 for 3+ documents, else 1
    readable_only: bool = True  # skip sentences opening with an unresolved pronoun/"But", or mostly quotation
    skip_quotes: bool = True  # sentences that are mostly quotation are not candidates
    centrality: float = 1.0  # weight of a per-sentence bonus: how common its content words are in the cluster
    fill: bool = True  # after solving, add the best remaining sentences that still fit the budget


_PRONOUN_START = re.compile(
    r"^[\"“‘']?(he|she|it|they|his|her|its|their|them|him|this|these|those|that|but|and|so|yet|or|also|"
    r"however|meanwhile|still|then|there)\b",
    re.IGNORECASE,
)
_QUOTE_CHARS = "\"“”"


def is_readable_start(text: str) -> bool:
    """False for sentences that lean on context a summary will not have ("He said...", "But...")."""
    return not _PRONOUN_START.match(text)


def is_complete(text: str) -> bool:
    """False for a sentence cut off mid-way (truncated input) or one that introduces a list."""
    return text.rstrip().endswith(('.', '!', '?', '"', '”', "’", "'", ")")) and not text.rstrip().endswith(":")


_ATTRIBUTION = re.compile(r"\b(said|says|told|added|according to|asked|wrote|stated|announced)\b", re.IGNORECASE)


def is_bare_quotation(text: str) -> bool:
    """A quotation that does not say who is speaking: unreadable out of context."""
    return is_quotation(text) and not _ATTRIBUTION.search(text)


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


def concepts_of(stems: Sequence[str], unigrams: bool) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set(bigrams(stems))
    if unigrams:
        found.update((w,) for w in stems if w not in STOPWORDS and len(w) > 1)
    return found


def concept_weights(candidates: Sequence[Candidate], n_docs: int, settings: SelectSettings) -> dict:
    """Weight of each bigram: documents containing it (raw count for small clusters) plus a lead bonus."""
    docs_with: dict[tuple[str, str], set[int]] = defaultdict(set)
    count: dict[tuple[str, str], int] = defaultdict(int)
    lead: dict[tuple[str, str], int] = defaultdict(int)
    unigrams = settings.unigram_weight > 0
    for c in candidates:
        for concept in concepts_of(c.stems, unigrams):
            docs_with[concept].add(c.doc)
            count[concept] += 1
            if c.position < settings.lead_sentences:
                lead[concept] += 1
    small = n_docs <= 3
    base = {k: float(count[k] if small else len(v)) for k, v in docs_with.items()}
    threshold = settings.min_weight if settings.min_weight is not None else (2.0 if n_docs >= 3 else 1.0)
    if sum(1 for w in base.values() if w >= threshold) < 20:
        threshold = 1.0
    weights = {}
    for k, w in base.items():
        if w >= threshold or lead[k]:
            weights[k] = (w + settings.position_boost * lead[k]) * (settings.unigram_weight if len(k) == 1 else 1.0)
    return weights


@dataclass
class Problem:
    """A budgeted coverage problem over the candidate pool (indices are pool positions)."""

    lengths: list[int]
    concepts: list[list[int]]  # concept ids each sentence covers
    weights: np.ndarray  # weight of each concept
    bonus: np.ndarray  # per-sentence objective term
    after: list[int]  # pool position a sentence depends on, or -1
    budget: int

    def value(self, chosen: Sequence[int]) -> float:
        covered = {i for j in chosen for i in self.concepts[j]}
        return float(self.weights[list(covered)].sum()) + float(self.bonus[list(chosen)].sum())

    def allowed(self, j: int, chosen: set[int]) -> bool:
        return self.after[j] < 0 or self.after[j] in chosen


def _solve_ilp(problem: Problem, time_limit: float) -> list[int]:
    import highspy

    n, m = len(problem.lengths), len(problem.weights)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 1e-6)
    h.setOptionValue("threads", 1)
    inf = highspy.kHighsInf
    # Rows: the budget; for each concept  sum(s_j covering it) - c_i >= 0; for dependencies s_j - s_k <= 0.
    rows: list[list[tuple[int, float]]] = [[(j, float(problem.lengths[j])) for j in range(n)]]
    lower, upper = [-inf], [float(problem.budget)]
    covering: list[list[int]] = [[] for _ in range(m)]
    for j, concepts in enumerate(problem.concepts):
        for i in concepts:
            covering[i].append(j)
    for i, cover in enumerate(covering):
        rows.append([(j, 1.0) for j in cover] + [(n + i, -1.0)])
        lower.append(0.0)
        upper.append(inf)
    for j, k in enumerate(problem.after):
        if k >= 0:
            rows.append([(j, 1.0), (k, -1.0)])
            lower.append(-inf)
            upper.append(0.0)
    starts, index, value = [0], [], []
    for row in rows:
        for col, val in row:
            index.append(col)
            value.append(val)
        starts.append(len(index))
    lp = highspy.HighsLp()
    lp.num_col_ = n + m
    lp.num_row_ = len(rows)
    lp.col_cost_ = np.concatenate([problem.bonus, problem.weights])
    lp.col_lower_ = np.zeros(n + m)
    lp.col_upper_ = np.ones(n + m)
    lp.row_lower_ = np.array(lower)
    lp.row_upper_ = np.array(upper)
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
        return _solve_greedy(problem)
    chosen = [j for j in range(n) if values[j] > 0.5]
    if sum(problem.lengths[j] for j in chosen) > problem.budget:  # a time-limited incumbent gone wrong
        return _solve_greedy(problem)
    return chosen


def _solve_greedy(problem: Problem) -> list[int]:
    """Budgeted maximum coverage: lazy greedy by gain per word, then the best single sentence if better.

    Taking the better of the two gives the (1 - 1/e)/2 guarantee of Khuller et al. (1999) when no
    sentence depends on another; dependent sentences only become eligible once their antecedent is in.
    """
    covered = np.zeros(len(problem.weights), dtype=bool)
    lengths = problem.lengths

    def gain(j: int) -> float:
        ids = problem.concepts[j]
        return float(problem.weights[ids][~covered[ids]].sum()) + float(problem.bonus[j])

    heap = [(-gain(j) / lengths[j], j) for j in range(len(lengths)) if lengths[j] <= problem.budget]
    heapq.heapify(heap)
    chosen: list[int] = []
    taken: set[int] = set()
    waiting: list[tuple[float, int]] = []
    used = 0
    while heap:
        _, j = heapq.heappop(heap)
        if used + lengths[j] > problem.budget:
            continue
        if not problem.allowed(j, taken):
            waiting.append((0.0, j))
            continue
        fresh = gain(j) / lengths[j]
        if heap and fresh < -heap[0][0] - 1e-12:
            heapq.heappush(heap, (-fresh, j))
            continue
        if fresh <= 0:
            break
        chosen.append(j)
        taken.add(j)
        used += lengths[j]
        covered[problem.concepts[j]] = True
        for item in [w for w in waiting if w[1] in taken or problem.after[w[1]] == j]:
            waiting.remove(item)
            heapq.heappush(heap, (-gain(item[1]) / lengths[item[1]], item[1]))
    singles = [j for j in range(len(lengths)) if lengths[j] <= problem.budget and problem.after[j] < 0]
    if singles:
        best = max(singles, key=lambda j: problem.value([j]))
        if problem.value([best]) > problem.value(chosen):
            return [best]
    return chosen


def _fill(problem: Problem, chosen: list[int]) -> list[int]:
    """Use the words the solution leaves: add sentences that fit, most total weight first."""
    used = sum(problem.lengths[j] for j in chosen)
    taken = set(chosen)
    totals = [float(problem.weights[ids].sum()) + float(problem.bonus[j]) for j, ids in enumerate(problem.concepts)]
    for j in sorted(range(len(totals)), key=lambda j: -totals[j]):
        if j not in taken and used + problem.lengths[j] <= problem.budget and problem.allowed(j, taken):
            taken.add(j)
            chosen.append(j)
            used += problem.lengths[j]
    return chosen


def _centrality(pool: Sequence[Candidate], every: Sequence[Candidate]) -> np.ndarray:
    """How typical each sentence's content words are of the cluster.

    Mean over its content words of (documents containing the word + log of its cluster frequency):
    the cross-document term is what LexRank-style centrality rewards, the frequency term helps
    when a cluster has only two or three documents.
    """
    docs_with: dict[str, set[int]] = defaultdict(set)
    count: dict[str, int] = defaultdict(int)
    for c in every:
        for w in c.stems:
            if w not in STOPWORDS:
                docs_with[w].add(c.doc)
                count[w] += 1
    scores = np.zeros(len(pool))
    for j, c in enumerate(pool):
        content = [w for w in c.stems if w not in STOPWORDS]
        if content:
            scores[j] = sum(len(docs_with[w]) + math.log(count[w]) for w in content) / len(content)
    return scores


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
    concept_id: dict[tuple[str, ...], int] = {}
    sentence_concepts: list[list[int]] = []
    unigrams = settings.unigram_weight > 0
    for c in pool:
        ids = []
        for concept in concepts_of(c.stems, unigrams):
            if concept in weights_by_concept:
                ids.append(concept_id.setdefault(concept, len(concept_id)))
        sentence_concepts.append(ids)
    weights = np.zeros(len(concept_id))
    for concept, i in concept_id.items():
        weights[i] = weights_by_concept[concept]
    # Prune: keep the candidates that carry the most concept weight (in total and per word).
    if len(pool) > settings.max_candidates:
        score = np.array([float(weights[ids].sum()) for ids in sentence_concepts])
        density = score / np.array([c.words for c in pool])
        half = settings.max_candidates // 2
        keep = set(np.argsort(-score)[:half].tolist()) | set(np.argsort(-density)[:half].tolist())
        order = sorted(keep)
        pool = [pool[j] for j in order]
        sentence_concepts = [sentence_concepts[j] for j in order]
    # A sentence whose antecedent is not in the pool cannot be made readable: drop it (and its dependents).
    while True:
        where = {c.index: j for j, c in enumerate(pool)}
        keep = [j for j, c in enumerate(pool) if c.after is None or c.after in where]
        if len(keep) == len(pool):
            break
        pool = [pool[j] for j in keep]
        sentence_concepts = [sentence_concepts[j] for j in keep]
    if not pool:
        return []
    bonus = np.zeros(len(pool))
    if settings.centrality:
        bonus = settings.centrality * _centrality(pool, every) * np.array([c.words for c in pool])
    problem = Problem(
        lengths=[c.words for c in pool],
        concepts=sentence_concepts,
        weights=weights,
        bonus=bonus,
        after=[where[c.after] if c.after is not None else -1 for c in pool],
        budget=budget,
    )
    if not any(sentence_concepts) and not bonus.any():
        # No shared content at all: lead sentences within the budget.
        problem.bonus = np.array([1.0 / (1 + c.position) for c in pool])
    if settings.solver == "greedy":
        chosen = _solve_greedy(problem)
    else:
        chosen = _solve_ilp(problem, settings.time_limit)
    if settings.fill:
        chosen = _fill(problem, chosen)
    return [pool[j].index for j in chosen]
