#!/usr/bin/env python
"""Story detection on several kinds of feed, in process: B-cubed P/R/F1, stories found / true, articles/s.

    python benchmarks/story_feeds.py                       # every feed, default options
    python benchmarks/story_feeds.py --set window_days=3 --set half_life_days=none   # the time rule before issue 16

Feeds (nothing from the data is copied into the repository; it is read from ``../shared/data``):

* ``multinews-test-dated`` / ``-undated``: the test half of Multi-News (clusters 2,811-5,621, file order)
  as ``benchmarks/stories.py`` builds it (synthetic dates over 30 days; undated: shuffled), without MultiLing.
* ``multiling-dated``: the ten MultiLing 2011 clusters (100 WikiNews articles) on their real dates
  (2004-2010), in date order: topics followed for months, cased text.
* ``wire-1``, ``wire-2``: fictional agency feeds (``benchmarks/wirefeed.py``, seeds 1 and 2): 90 stories
  that run for weeks in phases and ~500 one-off stories over six months, several outlets.
* ``multinews-tune-dated`` / ``-undated``: the tuning half (``--tuning``), for choosing settings.

Every article of a feed is scored, including those the detector marks empty (each its own story).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import wirefeed  # noqa: E402
from stories import DEFAULT_DATA, articles_of, dated_stream, load, undated_stream  # noqa: E402

from storyline.stories import StoryOptions, detect_stories, score  # noqa: E402


def feeds(data: Path, tuning: bool = False, seed: int = 0) -> dict[str, list[dict]]:
    multinews, multiling = load(data)
    half = len(multinews) // 2
    out: dict[str, list[dict]] = {}
    if tuning:
        out["multinews-tune-dated"] = dated_stream(multinews[:half], [], seed, 30.0)
        out["multinews-tune-undated"] = undated_stream(multinews[:half], seed)
    out["multinews-test-dated"] = dated_stream(multinews[half:], [], seed, 30.0)
    out["multinews-test-undated"] = undated_stream(multinews[half:], seed)
    from stories import parse_when

    ml = articles_of(multiling, dated=True)
    # Six articles have no date field (it is in their text): they take their cluster's median date.
    for article in ml:
        if parse_when(article["date"]) is None:
            dates = sorted(parse_when(a["date"]) for a in ml if a["story"] == article["story"] and parse_when(a["date"]))
            article["when"] = dates[len(dates) // 2]
    ml.sort(key=lambda a: a.get("when") or parse_when(a["date"]))
    out["multiling-dated"] = ml
    for s in (1, 2):
        out[f"wire-{s}"] = wirefeed.generate(s)
    return out


def run(stream: list[dict], options: StoryOptions) -> dict:
    articles = [{k: a[k] for k in ("id", "title", "date", "text", "source")} for a in stream]
    gold = {a["id"]: a["story"] for a in stream}
    started = time.process_time()
    predicted = {}
    empty = 0
    for story in detect_stories(articles, options):
        empty += getattr(story, "empty", False)
        for member in story.members:
            predicted[member.id] = story.id
    cpu = time.process_time() - started
    predicted.update({i: f"left-out:{i}" for i in gold.keys() - predicted.keys()})  # (before issue 16)
    s = score(predicted, gold)
    return {
        "P": round(s.precision, 4), "R": round(s.recall, 4), "F1": round(s.f1, 4), "stories": s.predicted,
        "true": s.gold, "empty": empty, "articles": len(stream), "per_s": round(len(stream) / cpu),
    }


def parse_set(values: list[str]) -> dict:
    out = {}
    for item in values:
        key, _, value = item.partition("=")
        if value == "none":
            out[key] = None
        elif value.lower() in ("true", "false"):
            out[key] = value.lower() == "true"
        else:  # whole numbers as int: the options are strictly typed (a float option takes an int too)
            out[key] = int(value) if value.lstrip("-").isdigit() else float(value)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--set", action="append", default=[], help="a StoryOptions field, e.g. threshold=0.2")
    parser.add_argument("--only", help="comma-separated feed names")
    parser.add_argument("--tuning", action="store_true", help="also the Multi-News tuning half")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    settings = parse_set(args.set)
    features = {k.split(".", 1)[1]: v for k, v in settings.items() if k.startswith("features.")}
    options = dataclasses.replace(
        StoryOptions(), **{k: v for k, v in settings.items() if not k.startswith("features.")},
        features=dataclasses.replace(StoryOptions().features, **features),
    )
    results = {}
    print("| feed | B3 P | B3 R | B3 F1 | stories / true | empty | articles/s |\n|---|---|---|---|---|---|---|")
    for name, stream in feeds(args.data, args.tuning).items():
        if args.only and name not in args.only.split(","):
            continue
        r = run(stream, options)
        results[name] = r
        print(f"| {name} | {r['P']:.3f} | {r['R']:.3f} | {r['F1']:.3f} | {r['stories']:,} / {r['true']:,} | {r['empty']} | {r['per_s']:,} |", flush=True)
    if args.json:
        args.json.write_text(json.dumps({"options": repr(options), "feeds": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
