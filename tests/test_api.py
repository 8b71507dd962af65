from __future__ import annotations

import pytest

import storyline
from storyline import Document, StorylineError
from storyline.ingest import read_inputs


def test_brief_on_the_example_cluster_is_sourced_and_within_budget(example_dir):
    docs = read_inputs([example_dir], [])
    by_id = {d.id: d for d in docs}
    for words in (60, 100, 200):
        result = storyline.brief(docs, words=words)
        assert result.summary
        assert result.words <= words
        for sentence in result.summary:
            first = sentence.sources[0]
            assert by_id[first.document].text[first.start : first.end] == sentence.text
            assert len({s.document for s in sentence.sources}) == len(sentence.sources)


def test_wire_copy_carried_by_several_outlets_lists_them_all(example_dir):
    docs = read_inputs([example_dir], [])
    result = storyline.brief(docs, words=400)
    wire = [s for s in result.summary if "treated for smoke inhalation" in s.text]
    assert wire, "the shared wire sentence should be in a 400-word summary"
    outlets = {span.document for span in wire[0].sources}
    assert {"01-coastal-wire.txt", "02-the-harbour-gazette.txt", "04-northern-post.md"} <= outlets
    by_id = {d.id: d for d in docs}
    for span in wire[0].sources:
        assert "smoke inhalation" in by_id[span.document].text[span.start : span.end]


def test_summary_is_ordered_by_date_then_position():
    docs = [
        Document("late", "The festival closed on Sunday with a parade through the harbour town centre. Crowds stayed late into the night to watch the fireworks over the harbour.", date="2024-06-10"),
        Document("early", "The harbour festival opened on Friday with music on three stages in the town centre. Organisers expected record crowds for the harbour festival this year.", date="2024-06-08"),
    ]
    result = storyline.brief(docs, words=200)
    order = [s.sources[0].document for s in result.summary]
    assert order == sorted(order, key=lambda d: d != "early")


def test_library_accepts_strings_paths_and_documents(example_dir, bridge_articles):
    assert storyline.brief(bridge_articles, words=50).summary
    assert storyline.brief(example_dir, words=50).summary
    assert storyline.brief([Document("x", bridge_articles[0])], words=50).warnings


def test_empty_documents_are_skipped_with_a_warning(bridge_articles):
    result = storyline.brief(bridge_articles + ["   \n  "], words=80)
    assert any("empty" in w for w in result.warnings)


@pytest.mark.parametrize(
    "docs, words, message",
    [
        (["", "  "], 100, "no documents with text"),
        (["Tiny."], 100, "no sentences"),
        (["The council approved the new bridge over the river on Wednesday evening."], 3, "no sentence fits in 3 words"),
        (["Some text here."], 0, "positive whole number"),
    ],
)
def test_unusable_input_raises_a_clear_error(docs, words, message):
    with pytest.raises(StorylineError, match=message):
        storyline.brief(docs, words=words)


def test_solvers_agree_on_budget_and_sources(bridge_articles):
    for solver in ("ilp", "greedy", "auto"):
        result = storyline.brief(bridge_articles, words=70, solver=solver)
        assert 0 < result.words <= 70
        assert result.settings["solver"] == solver


def test_lone_surrogates_are_replaced_keeping_offsets():
    text = "The mayor opened the new bridge over the river on Friday \ud800 morning. Crowds watched from the banks of the river."
    result = storyline.brief([text, text.replace("Friday", "Saturday")], words=60)
    assert any("surrogates" in w for w in result.warnings)
    assert all("\ud800" not in s.text for s in result.summary)
    doc = result.documents[0]
    assert len(doc.text) == len(text) and "\ufffd" in doc.text
