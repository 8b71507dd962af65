"""Does a query focus the brief? Generic vs query-focused summaries on cases built from shared data.

Each line of ``benchmarks/queries.jsonl`` names a cluster, one of its articles (an aspect of the
story) and a question about that aspect, written from the article's headline (a string, or a
DUC-style ``{"title", "narrative"}``). The question's
*relevant references* are the sentences of the human reference summaries that align with that
article (each reference sentence goes to the article whose words it shares most, by stemmed
content-word overlap): what the reference writers said about that aspect, found without looking at
the question. The script prints, per case and overall, ROUGE-2 and ROUGE-SU4 recall of the generic
and of the query-focused summary against those sentences (and against the whole references), how
many summary sentences the question changed, and what a query costs in time.

    python benchmarks/query_focus.py [--words 100] [--data ../shared/data] [--show]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from storyline import brief
from storyline.evaluation.rouge import score_corpus
from storyline.ingest import find_cluster
from storyline.model import Document
from storyline.prepare import prepare
from storyline.select import features
from storyline.text import stems

HERE = Path(__file__).resolve().parent


def content(text: str) -> frozenset[str]:
    return features(stems(text))[1]


def relevant_references(cluster, document: int) -> list[str]:
    """Per reference, its sentences that align with article ``document`` (references left empty dropped)."""
    articles = [content(d.text) for d in cluster.documents]
    out = []
    for k, reference in enumerate(cluster.references):
        sentences = prepare(Document(f"ref{k}", reference), 0).sentences
        kept = []
        for s in sentences:
            words = content(s.text)
            if not words:
                continue
            share = [len(words & a) / len(words) for a in articles]
            if max(range(len(share)), key=share.__getitem__) == document:
                kept.append(s.text)
        if kept:
            out.append("\n".join(kept))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--cases", type=Path, default=HERE / "queries.jsonl")
    parser.add_argument("--show", action="store_true", help="print both summaries of every case")
    args = parser.parse_args()
    cases = [json.loads(line) for line in args.cases.read_text().splitlines() if line.strip()]
    rows, generic, focused, relevant, whole, costs = [], [], [], [], [], {True: [], False: []}
    for case in cases:
        cluster = find_cluster(args.data / case["data"], case["cluster"])
        refs = relevant_references(cluster, case["document"])
        if sum(r.count("\n") + 1 for r in refs) < 2:
            print(f"{case['cluster']} doc {case['document']}: fewer than 2 aligned reference sentences; skipped")
            continue
        timings = {}
        for analysis in (False, True):
            best = {}
            for q in (None, case["query"]):
                runs = []
                for _ in range(3):
                    started = time.perf_counter()
                    result = brief(cluster.documents, words=args.words, analysis=analysis, query=q)
                    runs.append(time.perf_counter() - started)
                best[q is not None] = min(runs)
                if not analysis:
                    (focused if q else generic).append(result.text)
            costs[analysis].append(best[True] / best[False])
            timings[analysis] = best
        relevant.append(refs)
        whole.append(list(cluster.references))
        g, f = generic[-1], focused[-1]
        changed = len(set(f.splitlines()) - set(g.splitlines()))
        sg, sf = score_corpus([g], [refs], words=args.words), score_corpus([f], [refs], words=args.words)
        rows.append((case, sg, sf, changed, len(f.splitlines())))
        if args.show:
            print(f"\n## {case['cluster']} {case['query']}\n-- generic\n{g}\n-- focused\n{f}")
    print(f"\n{'case':<60} {'R-2 gen':>8} {'R-2 q':>7} {'SU4 gen':>8} {'SU4 q':>7} changed")
    for case, sg, sf, changed, n in rows:
        q = case["query"]
        label = f"{case['cluster']} {q if isinstance(q, str) else 'DUC: ' + q['title']}"[:60]
        print(f"{label:<60} {100 * sg.rouge2.recall:8.2f} {100 * sf.rouge2.recall:7.2f} "
              f"{100 * sg.rougeSU4.recall:8.2f} {100 * sf.rougeSU4.recall:7.2f} {changed}/{n}")
    for name, refs in (("relevant references", relevant), ("whole references", whole)):
        a = score_corpus(generic, refs, words=args.words)
        b = score_corpus(focused, refs, words=args.words)
        print(f"{name:<20} ({len(refs)} cases, {args.words} words, recall): generic R-2 {100 * a.rouge2.recall:.2f} "
              f"SU4 {100 * a.rougeSU4.recall:.2f} | query R-2 {100 * b.rouge2.recall:.2f} SU4 {100 * b.rougeSU4.recall:.2f}")
    better = sum(sf.rougeSU4.recall > sg.rougeSU4.recall for _, sg, sf, _, _ in rows)
    worse = sum(sf.rougeSU4.recall < sg.rougeSU4.recall for _, sg, sf, _, _ in rows)
    print(f"SU4 against relevant references: better on {better}, worse on {worse} of {len(rows)} cases")
    for analysis in (False, True):
        ratios = costs[analysis]
        print(f"time with query / without ({'with' if analysis else 'no'} analysis, best of 3): "
              f"median {statistics.median(ratios):.3f}, max {max(ratios):.3f}")


if __name__ == "__main__":
    main()
