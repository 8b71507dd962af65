"""Batch: summarize every cluster of a JSONL file, in order, resumably, in-process, on local worker
processes or on a Dask cluster (``storyline batch``; see ``docs/batch.md``).

Every input line yields exactly one output line, in input order: ``{"id", "summary", "brief"}`` or
``{"id", "error"}``. Line *n* of OUT therefore answers line *n* of IN, which is all the bookkeeping
resuming needs: OUT's complete lines are done, a torn last line (a kill in mid-write) is cut off, and
the input is read on from the next line. A small state file beside OUT (``OUT.batch.json``) records
the options, so a resumed run cannot mix summaries made with different ones.

Work goes out in chunks of lines (a worker imports storyline once, not per cluster); at most a few
chunks per worker are in flight, so memory stays flat however long the input is. Results are
written in input order as they arrive. Everything in a line of OUT depends only on that input line
and the options (the brief's ``elapsed_ms`` is dropped), so every engine and every resumed run
writes the same bytes.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import signal
import sys
import time
from asyncio import CancelledError  # what Dask raises for a future its scheduler dropped
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from . import __version__
from .api import brief
from .errors import InputError, StorylineError
from .ingest import open_lines as ingest_open_lines
from .ingest import parse_cluster_line
from .options import BriefOptions, default
from .render import to_dict

ENGINES = ("local", "dask")
_OPTION_NAMES = {f.name for f in fields(BriefOptions)}
CHUNK_LINES = 16  # clusters per task: ~30 ms of work on Multi-News clusters without analysis
CHUNK_CHARS = 1 << 20  # ...or fewer, when lines are long
IN_FLIGHT_PER_WORKER = 4  # chunks queued or running per worker: keeps workers busy, memory bounded
# A worker process costs its start (spawn and imports: ~0.3-0.5 s; with analysis spaCy's model too,
# ~2 s), and is worth it only for inputs that give each worker at least this much work. Measured per
# cluster: ~2 ms of Multi-News without analysis, ~100 ms with it.
MIN_CLUSTERS_PER_WORKER = {False: 500, True: 50}  # by analysis


@dataclass
class BatchResult:
    lines: int  # lines in OUT when the run ended (input lines answered)
    resumed: int  # of which were already in OUT when it started
    errors: int  # error lines written by this run
    seconds: float


def line_id(line: str, number: int) -> str | int:
    """The id a cluster line names, else its line number (blank, not JSON, or no ``id``)."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return number
    cluster_id = record.get("id") if isinstance(record, dict) else None
    return number if cluster_id is None or isinstance(cluster_id, (dict, list)) else str(cluster_id)


def summarize_line(line: str, number: int, options: BriefOptions | None = None) -> tuple[bytes, bool]:
    """OUT's line (UTF-8, newline-terminated) for input line ``number``, and whether it is an error."""
    where = f"line {number}"
    try:
        if not line.strip():
            raise InputError(f"{where}: blank line")
        cluster = parse_cluster_line(line, where)
        if cluster.query and (options is None or options.query is None):  # the cluster's own question
            result = brief(cluster.documents, options=BriefOptions.make(options, query=cluster.query))
        else:
            result = brief(cluster.documents, options=options)
        # Without the documents' texts: the offsets point into IN's texts, and OUT stays small.
        data = to_dict(result, texts=False)
        data["settings"] = {k: v for k, v in data["settings"].items() if k != "elapsed_ms"}  # deterministic OUT
        # parse_cluster_line names a cluster without an id after ``where``; OUT uses the line number.
        record = {"id": number if cluster.id == where else cluster.id, "summary": result.text, "brief": data}
    except StorylineError as err:
        record = {"id": line_id(line, number), "error": str(err)}
    except Exception as err:  # a bug hit by one cluster must not stop the thousands after it
        record = {"id": line_id(line, number), "error": f"internal error: {type(err).__name__}: {err}"}
    try:
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        encoded = (text + "\n").encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (\ud800 escapes in the input) have no UTF-8 form
        encoded = (json.dumps(record, separators=(",", ":")) + "\n").encode("ascii")
    return encoded, "error" in record


def summarize_chunk(first: int, lines: list[str], options: BriefOptions | None) -> tuple[bytes, int, int]:
    """OUT's lines for input lines ``first``, ``first + 1``, ...: (bytes, number of lines, errors)."""
    out = []
    errors = 0
    for number, line in enumerate(lines, first):
        encoded, failed = summarize_line(line, number, options)
        out.append(encoded)
        errors += failed
    return b"".join(out), len(lines), errors


def default_workers() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def planned_workers(remaining: int | None, analysis: bool | None = None) -> int:
    """Local worker processes for ``remaining`` clusters when ``--workers`` is not given: one per
    CPU, but no more than the input keeps busy (a short input runs in-process, with no start-up).
    ``analysis=None`` is the core's default, analysis on."""
    cpus = default_workers()
    if remaining is None:  # stdin: length unknown
        return cpus
    return max(1, min(cpus, remaining // MIN_CLUSTERS_PER_WORKER[analysis is not False]))


def chunk_lines(remaining: int | None, in_flight: int) -> int:
    """Clusters per task: one in-process (the bar moves per cluster, nothing to ship); for workers,
    up to ``CHUNK_LINES``, fewer when the input is short, so every worker gets work and the bar moves."""
    if in_flight <= 1:
        return 1
    if remaining is None:
        return CHUNK_LINES
    return max(1, min(CHUNK_LINES, remaining // (4 * in_flight)))


# --- input ------------------------------------------------------------------------------------


@contextmanager
def open_lines(source: str | Path) -> Iterator[Iterator[str]]:
    """The lines of a cluster JSONL file (plain or .gz), or of stdin for ``-``, streamed."""
    with ingest_open_lines(source) as lines:
        yield lines if str(source) == "-" else _guarded(lines, Path(source))


def _guarded(lines: Iterable[str], path: Path) -> Iterator[str]:
    """Read errors (a truncated .gz, a disk error) as one clear error naming the line."""
    number = 0
    try:
        for number, line in enumerate(lines, 1):  # noqa: B007
            yield line
    except (OSError, EOFError) as err:
        raise InputError(f"{path}: cannot read past line {number} ({err})") from None


def count_lines(source: str | Path) -> int | None:
    """Input lines (for the progress bar's total), or None for stdin."""
    if str(source) == "-":
        return None
    with open_lines(source) as lines:
        return sum(1 for _ in lines)


def _chunks(lines: Iterator[str], first: int, most: int = CHUNK_LINES) -> Iterator[tuple[int, list[str]]]:
    chunk: list[str] = []
    size = 0
    for line in lines:
        chunk.append(line)
        size += len(line)
        if len(chunk) >= most or size >= CHUNK_CHARS:
            yield first, chunk
            first += len(chunk)
            chunk, size = [], 0
    if chunk:
        yield first, chunk


# --- OUT and its state file -------------------------------------------------------------------


def state_path(out: Path) -> Path:
    return out.with_name(out.name + ".batch.json")


def _read_state(out: Path) -> dict | None:
    try:
        return json.loads(state_path(out).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise StorylineError(f"{state_path(out)}: unreadable ({err}); delete it and OUT to start again") from None


def _write_state(out: Path, state: dict) -> None:
    """Replace the state file whole; a failed write (a full disk) leaves the previous one and no temp file."""
    path = state_path(out)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        hint = "; complete lines are kept: rerun with --resume" if state.get("lines") else ""
        raise StorylineError(f"{out}: cannot write {path.name} ({err.strerror or err}){hint}") from None


def done_lines(out: Path) -> tuple[int, int, bytes]:
    """Complete lines in OUT, the bytes they span (anything after is a torn line), and the last one."""
    count = end = last_start = pos = 0
    with open(out, "rb") as handle:
        while block := handle.read(1 << 20):
            n = block.count(b"\n")
            if n:
                last_nl = block.rindex(b"\n")
                before = block.rfind(b"\n", 0, last_nl)
                last_start = pos + before + 1 if before >= 0 else end
                count += n
                end = pos + last_nl + 1
            pos += len(block)
        handle.seek(last_start)
        last = handle.read(end - last_start)
    return count, end, last


def _options(options: BriefOptions) -> dict:
    """What the state file records: words, analysis and any other option that differs from its
    default (so state files from before those options still match)."""
    return {"words": options.words, "analysis": options.analysis, **options.changed()}


def _flag(name: str, value: object) -> str:
    """An option value as the command line says it (a state file leaves out options at their default)."""
    flag = "--" + name.replace("_", "-")
    if name == "analysis":
        return {True: "--analysis", False: "--no-analysis"}.get(value, "neither --analysis nor --no-analysis")
    if value is None and name in _OPTION_NAMES:
        value = default(name)
    if isinstance(value, bool):
        return flag if value else f"no {flag}"
    return f"{flag} {value}" if value is not None else f"no {flag}"


def _differences(old: dict, new: dict) -> str:
    """The options that differ between OUT's run and this one, each named with both values."""
    names = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
    return "; ".join(f"{_flag(k, old.get(k))} (this run: {_flag(k, new.get(k))})" for k in names)


def _start(out: Path, options: dict, resume: bool) -> tuple[int, int, bytes, dict | None]:
    """Check OUT and its state against the options: (lines done, bytes to keep, last done line, state)."""
    state = _read_state(out)
    unfinished = state is not None and not state.get("finished") and out.exists()
    if resume and out.exists():
        if state is None:
            raise StorylineError(f"{out}: cannot resume, no {state_path(out).name} beside it (not written by storyline batch?)")
        if state.get("options") != options:
            raise StorylineError(
                f"{out} was written with {_differences(state.get('options') or {}, options)}; resume with the same options"
            )
        done, keep, last = done_lines(out)
        if isinstance(state.get("lines"), int) and isinstance(state.get("bytes"), int):
            if done < state["lines"] or keep < state["bytes"]:
                raise StorylineError(f"{out} has fewer lines than {state_path(out).name} records; delete both to start again")
            # Only what the state vouches for is kept; lines after it (written just before a kill) are redone.
            done, keep, last = state["lines"], state["bytes"], b""
    else:
        if unfinished and out.stat().st_size > 0:
            raise StorylineError(f"{out} holds an unfinished batch: add --resume to continue it, or delete it to start again")
        done, keep, last, state = 0, 0, b"", None
    return done, keep, last, state


def _line_bytes(line: str) -> bytes:
    return line.encode("utf-8", "surrogatepass")


def _skip(lines: Iterator[str], done: int, last: bytes, out: Path, state: dict | None = None) -> Any:
    """Read past the ``done`` input lines OUT already answers, checking that it answers this input:
    by the hash of those lines the state file records, else (older state files) by the last line's id.
    Returns the hash of the lines read, to be continued."""
    digest = hashlib.sha256()
    if done == 0:
        return digest
    line = None
    for number, line in enumerate(lines, 1):  # noqa: B007
        digest.update(_line_bytes(line))
        if number == done:
            break
    else:
        raise StorylineError(f"{out} has more lines than the input; it was written from another input")
    recorded = (state or {}).get("input_sha256")
    if recorded is not None:
        if digest.hexdigest() != recorded:
            raise StorylineError(
                f"{out} answers {done:,} input lines, but the input's first {done:,} lines have changed since; "
                "delete OUT to start again, or resume with the input it was written from"
            )
        return digest
    try:
        got = json.loads(last)["id"]
    except (ValueError, KeyError, TypeError):
        raise StorylineError(f"{out}: line {done} is damaged; delete OUT to start again") from None
    expected = line_id(line, done)
    if got != expected:
        raise StorylineError(
            f"{out}: line {done} answers cluster {got!r}, but input line {done} is {expected!r}; "
            "OUT was written from another input"
        )
    return digest


# --- engines ----------------------------------------------------------------------------------

Submit = Callable[..., Future]


def _in_process(fn: Callable, *args) -> Future:
    """``--workers 1``: the chunk runs at once, here (no pool, no pickling)."""
    future: Future = Future()
    future.set_result(fn(*args))
    return future


def _init_worker() -> None:
    """Pool workers leave Ctrl-C to the main process, which stops cleanly with OUT consistent, and
    exit when it dies (after a kill -9 they would otherwise wait for work forever)."""
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=lambda: (wait([parent.sentinel]), os._exit(1)), daemon=True).start()


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to change
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def engine(name: str, workers: int, scheduler: str | None = None) -> Iterator[tuple[Submit, int]]:
    """A ``submit(fn, *args) -> future`` for the chunks, and how many chunks to keep in flight."""
    if name == "local":
        if workers == 1:
            yield _in_process, 1
            return
        import multiprocessing

        # spawn: workers import storyline once each; no fork of a process that runs threads (the bar)
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker)
        try:
            yield pool.submit, IN_FLIGHT_PER_WORKER * workers
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return

    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise StorylineError("--engine dask needs Dask: pip install 'storyline[dask]'") from None
    import functools
    import logging
    from contextlib import ExitStack

    with ExitStack() as stack:
        if scheduler:
            try:
                client = stack.enter_context(Client(scheduler))
            except (OSError, TimeoutError, ValueError) as err:
                raise StorylineError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
        else:
            with _sigint_ignored():  # inherited by the worker processes: Ctrl-C stops this one, cleanly
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=workers, threads_per_worker=1, processes=True,
                        dashboard_address=None, silence_logs=logging.ERROR,
                    )
                )
            client = stack.enter_context(Client(cluster))
        threads = sum(client.nthreads().values())
        yield functools.partial(client.submit, pure=False), max(IN_FLIGHT_PER_WORKER * threads, 2 * IN_FLIGHT_PER_WORKER)


# --- the run ----------------------------------------------------------------------------------


def _in_order(
    submit: Submit, in_flight: int, chunks: Iterator[tuple[int, list[str]]], options: BriefOptions, out: Path
) -> Iterator[tuple[tuple[bytes, int, int], list[str]]]:
    """Each chunk's ``summarize_chunk`` result and its input lines, in input order, with at most
    ``in_flight`` chunks submitted."""

    def lost(first: int, count: int, err: BaseException) -> StorylineError:
        return StorylineError(
            f"lines {first}-{first + count - 1}: {type(err).__name__}: {err}; "
            f"{out} keeps every line before them: rerun with --resume"
        )

    pending: deque[tuple[int, int, Future, list[str]]] = deque()
    refused: tuple[int, int, Exception] | None = None  # a submit that failed (a pool broken by a lost worker)
    while True:
        if refused is None:
            for first, chunk in itertools.islice(chunks, in_flight - len(pending)):
                try:
                    pending.append((first, len(chunk), submit(summarize_chunk, first, chunk, options), chunk))
                except Exception as err:  # the chunks already out are still written, in order
                    refused = (first, len(chunk), err)
                    break
        if not pending:
            if refused is not None:
                raise lost(*refused) from refused[2]
            return
        first, count, future, chunk = pending.popleft()
        try:
            result = future.result()
        except (Exception, CancelledError) as err:  # a worker died, the cluster failed: OUT stays consistent
            raise lost(first, count, err) from err
        yield result, chunk


def _append(fd: int, data: bytes, out: Path) -> None:
    """Append whole lines with one write (a kill can tear at most the last; resuming cuts it off)."""
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view):]
    except OSError as err:
        raise StorylineError(f"{out}: cannot write ({err.strerror or err}); complete lines are kept: rerun with --resume") from None


def run_batch(
    source: str | Path,
    out: str | Path,
    *,
    words: int | None = None,
    workers: int | None = None,
    engine_name: str = "local",
    scheduler: str | None = None,
    resume: bool = False,
    analysis: bool | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    options: BriefOptions | None = None,
) -> BatchResult:
    """Summarize every line of ``source`` (cluster JSONL, plain or .gz, or ``-``) into ``out``.

    Every brief is made with ``options`` (``words`` and ``analysis`` given as keywords override it;
    ``analysis=None`` leaves the core's default). ``progress(done, total)`` is called as lines are
    written (``total`` is None for stdin). Raises ``StorylineError`` for unusable input or options;
    per-cluster problems become ``{"id", "error"}`` lines.
    """
    if engine_name not in ENGINES:
        raise StorylineError(f"engine must be one of {', '.join(ENGINES)}, got {engine_name!r}")
    options = BriefOptions.make(options, words=words, analysis=analysis)
    if scheduler and engine_name != "dask":
        raise StorylineError("--scheduler needs --engine dask")
    if scheduler and workers is not None:
        raise StorylineError("--workers sizes a local cluster; with --scheduler the Dask cluster's own workers run")
    if workers is not None and workers < 1:
        raise StorylineError(f"workers must be at least 1, got {workers}")
    out = Path(out)
    if out.is_dir():
        raise StorylineError(f"{out}: is a directory, expected an output file")
    if not out.resolve().parent.is_dir():
        raise StorylineError(f"{out}: folder {out.parent} does not exist")
    if str(source) != "-" and Path(source).resolve() == out.resolve():
        raise StorylineError(f"{out}: OUT must not be the input file")

    started = time.perf_counter()
    recorded = _options(options)
    plan = workers is None and engine_name == "local"
    total = count_lines(source) if progress or plan else None
    with open_lines(source) as lines:
        done, keep, last, old_state = _start(out, recorded, resume)
        digest = _skip(lines, done, last, out, old_state)
        remaining = total - done if total is not None else None
        if workers is None:
            workers = planned_workers(remaining, options.analysis) if engine_name == "local" else default_workers()
        with engine(engine_name, workers, scheduler) as (submit, in_flight):  # started before OUT is touched
            # lines, bytes, input_sha256: how much of OUT is done, and a hash of the input lines it answers
            state = {"storyline": __version__, "input": str(source), "options": recorded, "finished": False,
                     "lines": done, "bytes": keep, "input_sha256": digest.hexdigest()}
            _write_state(out, state)
            try:
                fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
            except OSError as err:
                raise StorylineError(f"{out}: cannot write ({err.strerror or err})") from None
            resumed, errors = done, 0
            try:
                os.ftruncate(fd, keep)  # a torn last line (killed mid-write) is cut off
                if progress:
                    progress(done, total)
                chunks = _chunks(lines, done + 1, chunk_lines(remaining, in_flight))
                for (data, count, failed), chunk in _in_order(submit, in_flight, chunks, options, out):
                    _append(fd, data, out)
                    done += count
                    errors += failed
                    keep += len(data)
                    for line in chunk:
                        digest.update(_line_bytes(line))
                    state.update(lines=done, bytes=keep, input_sha256=digest.hexdigest())
                    _write_state(out, state)  # a resumed run trusts OUT up to here
                    if progress:
                        progress(done, total)
            finally:
                os.close(fd)
    state.update(finished=True, lines=done)
    _write_state(out, state)
    return BatchResult(lines=done, resumed=resumed, errors=errors, seconds=time.perf_counter() - started)


# --- progress ---------------------------------------------------------------------------------


class Progress:
    """Progress on stderr: a bar (done, rate, ETA) on a terminal, else a plain line every ``every`` s."""

    def __init__(self, every: float = 10.0) -> None:
        self.every = every
        self.bar = None
        self.started: float | None = None

    def __call__(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if self.started is None:
            self.started, self.last, self.first = now, now, done
            if sys.stderr.isatty():  # rich only for a terminal: a log or a pipe does not pay its import
                from rich.console import Console
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

                self.console = Console(stderr=True)

                self.bar = Progress(
                    TextColumn("clusters"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                    TextColumn("ETA"), TimeRemainingColumn(), console=self.console, transient=True,
                )
                self.bar.start()
                self.task = self.bar.add_task("batch", total=total, completed=done, rate="")
            return
        rate = (done - self.first) / max(now - self.started, 1e-9)
        if self.bar is not None:
            self.bar.update(self.task, completed=done, rate=f"{rate:,.0f}/s")
        elif now - self.last >= self.every:
            self.last = now
            of = f"/{total:,} ({100 * done / max(total, 1):.0f}%)" if total else ""
            eta = f", ETA {_clock((total - done) / rate)}" if total and rate > 0 else ""
            sys.stderr.write(f"storyline: batch: {done:,}{of} clusters, {rate:,.0f}/s{eta}\n")
            sys.stderr.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
