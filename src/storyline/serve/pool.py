"""Worker processes that run ``storyline.brief`` for the web service.

The summarizer is CPU-bound, so it runs in separate processes (one per CPU by default) and the
event loop only parses requests and answers health checks. Each worker imports storyline and
loads the spaCy model once, at start-up (a warm-up brief), so no request pays for it.

A request that runs past its time limit cannot be interrupted inside ``brief``: its worker
process is killed and a fresh one started in its place, so a runaway input costs one worker for
``timeout_seconds`` and nothing more. The same happens to a worker that dies (a crash, the OOM
killer). This module imports nothing from the web stack, so workers stay light.
"""

from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import os
import signal
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import PurePosixPath
from typing import Any

from .limits import Limits, RequestError, check_documents, over_limit

log = logging.getLogger("storyline.serve")

READY_TIMEOUT = 180.0  # seconds a new worker may take to import and warm up

# A tiny fictional story for the warm-up brief (loads the sentence splitter, the solver, spaCy).
_WARM_UP = (
    (
        "The ferry Morning Star ran aground near Port Ellis on Tuesday, the harbour authority said. "
        "All 42 passengers were taken ashore by lifeboat crews from Port Ellis and nearby Kelby. "
        '"Everyone is safe," harbour master Ann Rowe told reporters on Tuesday evening.'
    ),
    (
        "Lifeboat crews took all 42 passengers of the ferry Morning Star ashore on Tuesday after it ran aground. "
        "The ferry ran aground near Port Ellis on Tuesday morning in thick fog, the harbour authority said. "
        "An inquiry will look at why the ferry left Kelby despite the fog warning issued on Monday."
    ),
)


# --- the job (runs in a worker) ----------------------------------------------------------------


def safe_name(name: str | None, index: int) -> str:
    """A file name as a source name: no folders, no control characters."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base or f"file-{index + 1}"


def file_documents(name: str, data: bytes, warnings: list) -> list:
    """The articles in one uploaded file, read the way ``storyline brief`` reads files."""
    from ..ingest import HTML_SUFFIXES, TEXT_SUFFIXES, documents_from_bytes

    if PurePosixPath(name).suffix.lower() not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise RequestError(422, "unsupported_file", f"{name}: unsupported file type; upload .txt, .md or .html articles")
    return documents_from_bytes(name, data, warnings)


def run_job(job: dict[str, Any]) -> tuple:
    """One brief: ``("ok", json_bytes)``, ``("refused", RequestError body, status)`` or ``("crash", traceback)``.

    ``job``: ``documents`` [Document], ``files`` [(name, bytes)], ``options`` (a
    ``BriefOptions``), ``limits``.
    """
    from ..api import brief
    from ..errors import StorylineError
    from ..render import to_dict

    limits: Limits = job["limits"]
    warnings: list[str] = []
    try:
        documents = list(job.get("documents", ()))
        for name, data in job.get("files", ()):
            documents.extend(file_documents(name, data, warnings))
        check_documents(documents, limits)
        options = job["options"]
        # Only Document objects reach brief(): it would read a string naming a path as that file.
        result = brief(documents, options=options)
        data = to_dict(result)
        data["warnings"] = warnings + data["warnings"]
        try:
            body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates (a \ud800 escape in the input) have no UTF-8 form
            body = json.dumps(data).encode("ascii")
        return ("ok", body)
    except RequestError as err:
        return ("refused", err.body(), err.status)
    except StorylineError as err:  # InputError included: a message written for the user
        return ("refused", RequestError(422, "unusable_input", str(err)).body(), 422)
    except Exception:  # noqa: BLE001  (a bug in the summarizer: logged by the server, a generic 500 for the client)
        return ("crash", traceback.format_exc())


def warm_up() -> None:
    from ..api import brief
    from ..model import Document

    docs = [Document(f"warm-up-{i}", text) for i, text in enumerate(_WARM_UP)]
    brief(docs, words=40, solver="ilp")
    brief(docs, words=40)


def worker_main(conn) -> None:
    """A worker process: warm up, say ready, then answer jobs until told to stop or the server goes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops its workers
    problem = None
    try:
        warm_up()
    except Exception as err:  # noqa: BLE001  (still serve: each request reports what is wrong)
        problem = f"{type(err).__name__}: {err}"
    try:
        conn.send(("ready", os.getpid(), problem))
        while True:
            job = conn.recv()
            if job is None:
                return
            conn.send(run_job(job))
    except (EOFError, OSError):  # the server is gone (or gave up on this worker)
        return


# --- the pool (runs in the server) -------------------------------------------------------------


class _Worker:
    def __init__(self, ctx) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=worker_main, args=(child,), daemon=True, name="storyline-serve-worker")
        self.process.start()
        child.close()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


def _roundtrip(conn, job) -> tuple:
    try:
        conn.send(job)
        return conn.recv()
    except (EOFError, OSError):
        return ("died",)


class WorkerPool:
    """``size`` warm worker processes; ``await run(job)`` waits for a free one (at most ``max_queue`` wait)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.size = limits.worker_count
        self._ctx = multiprocessing.get_context("spawn")  # never fork the event loop's process
        self._threads = ThreadPoolExecutor(max_workers=2 * self.size + 2, thread_name_prefix="storyline-pool")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._closing = False
        self.waiting = 0
        self.busy = 0
        self.restarts = 0
        self.abandoned = 0  # requests dropped unstarted because their client had gone
        self.problem: str | None = None

    @property
    def ready(self) -> int:
        return self._idle.qsize() + self.busy

    async def start(self) -> None:
        for _ in range(self.size):
            self._spawn()

    def _spawn(self, delay: float = 0.0) -> None:
        task = asyncio.get_running_loop().create_task(self._start_worker(delay))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _start_worker(self, delay: float) -> None:
        loop = asyncio.get_running_loop()
        if delay:
            await asyncio.sleep(delay)
        if self._closing:
            return
        worker = _Worker(self._ctx)  # a few ms; on the loop so that close() always knows every process
        self._workers.add(worker)
        try:
            message = await asyncio.wait_for(loop.run_in_executor(self._threads, worker.conn.recv), READY_TIMEOUT)
        except (TimeoutError, EOFError, OSError) as err:
            log.error("a worker process failed to start (%s); trying again", type(err).__name__)
            self._retire(worker)
            self._spawn(delay=min(30.0, 1.0 + delay * 2))
            return
        if message[2]:
            self.problem = message[2]
            log.warning("worker warm-up failed: %s", message[2])
        if self._closing:
            self._retire(worker)
            return
        self._idle.put_nowait(worker)

    def _retire(self, worker: _Worker) -> None:
        self._workers.discard(worker)
        try:
            asyncio.get_running_loop().run_in_executor(self._threads, worker.kill)
        except RuntimeError:  # shutting down: the thread pool is gone
            worker.kill()

    def _replace(self, worker: _Worker) -> None:
        self.restarts += 1
        self._retire(worker)
        self._spawn()

    def check_room(self) -> None:
        """Raise the 503 ``busy`` when ``max_queue`` requests already wait (also before a body is parsed,
        so a flood is turned away cheaply)."""
        if self.waiting >= self.limits.max_queue:
            raise RequestError(
                503, "busy",
                f"the server is busy: {self.waiting} requests are already waiting; try again shortly (limit max_queue = {self.limits.max_queue})",
                ("max_queue", self.limits.max_queue),
            )

    async def _acquire(self, gone: asyncio.Task | None = None) -> _Worker | None:
        """A live idle worker, or None when ``gone`` (the client's disconnect) finishes first."""
        self.check_room()
        self.waiting += 1
        try:
            while True:
                if gone is None:
                    worker = await self._idle.get()
                else:
                    get = asyncio.ensure_future(self._idle.get())
                    await asyncio.wait({get, gone}, return_when=asyncio.FIRST_COMPLETED)
                    if not get.done():
                        get.cancel()  # its client left: the queue's next request gets the worker
                        return None
                    worker = get.result()
                if worker.process.is_alive():
                    return worker
                log.error("worker %s died while idle; starting another", worker.process.pid)
                self._replace(worker)
        finally:
            self.waiting -= 1

    async def run(self, job: dict[str, Any], gone=None) -> tuple:
        """The worker's answer to ``job`` (see ``run_job``), or ``("gone",)`` when ``gone()`` (awaiting the
        client's disconnect) finishes while the job still waits for a worker: nobody would read
        the brief. A job a worker has started runs to its end. Raises ``RequestError`` past the time limit."""
        loop = asyncio.get_running_loop()
        watch = asyncio.ensure_future(gone()) if gone is not None else None
        try:
            worker = await self._acquire(watch)
        finally:
            if watch is not None:
                watch.cancel()
        if worker is None:
            self.abandoned += 1
            return ("gone",)
        self.busy += 1
        finished = False
        try:
            result = await asyncio.wait_for(
                loop.run_in_executor(self._threads, _roundtrip, worker.conn, job), self.limits.timeout_seconds
            )
            finished = True
        except TimeoutError:
            raise over_limit(
                "timeout_seconds", self.limits.timeout_seconds,
                f"summarizing took longer than {self.limits.timeout_seconds:g} s and was stopped; send fewer or shorter articles",
            ) from None
        finally:
            self.busy -= 1
            if not finished:  # timed out or cancelled mid-job: the worker's state is unknown
                self._replace(worker)
        if result[0] == "died":
            self._replace(worker)
            return ("died", f"worker process {worker.process.pid} exited with code {worker.process.exitcode}")
        self._idle.put_nowait(worker)
        return result

    async def close(self) -> None:
        self._closing = True
        for task in list(self._tasks):
            task.cancel()
        idle = []
        while not self._idle.empty():
            worker = self._idle.get_nowait()
            try:
                worker.conn.send(None)  # finish politely
                idle.append(worker)
            except OSError:
                pass
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 3
        for worker in list(self._workers):
            if worker in idle:
                await loop.run_in_executor(self._threads, worker.process.join, max(0.0, deadline - loop.time()))
            await loop.run_in_executor(self._threads, worker.kill)  # warming up or still busy: no waiting
        self._workers.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)

    def status(self) -> dict:
        return {
            "processes": self.size,
            "ready": self.ready,
            "busy": self.busy,
            "waiting": self.waiting,
            "restarts": self.restarts,
            "abandoned": self.abandoned,
        }
