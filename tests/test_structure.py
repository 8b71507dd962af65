"""The code's structure: one reader of document dicts, stages importing downwards only."""

from __future__ import annotations

import json

import pytest

from storyline.errors import InputError
from storyline.model import Document

RECORDS = [
    {"id": 7, "title": "Bridge opens", "date": "2026-03-01", "text": "The bridge opened."},
    {"id": "", "title": "Bridge opens", "date": None, "text": "The bridge opened."},
    {"title": 42, "date": ["x"], "text": "The bridge opened.", "extra": True},
]


def test_document_from_dict_rules():
    assert Document.from_dict(RECORDS[0], "0") == Document("7", "The bridge opened.", "Bridge opens", "2026-03-01")
    assert Document.from_dict(RECORDS[1], "1").id == "Bridge opens"  # no id: the title
    assert Document.from_dict(RECORDS[2], "2") == Document("2", "The bridge opened.")  # then the position
    for bad, message in [
        ([1], "line 3: expected a JSON object"),
        ({"title": "x"}, "line 3 has no 'text' string"),
        ({"text": 42}, "line 3: 'text' must be a string, got int"),
        ({"id": {"a": 1}, "text": "x"}, "line 3: 'id' must be a string or a number"),
    ]:
        with pytest.raises(InputError, match=message):
            Document.from_dict(bad, "0", "line 3")
    assert Document.from_dict({"id": "a"}, "0", require_text=False).text == ""


def test_every_reader_reads_a_document_the_same_way():
    from storyline.ingest import parse_cluster_line
    from storyline.serve.app import BriefRequest, _documents_job
    from storyline.stories.core import as_article
    from storyline.stories.io import parse_article

    expected = [Document.from_dict(r, str(i)) for i, r in enumerate(RECORDS)]
    cluster = parse_cluster_line(json.dumps({"id": "c", "documents": RECORDS}), "line 1")
    assert list(cluster.documents) == expected
    served = [{k: v for k, v in r.items() if k in ("id", "text")} | {"title": r["title"] if isinstance(r["title"], str) else None} for r in RECORDS]
    assert [d.id for d in _documents_job(BriefRequest.model_validate({"documents": served}))] == [d.id for d in expected]
    for i, record in enumerate(RECORDS):
        for article in (as_article(record, i), parse_article(json.dumps(record), str(i))):
            assert (article.id, article.title, article.date, article.text) == (
                expected[i].id, expected[i].title, expected[i].date, expected[i].text
            )


# --- stages import downwards only ----------------------------------------------------------------

SRC = __import__("pathlib").Path(__file__).resolve().parents[1] / "src" / "storyline"
# ingest -> prepare -> (the cluster view) -> analyse -> select -> render, the shells on top; errors,
# model, text, query (a question's text and terms), options and the word lists (lang) are shared by all.
LEVELS = {
    "errors": 0, "model": 0, "text": 0, "options": 0, "query": 0, "lang": 0,
    "ingest": 1, "boilerplate": 1, "prepare": 2, "cluster": 3, "analyse": 4, "select": 5, "sections": 6, "render": 7, "schema": 7,
}
SHELL = 9  # api, cli, batch, serve, evaluation, stories


def _level(module: str) -> int:
    parts = module.split(".")
    return LEVELS.get(parts[0], SHELL)


def _imports(path) -> set[str]:
    """storyline modules a file imports (module level or inside functions), relative to the package."""
    import ast

    package = path.relative_to(SRC).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                target = base + (node.module.split(".") if node.module else [])
                if node.module is None:
                    found.update(".".join(base + [a.name]) for a in node.names)
                    continue
            elif node.module and node.module.startswith("storyline"):
                target = node.module.split(".")[1:]
            else:
                continue
            if target:
                found.add(".".join(target))
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".", 1)[1] for a in node.names if a.name.startswith("storyline."))
    return found


def test_stages_import_downwards_only():
    upward = []
    for path in sorted(SRC.rglob("*.py")):
        module = ".".join(path.relative_to(SRC).with_suffix("").parts)
        if module.endswith("__init__"):
            module = module.rsplit(".", 1)[0] if "." in module else ""
        if not module:
            continue
        own = _level(module)
        for target in _imports(path):
            if own < SHELL and _level(target) > own:
                upward.append(f"{module} imports {target}")
    assert upward == []


# --- the brief's JSON schema is generated from the data model ------------------------------------


def test_the_committed_schema_is_the_generated_one():
    from storyline.schema import schema_text

    committed = (SRC / "data" / "brief.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "regenerate: python -m storyline.schema > src/storyline/data/brief.schema.json"


def test_real_briefs_validate_against_the_generated_schema(example_dir):
    import jsonschema

    import storyline
    from conftest import SHARED
    from storyline.ingest import find_cluster, read_inputs
    from storyline.render import to_dict
    from storyline.schema import brief_schema

    schema = brief_schema()
    clusters = [read_inputs([example_dir], [])]
    dev = SHARED / "data" / "briefs-dev" / "clusters.jsonl"  # labelled clusters: every section has items
    if dev.exists():
        clusters += [list(find_cluster(dev, cluster_id).documents) for cluster_id in ("d1", "d2", "d3")]
    filled = set()
    for documents in clusters:
        for data in (to_dict(storyline.brief(documents, words=120)), to_dict(storyline.brief(documents, analysis=False), texts=False)):
            jsonschema.validate(data, schema)
            filled.update(key for key, value in data.items() if value)
    assert filled >= {"summary", "documents", "facts", "quotes", "entities", "timeline"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(dict(data, quotes=[{"text": "x", "speaker": None}]), schema)  # a quote without sources


# --- the registry of sections drives every renderer ----------------------------------------------


def test_renderers_and_the_page_follow_the_registry(monkeypatch, example_dir):
    import dataclasses

    import storyline
    from storyline import render, sections
    from storyline.sections import Field, Marks, Section

    result = storyline.brief(example_dir, words=120)
    assert result.quotes
    changed = tuple(
        dataclasses.replace(s, title="Who said what", parts=(Field("speaker", "strong", default="someone"), ": ", Field("text"), " ", Marks()))
        if s.name == "quotes" else s
        for s in sections.SECTIONS
    )
    monkeypatch.setattr(render, "SECTIONS", changed)
    monkeypatch.setattr(sections, "SECTIONS", changed)
    first = result.quotes[0]
    speaker = first.speaker or "someone"
    assert "## Who said what" in render.to_markdown(result)
    assert f"- **{render.markdown_safe(speaker)}**: {render.markdown_safe(first.text)} " in render.to_markdown(result)
    assert f"<h2>Who said what</h2><ul>\n<li><strong>{render._h(speaker)}</strong>: " in render.to_html(result)
    spec = next(s for s in sections.page_spec() if s["name"] == "quotes")
    assert spec["title"] == "Who said what" and spec["parts"][0] == {"field": "speaker", "role": "strong", "default": "someone", "template": None}
    # JSON follows the item type: every field of every item, in the registry's order of sections.
    data = render.to_dict(result)
    assert [k for k in data if k in {s.name for s in changed}] == [s.name for s in changed]
    assert set(data["quotes"][0]) == {f.name for f in dataclasses.fields(type(first))}


def test_leads_follow_the_registry(monkeypatch):
    import dataclasses

    import storyline
    from storyline import render, sections
    from storyline.model import Document

    docs = [Document("a", "The bridge opened on Monday. Traffic was light."), Document("b", "The bridge opened. Drivers cheered.")]
    result = storyline.brief(docs, words=20, analysis=False, query="When did the bridge open?")
    changed = tuple(dataclasses.replace(lead, title="Asked") for lead in sections.LEADS)
    monkeypatch.setattr(render, "LEADS", changed)
    monkeypatch.setattr(sections, "LEADS", changed)
    assert render.to_text(result).startswith("Asked: When did the bridge open?\n\n")
    assert render.to_markdown(result).startswith("## Asked\n\nWhen did the bridge open?\n\n## Summary")
    assert '<h2>Asked</h2><p class="query">When did the bridge open?</p>' in render.to_html(result)
    assert sections.lead_spec() == [{"name": "query", "title": "Asked"}]
    assert render.to_dict(result)["query"] == "When did the bridge open?"
    assert "query" not in render.to_dict(storyline.brief(docs, words=20, analysis=False))
