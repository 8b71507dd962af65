"""Byte-identity check for refactors: dump every brief of the shared data and print one digest.

    .venv/bin/python benchmarks/identity.py [--out DIR]

Runs ``storyline brief --format json`` (minus ``elapsed_ms``; ``--formats json,markdown,html`` adds
the other renderings) in-process, the way the CLI does, on:
MultiLing (10 clusters), examples/harbour-fire, ../shared/examples/syria-2012, the briefs-dev clusters
and the first 100
Multi-News validation clusters with the analysis sections; the first 500 Multi-News clusters
without them. Prints a SHA-256 per group and overall; with ``--out`` writes one JSON file per brief,
so two runs can be diffed (``diff -r``). Reads the data at run time from ../shared (or $SHARED).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED", ROOT.parent / "shared"))


def _clusters(path: Path, limit: int | None = None):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in itertools.islice(handle, limit):
            if line.strip():
                yield json.loads(line)


def _documents(record: dict):
    """The cluster's documents as ``storyline brief --jsonl`` reads them."""
    from storyline.ingest import parse_cluster_line

    return list(parse_cluster_line(json.dumps(record), "identity").documents)


def _rendered(documents, analysis: bool, formats: list[str]) -> str:
    """The brief in each format, ``elapsed_ms`` removed (JSON keys sorted, so the digest is of content)."""
    from dataclasses import replace

    from storyline import brief
    from storyline.render import render

    result = brief(documents, words=100, analysis=analysis)
    result = replace(result, settings={k: v for k, v in result.settings.items() if k != "elapsed_ms"})
    out = []
    for fmt in formats:
        text = render(result, fmt)
        if fmt == "json":
            text = json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=1)
        out.append(text)
    return "\n".join(out)


def groups():
    from storyline.ingest import read_inputs

    multiling = SHARED / "data" / "multiling2011_en.jsonl"
    news = SHARED / "data" / "multi_news_validation.jsonl.gz"
    yield "multiling", [(r["id"], _documents(r), True) for r in _clusters(multiling)]
    examples = [ROOT / "examples" / "harbour-fire", SHARED / "examples" / "syria-2012"]
    yield "examples", [(p.name, read_inputs([p], []), True) for p in examples]
    yield "briefs-dev", [(r["id"], _documents(r), True) for r in _clusters(SHARED / "data" / "briefs-dev" / "clusters.jsonl")]
    yield "multinews-100-analysis", [(r["id"], _documents(r), True) for r in _clusters(news, 100)]
    yield "multinews-500", [(r["id"], _documents(r), False) for r in _clusters(news, 500)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="write one file per brief here")
    parser.add_argument("--formats", default="json", help="comma-separated: json (the default), markdown, html, text")
    args = parser.parse_args()
    total = hashlib.sha256()
    for name, items in groups():
        digest = hashlib.sha256()
        for cluster_id, documents, analysis in items:
            text = _rendered(documents, analysis, args.formats.split(","))
            digest.update(f"{cluster_id}\n{text}\n".encode())
            if args.out:
                (args.out / name).mkdir(parents=True, exist_ok=True)
                (args.out / name / f"{cluster_id}.txt").write_text(text + "\n", encoding="utf-8")
        print(f"{name:24} {len(items):4} briefs  {digest.hexdigest()[:16]}", flush=True)
        total.update(digest.digest())
    print(f"{'all':24}             {total.hexdigest()[:16]}")
    sys.exit(0)


if __name__ == "__main__":
    main()
