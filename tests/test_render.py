from __future__ import annotations

import json

import storyline
from storyline.model import Brief, DocumentInfo, Span, SummarySentence
from storyline.render import render, terminal_safe


def _brief(text: str) -> Brief:
    return Brief(
        summary=(SummarySentence(text, (Span("a.txt", 0, len(text)), Span("b.txt", 5, 9))),),
        documents=(DocumentInfo("a.txt", "Title A", "2024-01-02", 40), DocumentInfo("b.txt", None, None, 30)),
        settings={"words": 100},
    )


def test_text_has_marks_and_numbered_sources():
    out = render(_brief("The bridge opened."), "text")
    lines = out.splitlines()
    assert lines[0] == "The bridge opened. [1][2]"
    assert "Sources:" in lines
    assert lines[-2].startswith("[1] a.txt “Title A” (2024-01-02)")
    assert lines[-1].startswith("[2] b.txt")


def test_terminal_output_drops_control_sequences():
    out = render(_brief("Evil \x1b[31mred\x1b[0m text\x07 here."), "text")
    assert "\x1b" not in out and "\x07" not in out
    assert terminal_safe("a\u202eb") == "ab"


def test_markdown_escapes_article_text():
    out = render(_brief("A <script>alert(1)</script> *bold* [link](x)."), "markdown")
    assert "<script>" not in out
    assert "\\*bold\\*" in out and "\\[link\\]" in out
    assert "## Sources" in out


def test_json_matches_the_documented_shape(example_dir):
    result = storyline.brief(example_dir, words=120)
    data = json.loads(render(result, "json"))
    assert set(data) >= {"summary", "documents", "settings"}
    for item in data["summary"]:
        assert isinstance(item["text"], str)
        for src in item["sources"]:
            assert set(src) == {"document", "start", "end"} and src["start"] < src["end"]
    assert {d["id"] for d in data["documents"]} == {d.id for d in result.documents}
    assert all(set(d) >= {"id", "title", "date", "words"} for d in data["documents"])
    assert data["settings"]["words"] == 120
