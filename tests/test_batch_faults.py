"""Faults that must lose nothing (issue 17), through the real console script: corrupted lines, "\\r" and
U+2028 inside lines, JSON the parser refuses, kill -9 and resume, a changed input on resume, and a full
disk (an injected ENOSPC) at the state file's writes. Also: every shell's briefs have unique source ids."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_batch import make_cluster

STORYLINE = [sys.executable, "-m", "storyline"]

SHORT = {"id": "x", "text": "The Ashby ferry ran aground on Monday. All 40 passengers were taken ashore by lifeboat crews."}


def cluster_line(i: int) -> str:
    return json.dumps(make_cluster(i), ensure_ascii=False)


def hostile_lines() -> list[str]:
    """One input line each (none holds a "\\n"), and the id its output line must carry."""
    carriage = cluster_line(1).replace('"documents":', '\r"documents":\r', 1)  # legal JSON whitespace
    separator = json.dumps(make_cluster(2), ensure_ascii=False).replace("approved a new", "approved\u2028a new\u2029", 1)
    return [
        cluster_line(0),
        carriage,
        separator,
        '{"id": "torn", "documents": [{"id": "a", "te',
        "\x00\x01binary\udcff garbage",  # a byte that is not UTF-8
        '{"id": "digits", "documents": [], "n": ' + "9" * 5000 + "}",
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"id": {"nested": 1}, "documents": [SHORT]}),
        json.dumps({"id": "doc-id-object", "documents": [{"id": ["a"], "text": SHORT["text"]}]}),
        json.dumps({"id": "twins", "documents": [SHORT, SHORT, {**SHORT, "id": "x~2"}]}),
        cluster_line(3),
    ]


EXPECTED_IDS = ["story-0000", "story-0001", "story-0002", 4, 5, 6, 7, 8, "doc-id-object", "twins", "story-0003"]


def write_input(path: Path, lines: list[str]) -> Path:
    path.write_bytes("".join(line + "\n" for line in lines).encode("utf-8", "surrogateescape"))
    return path


def out_records(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data.endswith(b"\n")
    return [json.loads(line) for line in data.decode("utf-8").split("\n")[:-1]]


def batch(*args: str, runner: list[str] = STORYLINE, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*runner, "batch", *args], capture_output=True, text=True, timeout=timeout)


def test_hostile_lines_get_one_aligned_answer_each(tmp_path):
    source = write_input(tmp_path / "in.jsonl", hostile_lines())
    out = tmp_path / "out.jsonl"
    done = batch(str(source), str(out), "--workers", "1", "--no-analysis")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    records = out_records(out)
    assert [r["id"] for r in records] == EXPECTED_IDS  # line n answers line n: nothing split, nothing lost
    errors = {r["id"]: r["error"] for r in records if "error" in r}
    assert set(errors) == {4, 5, 6, 7, 8, "doc-id-object"}
    assert not any("internal error" in e for e in errors.values()), errors
    assert "number too long" in errors[6] and "nested too deeply" in errors[7]
    assert "'id' must be a string or a number" in errors[8] and "document 0: 'id'" in errors["doc-id-object"]
    assert "{'nested': 1}" not in out.read_text(encoding="utf-8")
    assert all("summary" in r for r in records if r["id"] in ("story-0001", "story-0002", "twins"))
    twins = next(r for r in records if r["id"] == "twins")["brief"]
    ids = [d["id"] for d in twins["documents"]]
    assert len(ids) == len(set(ids)) == 3, ids
    # stdin reads the same lines the same way
    piped = subprocess.run([*STORYLINE, "batch", "-", str(tmp_path / "piped.jsonl"), "--workers", "1", "--no-analysis"],
                           input=source.read_bytes(), capture_output=True, timeout=300)
    assert piped.returncode == 0, piped.stderr
    assert (tmp_path / "piped.jsonl").read_bytes() == out.read_bytes()


def test_brief_reads_lines_with_separators_and_refuses_bad_json_clearly(tmp_path):
    lines = hostile_lines()
    one = tmp_path / "one.jsonl"
    write_input(one, [lines[2]])
    for args, stdin in ((["--jsonl", str(one)], None), (["-"], one.read_bytes())):
        done = subprocess.run([*STORYLINE, "brief", *args, "--no-analysis"], input=stdin, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode()
        assert done.stdout.strip()
    for bad, fragment in ((lines[5], "number too long"), (lines[6], "nested too deeply")):
        path = write_input(tmp_path / "bad.jsonl", [bad])
        done = subprocess.run([*STORYLINE, "brief", "--jsonl", str(path)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert done.stderr.count("\n") == 1 and fragment in done.stderr, done.stderr


def test_brief_jsonl_id_and_stories_give_unique_source_ids(tmp_path):
    source = write_input(tmp_path / "in.jsonl", [line for line in hostile_lines() if "twins" in line or "story-" in line])
    done = subprocess.run([*STORYLINE, "brief", "--jsonl", str(source), "--id", "twins", "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    ids = [d["id"] for d in json.loads(done.stdout)["documents"]]
    assert len(ids) == len(set(ids)) == 3, ids
    assert "two documents are named 'x'" in done.stderr

    # A feed that repeats an article id: the story holds both articles, under two ids.
    story = make_cluster(5)["documents"]
    feed = [{**d, "id": "wire-1", "date": "2026-03-05", "source": d["id"]} for d in story]
    articles = tmp_path / "feed.jsonl"
    lines = [json.dumps(a, ensure_ascii=False) for a in feed]
    lines[1] = lines[1].replace(", ", ",\r ", 1).replace("approved a new", "approved\u2028a new", 1)  # one line still
    articles.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    clusters = tmp_path / "stories.jsonl"
    done = subprocess.run([*STORYLINE, "stories", str(articles), str(clusters)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    stories = [json.loads(line) for line in clusters.read_text(encoding="utf-8").split("\n")[:-1]]
    assert sum(len(s["documents"]) for s in stories) == 3, done.stderr  # no article lost to a "\r"
    for s in stories:
        ids = [d["id"] for d in s["documents"]]
        assert len(ids) == len(set(ids)), ids


def many_lines(count: int = 300) -> list[str]:
    lines = [cluster_line(i) for i in range(count)]
    hostile = hostile_lines()
    for k, line in enumerate(hostile[3:9]):  # corrupted lines spread through the input
        lines[20 + 40 * k] = line
    return lines


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("faults")
    source = write_input(folder / "in.jsonl", many_lines())
    out = folder / "reference.jsonl"
    done = batch(str(source), str(out), "--workers", "1", "--no-analysis")
    assert done.returncode == 0, done.stderr
    return source, out


def _kill_after(source: Path, out: Path, lines: int, *resume: str) -> int:
    process = subprocess.Popen([*STORYLINE, "batch", str(source), str(out), "--workers", "1", "--no-analysis", *resume],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if out.exists() and out.read_bytes().count(b"\n") >= lines:
            break
        assert process.poll() is None
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return out.read_bytes().count(b"\n")


def test_kill_and_resume_is_byte_identical_and_a_changed_input_is_refused(reference, tmp_path):
    source, expected = reference
    out = tmp_path / "out.jsonl"
    for at, resume in ((40, ()), (150, ("--resume",))):  # killed twice, then resumed to the end
        written = _kill_after(source, out, at, *resume)
        assert at <= written < 300, "the run should have been stopped in the middle"
    state = json.loads((tmp_path / "out.jsonl.batch.json").read_text())
    assert state["lines"] <= written and not state["finished"]

    # The same number of lines, one of the answered ones changed: refused, OUT untouched.
    changed = many_lines()
    changed[10] = cluster_line(9999)
    other = write_input(tmp_path / "changed.jsonl", changed)
    before = out.read_bytes()
    refused = batch(str(other), str(out), "--workers", "1", "--no-analysis", "--resume")
    assert refused.returncode == 1 and "have changed" in refused.stderr, refused.stderr
    assert out.read_bytes() == before

    resumed = batch(str(source), str(out), "--workers", "1", "--no-analysis", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_bytes() == expected.read_bytes()


# Runs the console script with a full disk at the Nth write of the state file (N = 0: the last one).
FULL_DISK = r"""
import errno, pathlib, sys
fail_at = int(sys.argv.pop(1))
real = pathlib.Path.write_text
calls = [0]
def write_text(self, data, *args, **kwargs):
    if self.name.endswith(".batch.json.tmp"):
        calls[0] += 1
        if calls[0] == fail_at or (fail_at == 0 and '"finished": true' in data):
            real(self, "", *args, **kwargs)  # the file is made, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
    return real(self, data, *args, **kwargs)
pathlib.Path.write_text = write_text
from storyline.cli import main
sys.argv[0] = "storyline"
main()
"""


@pytest.mark.parametrize("fail_at", [0, 4], ids=["final-state-write", "mid-run"])
def test_full_disk_is_one_line_and_resume_finishes(reference, tmp_path, fail_at):
    source, expected = reference
    out = tmp_path / "out.jsonl"
    failed = batch(str(source), str(out), "--workers", "1", "--no-analysis",
                   runner=[sys.executable, "-c", FULL_DISK, str(fail_at)])
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    error = [line for line in failed.stderr.splitlines() if "error" in line]
    assert len(error) == 1 and "No space left on device" in error[0] and "--resume" in error[0], failed.stderr
    assert not list(tmp_path.glob("*.tmp")), list(tmp_path.iterdir())
    resumed = batch(str(source), str(out), "--workers", "1", "--no-analysis", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_bytes() == expected.read_bytes()
    assert json.loads((tmp_path / "out.jsonl.batch.json").read_text())["finished"] is True
