"""Select and order: concept-coverage summarization under a hard word budget.

Concepts are stemmed word bigrams (not made only of stopwords), weighted by how many documents
contain them and by how early they appear; each sentence also earns a per-word bonus for lead
position and for centrality. The summary is the set of whole sentences with the most weight within
the budget: solved exactly as an integer program with HiGHS, or by a budgeted greedy with a
constant-factor guarantee (``SelectSettings.solver``). Redundancy is handled by the objective: a
concept counts once, however many sentences carry it. Large inputs are pruned to the most
promising candidates first, so the program stays small.
"""

from __future__ import annotations

import heapq
import math
import os
import re
import sys
import threading
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

from .query import Focus
from .text import STOPWORDS, features  # noqa: F401  (features: its home is text.py)


class Candidate(NamedTuple):  # a named tuple: built for every sentence, several times cheaper than a dataclass
    index: int  # index into the flat sentence list
    doc: int
    position: int
    words: int
    concepts: frozenset[str]  # stemmed bigrams ("first second"), not made only of stopwords
    content: frozenset[str]  # stemmed content words
    after: int | None = None  # index of a sentence that must be selected too (what a pronoun refers to)


@dataclass(frozen=True)
class SelectSettings:
    solver: str = "auto"  # "ilp" (exact, HiGHS), "greedy" (constant-factor guarantee), "auto" (see select)
    min_words: int = 8  # shorter sentences are not candidates
    max_candidates: int = 40  # integer program size cap; the rest is pruned by coverage score
    # "auto" solves exactly when the cluster is large and the budget short (few sentences to pick:
    # one greedy misstep is a big share of the summary); otherwise greedily, which on long budgets
    # reaches the same ROUGE at a fraction of the cost (see README, Evaluation).
    ilp_min_sentences: int = 100
    ilp_max_words: int = 150
    position_boost: float = 2.0  # weight added to a concept for each lead-sentence occurrence
    lead_sentences: int = 3
    lead_bonus: float = 1.0  # per-word bonus for a document's first sentences, falling with position
    centrality: float = 1.0  # per-word bonus for sentences whose content words are common in the cluster
    readable_only: bool = True  # pronoun/"But"-led sentences need their antecedent; no bare quotations
    fill: bool = True  # after solving, add the best remaining sentences that still fit the budget
    time_limit: float = 5.0  # seconds for HiGHS; its best solution so far is used after that


_PRONOUN_START = re.compile(
    r"^[\"“‘']?(he|she|it|they|his|her|its|their|them|him|this|these|those|that|but|and|so|yet|or|also|"
    r"however|meanwhile|still|then|there)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
_ATTRIBUTION = re.compile(r"\b(said|says|told|added|according to|asked|wrote|stated|announced)\b", re.IGNORECASE)


def is_readable_start(text: str) -> bool:
    """False for sentences that lean on context a summary will not have ("He said...", "But...")."""
    return not _PRONOUN_START.match(text)


def is_complete(text: str) -> bool:
    """False for a sentence cut off mid-way (truncated input) or one that introduces a list."""
    return text.rstrip().endswith((".", "!", "?", '"', "”", "’", "'", ")"))


_SPEAKER = re.compile(r"^[A-Z][A-Z .'’-]*[A-Z]:\s")  # a transcript's speaker label: "ANCHOR: ", "JOHN DOE: "


def is_speaker_line(text: str) -> bool:
    """True for a transcript line that opens with its speaker's label ("ANCHOR: Good evening.")."""
    return _SPEAKER.match(text) is not None


def has_balanced_quotes(text: str) -> bool:
    """False for a fragment with a quotation mark left open or closed alone ('"Nobody came.')."""
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


def is_quotation(text: str) -> bool:
    """True when most of the sentence sits inside quotation marks (an unclosed quote runs to the end)."""
    if '"' not in text and "“" not in text:  # most sentences: no need to scan
        return False
    quoted = sum(len(m) for m in _QUOTED.findall(text))
    if quoted == 0 and text.lstrip()[:1] in ('"', "“"):
        quoted = len(text)
    return quoted >= 0.6 * max(1, len(text))


def is_bare_quotation(text: str) -> bool:
    """A quotation that does not say who is speaking: unreadable out of context."""
    return is_quotation(text) and not _ATTRIBUTION.search(text)


def concept_weights(
    every: Sequence[Candidate], n_docs: int, settings: SelectSettings, focus: Focus | None = None
) -> dict:
    """Weight of each concept: documents containing it (raw count for small clusters) plus a lead bonus.

    Concepts rarer than a threshold (2 from three documents on) are dropped unless a lead sentence
    carries them (or, with a query, unless they name one of its terms).
    """
    if n_docs <= 3:
        base = Counter(chain.from_iterable(c.concepts for c in every))
    else:
        per_doc: dict[int, set] = defaultdict(set)
        for c in every:
            per_doc[c.doc].update(c.concepts)
        base = Counter(chain.from_iterable(per_doc.values()))
    lead = Counter(chain.from_iterable(c.concepts for c in every if c.position < settings.lead_sentences))
    threshold = 2 if n_docs >= 3 else 1
    if threshold > 1 and sum(1 for w in base.values() if w >= threshold) < 20:
        threshold = 1
    if threshold > 1:
        if focus is None:
            base = Counter({k: w for k, w in base.items() if w >= threshold or k in lead})
        else:
            base = Counter({k: w for k, w in base.items() if w >= threshold or k in lead or focus.names(k)})
    boost = settings.position_boost
    for k, n in lead.items():
        base[k] += boost * n
    return base


@dataclass
class Problem:
    """A budgeted coverage problem over the candidate pool (indices are pool positions)."""

    lengths: list[int]
    concepts: list[frozenset[Hashable]]  # the concepts each sentence covers
    weights: Mapping[Hashable, float] | Sequence[float]  # weight of each concept (by key, or by id)
    bonus: Sequence[float]  # per-sentence objective term
    after: list[int]  # pool position a sentence depends on, or -1
    budget: int

    def __post_init__(self) -> None:
        self.concepts = [frozenset(ids) for ids in self.concepts]  # the greedy takes set differences
        self.weight = self.weights.__getitem__
        self.bonus_list = [float(x) for x in self.bonus]  # plain floats: numpy is slower for tiny sums
        self.totals = [sum(map(self.weight, ids)) + b for ids, b in zip(self.concepts, self.bonus_list)]

    def value(self, chosen: Sequence[int]) -> float:
        covered = frozenset().union(*(self.concepts[j] for j in chosen))
        return sum(map(self.weight, covered)) + sum(self.bonus_list[j] for j in chosen)

    def allowed(self, j: int, chosen: set[int]) -> bool:
        return self.after[j] < 0 or self.after[j] in chosen


_QUIET = threading.Lock()


def _silent_highs():
    """A HiGHS object that prints nothing.

    highspy 1.16 prints its banner to file descriptor 1 while the object is built, before
    ``output_flag`` can be set: it would corrupt JSON on stdout. So descriptor 1 points at
    /dev/null while the object is built (earlier versions print nothing there; the hold is cheap).
    """
    import highspy

    with _QUIET:
        try:
            sys.stdout.flush()
            saved = os.dup(1)
        except (OSError, ValueError, AttributeError):  # no descriptor 1 (closed, a daemon): nothing to corrupt
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
            return h
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 1)
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
        finally:
            _flush_c_stdout()
            os.dup2(saved, 1)
            os.close(saved)
            os.close(null)
    return h


def _flush_c_stdout() -> None:
    """Flush C's stdout buffer, so a banner buffered there goes to /dev/null, not to the real stdout later."""
    try:
        import ctypes

        ctypes.CDLL(None).fflush(None)
    except (OSError, AttributeError):  # no C library to reach (not POSIX): nothing buffered to flush
        pass


def _solve_ilp(problem: Problem, time_limit: float) -> list[int]:
    import highspy
    import numpy as np

    n = len(problem.lengths)
    h = _silent_highs()
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 1e-6)
    h.setOptionValue("threads", 1)
    # These programs are tiny (tens of columns): root-node extras cost more than they save here
    # (measured: the same optima on the MultiLing problems, about 20% less time).
    h.setOptionValue("mip_detect_symmetry", False)
    h.setOptionValue("mip_heuristic_effort", 0.0)
    h.setOptionValue("mip_allow_restart", False)
    inf = highspy.kHighsInf
    covering: dict[Hashable, list[int]] = defaultdict(list)
    for j, concepts in enumerate(problem.concepts):
        for i in concepts:
            covering[i].append(j)
    # Concepts in a fixed order, so the program (and which of equal optima HiGHS returns) does not
    # depend on the hash seed.
    covering = dict(sorted(covering.items()))
    # A concept only one sentence covers is that sentence's own gain: fold its weight into the
    # sentence's objective instead of giving it a variable and a row (an exact reformulation that
    # shrinks the program several-fold, since most concepts are carried by one candidate).
    cost = np.array(problem.bonus, dtype=float)
    shared = []
    for i, cover in covering.items():
        if len(cover) == 1:
            cost[cover[0]] += problem.weight(i)
        elif cover:
            shared.append(i)
    m = len(shared)
    # Rows: the budget; for each shared concept  sum(s_j covering it) - c_i >= 0; for dependencies s_j - s_k <= 0.
    rows: list[list[tuple[int, float]]] = [[(j, float(problem.lengths[j])) for j in range(n)]]
    lower, upper = [-inf], [float(problem.budget)]
    for k, i in enumerate(shared):
        rows.append([(j, 1.0) for j in covering[i]] + [(n + k, -1.0)])
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
    lp.col_cost_ = np.concatenate([cost, np.array([problem.weight(i) for i in shared], dtype=float)])
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


def _greedy_pass(problem: Problem, scale: float) -> list[int]:
    """Lazy greedy by gain / length**scale (Lin & Bilmes 2010); dependent sentences wait for their antecedent."""
    weight, bonus, lengths, concepts = problem.weight, problem.bonus_list, problem.lengths, problem.concepts
    covered: set = set()

    def gain(j: int) -> float:
        return sum(map(weight, concepts[j] - covered)) + bonus[j]

    cost = [n**scale for n in lengths]
    totals = problem.totals  # the gain of each sentence while nothing is covered
    heap = [(-totals[j] / cost[j], j) for j in range(len(lengths)) if lengths[j] <= problem.budget]
    heapq.heapify(heap)
    chosen: list[int] = []
    taken: set[int] = set()
    waiting: dict[int, list[int]] = defaultdict(list)  # antecedent -> sentences waiting for it
    used = 0
    while heap:
        _, j = heapq.heappop(heap)
        if used + lengths[j] > problem.budget:
            continue
        if not problem.allowed(j, taken):
            waiting[problem.after[j]].append(j)
            continue
        fresh = gain(j) / cost[j]
        if heap and fresh < -heap[0][0] - 1e-12:
            heapq.heappush(heap, (-fresh, j))
            continue
        if fresh <= 0:
            break
        chosen.append(j)
        taken.add(j)
        used += lengths[j]
        covered.update(concepts[j])
        for k in waiting.pop(j, ()):
            heapq.heappush(heap, (-gain(k) / cost[k], k))
    return chosen


def _solve_greedy(problem: Problem) -> list[int]:
    """Budgeted maximum coverage, greedy, with the guarantee of Khuller et al. (1999).

    The better of the greedy by gain per word and the best single sentence is a (1 - 1/e)/2
    approximation when no sentence depends on another. (A second pass by gain per sqrt(word)
    was tried: it changed ROUGE by less than 0.05 and doubled the time.)
    """
    options = [_greedy_pass(problem, 1.0)]
    singles = [j for j in range(len(problem.lengths)) if problem.lengths[j] <= problem.budget and problem.after[j] < 0]
    if singles:
        options.append([max(singles, key=problem.totals.__getitem__)])
    return max(options, key=problem.value)


def _fill(problem: Problem, chosen: list[int]) -> list[int]:
    """Use the words the solution leaves: add sentences that fit, most total weight first."""
    used = sum(problem.lengths[j] for j in chosen)
    taken = set(chosen)
    totals = problem.totals
    for j in sorted(range(len(totals)), key=lambda j: -totals[j]):
        if j not in taken and used + problem.lengths[j] <= problem.budget and problem.allowed(j, taken):
            taken.add(j)
            chosen.append(j)
            used += problem.lengths[j]
    return chosen


def _centrality(pool: Sequence[Candidate], every: Sequence[Candidate]) -> list[float]:
    """How typical each sentence's content words are of the cluster.

    Mean over its content words of (documents containing the word + log of its cluster frequency):
    the cross-document term is what LexRank-style centrality rewards, the frequency term helps
    when a cluster has only two or three documents.
    """
    count = Counter(chain.from_iterable(c.content for c in every))
    per_doc: dict[int, set[str]] = defaultdict(set)
    for c in every:
        per_doc[c.doc].update(c.content)
    docs = Counter(chain.from_iterable(per_doc.values()))
    # Sums over each sentence's words with map (no per-word Python frame): the hot loop of select.
    return [
        (sum(map(docs.__getitem__, c.content)) + sum(map(math.log, map(count.__getitem__, c.content))))
        / len(c.content)
        if c.content
        else 0.0
        for c in pool
    ]


def select(
    candidates: Sequence[Candidate],
    every: Sequence[Candidate],
    n_docs: int,
    budget: int,
    settings: SelectSettings,
    focus: Focus | None = None,
) -> list[int]:
    """Indices (``Candidate.index``) of the chosen sentences, within ``budget`` words.

    ``every`` is all sentences of the cluster (near-duplicates included): concept weights count
    every document that carries a concept, while only ``candidates`` may be selected. ``focus``
    (a query) biases concept weights and sentence bonuses towards what it asks.
    """
    pool = [c for c in candidates if c.words <= budget]
    if not pool:
        return []
    focus = focus or None  # a query none of whose terms the cluster uses changes nothing
    weights = concept_weights(every, n_docs, settings, focus)
    if focus is not None:
        weights = focus.weights(weights)
    kept = weights.keys()
    sentence_concepts = [c.concepts & kept for c in pool]
    # Prune: keep the candidates that carry the most concept weight (in total and per word).
    if len(pool) > settings.max_candidates:
        # Plain Python, not numpy: the same floats and the same stable order, and no numpy import
        # for clusters the greedy solves.
        score = [float(sum(map(weights.__getitem__, keys))) for keys in sentence_concepts]
        density = [v / c.words for v, c in zip(score, pool)]
        half = settings.max_candidates // 2
        order = range(len(pool))
        keep = set(sorted(order, key=lambda j: -score[j])[:half])
        keep |= set(sorted(order, key=lambda j: -density[j])[:half])
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
    bonus = [0.0] * len(pool)
    if settings.centrality:
        bonus = [settings.centrality * r * c.words for r, c in zip(_centrality(pool, every), pool)]
    if settings.lead_bonus:
        bonus = [b + settings.lead_bonus * c.words / (1.0 + c.position) for b, c in zip(bonus, pool)]
    if focus is not None:
        bonus = focus.bonus(pool, bonus)
    problem = Problem(
        lengths=[c.words for c in pool],
        concepts=sentence_concepts,
        weights=weights,
        bonus=bonus,
        after=[where[c.after] if c.after is not None else -1 for c in pool],
        budget=budget,
    )
    if not any(sentence_concepts) and not any(bonus):
        # No shared content at all: lead sentences within the budget.
        problem.bonus = [1.0 / (1 + c.position) for c in pool]
        problem.__post_init__()
    exact = settings.solver == "ilp" or (
        settings.solver == "auto" and len(every) >= settings.ilp_min_sentences and budget <= settings.ilp_max_words
    )
    if not exact:
        chosen = _solve_greedy(problem)
    else:
        chosen = _solve_ilp(problem, settings.time_limit)
    if settings.fill:
        chosen = _fill(problem, chosen)
    return [pool[j].index for j in chosen]
