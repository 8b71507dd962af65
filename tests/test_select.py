from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from storyline.analyse.redundancy import NEAR_DUPLICATE, redundancy_groups, similarity
from storyline.select import (
    Candidate,
    Problem,
    SelectSettings,
    _solve_greedy,
    _solve_ilp,
    concept_weights,
    features,
    is_bare_quotation,
    is_complete,
    is_readable_start,
    select,
)
from storyline.text import stems


def _problem(rng: random.Random, n: int, m: int, budget: int, after: bool = False) -> Problem:
    concepts = [sorted(rng.sample(range(m), rng.randint(1, 6))) for _ in range(n)]
    deps = [-1] * n
    if after:
        for j in range(1, n, 3):
            deps[j] = j - 1
    return Problem(
        lengths=[rng.randint(5, 30) for _ in range(n)],
        concepts=concepts,
        weights=np.array([rng.choice([1.0, 2.0, 3.0, 5.0]) for _ in range(m)]),
        bonus=np.zeros(n),
        after=deps,
        budget=budget,
    )


def _best_by_brute_force(p: Problem) -> float:
    best = 0.0
    n = len(p.lengths)
    for r in range(n + 1):
        for subset in itertools.combinations(range(n), r):
            chosen = set(subset)
            if sum(p.lengths[j] for j in subset) <= p.budget and all(p.allowed(j, chosen) for j in subset):
                best = max(best, p.value(subset))
    return best


@pytest.mark.parametrize("seed", range(6))
def test_ilp_is_optimal_and_greedy_within_its_guarantee(seed):
    rng = random.Random(seed)
    p = _problem(rng, n=10, m=20, budget=60, after=seed % 2 == 1)
    best = _best_by_brute_force(p)
    exact = _solve_ilp(p, time_limit=10)
    assert sum(p.lengths[j] for j in exact) <= p.budget
    assert p.value(exact) == pytest.approx(best)
    greedy = _solve_greedy(p)
    assert sum(p.lengths[j] for j in greedy) <= p.budget
    assert all(p.allowed(j, set(greedy)) for j in greedy)
    if seed % 2 == 0:  # the (1 - 1/e)/2 guarantee holds without dependencies
        assert p.value(greedy) >= (1 - 1 / np.e) / 2 * best - 1e-9


def _candidates(sentences: list[tuple[int, int, str]]) -> list[Candidate]:
    out = []
    for i, (doc, pos, text) in enumerate(sentences):
        concepts, content = features(stems(text))
        out.append(Candidate(i, doc, pos, len(text.split()), concepts, content))
    return out


def test_shared_content_is_chosen_and_budget_is_hard():
    sentences = [
        (0, 0, "The river flooded the old town on Monday night after heavy rain."),
        (1, 0, "Heavy rain made the river flood the old town on Monday night, officials said."),
        (2, 0, "The river flooded the old town after heavy rain on Monday night."),
        (0, 1, "A local bakery reopened on a different street across the city."),
        (1, 1, "Tickets for the summer festival will go on sale next month."),
    ]
    every = _candidates(sentences)
    for solver in "ilp greedy":
        chosen = select(every, every, 3, 14, SelectSettings(solver=solver))
        assert sum(every[i].words for i in chosen) <= 14
        assert chosen and "flood" in sentences[chosen[0]][2]


def test_concept_weights_count_documents_not_repeats():
    every = _candidates([(0, 5, "red apple pie"), (0, 6, "red apple pie"), (1, 5, "red apple pie"), (2, 5, "red apple tart"), (3, 5, "green pear")])
    weights = concept_weights(every, 4, SelectSettings(position_boost=0))
    assert weights["red appl"] == 3  # documents 0, 1, 2
    assert weights["appl pie"] == 2
    assert weights["green pear"] == 1  # too few shared concepts: the threshold falls back to 1


def test_rare_concepts_are_dropped_when_enough_are_shared():
    shared = " ".join(f"word{k} term{k}" for k in range(30))
    every = _candidates([(0, 5, shared), (1, 5, shared), (2, 5, shared + " green pear")])
    weights = concept_weights(every, 3, SelectSettings(position_boost=0))
    assert weights["word0 term0"] == 3
    assert "green pear" not in weights


def test_redundancy_groups_join_near_duplicates_only():
    texts = [
        "Two firefighters were treated for smoke inhalation and later released from hospital, the fire service said.",
        "Two firefighters were treated for smoke inhalation and released from hospital, the fire service said.",
        "The mayor said two families had lost their homes in the fire on Tuesday night.",
        "Two firefighters were injured.",
    ]
    groups = redundancy_groups([features(stems(t))[1] for t in texts])
    assert groups[0] == groups[1]
    assert len({groups[0], groups[2], groups[3]}) == 3


def test_readability_checks():
    assert not is_readable_start("He said the talks would continue.")
    assert not is_readable_start("But the plan was dropped.")
    assert is_readable_start("Hemingway wrote the novel in Paris.")
    assert is_bare_quotation("“We will rebuild everything that was lost in the flood.”")
    assert not is_bare_quotation("“We will rebuild,” the mayor said on Tuesday.")
    assert not is_complete("The report, published on Monday, found that the number of")
    assert is_complete("The report was published on Monday.")


@pytest.mark.parametrize("n", [30, 200])  # the all-pairs path and the inverted-index path
def test_redundancy_groups_match_brute_force(n):
    rng = random.Random(n)
    vocabulary = [f"w{k}" for k in range(400)]  # no word common enough to be skipped by the index
    sets = []
    for _ in range(n):
        if sets and rng.random() < 0.3:  # a near copy of an earlier sentence
            base = set(rng.choice(sets))
            base.discard(rng.choice(sorted(base)))
            base.add(rng.choice(vocabulary))
            sets.append(frozenset(base))
        else:
            sets.append(frozenset(rng.sample(vocabulary, rng.randint(1, 12))))
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i):
            if len(sets[i]) >= 3 and len(sets[j]) >= 3 and len(sets[i] & sets[j]) >= 2 and similarity(sets[i], sets[j]) >= NEAR_DUPLICATE:
                a, b = find(i), find(j)
                parent[max(a, b)] = min(a, b)
    expected = [find(i) for i in range(n)]
    assert redundancy_groups(sets) == expected
    assert len(set(expected)) < n  # the near copies did group


def test_lead_concepts_gain_the_position_boost_once_per_lead_occurrence():
    # positions 5+ are not lead sentences; position 0 is
    every = _candidates([(0, 0, "red apple pie"), (1, 5, "red apple pie"), (2, 6, "red apple tart"), (3, 0, "green pear")])
    weights = concept_weights(every, 4, SelectSettings(position_boost=2.0, lead_sentences=3))
    assert weights["red appl"] == 3 + 2.0  # three documents, one lead occurrence
    assert weights["appl pie"] == 2 + 2.0
    assert weights["appl tart"] == 1  # no lead occurrence, no boost
    assert weights["green pear"] == 1 + 2.0
