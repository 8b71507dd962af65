"""What a new user meets first, through the real console script: clean stdout, clear refusals,
honest source lists (issue 10)."""

from __future__ import annotations

import importlib.metadata
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ARTICLE_A, ARTICLE_B, ARTICLE_C, write_jsonl

STORYLINE = str(Path(sys.executable).with_name("storyline"))  # the console script pip installed


def storyline(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([STORYLINE, *args], input=stdin, capture_output=True, text=True, cwd=cwd, timeout=180)


_NAMES = ["Harwick", "Delmont", "Orsay", "Kelby", "Marrow", "Tenby", "Ashcombe", "Lindqvist", "Porter", "Navarro"]
_NOUNS = ["council", "ferry", "harbour", "bridge", "inquiry", "budget", "storm", "port", "union", "court", "school", "hospital"]
_VERBS = ["approved", "delayed", "rejected", "reviewed", "funded", "questioned", "inspected", "closed", "reopened", "expanded"]
_TAILS = ["after a long debate", "on Tuesday morning", "despite protests", "within the week", "for the first time",
          "under new rules", "with cross-party support", "ahead of the winter", "at a cost of 3 million pounds"]


def generated_cluster(documents: int, sentences: int, seed: int = 7) -> list[str]:
    """Articles of plain, complete, varied sentences that share vocabulary (a story, roughly)."""
    rng = random.Random(seed)
    articles = []
    for _ in range(documents):
        lines = []
        for _ in range(sentences):
            lines.append(
                f"The {rng.choice(_NOUNS)} in {rng.choice(_NAMES)} {rng.choice(_VERBS)} the plan for the "
                f"{rng.choice(_NOUNS)} {rng.choice(_TAILS)}, officials said."
            )
        articles.append("\n\n".join(lines) + "\n")
    return articles


def write_articles(folder: Path, articles: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(articles, 1):
        (folder / f"outlet-{i}.txt").write_text(text, encoding="utf-8")
    return folder


# --- the solver banner ------------------------------------------------------------------------


def test_exact_solver_prints_nothing_on_stdout_of_a_large_cluster(tmp_path):
    # 6 x 25 = 150 sentences and 60 words: "auto" takes the exact solver (100+ sentences).
    folder = write_articles(tmp_path / "big", generated_cluster(6, 25))
    result = storyline("brief", str(folder), "--words", "60", "--format", "json", "--no-analysis")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)  # any banner line before or inside it fails here
    assert data["summary"] and data["settings"]["solver"] == "auto"
    assert "HiGHS" not in result.stdout + result.stderr


def test_ilp_on_a_small_cluster_gives_only_the_brief(tmp_path):
    folder = tmp_path / "small"
    folder.mkdir()
    for name, text in (("a.txt", ARTICLE_A), ("b.txt", ARTICLE_B), ("c.txt", ARTICLE_C)):
        (folder / name).write_text(text, encoding="utf-8")
    as_json = storyline("brief", str(folder), "--solver", "ilp", "--format", "json", "--words", "60")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout)["settings"]["solver"] == "ilp"
    text = storyline("brief", str(folder), "--solver", "ilp", "--words", "60")
    assert text.returncode == 0, text.stderr
    summary, sources = text.stdout.split("\nSources:\n")
    lines = summary.splitlines()
    assert lines and all(line.rstrip().endswith("]") for line in lines), text.stdout  # summary lines only
    assert [line[:3] for line in sources.splitlines()] == ["[1]", "[2]", "[3]"]


def test_library_exact_solver_writes_nothing_to_stdout(tmp_path):
    code = (
        "from storyline import brief, Document\n"
        "import sys\n"
        f"docs = [Document(f'd{{i}}', t) for i, t in enumerate({generated_cluster(4, 30)!r})]\n"
        "brief(docs, words=50, solver='ilp', analysis=False)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


# --- wrong output -----------------------------------------------------------------------------

TRANSCRIPT = (
    "ANCHOR: Good evening.\n\n"
    "ANCHOR: The ferry Morning Star ran aground near Port Ellis on Tuesday morning in thick fog, the harbour authority said.\n\n"
    "REPORTER: Lifeboat crews took all 42 passengers ashore within two hours of the ferry running aground.\n\n"
    "\"Nobody came. We waited on the deck for an hour before the first boat,\" one passenger said.\n"
)
WIRE = (
    "The ferry Morning Star ran aground near Port Ellis on Tuesday morning in thick fog, the harbour authority said.\n\n"
    "Lifeboat crews took all 42 passengers ashore within two hours, the coastguard said on Tuesday.\n\n"
    "An inquiry will look at why the ferry left Kelby despite a fog warning issued on Monday.\n"
)


@pytest.mark.parametrize("words", ["5", "12"])
def test_short_budget_keeps_the_readability_rules(tmp_path, words):
    (tmp_path / "radio.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    result = storyline("brief", str(tmp_path), "--words", words)
    # No readable sentence is that short: the documented error, not a speaker label or a broken quotation.
    assert result.returncode == 1, result.stdout
    assert result.stdout == ""
    assert f"storyline: error: no sentence fits in {words} words (the shortest has 15); ask for more words" in result.stderr
    assert "Traceback" not in result.stderr
    ok = storyline("brief", str(tmp_path), "--words", "20")
    assert ok.returncode == 0, ok.stderr
    summary = ok.stdout.split("\nSources:\n")[0]
    assert summary and "ANCHOR" not in summary and "Nobody came" not in summary


def test_an_undated_article_is_listed_without_a_date(tmp_path):
    clusters = write_jsonl(tmp_path / "c.jsonl", [{"id": "c1", "documents": [
        {"id": "dated-1", "date": "2015-12-10", "text": ARTICLE_A},
        {"id": "dated-2", "date": "2015-12-10", "text": ARTICLE_B},
        {"id": "undated", "text": ARTICLE_C},
    ]}])
    result = storyline("brief", "--jsonl", str(clusters), "--format", "json", "--no-analysis")
    assert result.returncode == 0, result.stderr
    dates = {d["id"]: d["date"] for d in json.loads(result.stdout)["documents"]}
    assert dates == {"dated-1": "2015-12-10", "dated-2": "2015-12-10", "undated": None}
    text = storyline("brief", "--jsonl", str(clusters))
    undated = [line for line in text.stdout.splitlines() if line.startswith("[3]")]
    assert undated and "2015" not in undated[0], text.stdout


def test_plain_text_headline_is_the_title_and_names_the_html_page(tmp_path):
    (tmp_path / "wire.txt").write_text("Ferry runs aground in fog off Port Ellis\n\n" + WIRE, encoding="utf-8")
    (tmp_path / "radio.txt").write_text(TRANSCRIPT, encoding="utf-8")  # first line is a sentence: no title
    result = storyline("brief", str(tmp_path), "--format", "json", "--no-analysis")
    assert result.returncode == 0, result.stderr
    titles = {d["id"]: d["title"] for d in json.loads(result.stdout)["documents"]}
    assert titles == {"radio.txt": None, "wire.txt": "Ferry runs aground in fog off Port Ellis"}
    page = storyline("brief", str(tmp_path), "--format", "html", "--no-analysis")
    assert "<title>Ferry runs aground in fog off Port Ellis — storyline brief</title>" in page.stdout
    # Without any headline the page is named by the summary's first sentence (escaped).
    (tmp_path / "wire.txt").write_text(WIRE.replace("Morning Star", "<Morning Star>"), encoding="utf-8")
    page = storyline("brief", str(tmp_path), "--format", "html", "--no-analysis")
    title = page.stdout.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("The ferry &lt;Morning Star&gt; ran aground") and title.endswith(" — storyline brief")


# --- inputs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, fragment",
    [
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "report.pdf: unsupported file type (.pdf)"),
        ("report.docx", b"PK\x03\x04\x14\x00", "report.docx: unsupported file type (.docx)"),
        ("renamed.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "renamed.txt: unsupported file type (PDF; binary)"),
        ("noext", b"%PDF-1.7\n1 0 obj", "noext: unsupported file type (PDF; binary)"),
    ],
)
def test_binary_and_unsupported_files_are_refused_like_the_server_does(tmp_path, name, data, fragment):
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    result = storyline("brief", str(tmp_path / "wire.txt"), str(tmp_path / name))
    assert result.returncode == 1 and result.stdout == ""
    assert fragment in result.stderr and "give .txt, .md or .html articles" in result.stderr, result.stderr
    assert "read as plain text" not in result.stderr and "Traceback" not in result.stderr


def test_a_directory_says_which_files_it_skipped(tmp_path):
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "radio.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7\n1 0 obj")
    result = storyline("brief", str(tmp_path), "--no-analysis")
    assert result.returncode == 0, result.stderr
    assert f"storyline: warning: {tmp_path}: skipped 1 file of unsupported type: report.pdf" in result.stderr
    assert result.stdout.count("\n[") == 2  # two sources


def test_jsonl_id_only_fails_on_its_own_line(tmp_path):
    good = {"id": "wanted", "documents": [{"id": "a", "text": ARTICLE_A}, {"id": "b", "text": ARTICLE_B}]}
    path = tmp_path / "clusters.jsonl"
    path.write_text(
        '{"id": "other", "documents": [\n'  # line 1: torn
        + json.dumps(good) + "\n"
        + '{"id": "broken", "documents": "\x01"}\n'
        + '{"id": "mangled", "documents": [{"text": "a\tb\x02"}]\n',
        encoding="utf-8",
    )
    result = storyline("brief", "--jsonl", str(path), "--id", "wanted")
    assert result.returncode == 0, result.stderr
    assert "Sources:" in result.stdout
    assert f"{path}:1: not valid JSON" in result.stderr and "skipped (not cluster 'wanted')" in result.stderr
    # X's own line broken: an error naming it, with the JSON problem said once ("at column", not "at at").
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(good) + "\n" + '{"id": "x", "documents": ["a\x01b"]}\n', encoding="utf-8")
    result = storyline("brief", "--jsonl", str(bad), "--id", "x")
    assert result.returncode == 1
    assert f"{bad}:2: not valid JSON (Invalid control character" in result.stderr and " at at " not in result.stderr
    # The id is not there: the count agrees in number.
    one = write_jsonl(tmp_path / "one.jsonl", [good])
    result = storyline("brief", "--jsonl", str(one), "--id", "nope")
    assert "(the file has 1 cluster)" in result.stderr, result.stderr


def test_per_article_word_limit_is_documented_and_can_be_raised(tmp_path):
    from storyline import BriefOptions, Document, InputError, brief
    from storyline.serve.limits import Limits

    assert Limits().max_document_words == BriefOptions().max_document_words == 20_000  # one number for both
    long = tmp_path / "dump.txt"
    long.write_text(("The harbour log records one more routine entry for the day. " * 2000) + "\n", encoding="utf-8")
    result = storyline("brief", str(long), "--no-analysis")
    assert result.returncode == 1 and result.stdout == ""
    assert "document 'dump.txt' has 22,000 words, more than max_document_words = 20,000" in result.stderr
    assert "--max-document-words" in result.stderr
    raised = storyline("brief", str(long), "--no-analysis", "--max-document-words", "30000", "--words", "20")
    assert raised.returncode == 0, raised.stderr
    with pytest.raises(InputError, match="max_document_words"):
        brief([Document("dump", long.read_text())], analysis=False)
    raised = BriefOptions(max_document_words=30_000)
    assert brief([Document("dump", long.read_text())], words=20, analysis=False, options=raised).summary
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "--max-document-words" in readme and "20,000" in readme


# --- batch ------------------------------------------------------------------------------------


def test_batch_resume_names_the_option_that_differs(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "c1", "documents": [ARTICLE_A, ARTICLE_B]},
        {"id": "c2", "documents": [{"text": "x"}]},  # no sentences: one error line
    ])
    out = tmp_path / "out.jsonl"
    first = storyline("batch", str(source), str(out), "--analysis")
    assert first.returncode == 0, first.stderr
    assert "(2 new, 1 error)" in first.stderr and "1 cluster could not be summarized; its line holds" in first.stderr
    again = storyline("batch", str(source), str(out), "--resume", "--no-analysis")
    assert again.returncode == 1
    assert "was written with --analysis (this run: --no-analysis); resume with the same options" in again.stderr
    assert "--words" not in again.stderr


def test_batch_resume_names_a_non_default_option_the_state_file_records(tmp_path):
    from storyline import BriefOptions, StorylineError, batch

    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "c1", "documents": [ARTICLE_A, ARTICLE_B]}])
    out = tmp_path / "out.jsonl"
    batch.run_batch(source, out, workers=1, options=BriefOptions(analysis=False, solver="greedy", keep_all=True))
    with pytest.raises(StorylineError) as refused:
        batch.run_batch(source, out, workers=1, analysis=False, resume=True)
    message = str(refused.value)
    assert "written with --solver greedy (this run: --solver auto); --keep-all (this run: no --keep-all)" in message
    assert "--words" not in message and "analysis" not in message
    # The same options resume (a finished OUT: nothing left to do).
    again = batch.run_batch(source, out, workers=1, resume=True, options=BriefOptions(analysis=False, solver="greedy", keep_all=True))
    assert again.lines == 1 and again.resumed == 1


def test_batch_runs_a_short_input_in_process_and_reports_every_cluster(tmp_path):
    from storyline import batch

    clusters = [{"id": f"c{i}", "documents": [ARTICLE_A, ARTICLE_B, ARTICLE_C]} for i in range(20)]
    source = write_jsonl(tmp_path / "in.jsonl", clusters)
    assert batch.planned_workers(20) == 1 and batch.planned_workers(20, analysis=False) == 1
    assert batch.planned_workers(None) == batch.default_workers()
    assert batch.planned_workers(10_000, analysis=False) == batch.default_workers()
    seen: list[int] = []
    result = batch.run_batch(source, tmp_path / "out.jsonl", analysis=False, progress=lambda done, total: seen.append(done))
    assert result.lines == 20
    assert seen == list(range(21))  # the bar moves with every cluster, from 0 to 20
    # With worker processes too, a short input is cut small enough for the bar to move on.
    seen.clear()
    batch.run_batch(source, tmp_path / "out2.jsonl", workers=2, analysis=False, progress=lambda done, total: seen.append(done))
    assert seen[0] == 0 and seen[-1] == 20 and len(seen) >= 11
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "out2.jsonl").read_bytes()


def test_max_body_mb_counts_decimal_megabytes(tmp_path):
    from test_serve_api import Server, httpx

    server = Server(tmp_path / "server.log", "--workers", "1", "--max-body-mb", "1.5")
    try:
        limits = httpx.get(server.url + "/api/health", timeout=10).json()["limits"]
        assert limits["max_body_bytes"] == 1_500_000
        just_over = {"documents": [{"text": "word " * 300_000}]}  # 1.5 MB of words < 1.5 MiB
        response = httpx.post(server.url + "/api/briefs", json=just_over, timeout=60)
        assert response.status_code == 413, response.text
        assert "HiGHS" not in server.log()
    finally:
        server.stop()


# --- start-up ---------------------------------------------------------------------------------


HEAVY = ("numpy", "highspy", "spacy", "trafilatura", "rich", "dateutil.parser")


def test_brief_no_analysis_imports_only_what_it_needs(tmp_path):
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    code = (
        "import sys\n"
        f"sys.argv = ['storyline', 'brief', {str(tmp_path / 'wire.txt')!r}, '--no-analysis']\n"
        "from storyline.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"heavy = {HEAVY + ('pydantic',)!r}\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.startswith("The ferry"), result.stderr
    # typer 0.29+ validates every non-flag option with pydantic, so the command itself loads it;
    # storyline's own modules must not (checked without typer below).
    typer_loads_pydantic = any(r.startswith("pydantic") for r in importlib.metadata.requires("typer") or ())
    expected = ["pydantic"] if typer_loads_pydantic else []
    assert result.stderr.strip().splitlines()[-1] == repr(expected)
    code = (
        "import sys\nimport storyline\nfrom storyline.render import render\n"
        f"render(storyline.brief({str(tmp_path / 'wire.txt')!r}, analysis=False), 'text')\n"
        f"heavy = {HEAVY + ('pydantic',)!r}\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"
    # `storyline --help` does not even load the pipeline.
    code = "import sys\nimport storyline.cli\nprint('storyline.api' in sys.modules, 'storyline.prepare' in sys.modules)\n"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split() == ["False", "False"]
