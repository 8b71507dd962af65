"""`storyline serve`: the REST API against the real server (the CLI command in a subprocess, on a free
loopback port), plus the few failure paths that can only be provoked in-process."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx", reason="the serve tests need httpx (pip install -e '.[test]')")

import storyline
from storyline.render import to_dict
from storyline.serve.limits import Limits

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "src" / "storyline" / "data" / "brief.schema.json").read_text(encoding="utf-8"))

# --- a fictional story told by three outlets (written for these tests) -------------------------

RESCUE = [
    {
        "id": "valley-wire",
        "title": "Three climbers rescued from Carrow Peak after night on ledge",
        "date": "2025-02-11",
        "text": (
            "CARROW (Valley Wire) - Three climbers who spent the night stranded on a ledge on Carrow Peak were lifted "
            "to safety by a coastguard helicopter on Tuesday morning, the mountain rescue service said.\n\n"
            "The climbers, two men and a woman from Leeds, had set out on Monday to climb the north ridge but were "
            "stopped by heavy snow about 200 metres below the summit.\n\n"
            "Rescue teams from Carrow and Denby Vale reached the group at first light after a search that lasted "
            "more than nine hours. Some 30 volunteers took part in the search, the rescue service said.\n\n"
            "\"They did everything right: they stayed together, kept warm and called us early,\" said rescue leader Tom Adair.\n\n"
            "All three were taken to Westfield General Hospital with mild hypothermia and were expected to be "
            "released on Wednesday.\n\n"
            "The mountain rescue service has been called out 14 times on Carrow Peak this winter.\n"
        ),
    },
    {
        "id": "dale-courier",
        "title": "Climbers saved on Carrow Peak",
        "date": "2025-02-11",
        "text": (
            "Three climbers who spent the night stranded on a ledge on Carrow Peak were lifted to safety by a "
            "coastguard helicopter on Tuesday morning, the mountain rescue service said.\n\n"
            "The group had been climbing the north ridge when heavy snow forced them to stop about 250 metres below "
            "the summit on Monday afternoon.\n\n"
            "Rescue leader Tom Adair said the climbers had done everything right and had called for help early. "
            "Some 45 volunteers took part in the search, according to the rescue service.\n\n"
            "The three were treated for mild hypothermia at Westfield General Hospital.\n\n"
            "Weather forecasters have warned of more snow on the high fells later this week, and the rescue service "
            "urged walkers to check conditions before setting out.\n"
        ),
    },
    {
        "id": "fell-radio",
        "title": None,
        "date": "2025-02-12",
        "text": (
            "\U0001f681 Helicopter crews lifted three climbers from Carrow Peak on Tuesday after a night on a snowy ledge.\n\n"
            "The climbers were rescued by a coastguard helicopter on Tuesday morning after spending the night "
            "stranded on a ledge on Carrow Peak.\n\n"
            "Rescue teams from Carrow and Denby Vale searched for more than nine hours before they reached the "
            "group at first light.\n\n"
            "A spokesperson for Westfield General Hospital said on Wednesday that all three climbers had been released.\n\n"
            "The rescue service said volunteers had now been called out 14 times on the mountain this winter, twice "
            "the number of last year.\n"
        ),
    },
]


def slow_cluster(docs: int = 20, words: int = 1000, seed: int = 7) -> list[dict]:
    """Nonsense articles that take the summarizer a few seconds (~3.5 s for 20 x 1,000 words here)."""
    rng = random.Random(seed)
    vocab = ["".join(rng.choice("bcdfghklmnprstvw") + rng.choice("aeiou") for _ in range(rng.randint(2, 4))) for _ in range(3000)]
    out = []
    for d in range(docs):
        sentences, n = [], 0
        while n < words:
            k = rng.randint(12, 20)
            n += k
            sentences.append(" ".join(rng.choice(vocab) for _ in range(k)).capitalize() + ".")
        out.append({"id": f"slow-{d}", "text": " ".join(sentences)})
    return out


# --- the real server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    """Live child processes of ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


class Server:
    """``python -m storyline serve`` on a free loopback port, its log in a file."""

    def __init__(self, log_path: Path, *args: str) -> None:
        self.log_path = log_path
        for _ in range(3):  # another process may take the free port before the server binds it
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            self.log_file = open(log_path, "ab")  # noqa: SIM115  (open for the server's lifetime)
            self.process = subprocess.Popen(
                [sys.executable, "-m", "storyline", "serve", "--port", str(self.port), *args],
                stdout=self.log_file, stderr=subprocess.STDOUT, cwd=REPO,
            )
            if self.wait_ready():
                return
            self.stop()
        raise RuntimeError(f"the server did not start; its log:\n{self.log()}")

    def wait_ready(self, timeout: float = 120) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                health = httpx.get(self.url + "/api/health", timeout=2).json()
                if health["workers"]["ready"] == health["workers"]["processes"]:
                    return True
            except (httpx.HTTPError, ValueError, KeyError):
                pass
            time.sleep(0.2)
        return False

    def workers(self) -> list[int]:
        return children(self.process.pid)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: int = signal.SIGINT) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("serve") / "server.log", "--workers", "2")
    yield srv
    workers = srv.workers()
    srv.stop()
    assert srv.process.returncode == 0, srv.log()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{p}").exists() for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in workers if Path(f"/proc/{p}").exists()], "worker processes outlived the server"


def post(srv: Server, body, **kwargs) -> httpx.Response:
    return httpx.post(srv.url + "/api/briefs", json=body, timeout=60, **kwargs)


def expected_brief(documents: list[dict], words: int, query: str | None = None) -> dict:
    """What the library (and ``storyline brief --format json``) gives for the same articles."""
    docs = [storyline.Document(d["id"], d["text"], d.get("title"), d.get("date")) for d in documents]
    return to_dict(storyline.brief(docs, words=words, query=query))


def without_timing(data: dict) -> dict:
    return {**data, "settings": {k: v for k, v in data["settings"].items() if k != "elapsed_ms"}}


def assert_error(response: httpx.Response, status: int, code: str, *fragments: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code, error
    for fragment in fragments:
        assert fragment in error["message"], error
    assert "Traceback" not in response.text
    return error


# --- health, page, docs ------------------------------------------------------------------------


def test_health(server):
    response = httpx.get(server.url + "/api/health", timeout=5)
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok" and data["version"] == storyline.__version__
    assert data["workers"]["processes"] == 2 and data["workers"]["ready"] == 2
    assert data["limits"]["max_body_bytes"] == 5_000_000  # --max-body-mb 5: decimal MB
    assert {"max_documents", "max_document_words", "timeout_seconds", "max_queue"} <= set(data["limits"])
    # the connection limits live in Limits too, and the CLI's defaults are theirs
    assert (data["limits"]["header_timeout"], data["limits"]["limit_concurrency"]) == (Limits.header_timeout, Limits.limit_concurrency)


def test_page_and_docs(server):
    page = httpx.get(server.url + "/", timeout=5)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "innerHTML" not in page.text and "http://" not in page.text and "https://" not in page.text
    assert httpx.get(server.url + "/docs", timeout=5).status_code == 200
    spec = httpx.get(server.url + "/openapi.json", timeout=5).json()
    body = spec["paths"]["/api/briefs"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)
    assert httpx.get(server.url + "/api/brief.schema.json", timeout=5).json() == SCHEMA


# --- briefs ------------------------------------------------------------------------------------


def test_json_cluster_gives_the_cli_brief(server):
    jsonschema = pytest.importorskip("jsonschema")
    response = post(server, {"documents": RESCUE, "words": 80, "query": None})
    assert response.status_code == 200, response.text
    data = response.json()
    jsonschema.validate(data, SCHEMA)
    assert without_timing(data) == without_timing(expected_brief(RESCUE, 80))
    assert data["summary"] and sum(s["words"] for s in data["summary"]) <= 80
    texts = {d["id"]: d["text"] for d in data["documents"]}
    for sentence in data["summary"]:
        first = sentence["sources"][0]
        assert texts[first["document"]][first["start"] : first["end"]] == sentence["text"]


def test_whole_cluster_line_is_accepted(server):
    """A line of a cluster JSONL file (extra keys included) can be posted as it is."""
    line = {"id": "rescue", "documents": RESCUE, "references": ["A reference summary."], "query": "rescue"}
    response = post(server, line)
    assert response.status_code == 200, response.text
    assert response.json()["query"] == "rescue"
    assert response.json()["settings"]["words"] == 100


def test_query_in_json_and_in_the_form_focuses_the_brief(server):
    question = "What is the weather forecast?"
    generic = post(server, {"documents": RESCUE, "words": 60}).json()
    asked = post(server, {"documents": RESCUE, "words": 60, "query": question}).json()
    assert asked["query"] == question and "query" not in generic
    assert without_timing(asked) == without_timing(expected_brief(RESCUE, 60, query=question))
    assert any("Weather forecasters" in s["text"] for s in asked["summary"])
    assert not any("Weather forecasters" in s["text"] for s in generic["summary"])
    topic = post(server, {"documents": RESCUE, "words": 60, "query": {"title": "Weather", "narrative": "Describe the forecast."}})
    assert topic.status_code == 200 and topic.json()["query"] == "Weather\nDescribe the forecast."
    files = [("files", (f"{d['id']}.txt", d["text"].encode())) for d in RESCUE]
    form = httpx.post(server.url + "/api/briefs", files=files, data={"words": "60", "query": question}, timeout=60)
    assert form.status_code == 200, form.text
    assert form.json()["query"] == question
    for bad, fragment in (({"title": 3}, "'title' must be a string"), ("why " * 600, "at most 2000")):
        refused = post(server, {"documents": RESCUE, "words": 60, "query": bad})
        assert refused.status_code == 422 and fragment in refused.json()["error"]["message"], refused.text


def test_upload_of_article_files_reads_them_like_the_cli(server, example_dir):
    from storyline.ingest import read_inputs

    paths = sorted(example_dir.iterdir())
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths if p.suffix in {".txt", ".md", ".html"}]
    response = httpx.post(server.url + "/api/briefs", files=files, data={"words": "60"}, timeout=60)
    assert response.status_code == 200, response.text
    warnings: list[str] = []
    expected = to_dict(storyline.brief(read_inputs([str(p) for p in paths if p.suffix in {".txt", ".md", ".html"}], warnings), words=60))
    assert without_timing(response.json()) == without_timing(expected)
    assert [d["id"] for d in response.json()["documents"]] == [p.name for p in paths if p.suffix in {".txt", ".md", ".html"}]


def test_upload_mixes_files_and_pasted_documents(server):
    """Pasted articles (the form field ``documents``) come first, then the files; folders are dropped from file names."""
    files = [("files", ("../../etc/valley-wire.txt", RESCUE[0]["text"].encode(), "text/plain"))]
    data = {"documents": json.dumps(RESCUE[1:]), "words": "50", "keep_all": "false"}
    response = httpx.post(server.url + "/api/briefs", files=files, data=data, timeout=60)
    assert response.status_code == 200, response.text
    assert [d["id"] for d in response.json()["documents"]] == ["dale-courier", "fell-radio", "valley-wire.txt"]


def test_duplicate_ids_stay_separate_sources(server):
    docs = [dict(RESCUE[0]), dict(RESCUE[1], id="valley-wire")]
    response = post(server, {"documents": docs, "words": 60})
    assert response.status_code == 200, response.text
    assert [d["id"] for d in response.json()["documents"]] == ["valley-wire", "valley-wire~2"]
    assert any("valley-wire~2" in w for w in response.json()["warnings"])


def test_lone_surrogate_is_not_a_500(server):
    body = '{"documents": [{"id": "x", "text": "The council approved the new footbridge over the river on Wednesday \\ud800 after a long debate."}]}'
    response = httpx.post(server.url + "/api/briefs", content=body, headers={"content-type": "application/json"}, timeout=60)
    assert response.status_code == 200, response.text
    data = response.json()
    assert "\ufffd" in data["documents"][0]["text"] and any("surrogates" in w for w in data["warnings"])


# --- bad input: a clear 4xx, never a 500 -------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "code", "fragment"),
    [
        (b'{"documents": [', 400, "invalid_json", "not valid JSON"),
        (b"", 400, "invalid_json", "empty"),
        (b"\xff\xfe\x00garbage", 400, "invalid_json", ""),
        (b"[1, 2]", 422, "invalid_request", "JSON object"),
        (b'{"words": 50}', 422, "invalid_request", "documents: Field required"),
        (b'{"documents": "text"}', 422, "invalid_request", "documents: Input should be a valid list"),
        (b'{"documents": [{"title": "no text"}]}', 422, "invalid_request", "documents[0].text: Field required"),
        (b'{"documents": [{"text": 42}]}', 422, "invalid_request", "documents[0].text: Input should be a valid string"),
        (b'{"documents": [{"text": "x", "id": {"a": 1}}]}', 422, "invalid_request", "documents[0].id: id must be a string or a number"),
        (b'{"documents": [{"text": "Some text here."}], "words": "many"}', 422, "invalid_request", "words"),
        (b'{"documents": [{"text": "Some text here."}], "words": 0}', 422, "invalid_request", "words"),
        (b'{"documents": [{"text": "Some text here."}], "keep_all": "yes please"}', 422, "invalid_request", "keep_all"),
        (b'{"documents": []}', 422, "no_documents", "no documents"),
        (b'{"documents": [{"id": "blank", "text": "  \\n "}]}', 422, "empty_document", "('blank') has no text"),
        (b'{"documents": [{"text": "A sentence that is much too long for the budget."}], "words": 3}', 422, "unusable_input", "ask for more words"),
        (b'{"documents": [{"text": "' + b"[" * 5000 + b'"}]}', 422, "unusable_input", ""),
        (b'{"a":' * 100000, 400, "invalid_json", ""),
    ],
)
def test_bad_json_requests(server, body, status, code, fragment):
    response = httpx.post(server.url + "/api/briefs", content=body, headers={"content-type": "application/json"}, timeout=60)
    assert_error(response, status, code, fragment)


def test_bad_uploads_and_media_types(server):
    url = server.url + "/api/briefs"
    assert_error(httpx.post(url, content=b'{"documents": []}', timeout=30), 415, "unsupported_media_type", "Content-Type: application/json")
    assert_error(httpx.post(url, content=b"text", headers={"content-type": "text/plain"}, timeout=30), 415, "unsupported_media_type")
    exe = ("files", ("tool.exe", b"MZ\x00\x00binary", "application/octet-stream"))
    assert_error(httpx.post(url, files=[exe], timeout=30), 422, "unsupported_file", "tool.exe")
    binary = ("files", ("photo.txt", b"\x89PNG\x00\x00\x00", "text/plain"))
    assert_error(httpx.post(url, files=[binary], timeout=30), 422, "unusable_input", "binary")
    empty_html = ("files", ("empty.html", b"<html><body></body></html>", "text/html"))
    assert_error(httpx.post(url, files=[empty_html], timeout=30), 422, "unusable_input", "no article text")
    assert_error(httpx.post(url, data={"words": "100"}, files=[], timeout=30), 415, "unsupported_media_type")
    assert_error(httpx.post(url, files={"note": (None, "just a field")}, timeout=30), 422, "no_documents")
    ok = ("files", ("a.txt", RESCUE[0]["text"].encode(), "text/plain"))
    assert_error(httpx.post(url, files=[ok], data={"words": "ten"}, timeout=30), 422, "invalid_request", "words")
    assert_error(httpx.post(url, files=[ok], data={"documents": "[{"}, timeout=30), 400, "invalid_json", "documents")
    broken = b"--xyz\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\nhalf a part"
    response = httpx.post(url, content=broken, headers={"content-type": "multipart/form-data; boundary=xyz"}, timeout=30)
    assert 400 <= response.status_code < 500, response.text
    assert_error(httpx.get(server.url + "/nope", timeout=5), 404, "not_found")
    assert_error(httpx.delete(server.url + "/api/briefs", timeout=5), 405, "method_not_allowed")


# --- limits ------------------------------------------------------------------------------------


def test_body_cap_with_and_without_content_length(server):
    big = {"documents": [{"text": "word " * (6 * 1024 * 1024 // 5)}]}
    error = assert_error(post(server, big), 413, "limit_exceeded", "max_body_bytes")
    assert error["limit"] == {"name": "max_body_bytes", "value": 5_000_000}

    def chunks():
        yield b'{"documents": [{"text": "'
        for _ in range(7):
            yield b"word " * (1024 * 1024 // 5)
        yield b'"}]}'

    response = httpx.post(server.url + "/api/briefs", content=chunks(), headers={"content-type": "application/json"}, timeout=60)
    assert "content-length" not in response.request.headers
    assert_error(response, 413, "limit_exceeded", "max_body_bytes")
    upload = ("files", ("big.txt", b"word " * (6 * 1024 * 1024 // 5), "text/plain"))
    assert_error(httpx.post(server.url + "/api/briefs", files=[upload], timeout=60), 413, "limit_exceeded", "max_body_bytes")


def test_document_count_word_count_and_budget_caps(server):
    many = {"documents": [{"text": f"Article number {i} says the bridge opens in May."} for i in range(51)]}
    assert assert_error(post(server, many), 422, "limit_exceeded", "max_documents")["limit"]["value"] == 50
    files = [("files", (f"a{i}.txt", b"The bridge opens in May after a long debate.", "text/plain")) for i in range(51)]
    assert_error(httpx.post(server.url + "/api/briefs", files=files, timeout=60), 422, "limit_exceeded", "max_documents")
    long = {"documents": [{"id": "long", "text": "Word " * 20_001}]}
    error = assert_error(post(server, long), 422, "limit_exceeded", "max_document_words", "'long'", "20,001 words")
    assert error["limit"] == {"name": "max_document_words", "value": 20_000}
    budget = {"documents": RESCUE, "words": 1001}
    assert_error(post(server, budget), 422, "limit_exceeded", "max_summary_words")


# --- never fetch anything on the server --------------------------------------------------------


@pytest.fixture
def canary():
    """A local HTTP server that counts requests: the service must never make one."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"The canary page says the bridge opens in May after a long debate in the council.")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()


def test_no_server_side_requests_or_file_reads(server, canary, tmp_path):
    base, hits = canary
    secret = tmp_path / "secret.txt"
    secret.write_text("The secret file says the launch codes changed on Monday after the audit.\n" * 3, encoding="utf-8")
    docs = [
        {"id": "url", "text": f"{base}/article-1"},
        {"id": "path", "text": str(secret)},
        {"id": "story", "text": f"Read the full story at {base}/article-2 where the council explains the new bridge plan in detail."},
    ]
    response = post(server, {"documents": docs})
    assert response.status_code in (200, 422), response.text
    page = (
        f'<html><head><link rel="stylesheet" href="{base}/style.css"><script src="{base}/app.js"></script></head>'
        f'<body><article><h1>Bridge</h1><img src="{base}/photo.jpg"><iframe src="{base}/frame"></iframe>'
        f'<p>The council approved the new footbridge over the river on Wednesday after a decade of debate.</p>'
        f'<p>See <a href="{base}/more">more</a> about the bridge that will open in the spring of 2027.</p></article></body></html>'
    )
    upload = httpx.post(server.url + "/api/briefs", files=[("files", ("page.html", page.encode(), "text/html"))], timeout=60)
    assert upload.status_code == 200, upload.text
    time.sleep(0.5)
    assert hits == []
    assert "launch codes" not in response.text + upload.text
    assert "canary page" not in response.text + upload.text


# --- concurrency, the time limit, the queue, crashes -------------------------------------------


def test_slow_brief_blocks_neither_health_nor_other_requests(server):
    with ThreadPoolExecutor(2) as pool:
        slow = pool.submit(post, server, {"documents": slow_cluster(20, 1000), "words": 100})
        time.sleep(0.5)
        started = time.monotonic()
        quick = post(server, {"documents": RESCUE, "words": 60})
        quick_seconds = time.monotonic() - started
        assert quick.status_code == 200, quick.text
        health_times = []
        for _ in range(5):
            t = time.monotonic()
            assert httpx.get(server.url + "/api/health", timeout=5).status_code == 200
            health_times.append(time.monotonic() - t)
        assert not slow.done(), "the slow brief should still be running"
        assert slow.result().status_code == 200
    assert quick_seconds < 2.5, quick_seconds
    assert max(health_times) < 0.5, health_times


@pytest.fixture(scope="module")
def tight_server(tmp_path_factory):
    """One worker, a 2 s time limit and room for one waiting request."""
    srv = Server(tmp_path_factory.mktemp("serve-tight") / "server.log", "--workers", "1", "--timeout", "2", "--max-queue", "1")
    yield srv
    workers = srv.workers()
    srv.stop(signal.SIGKILL)  # the worst case: workers must still go (they watch their pipe to the server)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{p}").exists() for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in workers if Path(f"/proc/{p}").exists()], "worker processes outlived a killed server"


def test_time_limit_queue_limit_and_recovery(tight_server):
    srv = tight_server
    with ThreadPoolExecutor(3) as pool:
        slow = pool.submit(post, srv, {"documents": slow_cluster(20, 1000)})
        time.sleep(0.5)
        t = time.monotonic()
        health = httpx.get(srv.url + "/api/health", timeout=5).json()
        assert time.monotonic() - t < 0.5 and health["workers"]["busy"] == 1
        queued = pool.submit(post, srv, {"documents": RESCUE, "words": 60})
        time.sleep(0.3)
        assert httpx.get(srv.url + "/api/health", timeout=5).json()["workers"]["waiting"] == 1
        error = assert_error(post(srv, {"documents": RESCUE}), 503, "busy", "max_queue")
        assert error["limit"]["name"] == "max_queue"
        started = time.monotonic()
        error = assert_error(slow.result(), 422, "limit_exceeded", "timeout_seconds")
        assert error["limit"] == {"name": "timeout_seconds", "value": 2}
        # The runaway worker was killed and replaced; the queued request runs on the new one.
        assert queued.result().status_code == 200
        assert time.monotonic() - started < 60
    health = httpx.get(srv.url + "/api/health", timeout=5).json()
    assert health["workers"]["restarts"] == 1 and health["workers"]["ready"] == 1


# A killed worker: tests/test_serve_limits.py (a 503 worker_lost, and a fresh worker).


# --- in-process: what no input can provoke -----------------------------------------------------


def test_unexpected_exceptions_are_generic_500s_with_the_details_logged(caplog):
    import asyncio

    from storyline.serve import Limits, create_app

    app = create_app(Limits(workers=1))

    async def boom():
        raise RuntimeError("secret internals /srv/key")

    async def crash(job, gone=None):
        return ("crash", "Traceback (most recent call last):\n  File secret.py\nValueError: secret internals")

    app.add_api_route("/boom", boom)

    async def scenario() -> list[httpx.Response]:
        async with app.router.lifespan_context(app):
            app.state.pool.run = crash
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
                return [await client.post("/api/briefs", json={"documents": RESCUE}), await client.get("/boom")]

    for response in asyncio.run(scenario()):
        assert_error(response, 500, "internal_error", "reference")
        assert "secret" not in response.text
    assert "secret internals" in caplog.text and "RuntimeError" in caplog.text
