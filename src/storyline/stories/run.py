"""``storyline stories``: a feed file (or stdin) in, story clusters (JSONL) out, on one core or on Dask."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from ..errors import StorylineError, plural
from ..options import FeatureOptions
from .core import EMPTY_NOTE, Article, StoryOptions, as_article, detect_stories, in_date_order
from .io import ReadCounts, feed_name, iter_articles, open_feed, story_writer

ENGINES = ("local", "dask")


@dataclass
class StoriesResult:
    articles: int  # articles in OUT: every article read, each once
    stories: int  # lines written to OUT
    malformed: int  # input lines that were not articles
    empty: int  # articles without (article) text: each a story of its own, marked empty
    seconds: float  # wall time
    cpu_seconds: float  # this process's CPU time (the client's alone with --engine dask)


class Progress:
    """A plain line on stderr every ``every`` seconds while the feed is read."""

    def __init__(self, every: float = 10.0) -> None:
        self.every = every
        self.started = self.last = time.monotonic()

    def __call__(self, articles: int, stories: int) -> None:
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            rate = articles / max(now - self.started, 1e-9)
            sys.stderr.write(f"storyline: stories: {articles:,} articles read, {stories:,} stories written, {rate:,.0f} articles/s\n")
            sys.stderr.flush()


def run_stories(
    source: str | Path,
    out: str | Path,
    options: StoryOptions = StoryOptions(),
    *,
    engine_name: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    partition: int | None = None,
    warn: Callable[[str], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> StoriesResult:
    """Group the articles of ``source`` (article JSONL, plain or .gz, or ``-``) into stories written to
    ``out`` (cluster JSONL, or ``-`` for stdout), one line per story as it closes.

    Malformed lines and articles without text are reported through ``warn`` and counted, never fatal;
    an article without text is a story of its own, marked ``"empty": true``.
    Raises ``StorylineError`` for unusable input or options.
    """
    if engine_name not in ENGINES:
        raise StorylineError(f"engine must be one of {', '.join(ENGINES)}, got {engine_name!r}")
    if engine_name == "local" and (workers is not None or scheduler or partition is not None):
        raise StorylineError("--workers, --scheduler and --partition are for --engine dask")
    if scheduler and workers is not None:
        raise StorylineError("--workers sizes a local Dask cluster; with --scheduler the cluster's own workers run")
    if workers is not None and workers < 1:
        raise StorylineError(f"workers must be at least 1, got {workers}")
    if partition is not None and partition < 1:
        raise StorylineError(f"partition must be at least 1 article, got {partition}")
    if str(source) != "-" and str(out) != "-" and Path(source).resolve() == Path(out).resolve():
        raise StorylineError(f"{out}: OUT must not be the input file")

    started, cpu_started = time.perf_counter(), time.process_time()
    counts = ReadCounts()
    empty = clustered = stories = 0
    say = warn or (lambda message: None)

    def skip(article: Article, reason: str) -> None:
        nonlocal empty
        empty += 1
        say(f"article {article.id!r}: {reason}; {EMPTY_NOTE}")

    with ExitStack() as stack:
        lines = stack.enter_context(open_feed(source))  # a missing input fails before OUT is touched
        articles = iter_articles(lines, feed_name(source), say, counts)
        if progress:
            articles = _reporting(articles, lambda: progress(counts.articles, stories))
        if engine_name == "local":
            found = detect_stories(articles, options, skipped=skip)
        else:
            found = _dask_stories(stack, articles, options, workers, scheduler, partition, skip)
        write = stack.enter_context(story_writer(out))
        for story in found:
            write(story)
            stories += 1
            clustered += len(story.members)
            if progress:
                progress(counts.articles, stories)
    return StoriesResult(
        articles=clustered, stories=stories, malformed=counts.malformed, empty=empty,
        seconds=time.perf_counter() - started, cpu_seconds=time.process_time() - cpu_started,
    )


def _reporting(articles, report: Callable[[], None], every: int = 1000):
    """The articles, calling ``report()`` every ``every`` of them (an undated feed may write no story for long)."""
    for number, article in enumerate(articles, 1):
        if number % every == 0:
            report()
        yield article


def _dask_stories(stack: ExitStack, articles, options: StoryOptions, workers, scheduler, partition, skip):
    from ..batch import IN_FLIGHT_PER_WORKER, default_workers, engine
    from .distributed import PARTITION, detect_partitioned

    submit, in_flight = stack.enter_context(engine("dask", workers or default_workers(), scheduler))
    threads = max(1, in_flight // IN_FLIGHT_PER_WORKER)  # what the engine sized its in-flight chunks by
    return detect_partitioned(
        in_date_order((as_article(a, i) for i, a in enumerate(articles)), options.reorder), options, submit, threads + 1,
        partition=partition or PARTITION, skipped=skip,
    )


WARNINGS_SHOWN = 20  # per kind (malformed lines, empty articles); the summary line counts them all


def command(
    source: str,
    out: str,
    *,
    window_days: float,
    threshold: float | None,
    max_active: int,
    reorder: int,
    engine_name: str,
    half_life_days: float,
    name_weight: float,
    date_weight: float,
    workers: int | None,
    scheduler: str | None,
    partition: int | None,
) -> int:
    """``storyline stories``: run, print capped warnings and one summary line on stderr; the exit status."""
    import os

    from ..render import terminal_safe

    shown = {"malformed": 0, "empty": 0}

    def warn(message: str) -> None:
        kind = "empty" if message.endswith(EMPTY_NOTE) else "malformed"
        shown[kind] += 1
        if shown[kind] <= WARNINGS_SHOWN:
            sys.stderr.write(f"storyline: warning: {terminal_safe(message)}\n")
        elif shown[kind] == WARNINGS_SHOWN + 1:
            what = "malformed lines" if kind == "malformed" else "empty articles"
            sys.stderr.write(f"storyline: warning: further {what} are counted, not shown\n")

    # Not StoryOptions.make: 0 on the command line is None here ("none"), not "not given".
    given = {"threshold": threshold} if threshold is not None else {}
    options = StoryOptions(
        window_days=window_days or None, half_life_days=half_life_days or None, max_active=max_active, reorder=reorder,
        features=FeatureOptions(name_weight=name_weight, date_weight=date_weight), **given,
    )
    try:
        result = run_stories(
            source, out, options, engine_name=engine_name, workers=workers, scheduler=scheduler,
            partition=partition, warn=warn, progress=Progress(),
        )
    except KeyboardInterrupt:
        sys.stderr.write(f"storyline: interrupted: {out} holds the stories closed so far\n")
        return 130
    except BrokenPipeError:  # `storyline stories FEED - | head`: the reader left; nothing to report
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    target = "stdout" if str(out) == "-" else str(out)
    problems = f"{plural(result.malformed, 'malformed line')}, {plural(result.empty, 'empty article')}"
    rate = result.articles / result.seconds if result.seconds else 0.0
    sys.stderr.write(
        f"storyline: stories: {plural(result.articles, 'article')} in {plural(result.stories, 'story')} to {target} "
        f"({problems}) in {result.seconds:.1f} s, {rate:,.0f} articles/s\n"
    )
    if result.malformed:
        sys.stderr.write(f"storyline: warning: {plural(result.malformed, 'input line')} could not be read as articles (see above)\n")
    return 0

