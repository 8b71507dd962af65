"""The analysed brief against the hand-labelled fictional clusters in tests/fixtures/labelled/.

Each labelled item must be found (with its speaker, cue, outlets or date), the false
disagreements must not be reported, and the off-event article must be flagged and kept out of
the summary.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

import storyline
from conftest import REPO
from storyline.ingest import read_inputs

LABELS = sorted((REPO / "tests" / "fixtures" / "labelled").glob("*/labels.json")) + sorted(
    (REPO / "tests" / "fixtures" / "labelled").glob("*.labels.json")
)
IDS = [p.parent.name if p.name == "labels.json" else p.name.split(".")[0] for p in LABELS]


@lru_cache(maxsize=None)
def _brief(path: Path):
    labels = json.loads(path.read_text())
    return labels, storyline.brief(read_inputs([REPO / labels["articles"]], []), words=150)


def _text(brief, span) -> str:
    doc = next(d for d in brief.documents if d.id == span.document)
    return doc.text[span.start : span.end].lower()


def _carries(item, brief, phrase: str) -> bool:
    return phrase.lower() in getattr(item, "text", "").lower() or any(phrase.lower() in _text(brief, s) for s in item.sources)


@pytest.mark.parametrize("path", LABELS, ids=IDS)
def test_quotes_have_their_speakers_and_outlets(path):
    labels, brief = _brief(path)
    for label in labels.get("quotes", []):
        found = [q for q in brief.quotes if label["contains"].lower() in q.text.lower()]
        assert found, f"quote not found: {label['contains']!r}"
        quote = found[0]
        assert quote.speaker and label["speaker"].split()[-1].lower() in quote.speaker.lower(), (label, quote.speaker)
        assert set(label["outlets"]) <= {s.document for s in quote.sources}, (label, quote.sources)


@pytest.mark.parametrize("path", LABELS, ids=IDS)
def test_hedged_claims_are_found_with_their_cue(path):
    labels, brief = _brief(path)
    for label in labels.get("claims", []):
        found = [c for c in brief.claims if _carries(c, brief, label["contains"])]
        assert found, f"claim not found: {label['contains']!r}"
        assert set(label["outlets"]) <= {s.document for s in found[0].sources}


@pytest.mark.parametrize("path", LABELS, ids=IDS)
def test_corroborated_facts_name_every_outlet(path):
    labels, brief = _brief(path)
    for label in labels.get("facts", []):
        found = [f for f in brief.facts if _carries(f, brief, label["contains"]) and set(label["outlets"]) <= {s.document for s in f.sources}]
        assert found, f"fact not corroborated by {label['outlets']}: {label['contains']!r}"


@pytest.mark.parametrize("path", LABELS, ids=IDS)
def test_false_disagreements_are_not_reported(path):
    labels, brief = _brief(path)
    for a, b in labels.get("not_disagreements", []):
        for d in brief.disagreements:
            values = " | ".join(_text(brief, s) for v in d.values for s in v.sources)
            assert not (a.lower() in values and b.lower() in values), (a, b, d)


@pytest.mark.parametrize("path", LABELS, ids=IDS)
def test_entities_are_found_with_their_outlets(path):
    labels, brief = _brief(path)
    missing = []
    for label in labels.get("entities", []):
        last = label["name"].split()[-1].lower()
        if not any(last in e.name.lower() and set(label["outlets"]) <= set(e.documents) for e in brief.entities):
            missing.append(label["name"])
    # The small spaCy model misses the odd name; most labelled entities must be there.
    assert len(missing) <= 0.25 * len(labels.get("entities", [])), missing


@pytest.mark.parametrize("path", LABELS, ids=IDS)
def test_off_event_article_is_flagged_and_kept_out(path):
    labels, brief = _brief(path)
    flagged = {d.id for d in brief.documents if d.off_event}
    assert flagged == set(labels.get("off_event", []))
    used = {s.sources[0].document for s in brief.summary}
    assert not used & flagged


def test_real_disagreement_in_the_example_is_reported():
    labels, brief = _brief(REPO / "tests" / "fixtures" / "labelled" / "harbour-fire.labels.json")
    (label,) = labels["disagreements"]
    assert any(
        all(any(v in value.value for value in d.values) for v in label["values"]) for d in brief.disagreements
    ), brief.disagreements


def test_the_real_example_gets_the_obvious_things_right():
    """../shared/examples/syria-2012: five outlets, one of them about an earlier event."""
    from conftest import shared_path

    brief = storyline.brief(shared_path("examples", "syria-2012"), words=150)
    off = [d.id for d in brief.documents if d.off_event]
    assert off == ["004_a07698de926efefd.txt"]
    assert all(s.sources[0].document not in off for s in brief.summary)

    def quote(phrase):
        found = [q for q in brief.quotes if phrase in q.text]
        assert found, phrase
        return found[0]

    defection = quote("I announce today my defection")
    assert defection.speaker == "Riyad Hijab"
    assert {s.document[:3] for s in defection.sources} == {"000", "001"}
    for phrase in ("grip on power is loosening", "The momentum is with the opposition"):
        carney = quote(phrase)
        assert carney.speaker == "Jay Carney"
        assert {s.document[:3] for s in carney.sources} == {"001", "002"}

    (claim,) = [c for c in brief.claims if "further two ministers" in c.text]
    assert claim.cue == "could not immediately be verified"
    assert {s.document[:3] for s in claim.sources} == {"000", "001"}

    # The wire sentence two outlets share is supported by both.
    wire = [f for f in brief.facts if "Syrian state television said Mr Hijab had been fired" in f.text]
    assert wire and wire[0].support == 2
