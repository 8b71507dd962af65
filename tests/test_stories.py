"""``storyline stories``: a stream of articles in, story clusters out (library, command, Dask engine).

Every article here is fictional, written for these tests: a wire story and its near-duplicate copies,
two different stories about the same mayor in the same town, and unrelated stories around them.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from storyline.ingest import read_clusters
from storyline.stories import Article, StoryOptions, detect_stories, run_stories, score
from storyline.stories.core import in_date_order
from storyline.stories.distributed import detect_partitioned
from storyline.stories.furniture import strip_furniture
from storyline.stories.metrics import adjusted_rand

# --- the articles -----------------------------------------------------------------------------

WIRE = (
    "COLMERE (Valley Wire) - Fire broke out at the Harrow Chemicals plant on the edge of Colmere early on "
    "Tuesday, forcing the evacuation of about 300 homes as a plume of black smoke drifted over the town. "
    "Firefighters from four stations fought the blaze for six hours. Nobody was hurt, the fire service said, "
    "but residents were told to keep windows closed while tests on the air were carried out. The company said "
    "a solvent tank had overheated and that production would stay suspended until inspectors had visited."
)
# Copies as outlets run wire copy: a dateline dropped, a sentence trimmed, a word changed, a line added.
WIRE_COPIES = [
    WIRE.replace("COLMERE (Valley Wire) - ", ""),
    WIRE.replace(" The company said a solvent tank had overheated and that production would stay suspended until inspectors had visited.", "")
    + " The plant employs about 120 people.",
    WIRE.replace("about 300 homes", "around 300 houses").replace("six hours", "nearly six hours"),
]

MAYOR_LIBRARY = [
    "Brackwater mayor Maria Hughes opened the town's new public library on Saturday, a glass building on the "
    "old market square with room for 60,000 books, a children's reading garden and a rooftop study hall. "
    "Hughes cut the ribbon in front of several hundred residents and thanked the volunteers whose book sales "
    "paid for the furniture. The library cost 9 million pounds and replaces a cramped branch above the bus station.",
    "Hundreds of families queued in the rain for the opening of Brackwater's library, the first new library in "
    "the county for twenty years. Children raced to the reading garden while mayor Maria Hughes signed up as "
    "member number one. Librarians said 1,200 people borrowed books on the first day and the rooftop study hall "
    "was full by noon.",
]
MAYOR_CRASH = [
    "Brackwater mayor Maria Hughes was taken to hospital on Thursday after her car collided with a delivery van "
    "on the Brackwater ring road. Police said the van driver had lost control on a wet bend near the retail park. "
    "Hughes suffered a broken wrist and bruising and was said to be in a stable condition. The ring road was "
    "closed in both directions for three hours while the vehicles were recovered.",
    "Police are appealing for witnesses to Thursday's collision between a van and the mayor's car on the "
    "Brackwater ring road. Maria Hughes, who broke her wrist in the crash, is expected to leave hospital at the "
    "weekend. Officers want to hear from drivers with dashboard cameras who passed the retail park bend between "
    "eight and nine in the morning.",
]
FOOTBALL = [
    "Dunhollow Rovers sacked manager Tom Okafor on Monday, two days after a 3-0 defeat at home to Farrowdale "
    "confirmed the club's relegation. Okafor had been in charge for eighteen months. The chairman said a "
    "search for a successor would begin at once and that the goalkeeping coach would take training this week.",
    "Tom Okafor has left Dunhollow Rovers after relegation was sealed by a heavy home defeat to Farrowdale. "
    "Supporters had chanted against the manager throughout the second half, and the board met on Sunday night. "
    "The goalkeeping coach takes charge of training while the club looks for a new manager.",
]
FLOOD = [
    "The river Tame burst its banks in Eastwick overnight, flooding forty homes and the primary school. "
    "Rescue crews used boats to reach elderly residents on Mill Lane. The Environment Agency said river levels "
    "had peaked after two days of heavy rain and would fall slowly.",
    "Eastwick residents spent Wednesday pumping water from their homes after the Tame flooded Mill Lane and the "
    "primary school. Boats carried pensioners to safety during the night. The school will stay closed for the "
    "rest of the week while the floors dry out.",
]
BEETLE = [
    "Researchers at Colmere University have described a new species of ground beetle found in a single patch of "
    "ancient woodland near the coast. The insect, a few millimetres long with copper-coloured wing cases, was "
    "first noticed by an amateur naturalist photographing moss.",
]
STRIKE = [
    "Train drivers on the Valley Line will strike for 48 hours from Friday in a dispute over pay and rest days, "
    "the drivers' union announced. The operator said it would run a reduced timetable with buses replacing "
    "trains between Ashby and Glenrock.",
    "Commuters face two days without Valley Line trains after drivers voted to walk out over pay. Replacement "
    "buses will link Ashby and Glenrock, and the operator urged passengers to travel only if necessary while "
    "the union and managers return to talks.",
]
BAKERY = [
    "A Holloway bakery has won the national prize for the best sourdough loaf, beating four hundred entries. "
    "The owners, two sisters who opened the shop in a former bank five years ago, said the secret was patience "
    "and a starter kept alive since their grandmother's time.",
]

FURNITURE_PAGE = (
    "Tweet with a location you can add location information to your tweets, such as your city or precise "
    "location, from the web and via third-party applications. You always have the option to delete your tweet "
    "location history. Learn more"
)


def article(id_: str, text: str, date: str | None = None, title: str | None = None, source: str | None = None) -> dict:
    return {"id": id_, "title": title, "date": date, "text": text, "source": source}


def stream(dated: bool = True) -> tuple[list[dict], dict[str, str]]:
    """The fictional feed (stories interleaved, as a feed mixes them) and each article's true story."""
    day = lambda d, h: f"2026-03-{d:02d}T{h:02d}:00:00Z" if dated else None  # noqa: E731
    items = [
        ("wire-0", WIRE, day(3, 7), "fire", "Valley Wire"),
        ("library-0", MAYOR_LIBRARY[0], day(3, 8), "library", "Brackwater Post"),
        ("football-0", FOOTBALL[0], day(3, 9), "football", "Sports Desk"),
        ("wire-1", WIRE_COPIES[0], day(3, 10), "fire", "Colmere Courier"),
        ("flood-0", FLOOD[0], day(3, 11), "flood", "Eastwick Echo"),
        ("beetle-0", BEETLE[0], day(3, 12), "beetle", "Science Weekly"),
        ("wire-2", WIRE_COPIES[1], day(3, 13), "fire", "County Radio"),
        ("library-1", MAYOR_LIBRARY[1], day(3, 14), "library", "County Radio"),
        ("strike-0", STRIKE[0], day(3, 15), "strike", "Valley Wire"),
        ("football-1", FOOTBALL[1], day(3, 16), "football", "Dunhollow Gazette"),
        ("wire-3", WIRE_COPIES[2], day(3, 17), "fire", "Valley Online"),
        ("crash-0", MAYOR_CRASH[0], day(4, 9), "crash", "Brackwater Post"),
        ("flood-1", FLOOD[1], day(4, 10), "flood", "Valley Wire"),
        ("bakery-0", BAKERY[0], day(4, 11), "bakery", "Food Diary"),
        ("strike-1", STRIKE[1], day(4, 12), "strike", "Commuter News"),
        ("crash-1", MAYOR_CRASH[1], day(4, 15), "crash", "County Radio"),
    ]
    articles = [article(i, text, date, source=source) for i, text, date, _, source in items]
    gold = {i: story for i, _, _, story, _ in items}
    return articles, gold


def groups(stories) -> list[list[str]]:
    return [[a.id for a in story.members] for story in stories]


def as_labels(stories) -> dict[str, str]:
    return {a.id: story.id for story in stories for a in story.members}


def write_feed(path: Path, lines: list) -> Path:
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run_cli(*args: str, stdin: str | None = None, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "storyline", "stories", *args], input=stdin, capture_output=True, text=True,
        timeout=timeout, env=env,
    )


# --- what the stories must be ---------------------------------------------------------------------


@pytest.mark.parametrize("dated", [True, False])
def test_recovers_the_stories(dated):
    articles, gold = stream(dated)
    stories = list(detect_stories(articles))
    result = score(as_labels(stories), gold)
    assert result.precision == 1.0 and result.recall == 1.0, groups(stories)
    assert sorted(len(s.members) for s in stories) == [1, 1, 2, 2, 2, 2, 2, 4]


def test_wire_copies_join():
    articles, _ = stream()
    fire = next(s for s in detect_stories(articles) if any(a.id == "wire-0" for a in s.members))
    assert [a.id for a in fire.members] == ["wire-0", "wire-1", "wire-2", "wire-3"]  # arrival order


def test_same_mayor_same_town_different_stories_stay_apart():
    articles, _ = stream()
    labels = as_labels(detect_stories(articles))
    assert labels["library-0"] == labels["library-1"]
    assert labels["crash-0"] == labels["crash-1"]
    assert labels["library-0"] != labels["crash-0"]
    # ... also when the crash follows the library story at once, with nothing else in the feed.
    only = [article(f"l{i}", t) for i, t in enumerate(MAYOR_LIBRARY)] + [article(f"c{i}", t) for i, t in enumerate(MAYOR_CRASH)]
    assert sorted(groups(detect_stories(only))) == [["c0", "c1"], ["l0", "l1"]]


def test_ids_numbered_by_first_arrival_and_output_deterministic():
    articles, _ = stream(dated=False)
    first = [(s.id, [a.id for a in s.members]) for s in detect_stories(articles)]
    again = [(s.id, [a.id for a in s.members]) for s in detect_stories(articles)]
    assert first == again
    # Undated: every story stays open to the end, then all come out in creation order.
    assert [story_id for story_id, _ in first] == [f"story-{n:06d}" for n in range(1, len(first) + 1)]
    firsts = [members[0] for _, members in first]
    order = [a["id"] for a in articles]
    assert firsts == sorted(firsts, key=order.index)


def test_same_bytes_under_any_hash_seed(tmp_path):
    articles, _ = stream()
    feed = write_feed(tmp_path / "feed.jsonl", articles)
    outputs = []
    for seed in ("0", "1", "12345"):
        out = tmp_path / f"out-{seed}.jsonl"
        result = run_cli(str(feed), str(out), env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


# --- time window, memory bound, order --------------------------------------------------------------


def test_window_closes_stories_and_emits_them_as_they_close():
    articles, _ = stream()
    later = article("fire-later", WIRE_COPIES[0], "2026-03-20T09:00:00Z")  # the same text, 16 days on
    feed = articles + [later, article("bakery-later", BAKERY[0], "2026-03-20T10:00:00Z")]
    consumed = 0

    def reading():
        nonlocal consumed
        for item in feed:
            consumed += 1
            yield item

    stories, read_when_out = [], []
    for story in detect_stories(reading(), StoryOptions(window_days=3, half_life_days=None, reorder=0)):
        stories.append(story)
        read_when_out.append(consumed)
    labels = as_labels(stories)
    assert labels["fire-later"] != labels["wire-0"]  # the first fire story had closed
    assert labels["bakery-later"] != labels["bakery-0"]
    # The eight March 3-4 stories came out when the March 20 article moved the clock, before the feed ended.
    assert read_when_out[:8] == [17] * 8 and len(stories) == 10
    # With a window long enough (and no decay), the same articles join their stories.
    labels = as_labels(detect_stories(feed, StoryOptions(window_days=30, half_life_days=None)))
    assert labels["fire-later"] == labels["wire-0"] and labels["bakery-later"] == labels["bakery-0"]


def test_undated_articles_before_the_first_date_do_not_hold_the_window_open():
    articles, _ = stream()
    first = article("undated-bakery", BAKERY[0])  # no date: it opens a story before the feed has a clock
    later = article("fire-later", WIRE_COPIES[0], "2026-03-20T09:00:00Z")
    labels = as_labels(detect_stories([first, *articles, later], StoryOptions(window_days=3, reorder=0)))
    assert labels["fire-later"] != labels["wire-0"]
    assert labels["undated-bakery"] == labels["bakery-0"]


def test_max_active_bounds_open_stories():
    articles, gold = stream(dated=False)
    from storyline.stories.core import StoryDetector, as_article

    detector = StoryDetector(StoryOptions(window_days=None, max_active=3))
    out = []
    for i, item in enumerate(articles):
        out.extend(detector.add(as_article(item, i)) or [])
        assert len(detector.clusterer.active) <= 3
    out.extend(detector.flush())
    assert sorted(a.id for s in out for a in s.members) == sorted(gold)
    # Evicted too early, a story is split: the price of the bound.
    assert len(out) > 8


def test_dates_put_back_in_order_within_the_buffer():
    items = [Article(str(i), "x", when=w) for i, w in enumerate([5.0, 1.0, 3.0, None, 2.0, 9.0, 4.0])]
    assert [a.id for a in in_date_order(items, buffer=10)] == ["1", "4", "2", "6", "0", "3", "5"]
    assert [a.id for a in in_date_order(items, buffer=0)] == [a.id for a in items]
    # The undated article takes the newest date seen before it (5.0) and keeps its place after it.
    assert [a.id for a in in_date_order(items, buffer=2)][:3] == ["1", "2", "4"]


def test_mixed_date_formats_and_undated_articles():
    articles, gold = stream()
    articles[2]["date"] = "Tuesday, March 3, 2026"
    articles[5]["date"] = None
    articles[6]["date"] = "not a date at all"
    assert score(as_labels(detect_stories(articles)), gold).f1 == 1.0


# --- bad input -------------------------------------------------------------------------------------


def test_bad_lines_and_empty_articles_are_reported_not_fatal(tmp_path):
    articles, gold = stream()
    lines = [
        articles[0], "this is not JSON", articles[1], "", ["an", "array"], {"id": "no-text", "title": None, "date": None},
        {"id": "blank", "text": "   \n  "}, {"id": "bad-text", "text": 42}, articles[2], {"id": "page", "text": FURNITURE_PAGE},
        '{"id": "torn", "te', *articles[3:],
    ]
    feed = write_feed(tmp_path / "feed.jsonl", lines)
    warnings: list[str] = []
    out = tmp_path / "clusters.jsonl"
    result = run_stories(feed, out, warn=warnings.append)
    # Every article read is in OUT exactly once: the three without article text as stories of their own.
    assert (result.malformed, result.empty, result.articles, result.stories) == (4, 3, len(articles) + 3, 8 + 3)
    assert any("feed.jsonl:2: not valid JSON" in w for w in warnings)
    assert any("feed.jsonl:5: expected a JSON object" in w for w in warnings)
    assert any("'text' must be a string" in w for w in warnings)
    assert any("'no-text': no text; written as a story of its own, marked empty" in w for w in warnings)
    assert any("'page': no article text (page furniture only); written as a story" in w for w in warnings)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    ids = [doc["id"] for r in records for doc in r["documents"]]
    assert sorted(ids) == sorted([*gold, "no-text", "blank", "page"])  # each once
    empty = [r for r in records if r.get("empty")]
    assert sorted(r["documents"][0]["id"] for r in empty) == ["blank", "no-text", "page"]
    assert all(len(r["documents"]) == 1 and r["empty"] is True for r in empty)
    assert not any("empty" in r for r in records if r not in empty)
    labels = {doc.id: cluster.id for cluster in read_clusters(out) for doc in cluster.documents if doc.id in gold}
    assert score(labels, gold).f1 == 1.0
    # Numbers follow arrival, empty stories included: 'no-text' arrived third (after wire-0 and library-0).
    assert next(r["id"] for r in empty if r["documents"][0]["id"] == "no-text") == "story-000003"


def test_command_reports_counts_and_exits_zero(tmp_path):
    articles, _ = stream()
    feed = write_feed(tmp_path / "feed.jsonl", [articles[0], "{oops", {"id": "e", "text": ""}, *articles[1:]])
    result = run_cli(str(feed), str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr
    assert "feed.jsonl:2: not valid JSON" in result.stderr and "'e': no text; written as a story of its own" in result.stderr
    assert "17 articles in 9 stories" in result.stderr and "1 malformed line, 1 empty article" in result.stderr
    assert "Traceback" not in result.stderr


def test_furniture_is_stripped_but_the_article_kept():
    text = "Media playback is unsupported on your device media caption the mayor opened the library. It has 60,000 books."
    assert strip_furniture(text).strip() == "the mayor opened the library. It has 60,000 books."
    assert strip_furniture(FURNITURE_PAGE).strip() == ""
    plain = "The council met on Monday. Then it voted."
    assert strip_furniture(plain) == plain


# Fictional pages in the style of what scrapers pick up instead of (or around) an article.
COOKIE_AND_SIGN_IN_PAGE = (
    "To help personalise content and measure ads, we use cookies. By clicking or navigating the site, you agree to "
    "our collection of information. Sign in using your Brackwater Post profile. Please enter a valid email or "
    "member id. Invalid log in. Check your user name and password. Sorry, the page you requested was not found. "
    "Please check the URL for proper spelling."
)


def test_generic_furniture_pages_are_emptied_and_story_sentences_kept():
    assert strip_furniture(COOKIE_AND_SIGN_IN_PAGE).strip() == ""
    video = "Published on mar 3, 2026 the mayor opens the library. Subscribe now to Brackwater TV for more."
    assert strip_furniture(video).split() == ["the", "mayor", "opens", "the", "library."]
    # Story sentences that share words with furniture stay.
    story = "We use cookies from the Holloway bakery, the sisters said. Readers of the Post voted for the loaf."
    assert strip_furniture(story) == story


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["missing.jsonl", "out.jsonl"], "missing.jsonl: no such file"),
        (["FEED", "no/such/folder/out.jsonl"], "does not exist"),
        (["FEED", "FEED"], "must not be the input file"),
        (["FEED", "out.jsonl", "--workers", "2"], "are for --engine dask"),
    ],
)
def test_unusable_input_or_options_one_line_error(tmp_path, args, fragment):
    feed = write_feed(tmp_path / "feed.jsonl", stream()[0])
    args = [str(feed) if a == "FEED" else a for a in args]
    result = subprocess.run(
        [sys.executable, "-m", "storyline", "stories", *args], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert result.returncode == 1, result.stderr
    assert fragment in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("storyline: error:") == 1


def test_command_options_threshold_and_no_window(tmp_path):
    articles, _ = stream()
    late = article("fire-later", WIRE_COPIES[0], "2026-03-20T09:00:00Z")
    feed = write_feed(tmp_path / "feed.jsonl", [*articles, late])

    def stories(*options: str) -> dict[str, str]:
        result = run_cli(str(feed), "-", *options)
        assert result.returncode == 0, result.stderr
        return {d["id"]: r["id"] for line in result.stdout.splitlines() for r in [json.loads(line)] for d in r["documents"]}

    default, no_decay, strict = stories(), stories("--half-life-days", "0"), stories("--threshold", "0.95")
    assert default["fire-later"] != default["wire-0"] and no_decay["fire-later"] == no_decay["wire-0"]
    window = stories("--half-life-days", "0", "--window-days", "3")
    assert window["fire-later"] != window["wire-0"]
    assert len(set(strict.values())) > len(set(default.values())) == 9


def test_unknown_engine_is_a_usage_error(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", stream()[0])
    result = run_cli(str(feed), "-", "--engine", "spark")
    assert result.returncode == 2 and "spark" in result.stderr


# --- formats, gz, stdin, the pipe into batch -------------------------------------------------------


def test_output_is_cluster_jsonl_keeping_each_article(tmp_path):
    articles, _ = stream()
    articles[0]["title"] = "Fire at chemical plant"
    feed = write_feed(tmp_path / "feed.jsonl.gz", articles)
    result = run_cli(str(feed), str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in records) == [f"story-{n:06d}" for n in range(1, 9)]
    by_id = {doc["id"]: doc for r in records for doc in r["documents"]}
    assert by_id.keys() == {a["id"] for a in articles}
    for a in articles:
        assert by_id[a["id"]] == a  # id, title, date, text and source, as given
    assert all(set(r) == {"id", "documents"} for r in records)
    assert len(list(read_clusters(tmp_path / "out.jsonl"))) == 8  # what storyline batch reads


def test_stdin_to_stdout_into_batch(tmp_path):
    articles, _ = stream()
    feed = "".join(json.dumps(a) + "\n" for a in articles)
    briefs = tmp_path / "briefs.jsonl"
    pipeline = (
        f"{sys.executable} -m storyline stories - - --window-days 3 | "
        f"{sys.executable} -m storyline batch - {briefs} --no-analysis --workers 1"
    )
    result = subprocess.run(["bash", "-o", "pipefail", "-c", pipeline], input=feed, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in briefs.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 8 and all("summary" in line for line in lines)
    fire = next(line for line in lines if "Harrow Chemicals" in line["summary"])
    assert {d["id"] for d in fire["brief"]["documents"]} == {"wire-0", "wire-1", "wire-2", "wire-3"}


# --- the decision rules, on hand-made vectors ------------------------------------------------------


def unit(**weights: float) -> dict[str, float]:
    """A vector over made-up terms, strongest first, with a filler term ``z`` that makes it unit length."""
    rest = 1.0 - sum(w * w for w in weights.values())
    items = sorted({**weights, "z": rest ** 0.5}.items(), key=lambda item: -item[1])
    return dict(items)


def story_of(stories, member: str) -> list[str]:
    return next(sorted(s.members) for s in stories if member in s.members)


def test_runner_up_rule_joins_a_clear_best_not_a_close_call():
    from storyline.options import StoryOptions
    from storyline.stories.online import OnlineClusterer

    def place(item: dict[str, float], margin: float) -> list[str]:
        clusterer = OnlineClusterer(StoryOptions(threshold=0.2, margin=margin, noise=0.16, window_days=None))
        clusterer.add(["a"], {"a": 1.0})
        clusterer.add(["b"], {"b": 1.0})
        clusterer.add(["item"], item)
        return story_of(clusterer.flush(), "item")

    # 0.22 to story a, 0.21 to story b: about as close to both, so it needs 0.2 + 0.5 x (0.21 - 0.16).
    close_call = unit(a=0.22, b=0.21)
    assert place(close_call, margin=0.5) == ["item"]
    assert place(close_call, margin=0.0) == ["a", "item"]  # a fixed threshold takes it
    # 0.15 to story a and nothing else: clearly a's, so 0.2 + 0.5 x (0 - 0.16) = 0.12 is enough.
    clear = unit(a=0.15)
    assert place(clear, margin=0.5) == ["a", "item"]
    assert place(clear, margin=0.0) == ["item"]


def test_second_chance_for_a_lone_article_the_window_closes():
    from storyline.options import StoryOptions
    from storyline.stories.online import OnlineClusterer

    day = 86400.0

    def place(second_chance: float) -> list[str]:
        clusterer = OnlineClusterer(StoryOptions(threshold=0.2, margin=0.5, noise=0.16, window_days=1.0, second_chance=second_chance))
        stories = []
        for name, vector, when in [
            ("a1", {"a": 1.0}, 0.0), ("b1", {"b": 1.0}, 0.0), ("b2", unit(b=0.8, d=0.6), 0.0), ("a2", unit(a=0.8, c=0.6), 0.0),
            # about as close to story a (0.198) as to story b (0.189): too close a call to join either
            ("lone", unit(a=0.22, b=0.21), 0.1 * day),
            ("a3", unit(a=0.8, e=0.6), 0.9 * day),  # story a goes on, b does not
            ("later", {"x": 1.0}, 1.15 * day),  # the window closes b, then the lone article
        ]:
            stories += clusterer.add([name], vector, 1, when, when)
        assert story_of(stories, "b1") == ["b1", "b2"]  # closed by the window: b had two articles
        return story_of(stories + clusterer.flush(), "lone")

    # When the window closes it, the only open candidate is story a: 0.8 x 0.2 + 0.5 x (0 - 0.16) = 0.08 is needed.
    assert place(0.8) == ["a1", "a2", "a3", "lone"]
    assert place(0.0) == ["lone"]


def test_second_chance_keeps_the_older_number_and_arrival_order():
    from storyline.options import StoryOptions
    from storyline.stories.online import OnlineClusterer

    day = 86400.0
    clusterer = OnlineClusterer(StoryOptions(threshold=0.2, window_days=1.0))
    clusterer.add(["lone"], unit(a=0.15, q=0.5), 1, 0.0, 0.0)  # story 1, alone: nothing open shares a term yet
    clusterer.add(["a1"], unit(a=0.3, r=0.9), 1, 0.5 * day, 0.5 * day)
    closed = clusterer.add(["later"], {"x": 1.0}, 1, 1.2 * day, 1.2 * day)
    assert closed == []  # the lone article joined the story of a1 instead of closing
    (merged,) = [s for s in clusterer.flush() if "lone" in s.members]
    assert merged.number == 1 and merged.members == ["lone", "a1"]


# --- the Dask engine -------------------------------------------------------------------------------


def _in_process(fn, *args):
    from concurrent.futures import Future

    future: Future = Future()
    future.set_result(fn(*args))
    return future


@pytest.mark.parametrize("partition", [1, 3, 5, 16])
@pytest.mark.parametrize("dated", [True, False])
def test_partitioned_engine_gives_the_local_stories(partition, dated):
    articles, _ = stream(dated)
    options = StoryOptions(window_days=3 if dated else None, reorder=0)
    local = [(s.id, [a.id for a in s.members]) for s in detect_stories(articles, options)]
    from storyline.stories.core import as_article

    items = [as_article(a, i) for i, a in enumerate(articles)]
    merged = [(s.id, [a.id for a in s.members]) for s in detect_partitioned(items, options, _in_process, 2, partition=partition, warmup=4)]
    assert sorted(merged) == sorted(local)


def test_dask_engine_same_stories_as_local(tmp_path):
    pytest.importorskip("distributed")
    articles, _ = stream()
    feed = write_feed(tmp_path / "feed.jsonl", articles + [{"id": "page", "text": FURNITURE_PAGE}, "not json"])
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    a = run_stories(feed, local)
    b = run_stories(feed, dask, engine_name="dask", workers=1, partition=5)
    assert (a.articles, a.stories, a.malformed, a.empty) == (b.articles, b.stories, b.malformed, b.empty) == (17, 9, 1, 1)

    def clusters(path: Path) -> list:
        return sorted((c.id, [d.id for d in c.documents]) for c in read_clusters(path))

    assert clusters(local) == clusters(dask)


# --- the scores ------------------------------------------------------------------------------------


def _pairs(labels: dict) -> set:
    return {frozenset(p) for p in combinations(labels, 2) if labels[p[0]] == labels[p[1]]}


def test_bcubed_and_ari_on_a_worked_example():
    gold = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 3}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y", "f": "z"}
    s = score(predicted, gold)
    # Precision: a,b 1; c,d,e 1/3, 2/3, 2/3; f 1 -> (2 + 5/3 + 1) / 6. Recall: a,b 2/3; c 1/3; d,e 1; f 1.
    assert s.precision == pytest.approx((2 + 5 / 3 + 1) / 6)
    assert s.recall == pytest.approx((4 / 3 + 1 / 3 + 2 + 1) / 6)
    # ARI from its definition over item pairs.
    n = len(gold)
    total = n * (n - 1) / 2
    index, a_pairs, b_pairs = len(_pairs(gold) & _pairs(predicted)), len(_pairs(predicted)), len(_pairs(gold))
    expected = a_pairs * b_pairs / total
    assert s.ari == pytest.approx((index - expected) / ((a_pairs + b_pairs) / 2 - expected))
    assert score(gold, gold).f1 == score(gold, gold).ari == 1.0
    assert score({"a": 1, "b": 2}, {"a": 1, "b": 2}).ari == 1.0  # all singletons both sides
    with pytest.raises(ValueError):
        score({"a": 1}, {"b": 1})
    assert adjusted_rand(Counter({(1, 1): 2}), Counter({1: 2}), Counter({1: 2}), 2) == 1.0


# --- issue 16: decay, merging, names and dates, every article once ------------------------------------

FOLLOW_UPS = [  # one fictional story over five weeks, a follow-up every 8-9 days, wording drifting
    "Police in Varnholm arrested Jonas Marchetti, a customs officer, on suspicion of taking bribes at the port.",
    "Prosecutors charged Jonas Marchetti with bribery; the Varnholm customs officer denies wrongdoing.",
    "The trial of Jonas Marchetti opened in Varnholm, where prosecutors described cash handed over at the port.",
    "A Varnholm court found Jonas Marchetti guilty of bribery and sentenced the former customs officer to four years.",
    "Lawyers for Jonas Marchetti appealed against his bribery conviction in the Varnholm court.",
]


def dated(i: int, day: int) -> str:
    return f"2026-01-01T00:00:00Z" if day == 0 else f"2026-{1 + (day - 1) // 28:02d}-{1 + (day - 1) % 28:02d}T12:00:00Z"


def test_decay_keeps_a_story_that_goes_on_open_and_closes_quiet_ones():
    day = lambda d: (datetime_from(2026, 1, 1) + d * 86400)  # noqa: E731
    items = [Article(f"f{i}", text, when=day(4 * i)) for i, text in enumerate(FOLLOW_UPS)]
    # A hard 3-day window cuts the story at every follow-up; the decay (7-day half-life) keeps it.
    window = groups(detect_stories(items, StoryOptions(window_days=3, half_life_days=None)))
    decay = groups(detect_stories(items, StoryOptions()))
    assert len(window) == 5 and decay == [[f"f{i}" for i in range(5)]]
    # The same follow-ups, but five weeks apart each: the story went quiet, closed, and is not joined.
    far = [Article(f"f{i}", text, when=day(35 * i)) for i, text in enumerate(FOLLOW_UPS)]
    assert len(groups(detect_stories(far, StoryOptions()))) == 5


def datetime_from(*ymd: int) -> float:
    from datetime import datetime, timezone

    return datetime(*ymd, tzinfo=timezone.utc).timestamp()


def test_decay_factor_and_bounded_memory():
    from storyline.options import StoryOptions
    from storyline.stories.online import OnlineClusterer

    day = 86400.0
    clusterer = OnlineClusterer(StoryOptions(half_life_days=7.0, decay_shape=2.0, close_at=0.25))
    assert clusterer.fade(0.0) == 1.0 and clusterer.fade(7 * day) == pytest.approx(0.5)
    assert clusterer.fade(day) > 0.98  # hardly any decay in the first days (Gaussian)
    assert clusterer.span == pytest.approx(7 * day * 2 ** 0.5)  # closes when the factor falls to 0.25
    exp = OnlineClusterer(StoryOptions(half_life_days=7.0, decay_shape=1.0, close_at=0.25))
    assert exp.fade(day) == pytest.approx(0.5 ** (1 / 7)) and exp.span == pytest.approx(14 * day)
    # A year of unrelated stories, ten a day: the open ones are those of the last ~10 days only.
    most = 0
    for i in range(3650):
        clusterer.add([i], {f"t{i}": 1.0}, 1, i * day / 10, i * day / 10)
        most = max(most, len(clusterer.active))
    assert most <= 10 * 10 + 1


def test_similarity_decays_with_the_story_quiet_time():
    from storyline.options import StoryOptions
    from storyline.stories.online import OnlineClusterer

    day = 86400.0

    def joins(gap_days: float) -> bool:
        clusterer = OnlineClusterer(StoryOptions(threshold=0.3, margin=0.0, half_life_days=7.0, window_days=None))
        clusterer.add(["a"], {"x": 1.0}, 1, 0.0, 0.0)
        clusterer.add(["b"], unit(x=0.45), 1, gap_days * day, gap_days * day)  # cosine 0.45 with story a
        return story_of(clusterer.flush(), "b") == ["a", "b"]

    # 0.45 x fade(gap) >= 0.3 while fade >= 2/3: up to 7 x sqrt(log2(1.5)) = 5.3 days.
    assert joins(1) and joins(5) and not joins(6)


def test_fragments_merge_when_an_article_links_them():
    from storyline.options import StoryOptions
    from storyline.stories.online import OnlineClusterer

    clusterer2 = OnlineClusterer(StoryOptions(threshold=0.45, margin=0.0, window_days=None, half_life_days=None))
    clusterer2.add(["a"], unit(a=0.9))
    clusterer2.add(["b"], unit(b=0.9))
    assert len(clusterer2.active) == 2  # two fragments, at cosine 0.19 (through the filler z)
    clusterer2.add(["link"], unit(a=0.62, b=0.6))  # joins a (0.78); a + link is now at 0.475 from b
    (story,) = clusterer2.flush()
    assert sorted(story.members) == ["a", "b", "link"] and story.number == 1 and clusterer2.merges == 1
    off = OnlineClusterer(StoryOptions(threshold=0.45, margin=0.0, window_days=None, half_life_days=None, merge=False))
    for name, vector in (("a", unit(a=0.9)), ("b", unit(b=0.9)), ("link", unit(a=0.62, b=0.6))):
        off.add([name], vector)
    assert len(off.flush()) == 2


def test_names_and_dates_are_read_from_cased_text():
    from storyline.stories.features import date_counts, name_counts

    text = (
        "VARNHOLM, March 3 (Veltrian Press Agency) - Police arrested Jonas Marchetti on Tuesday. "
        "Marchetti works for the Port Authority. The arrest follows a raid on 14 February 2026 and a report on 2025-12-01."
    )
    names = name_counts(text)
    # The dateline's place, names inside sentences, a sentence-initial name the article also has inside one;
    # not the agency, not sentence-initial common words, not calendar words.
    assert names == {"@varnholm": 1, "@jonas": 1, "@marchetti": 2, "@port": 1, "@authority": 1}
    when = datetime_from(2026, 3, 5)  # a Thursday
    assert date_counts(text, when) == {"#2026-03-03": 2, "#2026-02-14": 1, "#2025-12-01": 1}  # Tuesday = March 3
    assert date_counts(text, None) == {"#03-03": 1, "#2026-02-14": 1, "#2025-12-01": 1}  # no weekdays undated
    assert name_counts("the mayor said on monday that the council would meet.") == {}  # lower-cased text: none


def test_names_separate_what_the_words_confuse():
    from storyline.options import FeatureOptions

    # Two wire follow-ups of one story in different words; same-template stories about other towns around them.
    other = [
        f"Officials in {town} said the new bridge over the river would open next spring after repairs to the road."
        for town in ("Ashby", "Glenrock", "Holloway", "Eastwick", "Dunhollow", "Farrowdale")
    ]
    first = (
        "Rescue teams searched the snowy hills above Trelwick for Katya Lindqvist, an experienced climber who set out "
        "alone along the northern ridge and failed to return to her cabin, her worried family said."
    )
    second = (
        "Helicopters with thermal cameras joined hundreds of volunteers combing forests and gorges near Trelwick for "
        "Katya Lindqvist, as fading hopes and freezing temperatures made conditions for the search grim."
    )
    from storyline.stories.core import StoryDetector, as_article

    def cosines(options: StoryOptions) -> tuple[float, float]:
        detector = StoryDetector(options)
        vectors = [detector.vector(as_article(article(f"o{i}", text))) for i, text in enumerate(other)]
        u, v = (detector.vector(as_article(article(n, t))) for n, t in (("first", first), ("second", second)))
        dot = detector.clusterer._dot
        return dot(u, v, u.keys() & v.keys()), dot(vectors[0], vectors[1], vectors[0].keys() & vectors[1].keys())

    same_words, other_words = cosines(StoryOptions(features=FeatureOptions(name_weight=0.0, date_weight=0.0)))
    same_names, other_names = cosines(StoryOptions())
    # Names (weight 1.5, counting at most twice the words) keep most of the link of articles that share them
    # and cut the link of same-template articles whose names differ.
    assert same_names > 0.8 * same_words and other_names < 0.5 * other_words
    # Uncapped, shared names would raise the link far above the words' (and link the mayor's two stories).
    uncapped, _ = cosines(StoryOptions(corroborate=None))
    assert uncapped > 3 * same_words
    # Names confirm what the words link, they cannot link alone: the same mayor in two stories stays apart
    # (test_same_mayor_same_town_different_stories_stay_apart), and without the cap they would not.
    only = [article(f"l{i}", t) for i, t in enumerate(MAYOR_LIBRARY)] + [article(f"c{i}", t) for i, t in enumerate(MAYOR_CRASH)]
    uncapped = groups(detect_stories(only, StoryOptions(corroborate=None, features=FeatureOptions(name_weight=1.5))))
    assert ["c0", "c1"] not in uncapped


@pytest.mark.parametrize("partition", [1, 4, 20])
def test_every_article_once_local_and_partitioned(partition):
    articles, gold = stream()
    feed = [*articles[:3], article("blank", "  "), *articles[3:9], article("page", FURNITURE_PAGE), *articles[9:]]
    local = list(detect_stories(feed, StoryOptions(reorder=0)))
    ids = [a.id for s in local for a in s.members]
    assert sorted(ids) == sorted(a["id"] for a in feed)
    assert sorted(s.members[0].id for s in local if s.empty) == ["blank", "page"]
    numbers = [s.number for s in local]
    assert len(set(numbers)) == len(numbers)  # an empty story takes a number of its own, in arrival order
    assert [s.members[0].id for s in sorted(local, key=lambda s: s.number) if s.empty] == ["blank", "page"]
    from storyline.stories.core import as_article

    items = [as_article(a, i) for i, a in enumerate(feed)]
    merged = detect_partitioned(items, StoryOptions(reorder=0), _in_process, 2, partition=partition, warmup=4)
    assert sorted((s.id, s.empty, [a.id for a in s.members]) for s in merged) == sorted(
        (s.id, s.empty, [a.id for a in s.members]) for s in local
    )
