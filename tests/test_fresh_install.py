"""What a new user meets first, through the real console script: clean stdout, clear refusals,
honest source lists (issue 10)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ARTICLE_A, ARTICLE_B, ARTICLE_C, write_jsonl

STORYLINE = str(Path(sys.executable).with_name("storyline"))  # the console script pip installed


def storyline(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([STORYLINE, *args], input=stdin, capture_output=True, text=True, cwd=cwd, timeout=180)


_NAMES = ["Harwick", "Delmont", "Orsay", "Kelby", "Marrow", "Tenby", "Ashcombe", "Lindqvist", "Porter", "Navarro"]
_NOUNS = ["council", "ferry", "harbour", "bridge", "inquiry", "budget", "storm", "port", "union", "court", "school", "hospital"]
_VERBS = ["approved", "delayed", "rejected", "reviewed", "funded", "questioned", "inspected", "closed", "reopened", "expanded"]
_TAILS = ["after a long debate", "on Tuesday morning", "despite protests", "within the week", "for the first time",
          "under new rules", "with cross-party support", "ahead of the winter", "at a cost of 3 million pounds"]


def generated_cluster(documents: int, sentences: int, seed: int = 7) -> list[str]:
    """Articles of plain, complete, varied sentences that share vocabulary (a story, roughly)."""
    rng = random.Random(seed)
    articles = []
    for _ in range(documents):
        lines = []
        for _ in range(sentences):
            lines.append(
                f"The {rng.choice(_NOUNS)} in {rng.choice(_NAMES)} {rng.choice(_VERBS)} the plan for the "
                f"{rng.choice(_NOUNS)} {rng.choice(_TAILS)}, officials said."
            )
        articles.append("\n\n".join(lines) + "\n")
    return articles


def write_articles(folder: Path, articles: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(articles, 1):
        (folder / f"outlet-{i}.txt").write_text(text, encoding="utf-8")
    return folder


# --- the solver banner ------------------------------------------------------------------------


def test_exact_solver_prints_nothing_on_stdout_of_a_large_cluster(tmp_path):
    # 6 x 25 = 150 sentences and 60 words: "auto" takes the exact solver (100+ sentences).
    folder = write_articles(tmp_path / "big", generated_cluster(6, 25))
    result = storyline("brief", str(folder), "--words", "60", "--format", "json", "--no-analysis")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)  # any banner line before or inside it fails here
    assert data["summary"] and data["settings"]["solver"] == "auto"
    assert "HiGHS" not in result.stdout + result.stderr


def test_ilp_on_a_small_cluster_gives_only_the_brief(tmp_path):
    folder = tmp_path / "small"
    folder.mkdir()
    for name, text in (("a.txt", ARTICLE_A), ("b.txt", ARTICLE_B), ("c.txt", ARTICLE_C)):
        (folder / name).write_text(text, encoding="utf-8")
    as_json = storyline("brief", str(folder), "--solver", "ilp", "--format", "json", "--words", "60")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout)["settings"]["solver"] == "ilp"
    text = storyline("brief", str(folder), "--solver", "ilp", "--words", "60")
    assert text.returncode == 0, text.stderr
    summary, sources = text.stdout.split("\nSources:\n")
    lines = summary.splitlines()
    assert lines and all(line.rstrip().endswith("]") for line in lines), text.stdout  # summary lines only
    assert [line[:3] for line in sources.splitlines()] == ["[1]", "[2]", "[3]"]


def test_library_exact_solver_writes_nothing_to_stdout(tmp_path):
    code = (
        "from storyline import brief, Document\n"
        "import sys\n"
        f"docs = [Document(f'd{{i}}', t) for i, t in enumerate({generated_cluster(4, 30)!r})]\n"
        "brief(docs, words=50, solver='ilp', analysis=False)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
