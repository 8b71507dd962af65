#!/usr/bin/env python
"""Off-event detection on real clusters: flags in unmodified clusters, and an injection test.

    python benchmarks/offevent.py                      # MultiLing (10) + first 1,000 Multi-News
    python benchmarks/offevent.py --limit 200 --show   # print every flag in unmodified clusters, to read

1. Unmodified: every article of MultiLing (WikiNews) and of Multi-News validation is about its
   cluster's story, so every flag there is a candidate false positive; ``--show`` prints each one
   with its reason, its opening and the other articles' openings, for a person to judge.
2. Injection: one article of another cluster (chosen with a fixed seed) is moved into each
   cluster; a flag on it is a true positive, a flag on any other article a false positive.
   ``injection+mention`` moves the same articles with the first sentence of one of the cluster's own
   articles put after their lead (sentence 4): an article about another event that mentions this one.

Both run ``storyline.brief(..., analysis=False)``, the path every brief takes (the decision does not
depend on the analysis sections). ``--keep-all`` is not involved: it changes what is summarised,
not what is flagged.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from pathlib import Path

import storyline
from storyline import Document
from storyline.ingest import read_clusters
from storyline.prepare import prepare

REPO = Path(__file__).resolve().parents[1]
INTRUDER = "__intruder__"
LEAD = 3  # sentences of the moved article before the sentence of this cluster (--mention)


def _flags(documents) -> list | None:
    try:
        brief = storyline.brief(documents, words=100, analysis=False)
    except storyline.StorylineError:
        return None
    return list(brief.documents)


def _opening(text: str, chars: int) -> str:
    return " ".join(text.split())[:chars]


def unmodified(name: str, clusters, show: bool) -> tuple[int, int, int, int]:
    """(articles, flagged, clusters with a flag, marked) over clusters as they are."""
    articles = flagged = with_flag = marked = 0
    for cluster in clusters:
        infos = _flags(cluster.documents)
        if infos is None:
            continue
        articles += len(infos)
        off = [d for d in infos if d.off_event]
        flagged += len(off)
        with_flag += bool(off)
        marked += sum(1 for d in infos if d.reason and not d.off_event)
        if show and (off or any(d.reason for d in infos)):
            print(f"\n## {name} {cluster.id}")
            for d in infos:
                mark = "OFF " if d.off_event else ("KEPT" if d.reason else "    ")
                reason = f" — {d.reason}" if getattr(d, "reason", None) else ""
                print(f"{mark}[{d.id}] rel {d.relatedness} date {d.date}{reason}")
                print(f"      {_opening(d.text, 400 if d.off_event else 160)}")
    return articles, flagged, with_flag, marked


def _mentioning(text: str, host: Document) -> str:
    """``text`` with the first sentence of ``host`` after its lead: another event that mentions this one."""
    own = [s.text for s in prepare(Document(id="moved", text=text), 0).sentences]
    theirs = prepare(host, 0).sentences
    if len(own) <= LEAD or not theirs:
        return text
    return " ".join([*own[:LEAD], theirs[0].text, *own[LEAD:]])


def injection(clusters, seed: int = 13, mention: bool = False) -> tuple[int, int, int, int]:
    """(tp, fp, fn, intruders kept but marked) with one article of another cluster moved into each cluster
    (``mention``: with a sentence of this cluster after its lead)."""
    rng = random.Random(seed)
    tp = fp = fn = marked = 0
    for i, cluster in enumerate(clusters):
        donor = clusters[(i + 1 + rng.randrange(len(clusters) - 1)) % len(clusters)]
        moved = donor.documents[rng.randrange(len(donor.documents))]
        docs = list(cluster.documents)
        text = _mentioning(moved.text, docs[rng.randrange(len(docs))]) if mention else moved.text
        docs.insert(rng.randrange(len(docs) + 1), Document(id=INTRUDER, text=text, title=moved.title, date=moved.date))
        infos = _flags(docs)
        if infos is None:
            continue
        flags = {d.id for d in infos if d.off_event}
        tp += INTRUDER in flags
        fn += INTRUDER not in flags
        fp += len(flags - {INTRUDER})
        marked += any(d.id == INTRUDER and d.reason and not d.off_event for d in infos)
    return tp, fp, fn, marked


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=1000, help="Multi-News validation clusters (default 1,000)")
    parser.add_argument("--show", action="store_true", help="print every flag in unmodified clusters")
    parser.add_argument("--only", choices=("unmodified", "injection"), help="run one part")
    args = parser.parse_args()
    sets = {
        "MultiLing": [c for c in read_clusters(args.data / "multiling2011_en.jsonl") if c.documents],
        "Multi-News": [c for c in itertools.islice(read_clusters(args.data / "multi_news_validation.jsonl.gz"), args.limit) if c.documents],
    }
    rows = []
    for name, clusters in sets.items():
        if args.only != "injection":
            articles, flagged, with_flag, marked = unmodified(name, clusters, args.show)
            rows.append(f"unmodified         {name:10} clusters {len(clusters):5}  articles {articles:5}  flagged {flagged:4} "
                        f"({100 * flagged / max(articles, 1):.2f}%) in {with_flag} clusters; kept but marked {marked}")
        if args.only != "unmodified":
            for mention in (False, True):
                tp, fp, fn, marked = injection(clusters, mention=mention)
                p = tp / (tp + fp) if tp + fp else 1.0
                r = tp / (tp + fn) if tp + fn else 1.0
                rows.append(f"injection{'+mention' if mention else '        '} {name:10} clusters {len(clusters):5}  precision {p:.3f}  "
                            f"recall {r:.3f}  (tp {tp}, fp {fp}, fn {fn}; of the missed intruders {marked} kept but marked)")
    print()
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
