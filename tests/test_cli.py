"""End-to-end: the real command in a subprocess, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ARTICLE_A, ARTICLE_B, ARTICLE_C, write_jsonl


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "storyline", *args], input=stdin, capture_output=True, text=True, cwd=cwd, timeout=120
    )


def assert_one_line_error(result: subprocess.CompletedProcess, fragment: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error" in line.lower()]
    assert errors and fragment in result.stderr, result.stderr


def test_brief_text_on_example(example_dir):
    result = run("brief", str(example_dir), "--words", "80")
    assert result.returncode == 0, result.stderr
    summary, sources = result.stdout.split("\nSources:\n")
    lines = [l for l in summary.splitlines() if l.strip()]
    assert lines and all(l.rstrip().endswith("]") for l in lines)
    words = sum(len(l.rsplit(" [", 1)[0].split()) for l in lines)
    assert words <= 80
    assert sources.count("\n[") + 1 == 4


def test_brief_json_to_output_file(example_dir, tmp_path):
    out = tmp_path / "brief.json"
    result = run("brief", str(example_dir), "-w", "100", "--format", "json", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    data = json.loads(out.read_text())
    # Plain-text files are the documents' text as is; for .md and .html the offsets point into the
    # extracted text (markup removed), which test_api checks through the library.
    texts = {p.name: p.read_text() for p in example_dir.iterdir() if p.suffix == ".txt"}
    for item in data["summary"]:
        first = item["sources"][0]
        if texts.get(first["document"]):
            assert texts[first["document"]][first["start"] : first["end"]] == item["text"]


def test_brief_markdown_from_generated_files(bridge_dir):
    result = run("brief", str(bridge_dir), "--format", "markdown", "--words", "60")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("## Summary")
    assert "footbridge" in result.stdout


def test_brief_from_stdin_with_separators():
    result = run("brief", "-", "-w", "60", stdin="\n|||||\n".join([ARTICLE_A, ARTICLE_B, ARTICLE_C]))
    assert result.returncode == 0, result.stderr
    assert "stdin#1" in result.stdout and "stdin#3" in result.stdout


def test_brief_one_cluster_out_of_a_jsonl(tmp_path):
    path = write_jsonl(
        tmp_path / "clusters.jsonl",
        [
            {"id": "bridge", "documents": [{"id": "city-news", "text": ARTICLE_A}, {"id": "courier", "text": ARTICLE_B}]},
            {"id": "other", "documents": [{"id": "x", "text": ARTICLE_C}]},
        ],
    )
    result = run("brief", "--jsonl", str(path), "--id", "bridge", "-f", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {d["id"] for d in data["documents"]} == {"city-news", "courier"}
    assert_one_line_error(run("brief", "--jsonl", str(path), "--id", "missing"), "no cluster with id 'missing'")


def test_output_file_is_not_touched_on_error(tmp_path):
    out = tmp_path / "keep.txt"
    out.write_text("previous result")
    result = run("brief", str(tmp_path / "missing.txt"), "--output", str(out))
    assert_one_line_error(result, "no such file")
    assert out.read_text() == "previous result"


@pytest.mark.parametrize(
    "make, fragment",
    [
        (lambda d: [str(d / "nope.txt")], "no such file"),
        (lambda d: [str(d / "empty")], "no article files"),
        (lambda d: [str(d / "blank.txt")], "no documents with text"),
        (lambda d: [str(d / "image.txt")], "binary"),
        (lambda d: [str(d / "bad.jsonl")], "bad.jsonl:2: not valid JSON"),
        (lambda d: [str(d / "long.txt"), "--words", "4"], "no sentence fits in 4 words"),
    ],
)
def test_bad_input_gives_one_clear_line(tmp_path, make, fragment):
    (tmp_path / "empty").mkdir()
    (tmp_path / "blank.txt").write_text("   \n\n  ")
    (tmp_path / "image.txt").write_bytes(b"\x00\x01\x02GIF89a" * 50)
    (tmp_path / "bad.jsonl").write_text('{"id": "a", "documents": [{"text": "Fine."}]}\n{oops\n')
    (tmp_path / "long.txt").write_text("The council approved the new bridge over the river on Wednesday evening.")
    assert_one_line_error(run("brief", *make(tmp_path)), fragment)


def test_single_document_warns_but_succeeds(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(ARTICLE_A)
    result = run("brief", str(path), "-w", "50")
    assert result.returncode == 0
    assert "only one document" in result.stderr


def test_usage_errors_exit_2_without_traceback():
    result = run("brief", "--words", "0", "x.txt")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_evaluate_scores_and_writes_predictions(tmp_path):
    refs = ["The city council approved a new footbridge over the river Lune on Wednesday."]
    path = write_jsonl(
        tmp_path / "eval.jsonl",
        [
            {"id": "c1", "documents": [{"id": "a", "text": ARTICLE_A}, {"id": "b", "text": ARTICLE_B}], "references": refs},
            {"id": "c2", "documents": [{"id": "c", "text": ARTICLE_C}, {"id": "b", "text": ARTICLE_B}], "references": refs},
            {"id": "c3", "documents": [{"id": "a", "text": ARTICLE_A}], "references": refs},
        ],
    )
    preds = tmp_path / "preds.jsonl"
    result = run("evaluate", str(path), "--words", "40", "--limit", "2", "--predictions", str(preds))
    assert result.returncode == 0, result.stderr
    for metric in ("ROUGE-1", "ROUGE-2", "ROUGE-L"):
        assert metric in result.stdout
    assert "clusters: 2" in result.stdout and "ms" in result.stdout
    lines = [json.loads(l) for l in preds.read_text().splitlines()]
    assert [l["id"] for l in lines] == ["c1", "c2"]
    assert all(len(l["summary"].split()) <= 40 for l in lines)
    assert "bridge" in lines[0]["summary"]


def test_brief_is_the_same_whatever_the_hash_seed(example_dir):
    """Batch engines and reruns rely on it: no set or dict order may leak into the brief."""
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run(
            [sys.executable, "-m", "storyline", "brief", str(example_dir), "-f", "json"],
            capture_output=True, text=True, env=env, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        data["settings"].pop("elapsed_ms")
        outputs.append(data)
    assert outputs[0] == outputs[1]


def test_brief_html_page(example_dir, tmp_path):
    out = tmp_path / "brief.html"
    result = run("brief", str(example_dir), "--format", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert page.startswith("<!doctype html>") and "<h2>Quotes</h2>" in page and "<h2>Disagreements</h2>" in page
    assert "<script" not in page.lower()
