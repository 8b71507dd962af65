"""Facts and disagreements on text nobody tuned them to, and what the analysis costs.

    python benchmarks/facts.py dev      # briefs-dev section scores (the shared scorer)
    python benchmarks/facts.py plant    # planted disagreements: MultiLing (10) and Multi-News (N=60)
    python benchmarks/facts.py cost     # CPU of the whole brief vs spaCy NER alone over the same texts
    python benchmarks/facts.py timeline # past events dated after their own article

Data are read from ../shared (``--shared DIR``). ``plant`` writes every report it makes on the planted
clusters to OUT/reports.txt (the planted one marked), to be read and judged by a person.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import storyline
from storyline.ingest import read_clusters
from storyline.render import to_json

REPO = Path(__file__).resolve().parents[1]


def dev(shared: Path, out: Path) -> None:
    root = shared / "data" / "briefs-dev"
    out.mkdir(parents=True, exist_ok=True)
    for cluster in read_clusters(root / "clusters.jsonl"):
        brief = storyline.brief(cluster.documents, words=100)
        (out / f"{cluster.id}.json").write_text(to_json(brief))
    result = subprocess.run(
        [sys.executable, str(root / "score.py"), str(root / "clusters.jsonl"), str(root / "labels.json"), str(out)],
        capture_output=True, text=True, check=True,
    ).stdout
    scores = json.loads(result[: result.rindex("}") + 1])
    for section in ("disagreements", "disagreement_documents", "support"):
        s = scores["sections"][section]
        print(f"{section:24} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}  "
              f"({s['n_gold_found']}/{s['n_gold']} found, {s['n_pred']} predicted)")
    print(result.strip().splitlines()[-1])


def _number(text: str) -> str:
    return text.replace(",", "")


def _carries(values: list[str], figure: str) -> bool:
    import re

    return any(re.search(rf"(?<![\d.]){re.escape(_number(figure))}(?![\d])", _number(v)) for v in values)


def plant(shared: Path, source: str, n: int, out: Path) -> tuple[int, int, int]:
    subprocess.run([sys.executable, str(shared / "tools" / "plant_disagreements.py"), source, str(n), str(out)],
                   check=True, capture_output=True)
    keys = json.loads((out / "keys.json").read_text())
    found = others = 0
    lines = []
    for cluster in read_clusters(out / "planted.jsonl"):
        key = keys[cluster.id]
        brief = storyline.brief(cluster.documents, words=100)
        texts = {d.id: d.text for d in brief.documents}
        hit = False
        lines.append(f"== {cluster.id}: planted {key['old']} -> {key['new']} {key['word']} in {key['document']}")
        for d in brief.disagreements:
            values = [v.value for v in d.values]
            planted = _carries(values, key["old"]) and _carries(values, key["new"])
            hit = hit or planted
            others += not planted
            lines.append(f"  {'PLANTED' if planted else 'other  '} {d.about}: " + " | ".join(values))
            for v in d.values:
                s = v.sources[0]
                lines.append(f"      {v.value!r} [{s.document}] {' '.join(texts[s.document][s.start:s.end].split())[:220]}")
        found += hit
    (out / "reports.txt").write_text("\n".join(lines) + "\n")
    print(f"{source}: planted found {found}/{len(keys)}; other reports {others} (read {out / 'reports.txt'})")
    return found, len(keys), others


def cost(shared: Path, limit: int) -> None:
    """CPU seconds of the whole brief (analysis on) against spaCy's NER-only pipeline over the same texts."""
    from storyline.analyse.entities import load_model

    try:
        from storyline.analyse import nlp as nlp_module
    except ImportError:  # a checkout from before the shared pass
        nlp_module = None

    clusters = []
    for i, c in enumerate(read_clusters(shared / "data" / "multi_news_validation.jsonl.gz")):
        if i >= limit:
            break
        clusters.append(c)
    clusters += list(read_clusters(shared / "data" / "multiling2011_en.jsonl"))
    import importlib.util

    import spacy

    from storyline.analyse.entities import MODELS

    model = load_model()
    storyline.brief(clusters[0].documents, words=100)  # warm up: imports, model
    texts = [d.text for c in clusters for d in c.documents]
    started = time.process_time()
    for _ in model.pipe(texts, batch_size=64):
        pass
    ner = time.process_time() - started
    # the model as a user loads it to get its entities: every component, one call per article
    full_model = spacy.load(next(m for m in MODELS if importlib.util.find_spec(m)))
    started = time.process_time()
    for t in texts:
        full_model(t)
    full = time.process_time() - started
    # what the dependency parser would add (its own tok2vec and the parser, every sentence)
    parser = spacy.load(next(m for m in MODELS if importlib.util.find_spec(m)),
                        exclude=["tagger", "ner", "attribute_ruler", "lemmatizer", "senter"])
    started = time.process_time()
    for _ in parser.pipe(texts, batch_size=64):
        pass
    parse_cost = time.process_time() - started
    if nlp_module is not None:
        nlp_module._cache.clear()
    started = time.process_time()
    for c in clusters:
        storyline.brief(c.documents, words=100)
    whole = time.process_time() - started
    words = sum(len(t.split()) for t in texts)
    print(f"{len(clusters)} clusters, {words} words: whole brief {whole:.2f} s CPU; spaCy NER component alone "
          f"(nlp.pipe, NER only) {ner:.2f} s = {whole / ner:.2f}x; spaCy's default pipeline per article "
          f"(spacy.load(model), nlp(text)) {full:.2f} s = {whole / full:.2f}x (bar 0.9x, goal 0.5x); the "
          f"dependency parser would add {parse_cost:.2f} s = {parse_cost / ner:.2f}x of the NER pass")


def timeline(shared: Path, limit: int) -> None:
    """Timeline events dated after their own article's date, on MultiLing and Multi-News (dated by
    the articles' own date lines where the data gives none)."""
    from storyline.analyse.timeline import _FUTURE_CUE

    clusters = list(read_clusters(shared / "data" / "multiling2011_en.jsonl"))
    for i, c in enumerate(read_clusters(shared / "data" / "multi_news_validation.jsonl.gz")):
        if i >= limit:
            break
        clusters.append(c)
    events = after = future = 0
    for c in clusters:
        brief = storyline.brief(c.documents, words=100)
        dates = {d.id: d.date for d in brief.documents}
        for t in brief.timeline:
            if not t.date:
                continue
            for s in t.sources:
                own = dates.get(s.document)
                if not own or len(own) < 10:
                    continue
                events += 1
                if t.date[: len(own[:10])] > own[:10][: len(t.date)]:
                    if _FUTURE_CUE.search(t.text):
                        future += 1
                    else:
                        after += 1
                        print(f"  after its article ({own[:10]}): {t.when!r} -> {t.date} | {' '.join(t.text.split())[:160]}")
    print(f"{len(clusters)} clusters: {events} dated event sources; {after} past events after their article's date, "
          f"{future} later dates in sentences with a future cue")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["dev", "plant", "cost", "timeline"])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=Path("/tmp/storyline-facts"))
    parser.add_argument("--n", type=int, default=60, help="Multi-News clusters to plant")
    parser.add_argument("--limit", type=int, default=100, help="Multi-News clusters to time")
    args = parser.parse_args()
    if args.what == "dev":
        dev(args.shared, args.out / "dev")
    elif args.what == "plant":
        plant(args.shared, str(args.shared / "data" / "multiling2011_en.jsonl"), 10, args.out / "plant-ml")
        plant(args.shared, str(args.shared / "data" / "multi_news_validation.jsonl.gz"), args.n, args.out / "plant-mn")
    elif args.what == "timeline":
        timeline(args.shared, args.limit)
    else:
        cost(args.shared, args.limit)


if __name__ == "__main__":
    main()
