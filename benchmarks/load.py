#!/usr/bin/env python
"""Load benchmark of ``storyline serve`` on loopback: throughput, latency percentiles, the share of
``503 busy`` answers and the server's memory at 1, 50 and 500 concurrent clients.

    python benchmarks/load.py                                  # ~3 min on 2 cores
    python benchmarks/load.py --clients 1,8 --requests 10,40   # quicker

The real server (``python -m storyline serve``) is started on a free port of 127.0.0.1 and stopped at
the end; every request goes to that address only. Each level sends a fixed number of requests
(``--requests``) from that many concurrent clients, and stops issuing new ones after ``--level-seconds``,
so the run is bounded and ends by itself. Every request is the same DUC-sized cluster (about 10 articles
of 500 words): the cluster of ``../shared/data/multiling2011_en.jsonl`` whose size is nearest 5,000 words,
read at run time; without that file, the repository's own fictional articles (``examples/harbour-fire``
and the test fixtures; much smaller, so the figures are not comparable). While the largest level runs,
a side task checks ``GET /api/health`` every 0.5 s: its latency shows whether briefs block the event loop.
Beyond the workers and ``max_queue`` waiting requests the server answers ``503 busy`` at once: those are
counted apart (a client that gets one sends its next request), as are other errors. Memory is the resident
set of the server and its worker processes (from /proc): before, at the peak of each level (sampled every
0.2 s), and after.

The load generator (httpx, asyncio) runs in this process on the same 2 cores as the server and its
workers, so the figures are a little pessimistic. Exit status 1 if any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data" / "multiling2011_en.jsonl"
TARGET_WORDS = 5_000


def duc_cluster() -> tuple[list[dict], str]:
    """About 10 articles x 500 words, and where they come from."""
    if SHARED.exists():
        clusters = [json.loads(line) for line in SHARED.read_text(encoding="utf-8").splitlines() if line.strip()]
        clusters = [c for c in clusters if len(c["documents"]) >= 10]
        if clusters:
            best = min(clusters, key=lambda c: abs(sum(len(d["text"].split()) for d in c["documents"]) - TARGET_WORDS))
            docs = [{k: d.get(k) for k in ("id", "title", "date", "text")} for d in best["documents"][:10]]
            return docs, f"{SHARED.name} cluster {best['id']}"
    sys.path.insert(0, str(REPO / "tests"))
    from test_serve_api import RESCUE

    docs = [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in sorted((REPO / "examples" / "harbour-fire").glob("*.txt"))]
    return docs + RESCUE, "fallback: examples/harbour-fire .txt files and the test fixtures (not DUC-sized)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workers: int | None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    args = [sys.executable, "-m", "storyline", "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    if workers:
        args += ["--workers", str(workers)]
    process = subprocess.Popen(args, cwd=REPO)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            health = httpx.get(url + "/api/health", timeout=2).json()
            if health["workers"]["ready"] == health["workers"]["processes"]:
                return process, url
        except (httpx.HTTPError, ValueError, KeyError):
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not become ready in 120 s")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB (Linux /proc)."""
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return total / 1024


async def level(url: str, body: bytes, clients: int, requests: int, seconds: float, watch_health: bool, server_pid: int) -> dict:
    latencies: list[float] = []
    busy: list[float] = []
    errors: list[str] = []
    issued = 0
    stop_at = time.monotonic() + seconds
    health: list[float] = []
    peak = [rss_mb(server_pid)]
    done = asyncio.Event()
    limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=httpx.Timeout(600.0)) as client:

        async def one_client() -> None:
            nonlocal issued
            while issued < requests and time.monotonic() < stop_at:
                issued += 1
                started = time.perf_counter()
                try:
                    response = await client.post("/api/briefs", content=body, headers={"content-type": "application/json"})
                    if response.status_code == 503 and response.json()["error"]["code"] == "busy":
                        busy.append(time.perf_counter() - started)
                        continue
                    if response.status_code != 200:
                        errors.append(f"HTTP {response.status_code}: {response.text[:200]}")
                        continue
                    if not response.json().get("summary"):
                        errors.append("empty summary")
                        continue
                except (httpx.HTTPError, ValueError, KeyError) as err:
                    errors.append(f"{type(err).__name__}: {err}")
                    continue
                latencies.append(time.perf_counter() - started)

        async def health_checks() -> None:
            while not done.is_set():
                started = time.perf_counter()
                try:
                    response = await client.get("/api/health")
                    if response.status_code == 200:
                        health.append(time.perf_counter() - started)
                except httpx.HTTPError:
                    pass
                try:
                    await asyncio.wait_for(done.wait(), 0.5)
                except TimeoutError:
                    pass

        async def memory() -> None:
            while not done.is_set():
                peak.append(rss_mb(server_pid))
                try:
                    await asyncio.wait_for(done.wait(), 0.2)
                except TimeoutError:
                    pass

        watchers = [asyncio.create_task(memory())]
        if watch_health:
            watchers.append(asyncio.create_task(health_checks()))
        started = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        wall = time.perf_counter() - started
        done.set()
        await asyncio.gather(*watchers)
    answered = len(latencies) + len(busy) + len(errors)
    result = {
        "clients": clients,
        "requests": answered,
        "ok": len(latencies),
        "busy_503": len(busy),
        "busy_share": round(len(busy) / answered, 3) if answered else 0.0,
        "errors": len(errors),
        "errors_5xx": sum(e.startswith("HTTP 5") for e in errors),
        "error_samples": errors[:3],
        "seconds": round(wall, 2),
        "requests_per_second": round(len(latencies) / wall, 2) if wall else 0.0,
        "p50_ms": round(1000 * percentile(latencies, 50)) if latencies else None,
        "p95_ms": round(1000 * percentile(latencies, 95)) if latencies else None,
        "p99_ms": round(1000 * percentile(latencies, 99)) if latencies else None,
        "max_ms": round(1000 * max(latencies)) if latencies else None,
        "busy_p50_ms": round(1000 * percentile(busy, 50), 1) if busy else None,
        "memory_peak_mb": round(max(peak)),
    }
    if watch_health and health:
        result["health_checks"] = len(health)
        result["health_p50_ms"] = round(1000 * percentile(health, 50), 1)
        result["health_max_ms"] = round(1000 * max(health), 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", default="1,50,500", help="concurrency levels (default 1,50,500)")
    parser.add_argument("--requests", default="10,100,1000", help="requests per level (default 10,100,1000)")
    parser.add_argument("--level-seconds", type=float, default=300.0, help="stop issuing requests of a level after this (default 300)")
    parser.add_argument("--words", type=int, default=100, help="summary budget of every request (default 100)")
    parser.add_argument("--workers", type=int, default=None, help="server worker processes (default: one per CPU)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    levels = [int(x) for x in args.clients.split(",")]
    counts = [int(x) for x in args.requests.split(",")]
    if len(counts) != len(levels):
        parser.error("--requests needs one count per --clients level")

    documents, origin = duc_cluster()
    words = sum(len(d["text"].split()) for d in documents)
    body = json.dumps({"documents": documents, "words": args.words}).encode()
    print(f"cluster: {origin}: {len(documents)} articles, {words:,} words, {len(body) / 1024:.0f} KB a request", file=sys.stderr)
    server, url = start_server(args.workers)
    try:
        health = httpx.get(url + "/api/health", timeout=5).json()
        print(f"server: {url}, {health['workers']['processes']} worker processes, {os.cpu_count()} CPUs", file=sys.stderr)
        for _ in range(2):  # warm every worker's caches
            httpx.post(url + "/api/briefs", content=body, headers={"content-type": "application/json"}, timeout=120).raise_for_status()
        results = []
        memory_before = rss_mb(server.pid)
        for clients, requests in zip(levels, counts):
            print(f"  {clients} clients, {requests} requests ...", file=sys.stderr)
            results.append(asyncio.run(level(
                url, body, clients, requests, args.level_seconds, watch_health=clients == max(levels), server_pid=server.pid,
            )))
        time.sleep(2)
        memory_after = rss_mb(server.pid)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    print(f"\nstoryline serve on loopback, {health['workers']['processes']} workers; {origin}: {len(documents)} articles, {words:,} words, --words {args.words}\n")
    print("| clients | requests | briefs | 503 busy | other errors (5xx) | briefs/s | p50 ms | p95 ms | p99 ms | max ms | 503 p50 ms | peak MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['clients']} | {r['requests']} | {r['ok']} | {r['busy_503']} ({100 * r['busy_share']:.0f}%) | "
              f"{r['errors']} ({r['errors_5xx']}) | {r['requests_per_second']:.2f} | {r['p50_ms']} | {r['p95_ms']} | "
              f"{r['p99_ms']} | {r['max_ms']} | {r['busy_p50_ms']} | {r['memory_peak_mb']} |")
    print(f"\nserver memory (server + workers, RSS): {memory_before:.0f} MB before, "
          f"{max(r['memory_peak_mb'] for r in results)} MB peak, {memory_after:.0f} MB after")
    for r in results:
        if "health_checks" in r:
            print(f"\nGET /api/health during the {r['clients']}-client level: {r['health_checks']} checks, "
                  f"p50 {r['health_p50_ms']} ms, max {r['health_max_ms']} ms")
        for sample in r["error_samples"]:
            print(f"error at {r['clients']} clients: {sample}")
    if args.json:
        args.json.write_text(json.dumps({
            "cluster": origin, "documents": len(documents), "words": words, "levels": results,
            "memory_before_mb": round(memory_before), "memory_after_mb": round(memory_after),
        }, indent=2) + "\n")
    if any(r["errors"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
