"""Quality and cost of the brief's analysis sections.

1. Precision and recall per section (facts, quotes + speakers, claims, disagreements, entities,
   timeline, off-event) over the hand-labelled fictional clusters in tests/fixtures/labelled/.
2. Off-event detection on real data: one article from another cluster is moved into each cluster
   of Multi-News validation and MultiLing; precision/recall of flagging exactly the intruder.
3. Milliseconds per cluster with and without analysis (entity model load reported apart).

    python benchmarks/analysis.py [--data ../shared/data] [--limit 500]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import time
from pathlib import Path

import storyline
from storyline import Document
from storyline.ingest import read_clusters, read_inputs

REPO = Path(__file__).resolve().parents[1]


def _has(text: str, phrase: str) -> bool:
    return phrase.lower() in text.lower()


def _score(found: int, predicted: int, expected: int) -> tuple[float, float]:
    precision = found / predicted if predicted else 1.0
    recall = found / expected if expected else 1.0
    return precision, recall


def evaluate_labels(labels: dict, brief) -> dict[str, tuple[int, int, int]]:
    """(true positives, predicted, expected) per section; a label matches an item by phrase and outlets."""
    result: dict[str, tuple[int, int, int]] = {}
    docs = {d.id: d for d in brief.documents}

    def outlets(sources) -> set[str]:
        return {s.document for s in sources}

    def source_text(span) -> str:
        return docs[span.document].text[span.start : span.end]

    # Facts: a label is found when some fact (or summary sentence) carries the phrase with all its outlets.
    facts = labels.get("facts", [])
    hit = sum(
        any(_has(f.text, l["contains"]) or any(_has(source_text(s), l["contains"]) for s in f.sources)
            for f in brief.facts if set(l["outlets"]) <= outlets(f.sources))
        for l in facts
    )
    # Facts beyond the labelled few may well be right too, so only recall is measured here.
    result["facts"] = (hit, len(facts) if facts else 0, len(facts))
    # Quotes: phrase in the quote, right speaker (surname match), all outlets.
    quotes = labels.get("quotes", [])
    matched_q = set()
    tp = 0
    for l in quotes:
        for k, q in enumerate(brief.quotes):
            if _has(q.text, l["contains"]):
                speaker_ok = bool(q.speaker) and l["speaker"].split()[-1].lower() in q.speaker.lower()
                if speaker_ok and set(l["outlets"]) <= outlets(q.sources):
                    tp += 1
                matched_q.add(k)
                break
    result["quotes"] = (tp, len(brief.quotes), len(quotes))
    claims = labels.get("claims", [])
    tp = sum(any(_has(c.text, l["contains"]) or any(_has(source_text(s), l["contains"]) for s in c.sources) for c in brief.claims) for l in claims)
    result["claims"] = (tp, len(brief.claims), len(claims))
    dis = labels.get("disagreements", [])
    tp = 0
    for l in dis:
        want = {v.lower() for v in l["values"]}
        for d in brief.disagreements:
            got = {v.value.lower() for v in d.values}
            if all(any(w in g for g in got) for w in want):
                tp += 1
                break
    result["disagreements"] = (tp, len(brief.disagreements), len(dis))
    ents = labels.get("entities", [])
    tp = 0
    for l in ents:
        last = l["name"].split()[-1].lower()
        if any(last in e.name.lower() and set(l["outlets"]) <= set(e.documents) for e in brief.entities):
            tp += 1
    # Entity precision is judged on the labelled names only (the model finds many correct extras).
    result["entities"] = (tp, len(ents), len(ents))
    times = labels.get("timeline", [])
    tp = sum(any((any(_has(source_text(s), l["contains"]) for s in t.sources) or _has(t.text, l["contains"])) and t.date == l["date"] for t in brief.timeline) for l in times)
    dated = [t for t in brief.timeline if t.date]
    result["timeline"] = (tp, len(dated), len(times))
    off_true = set(labels.get("off_event", []))
    off_pred = {d.id for d in brief.documents if d.off_event}
    result["off_event"] = (len(off_true & off_pred), len(off_pred), len(off_true))
    return result


def labelled_benchmark() -> None:
    totals: dict[str, list[int]] = {}
    for path in sorted((REPO / "tests" / "fixtures" / "labelled").glob("**/labels.json")) + sorted(
        (REPO / "tests" / "fixtures" / "labelled").glob("*.labels.json")
    ):
        labels = json.loads(path.read_text())
        docs = read_inputs([REPO / labels["articles"]], [])
        brief = storyline.brief(docs, words=150)
        for section, (tp, pred, exp) in evaluate_labels(labels, brief).items():
            t = totals.setdefault(section, [0, 0, 0])
            t[0] += tp
            t[1] += pred
            t[2] += exp
        print(f"  {path.relative_to(REPO)}", file=sys.stderr)
    print("\nSections over the labelled clusters (tests/fixtures/labelled):")
    print(f"{'section':15} {'precision':>9} {'recall':>7}   (matched / predicted / labelled)")
    for section, (tp, pred, exp) in totals.items():
        p, r = _score(tp, pred, exp)
        print(f"{section:15} {p:9.2f} {r:7.2f}   ({tp} / {pred} / {exp})")
    print("entity and fact precision are over labelled items only: extra correct items are not penalised")


def off_event_benchmark(path: Path, limit: int, seed: int = 13) -> None:
    clusters = [c for c in itertools.islice(read_clusters(path), limit) if c.documents]
    rng = random.Random(seed)
    tp = fp = fn = 0
    for i, cluster in enumerate(clusters):
        donor = clusters[(i + 1 + rng.randrange(len(clusters) - 1)) % len(clusters)]
        intruder = donor.documents[rng.randrange(len(donor.documents))]
        intruder = Document(id="__intruder__", text=intruder.text, title=intruder.title, date=intruder.date)
        docs = list(cluster.documents)
        docs.insert(rng.randrange(len(docs) + 1), intruder)
        try:
            brief = storyline.brief(docs, words=100, analysis=False)
        except storyline.StorylineError:
            continue
        flags = {d.id for d in brief.documents if d.off_event}
        tp += "__intruder__" in flags
        fn += "__intruder__" not in flags
        fp += len(flags - {"__intruder__"})
    p, r = _score(tp, tp + fp, tp + fn)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{path.name:32} clusters {len(clusters):5}  precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}  (tp {tp}, fp {fp}, fn {fn})")


def timing(path: Path, limit: int) -> None:
    clusters = list(itertools.islice(read_clusters(path), limit))
    started = time.perf_counter()
    storyline.brief(clusters[0].documents, words=100)  # loads the entity model once
    load = time.perf_counter() - started
    for analysis in (False, True):
        times = []
        for cluster in clusters:
            t = time.perf_counter()
            storyline.brief(cluster.documents, words=100, analysis=analysis)
            times.append(time.perf_counter() - t)
        print(f"{path.name:32} analysis={str(analysis):5}  {1000 * statistics.mean(times):7.1f} ms/cluster (median {1000 * statistics.median(times):.1f})")
    print(f"first call with analysis (entity model load included): {load:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=500, help="Multi-News clusters for off-event and timing")
    args = parser.parse_args()
    labelled_benchmark()
    multi_news = args.data / "multi_news_validation.jsonl.gz"
    multiling = args.data / "multiling2011_en.jsonl"
    if multi_news.exists() and multiling.exists():
        print("\nOff-event detection: one article of another cluster moved into each cluster")
        off_event_benchmark(multiling, 10)
        off_event_benchmark(multi_news, args.limit)
        print("\nCost of the analysis")
        timing(multiling, 10)
        timing(multi_news, min(args.limit, 200))
    else:
        print(f"\n(shared data not found under {args.data}: off-event and timing parts skipped)")


if __name__ == "__main__":
    main()
