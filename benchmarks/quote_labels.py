"""Quotes and speakers on real reporting: recall, precision and speaker accuracy against hand labels.

The labels (benchmarks/data/quote_labels.json) give, for documents of the shared MultiLing and
Multi-News files, every direct quotation as character offsets and its speaker as the article names
it; the texts are read from the shared data at run time. A label is found when a predicted quote's
span in that document overlaps at least half of the shorter of the two; precision counts the
predicted spans in the labelled documents that find a label; a found label's speaker is right when
the predicted speaker holds the last word of one of the label's names ("Tony Blair" → "blair";
"spokesperson" for a nominal speaker).

    python benchmarks/quote_labels.py [--data ../shared/data] [--verbose]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

from storyline.analyse.quotes import find_quotes
from storyline.model import Document
from storyline.prepare import prepare

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "benchmarks" / "data" / "quote_labels.json"


def _clusters(path: Path, wanted: set[str]) -> dict[str, dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    found = {}
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if not any(f'"{w}"' in line[:200] for w in wanted):
                continue
            cluster = json.loads(line)
            if cluster["id"] in wanted:
                found[cluster["id"]] = cluster
    return found


def _words(text: str | None) -> set[str]:
    return set(re.findall(r"[\w'’-]+", (text or "").lower()))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def evaluate(labels: dict, data: Path, verbose: bool = False) -> dict:
    wanted = {c for c, _ in labels["documents"]}
    clusters = _clusters(data / labels["file"], wanted)
    labelled = {tuple(x) for x in labels["documents"]}
    predictions = []  # (cluster, document, start, end, speaker, text)
    for cid in sorted(wanted):
        cluster = clusters[cid]
        docs = [
            prepare(Document(d["id"], d["text"], d.get("title"), d.get("date")), i)
            for i, d in enumerate(cluster["documents"])
        ]
        for quote in find_quotes(docs):
            for span in quote.sources:
                if (cid, span.document) in labelled:
                    predictions.append((cid, span.document, span.start, span.end, quote.speaker, quote.text))
    found = right = 0
    used = set()
    for label in labels["quotes"]:
        key = (label["cluster"], label["document"])
        span = (label["start"], label["end"])
        hits = [i for i, p in enumerate(predictions) if p[:2] == key and _overlap(span, p[2:4])]
        used.update(hits)
        if not hits:
            if verbose:
                print("  missed", key, span, label["speaker"][0])
            continue
        found += 1
        speaker = predictions[hits[0]][4]
        if any(name.split()[-1].lower() in _words(speaker) for name in label["speaker"]):
            right += 1
        elif verbose:
            print("  speaker", key, span, "want", label["speaker"][0], "got", speaker)
    if verbose:
        for i, p in enumerate(predictions):
            if i not in used:
                print("  extra", p[:2], p[2:4], p[4], "|", p[5][:70])
    n = len(labels["quotes"])
    return {
        "labels": n,
        "predicted": len(predictions),
        "recall": round(found / n, 3) if n else None,
        "precision": round(len(used) / len(predictions), 3) if predictions else None,
        "speaker_accuracy": round(right / found, 3) if found else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--verbose", action="store_true", help="list misses, wrong speakers and extras")
    args = parser.parse_args()
    sets = json.loads(LABELS.read_text(encoding="utf-8"))["sets"]
    for name, labels in sets.items():
        if args.verbose:
            print(name)
        print(name, json.dumps(evaluate(labels, args.data, args.verbose)))


if __name__ == "__main__":
    main()
