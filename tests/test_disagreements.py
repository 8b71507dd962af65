"""Disagreements between outlets: counts, money, times and titles (fictional clusters)."""

from __future__ import annotations

import time

import pytest

from conftest import shared_path
from storyline.analyse.disagreements import find_disagreements
from storyline.ingest import read_inputs
from storyline.model import Document
from storyline.prepare import prepare


def cluster(*texts: str):
    return [prepare(Document(f"outlet-{i}", text), i) for i, text in enumerate(texts)]


def table(found, docs):
    """{about: {value: [(outlet, evidence text), ...]}} for readable assertions."""
    texts = {d.document.id: d.document.text for d in docs}
    return {
        d.about: {v.value: [(s.document, texts[s.document][s.start : s.end]) for s in v.sources] for v in d.values}
        for d in found
    }


# --------------------------------------------------------------------------- counts


def test_classic_false_disagreement_three_of_one_thing_and_three_of_another():
    docs = cluster(
        "Three fire engines were first on the scene at the Canal Street mill.",
        "Three workers who had been on the night shift raised the alarm at the Canal Street mill.",
        "Rebels said shelling near the capital had killed three hostages they were holding.",
        "A bomb in the capital last month killed four senior officials, including the defence minister.",
    )
    assert find_disagreements(docs) == ()


def test_one_outlet_alone_never_makes_a_disagreement():
    docs = cluster(
        "About 40 people were evacuated from Ferry Lane. Later, some 60 people were evacuated from Ferry Lane.",
        "The fire at the port was brought under control before dawn.",
    )
    assert find_disagreements(docs) == ()


def test_a_key_one_outlet_gives_two_values_for_is_ambiguous():
    # outlet-0 reports two attacks; outlet-1 only one of them: not a disagreement
    docs = cluster(
        "A car bomb in Orsk killed 12 people on Monday. In Velda, a second bomb killed 20 people near the market.",
        "The car bomb in Orsk killed 12 people, and the bomb at the Velda market killed more.",
    )
    assert find_disagreements(docs) == ()


def test_rates_of_other_places_groups_moments_and_changes_are_not_compared():
    docs = cluster(
        "Unemployment in Orlin fell to 6.1 per cent in the third quarter, the statistics office said.",
        "In Orlin, unemployment fell to 6 per cent, down from 6.8 per cent.",  # 6 may be 6.1 rounded
        "Youth unemployment in Orlin was 14.2 per cent. Unemployment in Tarsk was 8.4 per cent.",
        "Unemployment in Orlin was 9 per cent last year. Unemployment in Orlin rose by 0.4 per cent.",
        "Unemployment in Orlin is expected to reach 5 per cent, the bank said.",
        "Turnout was 61 per cent in the first round. Turnout in the Velmar suburbs was 49 per cent.",
        "Turnout was 52 per cent in the runoff, officials said.",
    )
    assert find_disagreements(docs) == ()


def test_poll_figures_unowned_ratings_and_sums_each_are_not_compared():
    docs = cluster(
        "Mayor Dahl's approval rating stood at 41 per cent, a Karn Research poll found. "
        "A new study finds the approval rating at 30 per cent. "
        "The gang sold 40 stolen puppies for £500 each, police in Orlin said.",
        "Mayor Dahl's approval rating was 47 per cent, a survey by the Velmar Herald found. "
        "The approval rating was 35 per cent. "
        "The gang sold the stolen puppies for £1,200, police in Orlin said.",
    )
    assert find_disagreements(docs) == ()


# --------------------------------------------------------------------------- times and days


def test_name_spelling_conflict_for_the_same_title_and_surname():
    docs = cluster(
        '"We were lucky," said Fire Chief Anna Brandt of the Elswick fire service.',
        "Fire Chief Anne Brandt said her crews would stay at the quay for two days.",
        "Chief Brandt said the cause was not known.",  # no given name: compared with neither
    )
    assert table(find_disagreements(docs), docs) == {
        "name of the fire chief": {
            "Anna Brandt": [("outlet-0", "Fire Chief Anna Brandt")],
            "Anne Brandt": [("outlet-1", "Fire Chief Anne Brandt")],
        }
    }


def test_title_conflict_for_the_same_person():
    docs = cluster(
        "The decree was signed by agriculture minister Lena Varga on Monday.",
        "Health minister Lena Varga signed the decree on Monday, state radio said.",
        "Lena Varga, the agriculture minister, signed the decree.",
    )
    assert table(find_disagreements(docs), docs) == {
        "title of Lena Varga": {
            "agriculture minister": [
                ("outlet-0", "agriculture minister Lena Varga"),
                ("outlet-2", "Lena Varga, the agriculture minister"),
            ],
            "Health minister": [("outlet-1", "Health minister Lena Varga")],
        }
    }


def test_compatible_titles_nicknames_and_former_posts_are_not_conflicts():
    docs = cluster(
        "Mayor Tom Reddick visited the rest centre. Fire Chief Anna Brandt was there too.",
        "Port Elswick's mayor, Thomas Reddick, visited the rest centre. Chief Anna Brandt said little.",
        "Former health minister Tom Reddick, now the mayor, visited. Deputy Fire Chief Sam Brandt spoke.",
        "Mayor Ted Reddick visited the rest centre with Fire Chief Anna Brandt.",  # Ted vs Tom: other person
        "Brigadier General Manaf Tolas, a Syldavian general, spoke to Colonel Jorge Amaral, a spokesman.",
        "General Manaf Tolas and Air Force Colonel Jorge Amaral spoke, and a major Syldavian offensive began.",
    )
    assert find_disagreements(docs) == ()


# --------------------------------------------------------------------------- the examples


def load(path):
    return [prepare(doc, i) for i, doc in enumerate(read_inputs([path], []))]


def test_fast_enough(example_dir):
    docs = load(example_dir)
    find_disagreements(docs)
    start = time.perf_counter()
    for _ in range(10):
        find_disagreements(docs)
    assert (time.perf_counter() - start) / 10 < 0.05  # measured ~3 ms; generous for slow CI machines


@pytest.mark.parametrize("text", ["", "No numbers, names or times here at all."])
def test_empty_and_plain_documents(text):
    assert find_disagreements(cluster(text, text)) == ()
    assert find_disagreements([]) == ()
