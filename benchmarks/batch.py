#!/usr/bin/env python
"""Throughput and memory of ``storyline batch`` on the Multi-News validation file, and per-cluster time
against cluster size.

    python benchmarks/batch.py                          # everything, ~10 min on 2 cores
    python benchmarks/batch.py --limit 1000 --growth "" --sizes 10,100,1000   # quicker

1. Whole file (5,622 clusters): the real command (``python -m storyline batch``) in a subprocess per
   configuration, ``--no-analysis`` on the local engine with 1 and 2 workers and on a Dask LocalCluster
   with 1 and 2 workers (``--configs``), then ``--analysis`` (``--analysis-configs``, default the local
   engine with 2 workers: the analysed run takes minutes). Wall time includes start-up (interpreters,
   worker processes, the Dask cluster). Peak memory is sampled every 50 ms with psutil over the whole
   process tree: the largest single process and the sum of all (main process, workers, Dask nannies).
   Every configuration's OUT is hashed: the engines must write the same bytes.
2. Growth (``--growth``): the local engine with 2 workers on 1,000, 5,622 and 16,866 clusters (the file
   read round and round, streamed through stdin): memory must stay flat as the input grows.
3. Cluster size (``--sizes``): clusters of 10 ... 5,000 sentences built from real articles as
   ``benchmarks/scaling.py`` builds them, summarized through the batch path in this process (one
   worker: parse, summarize, JSON), with and without analysis; ms per cluster and per sentence (a size expected to take over
   ``--size-limit`` seconds a call, extrapolated quadratically, is skipped).

The data are read from ``../shared/data`` at run time; temporary files go to a temporary folder.
Progress goes to stderr, tables to stdout; ``--json OUT`` saves every figure.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil  # comes with dask[distributed] (the `dask` extra)

from storyline import batch
from storyline.options import BriefOptions

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scaling import DEFAULT_DATA, build_cluster, code_version, source_documents  # noqa: E402

VALIDATION = "multi_news_validation.jsonl.gz"
DEFAULT_SIZES = (10, 50, 100, 500, 1000, 2000, 5000)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class TreeMemory(threading.Thread):
    """Peak RSS of a process and all its descendants, sampled every ``every`` seconds."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.every = every
        self.peak_total = self.peak_largest = self.peak_main = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            sizes = []
            for p in processes:
                try:
                    sizes.append(p.memory_info().rss)
                except psutil.NoSuchProcess:
                    pass
            if sizes:
                self.peak_total = max(self.peak_total, sum(sizes))
                self.peak_largest = max(self.peak_largest, max(sizes))
                self.peak_main = max(self.peak_main, sizes[0])
            self.stopped.wait(self.every)

    def stop(self) -> None:
        self.stopped.set()
        self.join()


def input_lines(data: Path, count: int):
    """``count`` lines of the validation file, round and round (ids made unique after the first round)."""
    produced = 0
    for round_ in itertools.count():
        with gzip.open(data / VALIDATION, "rt", encoding="utf-8") as handle:
            for line in handle:
                if produced == count:
                    return
                if round_:
                    line = line.replace('"id": "', f'"id": "r{round_}-', 1)
                yield line
                produced += 1


def run_command(args: list[str], stdin_lines=None) -> dict:
    """Run ``storyline batch`` in a subprocess: wall seconds, peak memory, exit code."""
    command = [sys.executable, "-m", "storyline", "batch", *args]
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE if stdin_lines is not None else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=stderr, text=True,
        )
        memory = TreeMemory(process.pid)
        memory.start()
        if stdin_lines is not None:
            try:
                for line in stdin_lines:
                    process.stdin.write(line)
            except BrokenPipeError:
                pass
            finally:
                process.stdin.close()
        process.wait()
        seconds = time.perf_counter() - started
        memory.stop()
        stderr.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr.read()}")
    mb = 2**20
    return {
        "seconds": round(seconds, 2), "peak_total_mb": round(memory.peak_total / mb, 1),
        "peak_largest_mb": round(memory.peak_largest / mb, 1), "peak_main_mb": round(memory.peak_main / mb, 1),
    }


def digest_and_errors(out: Path) -> tuple[str, int, int]:
    """sha256 of OUT, its lines and its error lines."""
    sha = hashlib.sha256()
    lines = errors = 0
    with open(out, "rb") as handle:
        for line in handle:
            sha.update(line)
            lines += 1
            errors += "error" in json.loads(line)
    return sha.hexdigest()[:16], lines, errors


def _spin(seconds: float) -> float:
    started = time.process_time()
    x = 0
    while time.process_time() - started < seconds:
        x += 1
    return x


def parallel_capacity(seconds: float = 0.5) -> float:
    """Work two concurrent CPU-bound processes get done, relative to one alone (2.0 = two real cores)."""
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_spin, [0.05, 0.05])  # start-up
        started = time.perf_counter()
        alone = pool.apply(_spin, (seconds,)) / (time.perf_counter() - started)
        started = time.perf_counter()
        together = sum(pool.map(_spin, [seconds, seconds])) / (time.perf_counter() - started)
    return together / alone


def whole_file(args, folder: Path) -> list[dict]:
    rows = []
    runs = [(False, c) for c in args.configs] + [(True, c) for c in args.analysis_configs]
    for analysis, config in runs:
        engine, workers = config.split(":")
        out = folder / f"{engine}-{workers}-{'analysis' if analysis else 'plain'}.jsonl"
        flag = "--analysis" if analysis else "--no-analysis"
        log(f"whole file: {engine} engine, {workers} worker(s), {flag} ...")
        options = [str(out), "--engine", engine, "--workers", workers, "--words", str(args.words), flag]
        if args.limit:
            row = run_command(["-", *options], stdin_lines=input_lines(args.data, args.limit))
        else:
            row = run_command([str(args.data / VALIDATION), *options])
        digest, lines, errors = digest_and_errors(out)
        row.update(engine=engine, workers=int(workers), analysis=analysis, clusters=lines, errors=errors, sha256=digest)
        row["clusters_per_s"] = round(lines / row["seconds"], 1)
        rows.append(row)
        out.unlink()
        batch.state_path(out).unlink()
    return rows


def growth(args, folder: Path) -> list[dict]:
    rows = []
    for count in args.growth:
        log(f"growth: {count:,} clusters, local engine, 2 workers ...")
        out = folder / f"growth-{count}.jsonl"
        row = run_command(["-", str(out), "--workers", "2", "--no-analysis"], stdin_lines=input_lines(args.data, count))
        row.update(clusters=count, clusters_per_s=round(count / row["seconds"], 1))
        rows.append(row)
        out.unlink()
        batch.state_path(out).unlink()
    return rows


def sizes(args, folder: Path) -> list[dict]:
    rows = []
    source = folder / "sizes.jsonl"
    warm = build_cluster(source_documents(args.data), 20)
    for size in args.sizes:
        cluster = build_cluster(source_documents(args.data), size)
        record = {"id": f"size-{size}", "documents": [{"id": d.id, "title": d.title, "date": d.date, "text": d.text} for d in cluster]}
        copies = 5 if size <= 500 else 2 if size <= 2000 else 1
        for analysis in (False, True):
            last = [r for r in rows if r["analysis"] == analysis and "ms" in r]
            if last and last[-1]["ms"] / 1000 * (size / last[-1]["sentences"]) ** 2 > args.size_limit:
                log(f"size: {size} sentences, analysis {'on' if analysis else 'off'}: skipped (over --size-limit)")
                rows.append({"sentences": size, "documents": len(cluster), "analysis": analysis, "skipped": True})
                continue
            log(f"size: {size} sentences, analysis {'on' if analysis else 'off'} ...")
            warm_line = json.dumps({"id": "warm", "documents": [{"id": d.id, "text": d.text} for d in warm]})
            batch.summarize_line(warm_line, 1, BriefOptions(words=args.words, analysis=analysis))  # imports, caches: not timed
            source.write_text((json.dumps(record) + "\n") * copies, encoding="utf-8")
            out = folder / "sizes-out.jsonl"
            out.unlink(missing_ok=True)
            started = time.perf_counter()
            result = batch.run_batch(source, out, words=args.words, workers=1, analysis=analysis)
            ms = 1000 * (time.perf_counter() - started) / copies
            rows.append({
                "sentences": size, "documents": len(cluster), "analysis": analysis, "ms": round(ms, 1),
                "ms_per_sentence": round(ms / size, 3), "errors": result.errors,
                "out_kb": round(out.stat().st_size / copies / 1024, 1),
            })
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"data directory (default {DEFAULT_DATA})")
    parser.add_argument("--limit", type=int, help="only the first N clusters of the validation file (default: all)")
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--configs", default="local:1,local:2,dask:1,dask:2", help="engine:workers runs without analysis")
    parser.add_argument("--analysis-configs", default="local:2", help="engine:workers runs with analysis ('' for none)")
    parser.add_argument("--growth", default="1000,5622,16866", help="cluster counts for the memory-growth runs ('' for none)")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="cluster sizes in sentences ('' for none)")
    parser.add_argument("--size-limit", type=float, default=120.0,
                        help="skip a cluster size whose call is expected (quadratically) to take longer (s)")
    parser.add_argument("--json", type=Path, help="save the figures to this JSON file")
    args = parser.parse_args(argv)
    split = lambda text: [t.strip() for t in text.split(",") if t.strip()]  # noqa: E731
    args.configs, args.analysis_configs = split(args.configs), split(args.analysis_configs)
    args.growth, args.sizes = [int(n) for n in split(args.growth)], [int(n) for n in split(args.sizes)]
    if not (args.data / VALIDATION).exists():
        raise SystemExit(f"{args.data / VALIDATION}: not found (use --data DIR)")

    load = os.getloadavg()[0]
    capacity = parallel_capacity()
    with tempfile.TemporaryDirectory(prefix="storyline-batch-bench-") as tmp:
        folder = Path(tmp)
        whole = whole_file(args, folder)
        grown = growth(args, folder)
        by_size = sizes(args, folder)

    print(f"\nstoryline batch; {code_version()}; {batch.default_workers()} CPUs; load average {load:.2f} before the runs;")
    print(f"two concurrent CPU-bound processes get {capacity:.2f}x the work of one done (2.00 = two full cores)")
    if whole:
        n = whole[0]["clusters"]
        print(f"\n1. Whole file: {n:,} clusters, {args.words} words; wall time includes start-up; peak RSS sampled over the process tree")
        header = f"{'engine':<7} {'workers':>7} {'analysis':>8} {'seconds':>8} {'clusters/s':>10} {'errors':>6} {'peak main MB':>12} {'peak largest MB':>15} {'peak total MB':>13}  sha256 of OUT"
        print(header)
        print("-" * len(header))
        for r in whole:
            print(
                f"{r['engine']:<7} {r['workers']:>7} {'on' if r['analysis'] else 'off':>8} {r['seconds']:>8.1f} {r['clusters_per_s']:>10.1f} "
                f"{r['errors']:>6} {r['peak_main_mb']:>12.0f} {r['peak_largest_mb']:>15.0f} {r['peak_total_mb']:>13.0f}  {r['sha256']}"
            )
        for analysis in (False, True):
            digests = {r["sha256"] for r in whole if r["analysis"] == analysis}
            if sum(r["analysis"] == analysis for r in whole) > 1:
                print(f"analysis {'on' if analysis else 'off'}: {'all engines wrote the same bytes' if len(digests) == 1 else 'OUTPUTS DIFFER'}")
    if grown:
        print("\n2. Growth: local engine, 2 workers, --no-analysis, input streamed through stdin")
        header = f"{'clusters':>8} {'seconds':>8} {'clusters/s':>10} {'peak main MB':>12} {'peak largest MB':>15} {'peak total MB':>13}"
        print(header)
        print("-" * len(header))
        for r in grown:
            print(f"{r['clusters']:>8,} {r['seconds']:>8.1f} {r['clusters_per_s']:>10.1f} {r['peak_main_mb']:>12.0f} {r['peak_largest_mb']:>15.0f} {r['peak_total_mb']:>13.0f}")
    if by_size:
        print("\n3. Cluster size: one worker, in-process batch path (parse, summarize, JSON line); mean of 5 / 2 / 1 calls")
        header = f"{'sentences':>9} {'docs':>5} {'analysis':>8} {'ms/cluster':>10} {'ms/sentence':>11} {'OUT kB':>7} {'errors':>6}"
        print(header)
        print("-" * len(header))
        for r in by_size:
            if r.get("skipped"):
                print(f"{r['sentences']:>9} {r['documents']:>5} {'on' if r['analysis'] else 'off':>8} {'skipped':>10}")
                continue
            print(
                f"{r['sentences']:>9} {r['documents']:>5} {'on' if r['analysis'] else 'off':>8} {r['ms']:>10.1f} "
                f"{r['ms_per_sentence']:>11.3f} {r['out_kb']:>7.1f} {r['errors']:>6}"
            )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {"version": code_version(), "load": load, "parallel_capacity": round(capacity, 2),
                   "whole_file": whole, "growth": grown, "sizes": by_size}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        log(f"saved {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
