"""``storyline batch``: exact-once ordered output, resume after kill -9 / Ctrl-C, engines agree, .gz and stdin.

The clusters are fictional stories written for these tests (three outlets each, varied per cluster).
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline import batch

TOWNS = ["Ashby", "Brackwater", "Colmere", "Dunhollow", "Eastwick", "Farrowdale", "Glenrock", "Holloway", "Ivybridge"]
RIVERS = ["Lune", "Wenning", "Calder", "Ribble", "Hodder", "Irwell", "Tame"]
PEOPLE = ["Maria Hughes", "Tom Okafor", "Priya Nair", "Owen Price", "Lena Brandt", "Ade Bello"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

WIRE = """{town} council approves new footbridge over the {river}

{TOWN} (Valley Wire) - The {town} town council on {day} approved a new footbridge over the river {river}, ending {years} years of debate about how to link the two halves of the old town.

The bridge will cost {cost} million pounds and is due to open in the spring of {year}, the council said in a statement.

"This is a great day for {town}," said council leader {person}. "People have waited far too long for this crossing."

Opponents said the money would be better spent on repairing roads, and a petition against the plan gathered {signatures} signatures.
"""

PAPER = """The {town} town council on {day} approved a new footbridge over the river {river}, ending {years} years of debate about how to link the two halves of the old town.

The crossing will cost {cost2} million pounds according to figures seen by the {town} Courier, and it is due to open in {year}.

Construction crews are expected to start work on the riverbanks in early autumn, once the salmon season on the {river} has ended.

Council leader {person} said the vote was a great day for the town and thanked residents for their patience.
"""

BLOG = """Cyclists in {town} welcomed the approval of a new footbridge over the {river} on {day}.

A local cycling group said the bridge would cut many commutes by {minutes} minutes and make the riverside path safer for children.

The group had campaigned for the crossing since {since} and collected letters of support from {schools} local schools.

Some shop owners on the east bank worry that the building work will keep customers away for most of a year.
"""


def make_cluster(i: int) -> dict:
    """A fictional three-outlet story, different for every ``i``."""
    town = TOWNS[i % len(TOWNS)]
    values = {
        "town": town, "TOWN": town.upper(), "river": RIVERS[i % len(RIVERS)], "person": PEOPLE[i % len(PEOPLE)],
        "day": DAYS[i % len(DAYS)], "years": 5 + i % 11, "cost": 8 + i % 9, "cost2": 9 + i % 7, "year": 2027 + i % 4,
        "signatures": 1000 + 37 * i, "minutes": 5 + i % 13, "since": 2010 + i % 12, "schools": 2 + i % 6,
    }
    return {
        "id": f"story-{i:04d}",
        "documents": [
            {"id": "valley-wire", "title": f"{town} footbridge approved", "date": f"2026-03-{1 + i % 28:02d}", "text": WIRE.format(**values)},
            {"id": "courier", "title": None, "date": None, "text": PAPER.format(**values)},
            {"id": "cycling-blog", "title": None, "date": None, "text": BLOG.format(**values)},
        ],
        "references": [],
    }


def jsonl(clusters: list) -> str:
    return "".join((c if isinstance(c, str) else json.dumps(c)) + "\n" for c in clusters)


def run(*args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "storyline", "batch", *args], input=stdin, capture_output=True, text=True, timeout=timeout
    )


def out_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n")[:-1]]


MIXED = [
    make_cluster(0),
    "this line is not JSON at all",
    make_cluster(1),
    "",  # blank line
    {"id": "no-docs", "references": []},
    "   \t",  # whitespace only
    {"id": "empty", "documents": [{"id": "a", "text": ""}, {"id": "b", "text": "   "}]},
    ["a", "JSON", "array"],
    {k: v for k, v in make_cluster(2).items() if k != "id"},  # no id
    {"id": 42, "documents": [{"id": "x", "text": "One short article, one sentence."}]},  # id becomes "42"
    make_cluster(3),
    '{"id": "torn", "documents": [{"id": "a", "te',
    make_cluster(4),
]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("mixed") / "mixed.jsonl"
    path.write_text(jsonl(MIXED), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> tuple[Path, Path]:
    """A long input (with a few bad lines) and its output from the in-process engine."""
    folder = tmp_path_factory.mktemp("many")
    clusters: list = [make_cluster(i) for i in range(1500)]
    clusters[100] = "{not json"
    clusters[700] = ""
    source = folder / "many.jsonl"
    source.write_text(jsonl(clusters), encoding="utf-8")
    reference = folder / "reference.jsonl"
    batch.run_batch(source, reference, workers=1, analysis=False)
    return source, reference


def test_every_line_answered_once_in_order(mixed, tmp_path):
    out = tmp_path / "out.jsonl"
    result = batch.run_batch(mixed, out, workers=1, analysis=False)
    records = out_lines(out)
    assert result.lines == len(records) == len(MIXED)
    ids = [r["id"] for r in records]
    assert ids == ["story-0000", 2, "story-0001", 4, "no-docs", 6, "empty", 8, 9, "42", "story-0003", 12, "story-0004"]
    errors = {r["id"]: r["error"] for r in records if "error" in r}
    assert set(errors) == {2, 4, "no-docs", 6, "empty", 8, 12}
    assert result.errors == len(errors)
    assert errors[2].startswith("line 2: not valid JSON")
    assert errors[4] == errors[6].replace("6", "4") == "line 4: blank line"
    assert "documents" in errors["no-docs"] and "no documents with text" in errors["empty"]
    assert "expected a JSON object" in errors[8] and errors[12].startswith("line 12: not valid JSON")
    for r in records:
        assert set(r) in ({"id", "error"}, {"id", "summary", "brief"})
        if "summary" in r:
            assert r["summary"] == "\n".join(s["text"] for s in r["brief"]["summary"])
            assert r["summary"] and "elapsed_ms" not in r["brief"]["settings"]
            assert r["brief"]["settings"]["words"] == 100
            assert r["brief"]["settings"]["analysis"] is False
    assert "footbridge" in records[0]["summary"]
    state = json.loads(batch.state_path(out).read_text())
    assert state["finished"] and state["lines"] == len(MIXED) and state["options"] == {"words": 100, "analysis": False}


def test_lone_surrogate_and_unicode_survive(tmp_path):
    cluster = make_cluster(5)
    cluster["id"] = "caf\u00e9-\ud800"
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(cluster) + "\n", encoding="utf-8")  # json.dumps escapes the surrogate
    out = tmp_path / "out.jsonl"
    batch.run_batch(source, out, workers=1, analysis=False)
    (record,) = out_lines(out)
    assert record["id"] == "caf\u00e9-\ud800" and record["summary"]


def test_cli_pool_gz_and_stdin_give_the_same_bytes(mixed, tmp_path):
    reference = tmp_path / "reference.jsonl"
    batch.run_batch(mixed, reference, workers=1, analysis=False)
    gz = tmp_path / "mixed.jsonl.gz"
    gz.write_bytes(gzip.compress(mixed.read_bytes()))

    out = tmp_path / "out.jsonl"
    result = run(str(gz), str(out), "--workers", "2", "--no-analysis")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert f"{len(MIXED)} lines in {out}" in result.stderr and "7 errors" in result.stderr
    assert out.read_bytes() == reference.read_bytes()

    piped = tmp_path / "piped.jsonl"
    result = run("-", str(piped), "--workers", "1", "--no-analysis", stdin=mixed.read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    assert piped.read_bytes() == reference.read_bytes()


def _children(pid: int) -> list[int]:
    psutil = pytest.importorskip("psutil")
    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _wait_for_lines(out: Path, count: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if out.exists() and out.read_bytes().count(b"\n") >= count:
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    raise AssertionError(f"{out} did not reach {count} lines")


@pytest.mark.parametrize("how", ["kill-9", "ctrl-c", "worker-killed"])
def test_stopped_run_resumes_exactly_once(many, tmp_path, how):
    source, reference = many
    out = tmp_path / "out.jsonl"
    args = [sys.executable, "-m", "storyline", "batch", str(source), str(out), "--workers", "2", "--no-analysis"]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for_lines(out, 100, process)
    children = _children(process.pid)
    if how == "worker-killed":  # a lost worker: the run stops with one error line, OUT consistent
        # Pool workers are started by multiprocessing's spawn_main (not the resource tracker).
        workers = [pid for pid in children if "spawn_main" in " ".join(_cmdline(pid))]
        assert workers, [(pid, _cmdline(pid)) for pid in children]
        os.kill(workers[0], signal.SIGKILL)
    else:
        process.send_signal(signal.SIGKILL if how == "kill-9" else signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    written = out.read_bytes().count(b"\n")
    assert 100 <= written < 1500, "the run should have been stopped in the middle"
    if how == "kill-9":
        assert process.returncode == -signal.SIGKILL
        deadline = time.monotonic() + 10  # pool workers notice that their parent died and exit
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in children), "worker processes outlived a killed run"
    elif how == "ctrl-c":
        assert process.returncode == 130, stderr
        assert "rerun with --resume" in stderr and "Traceback" not in stderr
    else:
        assert process.returncode == 1 and "BrokenProcessPool" in stderr and "rerun with --resume" in stderr
        assert "Traceback" not in stderr

    if how == "kill-9":
        again = run(str(source), str(out), "--workers", "2", "--no-analysis")  # forgot --resume: refused, OUT kept
        assert again.returncode == 1 and "--resume" in again.stderr
        assert out.read_bytes().count(b"\n") == written

    resumed = run(str(source), str(out), "--workers", "2", "--no-analysis", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_bytes() == reference.read_bytes()


def _cmdline(pid: int) -> list[str]:
    psutil = pytest.importorskip("psutil")
    try:
        return psutil.Process(pid).cmdline()
    except psutil.NoSuchProcess:
        return []


def _alive(pid: int) -> bool:
    psutil = pytest.importorskip("psutil")
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_torn_last_line_is_cut_and_redone(many, tmp_path):
    source, reference = many
    data = reference.read_bytes()
    out = tmp_path / "out.jsonl"
    cut = data.index(b"\n", len(data) // 3) + 1
    out.write_bytes(data[: cut + 57])  # 57 bytes of the next line: a write torn by a kill
    state = {"storyline": "0", "input": str(source), "options": {"words": 100, "analysis": False}, "finished": False}
    batch.state_path(out).write_text(json.dumps(state))
    result = batch.run_batch(source, out, workers=1, analysis=False, resume=True)
    assert result.resumed == data[:cut].count(b"\n")
    assert out.read_bytes() == data
    # Resuming a finished run is a no-op; a finished OUT may be rewritten from scratch.
    assert batch.run_batch(source, out, workers=1, analysis=False, resume=True).lines == 1500
    assert out.read_bytes() == data


def test_resume_guards(many, mixed, tmp_path):
    source, reference = many
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(reference.read_bytes().splitlines(keepends=True)[:300]))
    state = {"storyline": "0", "input": "x", "options": {"words": 100, "analysis": False}, "finished": False}
    batch.state_path(out).write_text(json.dumps(state))

    with pytest.raises(batch.StorylineError, match=r"written with --words 100 \(this run: --words 60\); resume with the same options"):
        batch.run_batch(source, out, words=60, workers=1, analysis=False, resume=True)
    with pytest.raises(batch.StorylineError, match="written from another input"):
        batch.run_batch(mixed, out, workers=1, analysis=False, resume=True)  # fewer lines than OUT
    short = tmp_path / "short.jsonl"
    short.write_text("".join(json.dumps(make_cluster(9000 + i)) + "\n" for i in range(400)), encoding="utf-8")
    with pytest.raises(batch.StorylineError, match="answers cluster 'story-0299', but input line 300 is 'story-9299'"):
        batch.run_batch(short, out, workers=1, analysis=False, resume=True)
    batch.state_path(out).unlink()
    with pytest.raises(batch.StorylineError, match="cannot resume"):
        batch.run_batch(source, out, workers=1, analysis=False, resume=True)
    with pytest.raises(batch.StorylineError, match="must not be the input"):
        batch.run_batch(source, source, workers=1)
    assert out.read_bytes().count(b"\n") == 300  # nothing above touched OUT


def test_dask_engine_writes_the_same_bytes(mixed, tmp_path):
    pytest.importorskip("distributed")
    reference = tmp_path / "reference.jsonl"
    batch.run_batch(mixed, reference, workers=1, analysis=False)

    # A LocalCluster of two worker processes, started by the command.
    out = tmp_path / "dask.jsonl"
    result = run(str(mixed), str(out), "--engine", "dask", "--workers", "2", "--no-analysis")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == reference.read_bytes()

    # An existing scheduler, as on a multi-machine cluster (here its worker is a thread of this process).
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp://", dashboard_address=None) as cluster:
        remote = tmp_path / "remote.jsonl"
        result = run(str(mixed), str(remote), "--engine", "dask", "--scheduler", cluster.scheduler_address, "--no-analysis")
        assert result.returncode == 0, result.stderr
        assert remote.read_bytes() == reference.read_bytes()


def test_usage_errors(mixed, tmp_path):
    out = str(tmp_path / "out.jsonl")
    result = run(str(mixed), out, "--engine", "spark")
    assert result.returncode == 2 and "spark" in result.stderr
    for args, fragment in [
        ((str(mixed), out, "--scheduler", "tcp://127.0.0.1:1"), "--scheduler needs --engine dask"),
        ((str(tmp_path / "missing.jsonl"), out), "no such file"),
        ((str(mixed), str(tmp_path / "nowhere" / "out.jsonl")), "does not exist"),
    ]:
        result = run(*args)
        assert result.returncode == 1 and fragment in result.stderr, result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_plain_progress_lines(capsys):
    progress = batch.Progress(every=0.0)  # stderr is captured: not a terminal
    progress(0, 200)
    time.sleep(0.01)
    progress(50, 200)
    progress(200, 200)
    progress.close()
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("storyline: batch: 50/200 (25%) clusters,") and "/s, ETA 0:00:" in lines[0]
    assert lines[-1].startswith("storyline: batch: 200/200 (100%) clusters")




def test_a_pool_that_breaks_between_chunks_stops_with_the_resume_message(tmp_path):
    # A worker lost while the next chunk is submitted: the pool refuses the submit itself.
    from concurrent.futures.process import BrokenProcessPool

    from storyline.options import BriefOptions

    submitted = []

    def submit(fn, *args):
        if len(submitted) == 2:
            raise BrokenProcessPool("a child process terminated abruptly")
        submitted.append(args[0])
        return batch._in_process(fn, *args)

    chunks = batch._chunks(iter(["", "", "", ""]), 1, 1)
    written = []
    with pytest.raises(batch.StorylineError, match=r"lines 3-3: BrokenProcessPool: .*rerun with --resume"):
        for (data, count, _), _lines in batch._in_order(submit, 4, chunks, BriefOptions(analysis=False), tmp_path / "out"):
            written.append(count)
    assert submitted == [1, 2] and written == [1, 1]  # the chunks already out are written, in order
