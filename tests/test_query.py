"""Query-focused briefs (issue 15): the query through library, ingest, CLI, evaluate and batch."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from storyline import brief
from storyline.errors import InputError
from storyline.ingest import parse_cluster_line
from storyline.model import Document
from storyline.query import Focus, query_terms, query_text
from storyline.render import render
from test_serve_api import RESCUE

DOCS = [Document(d["id"], d["text"], d.get("title"), d.get("date")) for d in RESCUE]
WEATHER = "What is the weather forecast?"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "storyline", *args], capture_output=True, text=True, timeout=120)


def cluster_line(**extra) -> str:
    return json.dumps({"id": "rescue", "documents": RESCUE, "references": ["Three climbers were rescued."], **extra})


def test_query_text_and_terms():
    assert query_text(None) is None and query_text("  ") is None
    duc = {"title": "Mountain rescue", "narrative": "Describe the weather the climbers met. Include forecasts."}
    assert query_text(duc) == "Mountain rescue\nDescribe the weather the climbers met. Include forecasts."
    # instruction words and stopwords go; the rest is stemmed as the summarizer stems
    assert query_terms(query_text(duc)) == {"mountain", "rescu", "weather", "climber", "met", "forecast"}
    assert query_terms("What did the United States say?") == {"unit", "state"}
    with pytest.raises(InputError, match="expected a string"):
        query_text(42)
    with pytest.raises(InputError, match="'narrative' must be a string"):
        query_text({"title": "x", "narrative": ["y"]})
    with pytest.raises(InputError, match="at most 2000"):
        query_text("why " * 600)


def test_query_is_a_brief_option():
    from storyline.options import BriefOptions
    from storyline.serve.app import REQUEST_OPTIONS

    duc = {"title": " Weather ", "narrative": "Describe the forecast."}
    assert BriefOptions(query=duc).query == "Weather\nDescribe the forecast."  # read as one string, once
    assert BriefOptions.make(query="  ").query is None and BriefOptions().query is None
    for bad, fragment in ((3, "query: expected a string"), ({"title": 3}, "query: 'title' must be a string"), ("why " * 600, "at most 2000")):
        with pytest.raises(InputError, match=fragment):
            BriefOptions(query=bad)
    by_option = brief(DOCS, options=BriefOptions(words=60, analysis=False, query=WEATHER))
    assert by_option.query == WEATHER and by_option.text == brief(DOCS, 60, analysis=False, query=WEATHER).text
    assert brief(DOCS, options=BriefOptions(words=60, query="hospital"), query=WEATHER).query == WEATHER  # the keyword wins
    assert "query" in REQUEST_OPTIONS  # the server takes it from BriefOptions


def test_batch_line_query_and_the_batch_wide_one():
    from storyline.batch import summarize_line
    from storyline.options import BriefOptions

    line = cluster_line(query={"title": "Weather", "narrative": "Describe the forecast."})
    own = json.loads(summarize_line(line, 1, BriefOptions(words=60, analysis=False))[0])
    assert own["brief"]["query"] == "Weather\nDescribe the forecast." and "Weather forecasters" in own["summary"]
    asked = json.loads(summarize_line(line, 1, BriefOptions(words=60, analysis=False, query="hospital"))[0])
    assert asked["brief"]["query"] == "hospital"  # an explicit option wins over the line's, as with --query
    bad = json.loads(summarize_line(cluster_line(query=["x"]), 2)[0])
    assert "line 2: 'query': expected a string" in bad["error"]


def test_focus_relevance():
    contents = [frozenset({"weather", "snow", "warn"}), frozenset({"snow", "ridg"}), frozenset({"climber", "ridg"}),
                frozenset({"climber", "hospit"}), frozenset({"weather", "snow"})]
    focus = Focus({"weather"}, contents)
    assert focus and focus.terms == {"weather"}
    assert focus.relevance["weather"] == 1.0
    # snow is in 3 sentences, 2 of them about the weather: lift over the base rate 2/5
    assert focus.relevance["snow"] == pytest.approx(0.5 * (2 / 3 - 2 / 5) / (1 - 2 / 5))
    assert "climber" not in focus.relevance and "ridg" not in focus.relevance  # never with the query
    assert focus.concept("weather forecast") == 1.0 and focus.concept("ridg climber") == 0.0
    assert not Focus({"tsunami"}, contents)  # no query word in the cluster: no focus


def test_no_query_is_the_generic_brief():
    for words in (40, 80):
        plain, none, empty = brief(DOCS, words), brief(DOCS, words, query=None), brief(DOCS, words, query="  ")
        for other in (none, empty):
            assert render(other, "json").split('"elapsed_ms"')[0] == render(plain, "json").split('"elapsed_ms"')[0]
        assert '"query"' not in render(plain, "json") and "Question" not in render(plain, "markdown")


def test_the_summary_answers_the_question():
    generic = brief(DOCS, 60, analysis=False)
    focused = brief(DOCS, 60, analysis=False, query=WEATHER)
    assert "Weather forecasters" not in generic.text
    assert "Weather forecasters have warned of more snow" in focused.text
    assert focused.words <= 60 and len(set(focused.text.splitlines())) == len(focused.summary)
    hospital = brief(DOCS, 60, analysis=False, query="Which hospital treated the climbers?")
    assert "Westfield General Hospital" in hospital.text and hospital.text != focused.text


def test_the_rest_of_the_brief_follows_the_question():
    generic, focused = brief(DOCS, 60), brief(DOCS, 60, query="Which hospital treated them?")
    assert sorted(f.text for f in focused.facts) == sorted(f.text for f in generic.facts)  # same facts, new order
    assert "Hospital" in focused.facts[0].text
    assert "Hospital" not in generic.facts[0].text
    assert focused.query == "Which hospital treated them?"
    for fmt, shown in (("text", "Question: Which hospital"), ("markdown", "## Question"), ("html", "<h2>Question</h2>")):
        assert shown in render(focused, fmt)
    assert json.loads(render(focused, "json"))["query"] == "Which hospital treated them?"


def test_question_is_escaped_in_renderings():
    result = brief(DOCS, 60, analysis=False, query="<script>alert(1)</script> weather?")
    assert "<script>alert" not in render(result, "html") and "&lt;script&gt;" in render(result, "html")
    assert "\\<script\\>" in render(result, "markdown")


def test_unknown_words_warn_and_keep_the_generic_summary():
    result = brief(DOCS, 60, analysis=False, query="Zanzibar volcano?")
    assert result.text == brief(DOCS, 60, analysis=False).text
    assert any("none of the query's words" in w for w in result.warnings)


def test_cluster_jsonl_query_string_or_duc_topic():
    assert parse_cluster_line(cluster_line(), "x").query is None
    assert parse_cluster_line(cluster_line(query="weather?"), "x").query == "weather?"
    topic = parse_cluster_line(cluster_line(query={"title": "Weather", "narrative": "Discuss the forecast."}), "x")
    assert topic.query == "Weather\nDiscuss the forecast."
    with pytest.raises(InputError, match="line 3: 'query': expected a string"):
        parse_cluster_line(cluster_line(query=[1]), "line 3")


def test_cli_query_and_jsonl_query(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(cluster_line(query=WEATHER) + "\n")
    own = run("brief", "--jsonl", str(path), "--words", "60", "--format", "json", "--no-analysis")
    assert own.returncode == 0, own.stderr
    data = json.loads(own.stdout)
    assert data["query"] == WEATHER and any("Weather forecasters" in s["text"] for s in data["summary"])
    other = run("brief", "--jsonl", str(path), "--words", "60", "--query", "Which hospital treated the climbers?")
    assert other.returncode == 0, other.stderr
    assert other.stdout.startswith("Question: Which hospital") and "Westfield General Hospital" in other.stdout
    files = tmp_path / "articles"
    files.mkdir()
    for d in RESCUE:
        (files / f"{d['id']}.txt").write_text(d["text"])
    plain, asked = run("brief", str(files), "--words", "60"), run("brief", str(files), "--words", "60", "-q", "Which hospital?")
    assert plain.returncode == 0 and asked.returncode == 0, plain.stderr + asked.stderr
    assert asked.stdout.startswith("Question: Which hospital?\n\n") and not plain.stdout.startswith("Question")


def test_evaluate_uses_the_query_unless_no_query(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(cluster_line(query=WEATHER) + "\n")
    preds_q, preds_g = tmp_path / "q.jsonl", tmp_path / "g.jsonl"
    focused = run("evaluate", str(path), "--words", "60", "--predictions", str(preds_q))
    generic = run("evaluate", str(path), "--words", "60", "--predictions", str(preds_g), "--no-query")
    assert focused.returncode == 0 and generic.returncode == 0, focused.stderr + generic.stderr
    assert "ROUGE-SU4" in focused.stdout and "query-focused: 1" in focused.stdout
    assert "query-focused" not in generic.stdout
    assert "Weather forecasters" in json.loads(preds_q.read_text())["summary"]
    assert "Weather forecasters" not in json.loads(preds_g.read_text())["summary"]


def test_batch_uses_each_clusters_query(tmp_path):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(cluster_line(query=WEATHER) + "\n" + cluster_line() + "\n")
    done = run("batch", str(source), str(out), "--words", "60", "--workers", "1", "--no-analysis")
    assert done.returncode == 0, done.stderr
    first, second = [json.loads(line) for line in out.read_text().splitlines()]
    assert first["brief"]["query"] == WEATHER and "Weather forecasters" in first["summary"]
    assert "query" not in second["brief"] and "Weather forecasters" not in second["summary"]


def test_two_sides_of_a_story():
    """A fictional strike (tests/fixtures/two-sides.jsonl, written for this test): each side's question gets that side."""
    from pathlib import Path

    from storyline.ingest import find_cluster

    cluster = find_cluster(Path(__file__).parent / "fixtures" / "two-sides.jsonl", None)
    union = brief(cluster.documents, 80, query="What does the dockers' union say?")
    company = brief(cluster.documents, 80, query="What does the company say?")
    generic = brief(cluster.documents, 80)
    for result in (union, company, generic):
        assert result.words <= 80
    said_by = lambda result, *names: sum(any(n in s.text for n in names) for s in result.summary)  # noqa: E731
    assert said_by(union, "Union", "union", "Varga") >= 3 and said_by(union, "Brandt", "Harbour Link said") == 0
    assert said_by(company, "Brandt", "Harbour Link") >= 2
    assert said_by(company, "Brandt", "Harbour Link") > said_by(generic, "Brandt", "Harbour Link")
