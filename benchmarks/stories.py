#!/usr/bin/env python
"""Story detection on real data whose grouping is known: Multi-News validation + MultiLing 2011 flattened
into one article stream, the stories recovered by ``storyline stories``, scored with B-cubed precision,
recall, F1 and the adjusted Rand index; speed and memory of the real command.

    python benchmarks/stories.py                  # everything (~10 min on this machine)
    python benchmarks/stories.py --skip-dask --skip-scaling --json benchmarks/results/stories.json

Protocol (docs/stories.md):

* **Data.** ``../shared/data/multi_news_validation.jsonl.gz`` (5,622 clusters, 15,317 articles) and
  ``multiling2011_en.jsonl`` (10 clusters of 10 articles). An article's id is ``CLUSTER/DOC``; its story
  is its cluster. Nothing is copied into the repository.
* **Split.** The threshold is tuned on the *tuning stream*: the first 2,811 Multi-News clusters (file
  order). Scores are reported on the *test stream*: the other 2,811 Multi-News clusters plus all of
  MultiLing, never seen while tuning. The whole stream (both halves + MultiLing) is reported too.
* **Undated.** All dates removed, the stream shuffled (``random.Random(seed)``): the order says nothing.
* **Dated.** MultiLing articles keep their real dates (2004-2010, day precision). Multi-News has none:
  each story gets a start time drawn uniformly in the ``--days`` days from 2019-01-01 (default 30, about
  94 stories a day per half), each of its articles that start plus a uniform 0-48 hours. The stream is
  in date order (ties in shuffled order), as a feed would be.
* **Tuning.** Thresholds 0.10-0.35 by 0.025 on the tuning stream, in process; the one with the best mean
  B-cubed F1 over the undated and the dated stream is used (and should be the default in
  ``storyline.options.StoryOptions``, ``threshold``). The runner-up rule's margin and noise level
  (``StoryOptions`` ``margin``, ``noise``) were chosen on the same half, with three shuffles/date draws
  (seeds 0-2), before the test stream was run; this script keeps them fixed.
* **Ceilings.** Oracles that know the true stories (``content_ceilings``): how much of the grouping the
  article vectors carry at all, on the test stream.
* **Empty articles** (furniture-only pages, which the command writes as stories of their own) count as
  stories of their own when scoring, so every article of the data is scored.
* **Speed and memory.** The real command in a subprocess; CPU time (user + sys, start-up included) and
  peak RSS from ``wait4``; articles/s = articles / CPU seconds. ``--engine dask`` runs are sampled over
  the whole process tree every 50 ms with psutil.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

from storyline.stories.core import DEFAULT_THRESHOLD, Article, StoryDetector, StoryOptions, parse_when
from storyline.stories.metrics import score

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
MULTINEWS = "multi_news_validation.jsonl.gz"
MULTILING = "multiling2011_en.jsonl"
THRESHOLDS = [round(0.10 + 0.025 * i, 3) for i in range(11)]
START = datetime(2019, 1, 1, tzinfo=timezone.utc)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- data -------------------------------------------------------------------------------------


def load(data: Path) -> tuple[list[dict], list[dict]]:
    """Multi-News and MultiLing clusters as lists of {"id", "documents"}."""
    with gzip.open(data / MULTINEWS, "rt", encoding="utf-8") as handle:
        multinews = [json.loads(line) for line in handle]
    with open(data / MULTILING, encoding="utf-8") as handle:
        multiling = [json.loads(line) for line in handle]
    return multinews, multiling


def articles_of(clusters: list[dict], dated: bool) -> list[dict]:
    out = []
    for cluster in clusters:
        for doc in cluster["documents"]:
            out.append({
                "id": f"{cluster['id']}/{doc['id']}", "title": doc.get("title"), "date": doc.get("date") if dated else None,
                "text": doc["text"], "source": None, "story": cluster["id"],
            })
    return out


def undated_stream(clusters: list[dict], seed: int) -> list[dict]:
    stream = articles_of(clusters, dated=False)
    random.Random(seed).shuffle(stream)
    return stream


def dated_stream(multinews: list[dict], multiling: list[dict], seed: int, days: float) -> list[dict]:
    """Multi-News stories on synthetic dates (start uniform over ``days``, articles 0-48 h later),
    MultiLing articles on their real dates; in date order, ties shuffled."""
    rng = random.Random(seed)
    stream = []
    for cluster in multinews:
        start = START + timedelta(seconds=rng.random() * days * 86400)
        for article in articles_of([cluster], dated=False):
            when = start + timedelta(seconds=rng.random() * 48 * 3600)
            article["date"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
            stream.append(article)
    stream.extend(articles_of(multiling, dated=True))
    rng.shuffle(stream)
    # Six MultiLing articles have no date (it is in their text): they stay undated, and take the place
    # in the feed of a dated MultiLing article drawn at random (the command gives them the feed's time).
    known = [parse_when(a["date"]) for a in stream if parse_when(a["date"]) is not None and a["id"].startswith("M")]
    keys = {a["id"]: parse_when(a["date"]) or rng.choice(known) for a in stream}
    stream.sort(key=lambda a: keys[a["id"]])
    return stream


def write_stream(stream: list[dict], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for article in stream:
            handle.write(json.dumps({k: article[k] for k in ("id", "title", "date", "text", "source")}) + "\n")
    return path


# --- scoring ----------------------------------------------------------------------------------


def gold_of(stream: list[dict]) -> dict[str, str]:
    return {a["id"]: a["story"] for a in stream}


def scores(predicted: dict[str, str], gold: dict[str, str]) -> dict:
    """Overall, Multi-News part and MultiLing part (the clustering restricted to each part's articles)."""
    predicted = {item: predicted.get(item, f"skipped:{item}") for item in gold}
    result = score(predicted, gold).as_dict()
    for name, prefix in (("multinews", "multinews"), ("multiling", "M")):
        part = [item for item in gold if item.startswith(prefix)]
        if part:
            result[name] = score({i: predicted[i] for i in part}, {i: gold[i] for i in part}).as_dict()
    return result


def read_clusters(path: Path) -> dict[str, str]:
    predicted = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for doc in record["documents"]:
                predicted[doc["id"]] = record["id"]
    return predicted


def in_process(stream: list[dict], options: StoryOptions) -> tuple[dict, float]:
    """Cluster in this process (no I/O): the predicted labels and the CPU seconds of the clustering."""
    articles = [Article(a["id"], a["text"], a["title"], a["date"], None, parse_when(a["date"])) for a in stream]
    predicted: dict[str, str] = {}
    started = time.process_time()
    detector = StoryDetector(options)

    def take(stories) -> None:
        for story in stories:
            for member in story.members:
                predicted[member.id] = story.id

    for article in articles:
        closed = detector.add(article)
        if closed:
            take(closed)
    take(detector.flush())
    return predicted, time.process_time() - started


def pair_cosines(stream: list[dict], floor: float = 0.05) -> tuple[list[dict], dict[tuple[int, int], float]]:
    """The articles' vectors weighted by the final document frequencies of ``stream``, and the cosine
    of every pair (i < j, positions in ``stream``) at ``floor`` or more."""
    from storyline.options import FeatureOptions
    from storyline.stories.features import DocumentFrequencies, term_counts

    options = FeatureOptions()
    counts = [term_counts(a["title"], a["text"], options) for a in stream]
    df = DocumentFrequencies()
    for c in counts:
        df.add(c)
    vectors = [df.vector(c, options.max_terms) for c in counts]
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    sums: dict[tuple[int, int], float] = {}
    for i, vector in enumerate(vectors):
        acc: dict[int, float] = defaultdict(float)
        for term, weight in vector.items():
            for j, other in postings[term]:
                acc[j] += weight * other
            postings[term].append((i, weight))
        for j, value in acc.items():
            if value >= floor:
                sums[(j, i)] = value
    return vectors, sums


def content_ceilings(stream: list[dict], window_days: float | None = None) -> dict:
    """Oracles, not methods: how much of the grouping the article vectors carry at all. Each knows the
    true stories and has perfect precision; what it cannot recover is what the content does not link.

    * ``no_text``: every article with text in its true story, the furniture-only pages alone (the
      command skips them): the cap for any content-based method.
    * ``mate_at_E``: an article is put in its true story if some story-mate is at cosine E or more,
      else it stays alone (E = 0.05, 0.1, 0.2: a small noise level, the threshold's range).
    * ``nearest``: an article is linked to its most similar story-mate when that link beats its most
      similar article from another story (with ``window_days``: among articles that close in time),
      or that story-mate's; stories are the linked groups. A link below the best cross-story link of
      both ends cannot be told apart from noise by any rule that sees only these similarities.
    """
    vectors, sums = pair_cosines(stream)
    gold = [a["story"] for a in stream]
    ids = [a["id"] for a in stream]
    truth = dict(zip(ids, gold))
    when = [parse_when(a["date"]) for a in stream]
    span = None if window_days is None else window_days * 86400.0
    best_same: dict[int, tuple[float, int]] = {}
    best_other: dict[int, float] = defaultdict(float)
    for (a, b), value in sums.items():
        for i, j in ((a, b), (b, a)):
            if gold[i] == gold[j]:
                if value > best_same.get(i, (0.0, -1))[0]:
                    best_same[i] = (value, j)
            elif span is None or when[i] is None or when[j] is None or abs(when[i] - when[j]) <= span:
                best_other[i] = max(best_other[i], value)

    def components(links: list[tuple[int, int]]) -> dict[str, int]:
        parent = list(range(len(stream)))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for i, j in links:
            parent[find(i)] = find(j)
        return {ids[i]: find(i) for i in range(len(stream))}

    result = {"no_text": score({ids[i]: gold[i] if vectors[i] else f"alone:{i}" for i in range(len(stream))}, truth).as_dict()}
    for level in (0.05, 0.1, 0.2):
        grouped = {ids[i]: gold[i] if best_same.get(i, (0.0,))[0] >= level else f"alone:{i}" for i in range(len(stream))}
        result[f"mate_at_{level}"] = score(grouped, truth).as_dict()
    links = [
        (i, j) for i, (value, j) in best_same.items() if value > best_other[i] or value > best_other[j]
    ]
    result["nearest"] = score(components(links), truth).as_dict()
    return result


def offline_average_link(stream: list[dict], thresholds: list[float]) -> list[dict]:
    """A reference, not a method: all-pairs group-average agglomerative clustering of the whole stream
    at once, with the same vectors weighted by the final document frequencies (what no single-pass
    method can see), at each threshold. Its best F1, picked on the scored stream itself, bounds what
    these vectors allow."""
    import heapq

    _, sums = pair_cosines(stream)
    gold = gold_of(stream)
    # How separable the stories are with these vectors: for each article whose story has others, is its
    # nearest neighbour in its story, and has it a story-mate at cosine 0.2 (the threshold) or more?
    best_same: dict[int, float] = defaultdict(float)
    best_other: dict[int, float] = defaultdict(float)
    for (a, b), value in sums.items():
        for i, j in ((a, b), (b, a)):
            target = best_same if gold[stream[i]["id"]] == gold[stream[j]["id"]] else best_other
            target[i] = max(target[i], value)
    sizes = Counter(gold.values())
    shared = [i for i in range(len(stream)) if sizes[gold[stream[i]["id"]]] > 1]
    separability = {
        "articles_in_stories_of_2_or_more": len(shared),
        "nearest_neighbour_in_own_story": round(sum(best_same[i] > best_other[i] for i in shared) / len(shared), 4),
        "no_story_mate_at_0.2": round(sum(best_same[i] < 0.2 for i in shared) / len(shared), 4),
        "no_story_mate_at_0.1": round(sum(best_same[i] < 0.1 for i in shared) / len(shared), 4),
    }
    results = [separability]
    for threshold in thresholds:
        members = {i: [i] for i in range(len(stream))}
        pair = dict(sums)
        neighbours: dict[int, set[int]] = defaultdict(set)
        for a, b in pair:
            neighbours[a].add(b)
            neighbours[b].add(a)
        heap = [(-v, a, b) for (a, b), v in pair.items() if v >= threshold]
        heapq.heapify(heap)
        while heap:
            negative, a, b = heapq.heappop(heap)
            if a not in members or b not in members:
                continue
            current = pair.get((a, b), 0.0) / (len(members[a]) * len(members[b]))
            if abs(current + negative) > 1e-12:
                continue  # stale entry; the pair was re-pushed with its current value
            members[a].extend(members.pop(b))
            for c in neighbours.pop(b):
                if c == a:
                    continue
                value = pair.pop((min(b, c), max(b, c)), 0.0)
                key = (min(a, c), max(a, c))
                pair[key] = pair.get(key, 0.0) + value
                neighbours[c].discard(b)
                neighbours[c].add(a)
                neighbours[a].add(c)
            neighbours[a].discard(b)
            pair.pop((a, b), None)
            for c in neighbours[a]:
                key = (min(a, c), max(a, c))
                value = pair[key] / (len(members[a]) * len(members[c]))
                if value >= threshold:
                    heapq.heappush(heap, (-value, key[0], key[1]))
        predicted = {stream[i]["id"]: root for root, group in members.items() for i in group}
        results.append({"threshold": threshold, **scores(predicted, gold)})
    return results


# --- the real command -------------------------------------------------------------------------


class TreeMemory(threading.Thread):
    """Peak RSS summed over a process and its descendants, sampled every 50 ms (Dask runs)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        import psutil

        self.root = psutil.Process(pid)
        self.peak = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.stopped.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
                total = 0
                for process in processes:
                    try:
                        total += process.memory_info().rss
                    except psutil.NoSuchProcess:
                        pass
                self.peak = max(self.peak, total)
            except psutil.NoSuchProcess:
                return
            time.sleep(0.05)


# The command runs under a small launcher process: on Linux a child's peak RSS (ru_maxrss) includes the
# memory of the process that spawned it up to its exec, which for this script (every stream in memory)
# would be hundreds of MB that the command never used.
LAUNCHER = """
import json, os, sys
pid = os.posix_spawn(sys.executable, [sys.executable, "-m", "storyline", "stories", *sys.argv[1:]], os.environ)
_, status, usage = os.wait4(pid, 0)
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "cpu_s": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}))
"""


def command(stream_path: Path, out: Path, *args: str, tree: bool = False) -> dict:
    """Run ``storyline stories STREAM OUT ARGS``: wall and CPU seconds (the command and the processes it
    waited for), peak RSS in MB (and, with ``tree``, of its whole process tree, sampled), its summary."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, str(stream_path), str(out), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    sampler = None
    if tree:
        sampler = TreeMemory(process.pid)
        sampler.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    if sampler:
        sampler.stopped.set()
        sampler.join()
    usage = json.loads(stdout)
    if process.returncode != 0 or usage["code"] != 0:
        raise RuntimeError(f"storyline stories failed ({usage['code']}): {stderr[-2000:]}")
    summary = next((line.strip() for line in reversed(stderr.splitlines()) if line.startswith("storyline: stories:")), "")
    return {
        "wall_s": round(wall, 2), "cpu_s": round(usage["cpu_s"], 2), "peak_rss_mb": round(usage["maxrss_kb"] / 1024, 1),
        "tree_peak_rss_mb": round(sampler.peak / 2**20, 1) if sampler else None, "summary": summary,
    }


# --- report -----------------------------------------------------------------------------------


def row(name: str, result: dict, articles: int) -> str:
    def f(key: str, part: dict | None = None) -> str:
        part = part if part is not None else result
        return f"{part[key]:.3f}" if key in part else "-"

    ml = result.get("multiling", {})
    mn = result.get("multinews", {})
    run = result.get("run", {})
    speed = f"{articles / run['cpu_s']:,.0f}" if run.get("cpu_s") else f"{articles / result['cpu_s']:,.0f}" if result.get("cpu_s") else "-"
    memory = run.get("tree_peak_rss_mb") or run.get("peak_rss_mb") or "-"
    wall = f"{run['wall_s']:.1f}" if run.get("wall_s") else "-"
    return (
        f"| {name} | {f('bcubed_precision')} | {f('bcubed_recall')} | {f('bcubed_f1')} | {f('ari')} | "
        f"{f('bcubed_f1', mn)} | {f('bcubed_f1', ml)} | {result['clusters']:,} / {result['stories']:,} | {speed} | {wall} | {memory} |"
    )


HEADER = (
    "| stream | B3 P | B3 R | B3 F1 | ARI | F1 Multi-News | F1 MultiLing | clusters / stories | articles/s (CPU) | wall s | peak RSS MB |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--days", type=float, default=30.0, help="span of the synthetic Multi-News dates")
    parser.add_argument("--threshold", type=float, help="skip tuning, use this threshold")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--skip-sweeps", action="store_true", help="skip the max-active and density sweeps")
    parser.add_argument("--skip-ceiling", action="store_true", help="skip the offline average-link reference")
    parser.add_argument("--json", type=Path, help="save every figure here")
    args = parser.parse_args()

    multinews, multiling = load(args.data)
    half = len(multinews) // 2
    tune_mn, test_mn = multinews[:half], multinews[half:]
    report: dict = {"protocol": {"seed": args.seed, "days": args.days, "tuning_clusters": half, "test_clusters": len(test_mn) + len(multiling)}}
    streams = {
        ("tune", "undated"): undated_stream(tune_mn, args.seed),
        ("tune", "dated"): dated_stream(tune_mn, [], args.seed, args.days),
        ("test", "undated"): undated_stream(test_mn + multiling, args.seed),
        ("test", "dated"): dated_stream(test_mn, multiling, args.seed, args.days),
        ("all", "undated"): undated_stream(multinews + multiling, args.seed),
        ("all", "dated"): dated_stream(multinews, multiling, args.seed, args.days * 2),
    }
    for (part, kind), stream in streams.items():
        log(f"{part}/{kind}: {len(stream):,} articles, {len(set(a['story'] for a in stream)):,} stories")

    # 1. Tuning (in process).
    threshold = args.threshold
    if threshold is None:
        log("tuning the threshold on the first half of Multi-News ...")
        table = []
        for t in THRESHOLDS:
            entry = {"threshold": t}
            for kind in ("undated", "dated"):
                stream = streams[("tune", kind)]
                predicted, _ = in_process(stream, StoryOptions(threshold=t))
                entry[kind] = scores(predicted, gold_of(stream))
            entry["mean_f1"] = round((entry["undated"]["bcubed_f1"] + entry["dated"]["bcubed_f1"]) / 2, 4)
            log(f"  T={t:.3f}: F1 undated {entry['undated']['bcubed_f1']:.4f}, dated {entry['dated']['bcubed_f1']:.4f}")
            table.append(entry)
        best = max(table, key=lambda e: (e["mean_f1"], -e["threshold"]))
        threshold = best["threshold"]
        report["tuning"] = table
        print("\n## Tuning (first half of Multi-News)\n")
        print("| threshold | F1 undated | P | R | F1 dated | P | R | mean F1 |\n|---|---|---|---|---|---|---|---|")
        for e in table:
            u, d = e["undated"], e["dated"]
            print(
                f"| {e['threshold']:.3f} | {u['bcubed_f1']:.3f} | {u['bcubed_precision']:.3f} | {u['bcubed_recall']:.3f} | "
                f"{d['bcubed_f1']:.3f} | {d['bcubed_precision']:.3f} | {d['bcubed_recall']:.3f} | {e['mean_f1']:.3f} |"
            )
    print(f"\nthreshold: {threshold} (default in the code: {DEFAULT_THRESHOLD}; runner-up margin {StoryOptions().margin}, noise {StoryOptions().noise})")
    if threshold != DEFAULT_THRESHOLD:
        log(f"warning: the tuned threshold {threshold} is not DEFAULT_THRESHOLD {DEFAULT_THRESHOLD}")
    report["threshold"] = threshold
    report["margin"], report["noise"] = StoryOptions().margin, StoryOptions().noise

    with tempfile.TemporaryDirectory(prefix="stories-bench-") as tmp:
        folder = Path(tmp)
        paths = {key: write_stream(stream, folder / f"{key[0]}-{key[1]}.jsonl") for key, stream in streams.items()}

        # 2. The real command on the test and whole streams.
        results = {}
        print("\n## Test stream (second half of Multi-News + MultiLing) and whole stream, local engine\n")
        print(HEADER)
        for part in ("test", "all"):
            for kind in ("undated", "dated"):
                stream = streams[(part, kind)]
                out = folder / f"{part}-{kind}.out.jsonl"
                run = command(paths[(part, kind)], out, "--threshold", str(threshold))
                result = scores(read_clusters(out), gold_of(stream))
                result["run"] = run
                results[f"{part}/{kind}"] = result
                print(row(f"{part}, {kind}", result, len(stream)), flush=True)
        report["local"] = results

        # 3. In-process CPU time of the clustering alone.
        stream = streams[("test", "undated")]
        _, cpu = in_process(stream, StoryOptions(threshold=threshold, window_days=None))
        report["in_process"] = {"articles": len(stream), "cpu_s": round(cpu, 3), "articles_per_cpu_s": round(len(stream) / cpu)}
        print(f"\nclustering alone, in process (test stream, undated): {len(stream):,} articles in {cpu:.2f} CPU s = {len(stream) / cpu:,.0f} articles/s")

        if not args.skip_sweeps:
            # 4. How the LRU bound (undated) and story density (dated) move the score.
            print("\n## Undated test stream: open-story bound (--max-active)\n")
            print("| max-active | B3 P | B3 R | B3 F1 | ARI |\n|---|---|---|---|---|")
            sweep = []
            stream = streams[("test", "undated")]
            for cap in (500, 1000, 2000, 5000, 20000):
                predicted, _ = in_process(stream, StoryOptions(threshold=threshold, window_days=None, max_active=cap))
                s = scores(predicted, gold_of(stream))
                sweep.append({"max_active": cap, **s})
                print(f"| {cap:,} | {s['bcubed_precision']:.3f} | {s['bcubed_recall']:.3f} | {s['bcubed_f1']:.3f} | {s['ari']:.3f} |", flush=True)
            report["max_active"] = sweep
            print("\n## Dated test stream: Multi-News stories spread over D days (default decay)\n")
            print("| D days | stories/day | B3 P | B3 R | B3 F1 | ARI | F1 MultiLing |\n|---|---|---|---|---|---|---|")
            density = []
            for days in (7, 30, 365):
                stream = dated_stream(test_mn, multiling, args.seed, days)
                predicted, _ = in_process(stream, StoryOptions(threshold=threshold))
                s = scores(predicted, gold_of(stream))
                density.append({"days": days, **s})
                print(
                    f"| {days} | {len(test_mn) / days:.0f} | {s['bcubed_precision']:.3f} | {s['bcubed_recall']:.3f} | "
                    f"{s['bcubed_f1']:.3f} | {s['ari']:.3f} | {s['multiling']['bcubed_f1']:.3f} |", flush=True,
                )
            report["density"] = density
            print("\n## Dated test stream: decay half-life, and a hard window instead\n")
            print("| decay | B3 F1 | ARI | F1 MultiLing |\n|---|---|---|---|")
            windows = []
            stream = streams[("test", "dated")]
            for half_life in (3, 7, 14):
                predicted, _ = in_process(stream, StoryOptions(threshold=threshold, half_life_days=half_life))
                s = scores(predicted, gold_of(stream))
                windows.append({"half_life_days": half_life, **s})
                print(f"| half-life {half_life} d | {s['bcubed_f1']:.3f} | {s['ari']:.3f} | {s['multiling']['bcubed_f1']:.3f} |", flush=True)
            for window in (1, 3, 7, 30, None):
                predicted, _ = in_process(stream, StoryOptions(threshold=threshold, window_days=window, half_life_days=None))
                s = scores(predicted, gold_of(stream))
                windows.append({"window_days": window, **s})
                print(f"| window {window or 'none'} d, no decay | {s['bcubed_f1']:.3f} | {s['ari']:.3f} | {s['multiling']['bcubed_f1']:.3f} |", flush=True)
            report["windows"] = windows

        if not args.skip_ceiling:
            print("\n## Reference: offline all-pairs group-average clustering, undated test stream\n")
            print("| threshold | B3 P | B3 R | B3 F1 | ARI |\n|---|---|---|---|---|")
            separability, *ceiling = offline_average_link(streams[("test", "undated")], [0.125, 0.15, 0.175, 0.2, 0.225, 0.25])
            for s in ceiling:
                print(f"| {s['threshold']} | {s['bcubed_precision']:.3f} | {s['bcubed_recall']:.3f} | {s['bcubed_f1']:.3f} | {s['ari']:.3f} |", flush=True)
            report["offline_reference"] = ceiling
            report["separability"] = separability
            print(
                f"\n{separability['articles_in_stories_of_2_or_more']:,} articles have story-mates: the nearest neighbour of "
                f"{100 * separability['nearest_neighbour_in_own_story']:.0f}% is one of them; "
                f"{100 * separability['no_story_mate_at_0.2']:.0f}% have none at cosine 0.2 or more, "
                f"{100 * separability['no_story_mate_at_0.1']:.0f}% none at 0.1 (same vectors, final weights)"
            )
            print("\n## Ceilings: oracles that know the stories, on the test stream (content_ceilings)\n")
            print("| stream | oracle | B3 P | B3 R | B3 F1 | ARI |\n|---|---|---|---|---|---|")
            ceilings = {}
            for kind, window in (("undated", None), ("dated", 10.0)):
                ceilings[kind] = content_ceilings(streams[("test", kind)], window)
                for name, s in ceilings[kind].items():
                    print(
                        f"| {kind} | {name} | {s['bcubed_precision']:.3f} | {s['bcubed_recall']:.3f} | {s['bcubed_f1']:.3f} | "
                        f"{s['ari']:.3f} |", flush=True,
                    )
            report["ceilings"] = ceilings

        if not args.skip_scaling:
            # 5. Time and memory against stream length: the dated test stream 1, 2, 4 and 8 times over,
            # each copy its own stories (ids suffixed, dates moved past the previous copy).
            print("\n## Stream length (dated test stream repeated, each copy later than the last)\n")
            print("| articles | CPU s | articles/s (CPU) | wall s | peak RSS MB |\n|---|---|---|---|---|")
            base = streams[("test", "dated")]
            scaling = []
            for copies in (1, 2, 4, 8):
                path = folder / f"scaling-{copies}.jsonl"
                with open(path, "w", encoding="utf-8") as handle:
                    for copy in range(copies):
                        shift = timedelta(days=7305 * copy)  # 20 years: the copies never overlap
                        for a in base:
                            when = parse_when(a["date"])
                            date = None if when is None else (datetime.fromtimestamp(when, timezone.utc) + shift).strftime("%Y-%m-%dT%H:%M:%SZ")
                            handle.write(json.dumps({
                                "id": f"{a['id']}#{copy}", "title": a["title"], "date": date,
                                "text": a["text"], "source": None,
                            }) + "\n")
                run = command(path, folder / "scaling.out.jsonl")
                n = len(base) * copies
                scaling.append({"articles": n, **run})
                print(f"| {n:,} | {run['cpu_s']:.1f} | {n / run['cpu_s']:,.0f} | {run['wall_s']:.1f} | {run['peak_rss_mb']:.0f} |", flush=True)
                path.unlink()
            report["scaling"] = scaling

        if not args.skip_dask:
            # 6. The Dask engine (LocalCluster, 2 workers), and how far it is from the local engine.
            print("\n## Dask engine (LocalCluster, 2 workers, --partition 2000) on the test stream\n")
            print(HEADER.replace("| stream |", "| stream |"))
            dask = {}
            for kind in ("undated", "dated"):
                stream = streams[("test", kind)]
                out = folder / f"dask-{kind}.out.jsonl"
                run = command(
                    paths[("test", kind)], out, "--threshold", str(threshold),
                    "--engine", "dask", "--workers", "2", "--partition", "2000", tree=True,
                )
                predicted = read_clusters(out)
                result = scores(predicted, gold_of(stream))
                local = read_clusters(folder / f"test-{kind}.out.jsonl")
                common = {i: local.get(i, f"skipped:{i}") for i in gold_of(stream)}
                agreement = score({i: predicted.get(i, f"skipped:{i}") for i in common}, common)
                result["run"] = run
                result["agreement_with_local"] = {"ari": round(agreement.ari, 4), "bcubed_f1": round(agreement.f1, 4)}
                dask[kind] = result
                print(row(f"test, {kind}, dask", result, len(stream)), flush=True)
            for kind, result in dask.items():
                a = result["agreement_with_local"]
                print(f"\n{kind}: agreement with the local engine's clusters: B-cubed F1 {a['bcubed_f1']:.3f}, ARI {a['ari']:.3f}")
            report["dask"] = dask

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        log(f"saved {args.json}")


if __name__ == "__main__":
    main()
