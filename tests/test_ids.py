"""Duplicate document ids: brief() itself renames the later one ``id~2`` and warns, through every shell.

Suffixing (not refusing) because one outlet filing two articles on a story, or two files of the same
name in different folders, is ordinary input: the brief stays usable and every span names one document.
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ARTICLE_A, ARTICLE_B, ARTICLE_C

import storyline
from storyline import Document, batch

DOCS = [{"id": "wire", "text": ARTICLE_A}, {"id": "wire", "text": ARTICLE_B}, {"id": "wire~2", "text": ARTICLE_C}]
WARNING = "two documents are named 'wire'; the later one is 'wire~3'"


def check(data: dict) -> None:
    ids = [d["id"] for d in data["documents"]]
    assert ids == ["wire", "wire~3", "wire~2"]
    assert any(WARNING in w for w in data["warnings"])
    spans = [span for s in data["summary"] for span in s["sources"]]
    assert spans and all(span["document"] in ids for span in spans)
    texts = {d["id"]: d.get("text") for d in data["documents"]}
    for s, first in ((s, s["sources"][0]) for s in data["summary"]):
        if texts[first["document"]] is not None:
            assert texts[first["document"]][first["start"] : first["end"]] == s["text"]


def test_library():
    from storyline.render import to_dict

    result = storyline.brief([Document(d["id"], d["text"]) for d in DOCS], words=80, analysis=False)
    check(to_dict(result))


def cluster_file(tmp_path):
    path = tmp_path / "cluster.jsonl"
    path.write_text(json.dumps({"id": "c1", "documents": DOCS}) + "\n", encoding="utf-8")
    return path


def test_cli_jsonl(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "storyline", "brief", "--jsonl", str(cluster_file(tmp_path)), "--format", "json", "--words", "80"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    check(json.loads(result.stdout))
    assert WARNING in result.stderr


def test_batch(tmp_path):
    out = tmp_path / "out.jsonl"
    batch.run_batch(cluster_file(tmp_path), out, workers=1, words=80, analysis=False)
    check(json.loads(out.read_text(encoding="utf-8"))["brief"])


def test_server(tmp_path):
    from test_serve_api import Server, post

    srv = Server(tmp_path / "server.log", "--workers", "1")
    try:
        response = post(srv, {"documents": DOCS, "words": 80, "analysis": False})
        assert response.status_code == 200, response.text
        check(response.json())
    finally:
        srv.stop()
