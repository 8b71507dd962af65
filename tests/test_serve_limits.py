"""`storyline serve` under hostile clients (issue 17), on the real server over real sockets: header,
body and keep-alive timeouts, the connection cap (also at a low file-descriptor limit), the Host
check, malformed HTTP and JSON, clients that leave, and a killed worker."""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

httpx = pytest.importorskip("httpx")

from test_serve_api import REPO, RESCUE, Server, assert_error, post, slow_cluster  # noqa: E402


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    srv = Server(
        tmp_path_factory.mktemp("serve-limits") / "server.log", "--workers", "1", "--header-timeout", "1",
        "--body-timeout", "2", "--timeout-keep-alive", "1", "--limit-concurrency", "30",
        "--allowed-host", "storyline.test",
    )
    yield srv
    srv.stop()


def raw(srv: Server, data: bytes, wait: float = 10.0) -> tuple[bytes, float]:
    """What the server answers to ``data`` on a fresh socket, until it closes it, and how long that took."""
    with socket.create_connection(("127.0.0.1", srv.port), timeout=wait) as s:
        started = time.monotonic()
        if data:
            s.sendall(data)
        received = b""
        try:
            while chunk := s.recv(65536):
                received += chunk
        except (TimeoutError, ConnectionResetError):
            pass
        return received, time.monotonic() - started


def json_body(response: bytes) -> dict:
    head, _, body = response.partition(b"\r\n\r\n")
    assert b"content-type: application/json" in head.lower(), head
    return json.loads(body)


def test_silent_and_slow_headers_are_closed(limited):
    answer, took = raw(limited, b"")  # a socket that never sends anything
    assert answer == b"" and took < 4
    answer, took = raw(limited, b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    assert answer.startswith(b"HTTP/1.1 408") and took < 4
    assert json_body(answer)["error"]["code"] == "request_timeout"


def test_slow_body_is_closed_and_logged_as_such(limited):
    head = b"POST /api/briefs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
    answer, took = raw(limited, head + b'{"documents": [')
    assert answer == b"" and 1.5 < took < 6
    time.sleep(0.3)
    log = limited.log()
    assert "request body not complete in 2 s" in log
    assert "internal error" not in log and "Traceback" not in log


def test_idle_keep_alive_connection_is_closed(limited):
    with socket.create_connection(("127.0.0.1", limited.port), timeout=10) as s:
        s.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        started = time.monotonic()
        received = b""
        while chunk := s.recv(65536):
            received += chunk
        assert received.startswith(b"HTTP/1.1 200") and time.monotonic() - started < 4


def test_malformed_http_gets_the_json_error(limited):
    answer, _ = raw(limited, b"NOT HTTP AT ALL\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400")
    assert json_body(answer)["error"]["code"] == "invalid_http"


def test_host_check_refuses_other_names_and_accepts_allowed_ones(limited):
    evil = httpx.post(limited.url + "/api/briefs", json={"documents": RESCUE}, headers={"Host": "evil.example"}, timeout=30)
    assert_error(evil, 421, "invalid_host", "evil.example")
    for host in (f"localhost:{limited.port}", f"127.0.0.1:{limited.port}", "storyline.test", f"[::1]:{limited.port}"):
        assert httpx.get(limited.url + "/api/health", headers={"Host": host}, timeout=5).status_code == 200, host


@pytest.mark.parametrize("body, fragment", [
    ('{"documents": [{"text": "x"}], "words": ' + "9" * 5000 + "}", "number too long"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"documents": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
])
def test_json_the_parser_refuses_is_a_400_on_a_kept_connection(limited, body, fragment):
    with httpx.Client(base_url=limited.url, timeout=30) as client:
        response = client.post("/api/briefs", content=body, headers={"content-type": "application/json"})
        assert_error(response, 400, "invalid_json", fragment)
        assert client.get("/api/health").status_code == 200  # the same connection still answers


def test_connections_beyond_the_cap_get_a_json_503_at_once(limited):
    idle = [socket.create_connection(("127.0.0.1", limited.port)) for _ in range(40)]
    try:
        time.sleep(0.3)
        started = time.monotonic()
        answer, _ = raw(limited, b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert time.monotonic() - started < 2
        assert answer.startswith(b"HTTP/1.1 503") and json_body(answer)["error"]["code"] == "busy"
    finally:
        for s in idle:
            s.close()
    time.sleep(0.5)
    assert httpx.get(limited.url + "/api/health", timeout=5).status_code == 200


def test_many_idle_sockets_at_a_low_descriptor_limit(tmp_path):
    """At 256 descriptors, 400 idle sockets neither starve health checks nor flood the log."""
    def low_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    port_log = tmp_path / "server.log"
    from test_serve_api import free_port

    port = free_port()
    with open(port_log, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "storyline", "serve", "--port", str(port), "--workers", "1", "--header-timeout", "2"],
            stdout=log, stderr=subprocess.STDOUT, cwd=REPO, preexec_fn=low_limit,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/api/health", timeout=2).json()["workers"]["ready"] == 1:
                    break
            except (httpx.HTTPError, ValueError, KeyError):
                time.sleep(0.2)
        sockets = []
        for _ in range(400):
            try:
                sockets.append(socket.create_connection(("127.0.0.1", port), timeout=2))
            except OSError:
                break
        try:
            answers = []
            for _ in range(5):
                started = time.monotonic()
                try:
                    answers.append((httpx.get(url + "/api/health", timeout=3).status_code, time.monotonic() - started))
                except httpx.HTTPError as err:
                    answers.append((type(err).__name__, time.monotonic() - started))
            # Past the cap: a 503 at once (or the socket closed at once), never a hang.
            assert all(took < 3 for _, took in answers), answers
        finally:
            for s in sockets:
                s.close()
        time.sleep(3)
        assert httpx.get(url + "/api/health", timeout=5).status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    text = port_log.read_text(errors="replace")
    # asyncio logs each accept() that finds no descriptor free: at most one such line a minute gets through.
    assert text.count("Too many open files") <= 1 and len(text) < 200_000
    assert "above what 256 file descriptors allow" in text


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("serve-one") / "server.log", "--workers", "1", "--timeout", "20")
    yield srv
    srv.stop()


def test_requests_whose_client_left_are_dropped_unstarted(one_worker):
    srv = one_worker
    with ThreadPoolExecutor(8) as pool:
        slow = pool.submit(post, srv, {"documents": slow_cluster(12, 800)})
        # Only once the slow brief holds the one worker do the impatient ones queue behind it (a loaded
        # machine may take longer than any fixed pause to get it there).
        deadline = time.monotonic() + 20
        while httpx.get(srv.url + "/api/health", timeout=5).json()["workers"]["busy"] < 1 and time.monotonic() < deadline:
            time.sleep(0.05)

        def impatient():
            try:
                httpx.post(srv.url + "/api/briefs", json={"documents": slow_cluster(12, 800, seed=3)}, timeout=1.0)
            except httpx.TimeoutException:
                return "gave up"
            return "answered"

        assert list(pool.map(lambda _: impatient(), range(6))) == ["gave up"] * 6
        slow.result()
    deadline = time.monotonic() + 10
    while httpx.get(srv.url + "/api/health", timeout=5).json()["workers"]["abandoned"] < 6 and time.monotonic() < deadline:
        time.sleep(0.2)
    health = httpx.get(srv.url + "/api/health", timeout=5).json()["workers"]
    assert health["abandoned"] == 6 and health["waiting"] == 0 and health["busy"] == 0
    log = srv.log()
    assert "waited for a worker: dropped unstarted" in log and "internal error" not in log


def test_a_client_that_leaves_mid_body_is_logged_as_a_disconnect(one_worker):
    head = b"POST /api/briefs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
    with socket.create_connection(("127.0.0.1", one_worker.port)) as s:
        s.sendall(head + b'{"documents": [')
        time.sleep(0.3)
    time.sleep(0.5)
    log = one_worker.log()
    assert "client disconnected before sending the whole request" in log
    assert "ClientDisconnect" not in log and "internal error" not in log


def test_a_killed_worker_is_a_503_and_is_replaced(one_worker):
    srv = one_worker
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(post, srv, {"documents": slow_cluster(20, 1000)})
        time.sleep(1.0)
        for pid in srv.workers():
            os.kill(pid, signal.SIGKILL)
        response = slow.result()
    assert_error(response, 503, "worker_lost", "try again")
    assert response.headers["retry-after"] == "5"
    assert srv.wait_ready(60)
    assert post(srv, {"documents": RESCUE, "words": 60}).status_code == 200
    assert httpx.get(srv.url + "/api/health", timeout=5).json()["workers"]["restarts"] >= 1
