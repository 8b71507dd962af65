#!/usr/bin/env python
"""Instructions per Multi-News cluster for ``storyline.brief(..., analysis=False)``, counted by callgrind.

    python benchmarks/instructions.py               # 200 clusters, 250 words
    python benchmarks/instructions.py --clusters 100 --words 100

CPU time on a shared machine moves by several per cent between runs; callgrind's instruction count
does not (same interpreter, same input, same hash seed), so it is what to compare when judging a
small speed change. The script runs itself twice under ``valgrind --tool=callgrind`` with
``PYTHONHASHSEED=0``: once summarizing nothing and once summarizing the first N clusters of the
Multi-News validation file (after 20 untimed warm-up clusters from further on in the file), and
prints the difference divided by N. Needs Debian's ``valgrind``; takes about half a minute.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "multi_news_validation.jsonl.gz"
WARM_UP = 20


def _instructions(data: Path, count: int, words: int, total: int) -> int:
    """Instructions callgrind collects for a run that reads ``total`` clusters and summarizes ``count``."""
    command = [
        "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
        sys.executable, __file__, "--inner", str(count), "--total", str(total), "--words", str(words), "--data", str(data),
    ]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or not found:
        sys.exit(f"callgrind run failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=200, help="clusters measured (default 200)")
    parser.add_argument("--words", type=int, default=250, help="word budget (default 250)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"cluster file (default {DEFAULT_DATA})")
    parser.add_argument("--inner", type=int, help=argparse.SUPPRESS)  # the run under callgrind
    parser.add_argument("--total", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner is not None:
        # Both runs read the same clusters, so only the summarizing differs.
        from storyline import brief
        from storyline.ingest import read_clusters

        clusters = list(itertools.islice(read_clusters(args.data), args.total))
        for cluster in clusters[args.total - WARM_UP:]:
            brief(cluster.documents, words=args.words, analysis=False)
        for cluster in clusters[: args.inner]:
            brief(cluster.documents, words=args.words, analysis=False)
        return 0
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not installed (apt-get install valgrind)")
    if not args.data.exists():
        parser.error(f"{args.data}: not found (use --data FILE)")
    total = args.clusters + WARM_UP
    baseline = _instructions(args.data, 0, args.words, total)
    measured = _instructions(args.data, args.clusters, args.words, total)
    per_cluster = (measured - baseline) / args.clusters
    print(f"{per_cluster / 1e6:.2f} M instructions per cluster ({args.clusters} clusters of {args.data.name}, {args.words} words)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
