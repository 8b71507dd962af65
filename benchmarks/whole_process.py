#!/usr/bin/env python
"""Whole-process speed against sumy's LexRank: summarize the first N Multi-News validation clusters
as a user runs each tool, start-up included (the whole-process row beside ``peers.py``'s in-process one).

    python benchmarks/whole_process.py [--limit 500] [--words 250] [--repeats 3]

Rows, each a fresh process over the same clusters (a temporary JSONL of the first N lines):

* ``storyline batch``   the real console script, ``storyline batch IN OUT --no-analysis --words N --workers 1``
                         (one process, like the peer; also with the default workers, ``--workers`` unset).
* ``storyline.brief``   a Python process that imports storyline and calls ``brief(..., analysis=False)``
                         per cluster, as a library user's script does.
* ``lexrank``           a Python process that imports sumy and runs peers.py's LexRank system (sumy's
                         ``LexRankSummarizer``, storyline's sentences, the same budget rule) per cluster.

Figures: wall seconds and CPU seconds (user + system of the process and its children), the median
of ``--repeats`` runs, alternating between rows so the machine's load hits all alike; and the
ratio to LexRank. Needs ``pip install -e '.[bench]'`` (sumy).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "multi_news_validation.jsonl.gz"


def run_library(system: str, source: str, words: int) -> None:
    """One row's whole job, in this (fresh) process: read the clusters, summarize each."""
    if system == "storyline":
        from storyline import brief
        from storyline.ingest import read_clusters

        for cluster in read_clusters(source):
            brief(list(cluster.documents), words=words, analysis=False)
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from peers import SentenceSource, make_system

    from storyline.ingest import read_clusters

    summarize = make_system(system, SentenceSource("storyline"))
    for cluster in read_clusters(source):
        summarize(cluster.documents, words, False)


def measure(command: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"cluster JSONL (default {DATA})")
    parser.add_argument("--limit", type=int, default=500, help="first N clusters (default 500)")
    parser.add_argument("--words", type=int, default=250, help="word budget (default 250, as peers.py)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each row (default 3)")
    parser.add_argument("--run", nargs=2, metavar=("SYSTEM", "FILE"), help=argparse.SUPPRESS)  # a row's own process
    args = parser.parse_args(argv)
    if args.run:
        run_library(args.run[0], args.run[1], args.words)
        return 0

    python, script = sys.executable, str(Path(sys.executable).with_name("storyline"))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "clusters.jsonl"
        opener = gzip.open if args.data.name.endswith(".gz") else open
        with opener(args.data, "rt", encoding="utf-8") as lines:
            source.write_text("".join(itertools.islice(lines, args.limit)), encoding="utf-8")
        out = Path(folder) / "out.jsonl"
        rows = {
            "storyline batch --workers 1": [script, "batch", str(source), str(out), "--no-analysis",
                                            "--words", str(args.words), "--workers", "1"],
            "storyline batch (default workers)": [script, "batch", str(source), str(out), "--no-analysis",
                                                  "--words", str(args.words)],
            "storyline.brief script": [python, __file__, "--words", str(args.words), "--run", "storyline", str(source)],
            "lexrank (sumy) script": [python, __file__, "--words", str(args.words), "--run", "lexrank", str(source)],
        }
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in rows}
        for _ in range(args.repeats):
            for name, command in rows.items():
                out.unlink(missing_ok=True)
                Path(str(out) + ".batch.json").unlink(missing_ok=True)
                results[name].append(measure(command))
    lexrank = results["lexrank (sumy) script"]
    base_wall = statistics.median(w for w, _ in lexrank)
    base_cpu = statistics.median(c for _, c in lexrank)
    print(f"{args.limit} Multi-News clusters, {args.words} words, whole process (start-up included), "
          f"median of {args.repeats}:")
    print(f"{'row':<36} {'wall s':>7} {'CPU s':>7} {'x LexRank (wall)':>17} {'x LexRank (CPU)':>16}")
    for name, runs in results.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"{name:<36} {wall:7.2f} {cpu:7.2f} {base_wall / wall:16.1f}x {base_cpu / cpu:15.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
