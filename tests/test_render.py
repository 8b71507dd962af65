from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import storyline
from storyline.model import Brief, DocumentInfo, Span, SummarySentence
from storyline.render import render, terminal_safe


def _brief(text: str) -> Brief:
    other = "Some other article text."
    return Brief(
        summary=(SummarySentence(text, (Span("a.txt", 0, len(text)), Span("b.txt", 5, 10))),),
        documents=(
            DocumentInfo("a.txt", "Title A", "2024-01-02", 40, text=text),
            DocumentInfo("b.txt", None, None, 30, text=other),
        ),
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


SCHEMA = json.loads((Path(storyline.__file__).parent / "data" / "brief.schema.json").read_text())


def test_json_validates_against_the_schema(example_dir):
    result = storyline.brief(example_dir, words=120)
    data = json.loads(render(result, "json"))
    jsonschema.validate(data, SCHEMA)
    for key in ("summary", "facts", "quotes", "claims", "timeline"):
        for item in data[key]:
            for src in item["sources"]:
                doc = next(d for d in data["documents"] if d["id"] == src["document"])
                assert 0 <= src["start"] < src["end"] <= len(doc["text"])
    bad = dict(data, summary=[{"text": "x", "words": 1, "support": 0, "sources": []}])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)


def test_json_without_analysis_still_validates(example_dir):
    data = json.loads(render(storyline.brief(example_dir, words=80, analysis=False), "json"))
    jsonschema.validate(data, SCHEMA)
    assert data["quotes"] == [] and data["entities"] == []


def test_html_is_self_contained_and_escapes_article_text():
    page = render(_brief('<script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="javascript:alert(3)">x</a>.'), "html")
    assert "<script>" not in page and "<img" not in page and "<a href=\"javascript" not in page
    assert "&lt;script&gt;" in page
    assert "http://" not in page and "https://" not in page.replace("https://json-schema", "")
    assert 'class="mark"' in page and 'role="tooltip"' in page
    assert 'id="s1-0"' in page  # the target a mark jumps to, in the article
    assert "Content-Security-Policy" in page


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
