from __future__ import annotations

import time

import pytest

import json
from pathlib import Path

from conftest import EXAMPLE, FIXTURES, REPO, shared_path
from storyline.analyse.claims import find_claims
from storyline.ingest import read_inputs
from storyline.model import Document
from storyline.prepare import prepare


def prepared(*texts: str, ids: list[str] | None = None):
    ids = ids or [f"outlet-{i}" for i in range(len(texts))]
    return [prepare(Document(doc_id, text), i) for i, (doc_id, text) in enumerate(zip(ids, texts))]


def load(path):
    return [prepare(doc, i) for i, doc in enumerate(read_inputs([path], []))]


def check_spans(claims, docs):
    texts = {p.document.id: p.document.text for p in docs}
    for c in claims:
        assert len({s.document for s in c.sources}) == len(c.sources)
        first = c.sources[0]
        assert texts[first.document][first.start : first.end] == c.text


def one(claims, contains: str):
    found = [c for c in claims if contains in c.text]
    assert len(found) == 1, (contains, [c.text for c in claims])
    return found[0]


def test_anaphoric_verification_hedges_the_previous_sentence():
    text = (
        "Rebel fighters said on Tuesday that they had taken control of the northern airport.\n\n"
        "That claim could not be independently verified.\n\n"
        "The army said fighting was continuing on the outskirts of the city.\n"
    )
    docs = prepared(text)
    (claim,) = find_claims(docs)
    check_spans([claim], docs)
    assert claim.text == "Rebel fighters said on Tuesday that they had taken control of the northern airport."
    assert claim.cue == "could not be independently verified"


def test_verification_inside_the_sentence_hedges_that_sentence():
    text = (
        "The ferry had been running with one engine for a week, although this could not immediately be "
        "confirmed by the operator.\n"
    )
    (claim,) = find_claims(prepared(text))
    assert claim.text.startswith("The ferry had been running with one engine")
    assert claim.cue == "could not immediately be confirmed"


def test_the_claim_covers_a_hedged_sentence_and_its_follow_up():
    text = (
        "The mill was reportedly storing solvents in the basement, according to a former employee who asked "
        "not to be named. The employee said the drums had been there since the spring. The Weekly has not "
        "been able to confirm the claim, and the owners declined to comment.\n"
    )
    docs = prepared(text)
    (claim,) = find_claims(docs)
    check_spans([claim], docs)
    assert claim.text.startswith("The mill was reportedly storing solvents")
    assert claim.text.endswith("since the spring.")
    assert claim.cue == "reportedly"  # its own hedge; "the claim" sentence confirms it


def test_a_note_on_anonymity_hedges_the_sentence_before():
    text = (
        "The club is close to selling its training ground to a housing developer, a board member said. "
        "He asked not to be identified because the talks are confidential.\n"
    )
    (claim,) = find_claims(prepared(text))
    assert claim.text == "The club is close to selling its training ground to a housing developer, a board member said."
    assert claim.cue == "asked not to be identified"


@pytest.mark.parametrize(
    "sentence, cue",
    [
        ("The minister reportedly offered to resign on Friday evening.", "reportedly"),
        ("The driver allegedly ignored a red light before the crash.", "allegedly"),
        ("The alleged attacker was arrested at the station on Sunday.", "alleged"),
        ("The letter, purportedly signed by the chairman, was sent to staff.", "purportedly"),
        ("Unconfirmed figures put the number of jobs at risk at 400.", "Unconfirmed"),
        ("A police officer, speaking on condition of anonymity, said two men had been detained.", "on condition of anonymity"),
        (
            "The deal was agreed last week, according to a banker who asked not to be named.",
            "according to a banker who asked not to be named",
        ),
        ("The deal was agreed last week, according to two sources close to the talks.", "according to two sources"),
        ("It is understood that the board will meet again on Monday.", "It is understood"),
        ("The coach is said to be furious with the referee's decision.", "is said to"),
        ("The striker is understood to have asked for a transfer.", "is understood to"),
        ("There were rumours that the factory would close before Christmas.", "rumours"),
        ("The company claims that its products are entirely safe for children.", "claims that"),
        ("The gang claimed to have hidden the paintings in a barn.", "claimed to have"),
        ("The Courier understands that the stadium sale has fallen through.", "understands that"),
        ("Reports have emerged of a second leak at the plant.", "Reports have emerged"),
    ],
)
def test_cues(sentence, cue):
    (claim,) = find_claims(prepared(sentence + "\n"))
    assert claim.cue == cue
    assert claim.text == sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "The group claimed responsibility for the attack in a statement on Monday.",
        "Residents can download the claim form from the council website.",
        "Insurance claims rose by four per cent last year, the association said.",
        "The fire claimed two lives and destroyed six homes on the estate.",
        "The mayor said the bridge would reopen in May after repairs.",
        "The cause of the fire has not been confirmed by investigators.",
        "Police could not confirm how many people had been inside the building.",
        "She understands that people are angry about the delays.",
        "The club confirmed the signing of the goalkeeper on a two-year deal.",
        "Officials said the road was named after a local war hero.",
    ],
)
def test_no_false_positives(sentence):
    assert find_claims(prepared(sentence + "\n")) == ()


def test_same_claim_in_several_outlets_is_merged():
    a = (
        "Protesters said three people had been killed by police gunfire in the main square.\n\n"
        "That could not be independently verified.\n\n"
        "The trawler was reportedly carrying twice its legal catch when it sank.\n"
    )
    b = (
        "Protesters said three people had been killed by police gunfire in the central square. "
        "This could not be independently verified.\n"
    )
    docs = prepared(a, b, ids=["wire", "paper"])
    claims = find_claims(docs)
    check_spans(claims, docs)
    assert len(claims) == 2
    merged, single = claims  # most outlets first
    assert [s.document for s in merged.sources] == ["wire", "paper"]
    assert merged.text.startswith("Protesters said three people had been killed")
    assert merged.cue == "could not be independently verified"
    assert single.text.startswith("The trawler was reportedly")
    b_text = docs[1].document.text
    span = merged.sources[1]
    assert b_text[span.start : span.end].endswith("in the central square.")


def test_anonymous_quotation_and_cues_inside_quotes_are_not_claims():
    text = (
        '"Management has known about the leak for months," a worker who asked not to be named said.\n\n'
        '"There are rumours the plant will close, but nobody has told us anything," said shop steward Ann Cole.\n\n'
        "The plant reportedly lost money for the third year running.\n"
    )
    (claim,) = find_claims(prepared(text))
    assert claim.text == "The plant reportedly lost money for the third year running."


@pytest.mark.skipif(not (FIXTURES / "labelled").exists(), reason="labelled fixtures not present")
def test_labelled_fixture_clusters():
    paths = [FIXTURES / "labelled" / "harbour-fire.labels.json", *sorted((FIXTURES / "labelled").glob("*/labels.json"))]
    for path in paths:
        labels = json.loads(path.read_text(encoding="utf-8"))
        off = set(labels.get("off_event", []))
        docs = [d for d in read_inputs([REPO / labels["articles"]], []) if Path(d.id).name not in off]
        docs = [prepare(doc, i) for i, doc in enumerate(docs)]
        claims = find_claims(docs)
        check_spans(claims, docs)
        for label in labels["claims"]:
            found = [c for c in claims if label["contains"] in c.text.lower()]
            assert len(found) == 1, (label, [c.text for c in claims])
            assert set(label["outlets"]) <= {s.document for s in found[0].sources}, label
        assert len(claims) == len(labels["claims"]), [c.text for c in claims]


def test_empty():
    assert find_claims([]) == ()
    assert find_claims(prepared("The market reopened on Monday after a week of repairs.\n")) == ()


def test_harbour_fire_labelled_claims():
    docs = load(EXAMPLE)
    claims = find_claims(docs)
    check_spans(claims, docs)
    ids = [p.document.id for p in docs]
    sprinklers = one(claims, "sprinkler system had been partly shut down")
    assert [s.document for s in sprinklers.sources] == [ids[2]]
    assert sprinklers.cue == "could not immediately be verified"
    batteries = one(claims, "lithium-ion batteries")
    assert [s.document for s in batteries.sources] == [ids[3]]
    refit = one(claims, "reportedly due to be refitted")
    assert refit.cue == "reportedly" and [s.document for s in refit.sources] == [ids[1]]
    assert len(claims) == 3  # nothing else in the cluster is hedged


def test_syria_example_claims():
    docs = load(shared_path("examples", "syria-2012"))
    claims = find_claims(docs)
    check_spans(claims, docs)
    first = claims[0]
    assert first.text == (
        "The opposition Syrian National Council said a further two ministers and three army generals had "
        "defected with Hijab."
    )
    assert first.cue == "could not immediately be verified"
    assert [s.document[:3] for s in first.sources] == ["000", "001"]
    assert not [c for c in claims if c.text.startswith("That assertion")]


def test_fast_enough():
    docs = load(EXAMPLE)
    find_claims(docs)
    started = time.perf_counter()
    for _ in range(20):
        find_claims(docs)
    assert (time.perf_counter() - started) / 20 < 0.05
