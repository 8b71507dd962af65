#!/usr/bin/env python
"""How storyline's time and memory grow with the size of a cluster.

    python benchmarks/scaling.py                    # 10 ... 5,000 sentences, both solvers, LexRank
    python benchmarks/scaling.py --sizes 100,1000 --no-lexrank

Clusters are built at run time from real articles: the MultiLing 2011 documents first (in file order,
10 stories), then Multi-News validation documents, concatenated as separate documents of one cluster
until it holds the wanted number of sentences (the last document is cut after a whole sentence).
Sentences are counted as storyline's ``prepare()`` finds them.

For each size: ``storyline.brief(documents, words=100)`` with ``solver="ilp"`` and ``solver="greedy"``
(the whole call, with the editor's analysis), the same with ``analysis=False`` (the summary alone),
and sumy's LexRank (the ``lexrank`` peer of ``benchmarks/peers.py``: same sentences, 100-word budget)
until one size takes longer than ``--lexrank-limit`` seconds (default 30) -- or the quadratic growth
from the last size predicts more than four times that -- after which bigger sizes are skipped.

Time is the best of ``--repeats`` calls up to 500 sentences, one call above (wall clock), after an
untimed warm-up. Peak memory is one more call in a freshly started Python process (Linux ``/proc``):
its resident-set high-water mark minus its resident size just before the call, so C/C++ allocations
(HiGHS, NumPy) count too, plus that process's whole peak. ``--tracemalloc`` adds the Python-heap peak
seen by ``tracemalloc`` (slow: tracing slows Python code down several times). A measurement that
raises is reported as FAILED and the run goes on.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import storyline
from storyline.ingest import read_clusters
from storyline.model import Document
from storyline.prepare import prepare
from storyline.text import word_count

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peers import DEFAULT_DATA, SentenceSource, SumyPeer, code_version  # noqa: E402

DEFAULT_SIZES = (10, 50, 100, 500, 1000, 2000, 5000)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def source_documents(data: Path) -> Iterator[Document]:
    """Real articles with unique ids: MultiLing first, then Multi-News."""
    for filename in ("multiling2011_en.jsonl", "multi_news_validation.jsonl.gz"):
        path = data / filename
        if not path.exists():
            raise SystemExit(f"{path}: not found (use --data DIR)")
        for cluster in read_clusters(path):
            for n, doc in enumerate(cluster.documents):
                if doc.text.strip():
                    yield Document(f"{cluster.id}-{n}", doc.text, doc.title, doc.date)


def build_cluster(documents: Iterator[Document], size: int) -> list[Document]:
    """Whole documents until ``size`` sentences; the last one cut after its sentence that reaches it."""
    cluster: list[Document] = []
    count = 0
    for doc in documents:
        sentences = prepare(doc, len(cluster)).sentences
        if not sentences:
            continue
        if count + len(sentences) <= size:
            cluster.append(doc)
            count += len(sentences)
        else:
            end = sentences[size - count - 1].end
            cluster.append(Document(doc.id, doc.text[:end], doc.title, doc.date))
            count = size
        if count >= size:
            break
    return cluster


def count_sentences(cluster: list[Document]) -> int:
    return sum(len(prepare(doc, i).sentences) for i, doc in enumerate(cluster))


def timed(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Best wall-clock seconds over ``repeats`` calls, and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def make_system(name: str, words: int) -> Callable[[list[Document]], object]:
    """The call measured for each system name (built by name so a fresh process can rebuild it)."""
    if name == "sumy lexrank":
        peer = SumyPeer("lexrank", SentenceSource("storyline"))
        return lambda docs: peer(docs, words, False)
    kind, solver = name.split(" ", 1)  # "summary auto|ilp|greedy" or "brief+analysis auto"
    analysis = kind == "brief+analysis"
    return lambda docs: storyline.brief(docs, words=words, solver=solver, analysis=analysis)


def _proc_status_kb(*keys: str) -> dict[str, int]:
    with open("/proc/self/status", encoding="ascii") as handle:
        fields = dict(line.split(":", 1) for line in handle if ":" in line)
    return {k: int(fields[k].split()[0]) for k in keys}


def rss_available() -> bool:
    try:
        _proc_status_kb("VmRSS", "VmHWM")
    except (OSError, KeyError, ValueError):
        return False
    return True


def _memory_probe(name: str, words: int, cluster: list[Document]) -> tuple[float, float]:
    """In a fresh process: (extra MB at the peak of one call, the process's peak MB)."""
    fn = make_system(name, words)
    gc.collect()
    base = _proc_status_kb("VmRSS")["VmRSS"]
    fn(cluster)
    peak = _proc_status_kb("VmHWM")["VmHWM"]
    return (peak - base) / 1024, peak / 1024


def peak_rss_mb(name: str, words: int, cluster: list[Document]) -> tuple[float, float] | None:
    """Memory of one call in a freshly started Python process (Linux ``/proc``): the resident-set
    high-water mark minus the resident size before the call (imports done), and the whole peak.
    A fresh process, because a warm one reuses memory it freed earlier and would under-report."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            return pool.submit(_memory_probe, name, words, cluster).result()
    except Exception as err:  # noqa: BLE001 - memory is a side figure; say why and go on
        log(f"    memory probe failed: {type(err).__name__}: {err}")
        return None


def traced_peak_mb(fn: Callable[[], object]) -> float:
    """Peak of Python and NumPy allocations during one call (``tracemalloc``; slows Python code)."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"data directory (default {DEFAULT_DATA})")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="cluster sizes in sentences")
    parser.add_argument("--words", type=int, default=100, help="word budget (default 100)")
    parser.add_argument("--repeats", type=int, default=3, help="timed calls per measurement, best kept (default 3)")
    parser.add_argument("--lexrank-limit", type=float, default=30.0, help="stop LexRank after a size slower than this (s)")
    parser.add_argument("--no-lexrank", action="store_true", help="time storyline only")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory runs")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also report the tracemalloc peak (Python heap; slow)"
    )
    parser.add_argument(
        "--no-analysis-row", action="store_true", help="skip the row of the whole brief with its analysis (spaCy: slow)"
    )
    parser.add_argument("--json", type=Path, help="save the figures to this JSON file")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error("--sizes: comma-separated whole numbers")
    if not sizes or sizes[0] <= 0:
        parser.error("--sizes: positive whole numbers")

    names = ["summary auto", "summary ilp", "summary greedy"]
    if not args.no_analysis_row:
        names.append("brief+analysis auto")
    if not args.no_lexrank:
        names.append("sumy lexrank")
    systems = {name: make_system(name, args.words) for name in names}

    # Warm-up on a small cluster: imports (highspy, sumy) are not timed.
    warm = build_cluster(source_documents(args.data), 20)
    for fn in systems.values():
        fn(warm)

    use_rss = rss_available()
    if not use_rss and not args.no_memory:
        args.tracemalloc = True  # no /proc or fork here: fall back to tracemalloc
    rows: list[dict] = []
    lexrank_stopped: str | None = None
    lexrank_last: tuple[int, float] | None = None
    started = time.perf_counter()
    for size in sizes:
        cluster = build_cluster(source_documents(args.data), size)
        n_sentences = count_sentences(cluster)
        n_words = sum(word_count(d.text) for d in cluster)
        if n_sentences < size:
            log(f"only {n_sentences} sentences available for size {size}")
        repeats = max(1, args.repeats if n_sentences <= 500 else 1)
        for name, fn in systems.items():
            row = {"size": size, "sentences": n_sentences, "documents": len(cluster), "words": n_words, "system": name}
            if name == "sumy lexrank" and not lexrank_stopped and lexrank_last:
                # LexRank is quadratic: do not start a call expected to take minutes.
                last_n, last_s = lexrank_last
                expected = last_s * (n_sentences / last_n) ** 2
                if expected > 4 * args.lexrank_limit:
                    lexrank_stopped = (
                        f"{last_s:.0f} s at {last_n} sentences, so about {expected:.0f} s expected at "
                        f"{n_sentences} (quadratic)"
                    )
            if name == "sumy lexrank" and lexrank_stopped:
                row["skipped"] = lexrank_stopped
                rows.append(row)
                continue
            log(f"{n_sentences:>6} sentences  {name} ...")
            try:
                seconds, result = timed(lambda: fn(cluster), repeats)
            except Exception as err:  # a crash in one measurement must not lose the others
                row["error"] = f"{type(err).__name__}: {err}"
                log(f"    failed: {row['error']}")
                rows.append(row)
                continue
            row["ms"] = round(1000 * seconds, 1)
            row["ms_per_sentence"] = round(1000 * seconds / max(1, n_sentences), 3)
            summary = result.text if hasattr(result, "text") else result
            row["summary_words"] = word_count(summary)
            slow = name == "sumy lexrank" and seconds > args.lexrank_limit / 3
            if not args.no_memory and not slow:
                if use_rss and (probe := peak_rss_mb(name, args.words, cluster)) is not None:
                    row["peak_mb"], row["process_peak_mb"] = round(probe[0], 1), round(probe[1], 1)
                if args.tracemalloc:
                    row["traced_mb"] = round(traced_peak_mb(lambda: fn(cluster)), 1)
            rows.append(row)
            if name == "sumy lexrank":
                lexrank_last = (n_sentences, seconds)
                if seconds > args.lexrank_limit:
                    lexrank_stopped = f"{seconds:.0f} s at {n_sentences} sentences (over {args.lexrank_limit:.0f} s)"
    total = time.perf_counter() - started

    print(f"\nScaling: storyline.brief(..., words={args.words}) on clusters of real articles; {code_version()}")
    print(f"ms = best of {args.repeats} calls up to 500 sentences, 1 call above")
    if use_rss and not args.no_memory:
        print("peak MB = extra resident memory at the peak of one call in a fresh process (RSS high-water mark")
        print("          minus RSS before the call); process MB = that process's whole peak RSS")
    if args.tracemalloc and not args.no_memory:
        print("traced MB = tracemalloc peak (Python objects and NumPy arrays) during one call")
    print()
    traced = args.tracemalloc and not args.no_memory
    header = f"{'sentences':>9} {'docs':>5} {'words':>7}  {'system':<20} {'ms':>10} {'ms/sentence':>12} {'peak MB':>8}"
    header += f" {'process MB':>10}"
    header += f" {'traced MB':>10}" if traced else ""
    print(header)
    print("-" * len(header))

    def mb(value: float | None) -> str:
        return f"{value:.1f}" if value is not None else "-"

    for _, group in itertools.groupby(rows, key=lambda r: r["size"]):
        for r in group:
            lead = f"{r['sentences']:>9} {r['documents']:>5} {r['words']:>7}  {r['system']:<20}"
            if "skipped" in r or "error" in r:
                print(f"{lead} {'skipped' if 'skipped' in r else 'FAILED':>10}")
                continue
            line = f"{lead} {r['ms']:10.1f} {r['ms_per_sentence']:12.3f} {mb(r.get('peak_mb')):>8}"
            line += f" {mb(r.get('process_peak_mb')):>10}"
            line += f" {mb(r.get('traced_mb')):>10}" if traced else ""
            print(line)
    for r in rows:
        if "error" in r:
            print(f"\nFAILED: {r['system']} at {r['sentences']} sentences: {r['error']}")
    if lexrank_stopped:
        print(f"\nsumy lexrank stopped: {lexrank_stopped}; bigger sizes skipped.")
    if any(r["system"] == "sumy lexrank" and "ms" in r and "peak_mb" not in r for r in rows):
        print(f"(LexRank memory not measured for calls over {args.lexrank_limit / 3:.0f} s: it would take another call)")
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nwhole process: max RSS {max_rss:.0f} MB; measured in {total:.0f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {"words": args.words, "version": code_version(), "rows": rows, "lexrank_stopped": lexrank_stopped,
                   "max_rss_mb": round(max_rss, 1)}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        log(f"saved {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
