"""The ``storyline`` command: a thin shell over ``storyline.brief`` and the evaluation runner."""

from __future__ import annotations

import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import StorylineError, plural
from .options import SOLVERS, BriefOptions, FeatureOptions, StoryOptions, default, help_text, lower_bound
from .render import FORMATS
from .serve.limits import MB, Limits

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn a cluster of news articles about one story into a short, sourced summary.",
)


Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # one home: render.FORMATS
Solver = Enum("Solver", {name: name for name in SOLVERS}, type=str)  # one home: options.SOLVERS


def _warn(message: str) -> None:
    from .render import terminal_safe

    typer.echo(f"storyline: warning: {terminal_safe(message)}", err=True)


def write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: an existing file is replaced only once the new one is complete."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise StorylineError(f"{path}: folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@app.command("brief")
def brief_command(
    inputs: Annotated[
        Optional[list[str]],
        typer.Argument(help="Article files (.txt .md .html), directories, a cluster .jsonl, or - for stdin."),
    ] = None,
    words: Annotated[int, typer.Option("--words", "-w", min=lower_bound("words"), help=help_text("words"))] = default("words"),
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format("text"),
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of standard output.")] = None,
    jsonl: Annotated[Optional[Path], typer.Option("--jsonl", help="Read one cluster from this cluster JSONL file.")] = None,
    cluster_id: Annotated[Optional[str], typer.Option("--id", help="Which cluster of --jsonl to summarize.")] = None,
    solver: Annotated[Solver, typer.Option(help=help_text("solver"))] = Solver(default("solver")),
    analysis: Annotated[bool, typer.Option("--analysis/--no-analysis", help=help_text("analysis"))] = default("analysis"),
    keep_all: Annotated[bool, typer.Option("--keep-all", help=help_text("keep_all"))] = default("keep_all"),
    max_document_words: Annotated[
        int, typer.Option(min=lower_bound("max_document_words"), help=help_text("max_document_words"))
    ] = default("max_document_words"),
    query: Annotated[
        Optional[str],
        typer.Option("--query", "-q", help="A question or keywords the brief should answer (default: a --jsonl cluster's own)."),
    ] = default("query"),
) -> None:
    """Summarize one cluster of articles."""
    from .api import brief
    from .ingest import find_cluster, read_inputs
    from .render import render

    warnings: list[str] = []
    if jsonl is not None:
        if inputs:
            raise StorylineError("give either article paths or --jsonl, not both")
        cluster = find_cluster(jsonl, cluster_id, warnings)
        documents = list(cluster.documents)
        query = query if query is not None else cluster.query
    else:
        if cluster_id is not None:
            raise StorylineError("--id needs --jsonl FILE")
        if not inputs:
            raise StorylineError("no input: give article files, a directory, --jsonl FILE, or - for stdin")
        documents = read_inputs(inputs, warnings)
    # Text output shows only the summary and sources: skip the analysis sections it would not print.
    options = BriefOptions.make(
        words=words, solver=solver.value, analysis=analysis and fmt is not Format("text"), keep_all=keep_all,
        max_document_words=max_document_words, query=query,
    )
    result = brief(documents, options=options)
    for message in warnings + list(result.warnings):
        _warn(message)
    text = render(result, fmt.value)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(output, text)


@app.command("evaluate")
def evaluate_command(
    clusters: Annotated[Path, typer.Argument(help="Cluster JSONL file (.jsonl or .jsonl.gz) with references.")],
    words: Annotated[int, typer.Option("--words", "-w", min=lower_bound("words"), help="Summary budget; ROUGE truncates at it too (-l N).")] = default("words"),
    limit: Annotated[Optional[int], typer.Option(min=1, help="Only the first K clusters.")] = None,
    predictions: Annotated[Optional[Path], typer.Option(help="Write one {id, summary} line per cluster here.")] = None,
    official: Annotated[bool, typer.Option("--official", help="Also score with the ROUGE-1.5.5 Perl script.")] = False,
    solver: Annotated[Solver, typer.Option(help=help_text("solver"))] = Solver(default("solver")),
    no_query: Annotated[bool, typer.Option("--no-query", help="Ignore the clusters' \"query\": generic summaries.")] = False,
) -> None:
    """Summarize every cluster of a JSONL file and score it with ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-SU4."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .evaluation.runner import evaluate

    if official:
        from .evaluation.official import official_available

        reason = official_available()
        if reason:
            raise StorylineError(f"--official: {reason}")
    console = Console(stderr=True)
    with Progress(
        TextColumn("summarizing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("clusters", total=limit)
        result = evaluate(
            clusters, words=words, limit=limit, predictions=predictions, official=official,
            solver=solver.value, use_query=not no_query, progress=lambda n: bar.update(task, completed=n),
        )
    for failure in result.failures:
        _warn(f"cluster {failure} (scored as an empty summary)")
    if result.unscored:
        _warn(f"{plural(len(result.unscored), 'cluster')} {'has' if len(result.unscored) == 1 else 'have'} no references and {'was' if len(result.unscored) == 1 else 'were'} not scored")
    _print_scores(result)


def _print_scores(result) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"ROUGE, {plural(len(result.summaries), 'cluster')}, {plural(result.words, 'word')} (-l {result.words}, stemmed)")
    table.add_column("scorer")
    table.add_column("metric")
    for name in ("recall", "precision", "F1"):
        table.add_column(name, justify="right")
    scorers = [("storyline", result.rouge)] + ([("ROUGE-1.5.5", result.official)] if result.official else [])
    for scorer, scores in scorers:
        for metric in ("rouge1", "rouge2", "rougeL", "rougeSU4"):
            s = getattr(scores, metric)
            table.add_row(scorer, metric.replace("rouge", "ROUGE-"), *(f"{100 * v:.2f}" for v in (s.recall, s.precision, s.f1)))
    console = Console()
    console.print(table)
    focused = f"   query-focused: {result.queries}" if result.queries else ""
    console.print(f"clusters: {result.clusters}{focused}   time per cluster: {result.ms_per_cluster:.1f} ms")


@app.command("batch")
def batch_command(
    source: Annotated[str, typer.Argument(metavar="IN", help="Cluster JSONL (.jsonl or .jsonl.gz), or - for stdin.")],
    out: Annotated[Path, typer.Argument(metavar="OUT", help="One JSON line per input line, in input order.")],
    words: Annotated[int, typer.Option("--words", "-w", min=lower_bound("words"), help=help_text("words"))] = default("words"),
    workers: Annotated[Optional[int], typer.Option(min=1, help="Processes (default: one per CPU); 1 runs in-process.")] = None,
    engine: Annotated[str, typer.Option(metavar="[local|dask]", help="local: worker processes here; dask: a Dask cluster.")] = "local",
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address tcp://HOST:PORT (default: a LocalCluster).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted run: keep OUT's lines, do the rest.")] = False,
    analysis: Annotated[Optional[bool], typer.Option("--analysis/--no-analysis", help="Editor's analysis in each brief (default: the core's).")] = None,
    solver: Annotated[Solver, typer.Option(help=help_text("solver"))] = Solver(default("solver")),
    keep_all: Annotated[bool, typer.Option("--keep-all", help=help_text("keep_all"))] = default("keep_all"),
) -> None:
    """Summarize every cluster of a JSONL file: resumable, on local processes or a Dask cluster."""
    from .batch import ENGINES, Progress, done_lines, run_batch

    if engine not in ENGINES:
        raise typer.BadParameter(f"{engine!r} is not one of {', '.join(ENGINES)}", param_hint="'--engine'")
    progress = Progress()
    try:
        options = BriefOptions.make(words=words, analysis=analysis, solver=solver.value, keep_all=keep_all)
        result = run_batch(
            source, out, workers=workers, engine_name=engine, scheduler=scheduler, resume=resume, progress=progress,
            options=options,
        )
    except KeyboardInterrupt:
        progress.close()
        lines = done_lines(out)[0] if out.exists() else 0
        typer.echo(f"storyline: interrupted: {out} holds {plural(lines, 'line')}; rerun with --resume to continue", err=True)
        raise typer.Exit(130) from None
    finally:
        progress.close()
    new = result.lines - result.resumed
    rate = new / result.seconds if result.seconds else 0.0
    typer.echo(
        f"storyline: batch: {plural(result.lines, 'line')} in {out} ({new:,} new, {plural(result.errors, 'error')}) "
        f"in {result.seconds:.1f} s, {rate:,.0f} clusters/s",
        err=True,
    )
    if result.errors:
        _warn(f"{plural(result.errors, 'cluster')} could not be summarized; {'its line holds' if result.errors == 1 else 'their lines hold'} \"error\"")


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on; loopback unless you ask for another.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Summarizer processes (default: one per CPU).")] = None,
    max_body_mb: Annotated[float, typer.Option(min=0.001, help="Largest request body, in MB (1 MB = 1,000,000 bytes).")] = Limits.max_body_bytes / MB,
    max_documents: Annotated[int, typer.Option(min=1, help="Most articles in one request.")] = Limits.max_documents,
    max_document_words: Annotated[int, typer.Option(min=1, help="Most words in one article.")] = Limits.max_document_words,
    timeout: Annotated[float, typer.Option(min=0.01, help="Seconds one brief may take once a worker has it.")] = Limits.timeout_seconds,
    max_queue: Annotated[int, typer.Option(min=1, help="Requests that may wait for a worker; more get 503.")] = Limits.max_queue,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
    allowed_host: Annotated[
        Optional[list[str]], typer.Option(help="A host name clients may use besides loopback and --host (repeat; * for any).")
    ] = None,
    limit_concurrency: Annotated[int, typer.Option(min=1, help="Open connections at most; more get 503 at once.")] = Limits.limit_concurrency,
    header_timeout: Annotated[float, typer.Option(min=0.01, help="Seconds a client may take to send a request's headers.")] = Limits.header_timeout,
    body_timeout: Annotated[float, typer.Option(min=0.01, help="Seconds a client may take to send a request's body.")] = Limits.body_timeout,
    timeout_keep_alive: Annotated[float, typer.Option(min=0.01, help="Seconds an idle keep-alive connection stays open.")] = Limits.timeout_keep_alive,
) -> None:
    """Serve the REST API (POST /api/briefs, GET /api/health, /docs) and the web page at / (docs/serve.md)."""
    from .serve import run

    if host not in ("127.0.0.1", "localhost", "::1"):
        _warn(f"listening on {host}: anyone who can reach it may use the service (there is no authentication)")
    limits = Limits(
        max_body_bytes=int(max_body_mb * MB), max_documents=max_documents, max_document_words=max_document_words,
        timeout_seconds=timeout, max_queue=max_queue, workers=workers or 0, header_timeout=header_timeout,
        body_timeout=body_timeout, timeout_keep_alive=timeout_keep_alive, limit_concurrency=limit_concurrency,
    )
    run(host=host, port=port, limits=limits, log_level=log_level, allowed_hosts=tuple(allowed_host or ()))


@app.command("stories")
def stories_command(
    source: Annotated[str, typer.Argument(metavar="ARTICLES", help="Article JSONL, {id, title, date, text, source} a line (.gz too), or - for stdin.")],
    out: Annotated[str, typer.Argument(metavar="CLUSTERS", help="Cluster JSONL, one story a line (for storyline batch), or - for stdout.")],
    window_days: Annotated[float, typer.Option(min=0.0, help=help_text("window_days", StoryOptions))] = default("window_days", StoryOptions) or 0.0,
    half_life_days: Annotated[float, typer.Option(min=0.0, help=help_text("half_life_days", StoryOptions))] = default("half_life_days", StoryOptions) or 0.0,
    name_weight: Annotated[float, typer.Option(min=lower_bound("name_weight", FeatureOptions), help=help_text("name_weight", FeatureOptions))] = default("name_weight", FeatureOptions),
    date_weight: Annotated[float, typer.Option(min=lower_bound("date_weight", FeatureOptions), help=help_text("date_weight", FeatureOptions))] = default("date_weight", FeatureOptions),
    threshold: Annotated[Optional[float], typer.Option(min=0.0, max=1.0, help="Similarity needed to join a story (default: the tuned value, docs/stories.md).")] = None,
    max_active: Annotated[int, typer.Option(min=1, help="Open stories at most; the least recently updated closes first (bounds memory without dates).")] = default("max_active", StoryOptions),
    reorder: Annotated[int, typer.Option(min=0, help="Articles held back to put out-of-order dates back in order.")] = default("reorder", StoryOptions),
    engine: Annotated[str, typer.Option(metavar="[local|dask]", help="local: one process, streaming; dask: partitions on a Dask cluster.")] = "local",
    workers: Annotated[Optional[int], typer.Option(min=1, help="Dask LocalCluster processes (default: one per CPU).")] = None,
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address tcp://HOST:PORT (default: a LocalCluster).")] = None,
    partition: Annotated[Optional[int], typer.Option(min=1, help="Articles per Dask task (default 10,000).")] = None,
) -> None:
    """Group a feed of articles into stories (cluster JSONL), ready for storyline batch (docs/stories.md)."""
    from .stories.run import ENGINES, command

    if engine not in ENGINES:
        raise typer.BadParameter(f"{engine!r} is not one of {', '.join(ENGINES)}", param_hint="'--engine'")
    status = command(
        source, out, window_days=window_days, threshold=threshold, max_active=max_active, reorder=reorder,
        half_life_days=half_life_days, name_weight=name_weight, date_weight=date_weight, engine_name=engine, workers=workers, scheduler=scheduler, partition=partition,
    )
    if status:
        raise typer.Exit(status)


def main() -> None:
    """Entry point: user errors become one line on stderr and exit code 1, never a traceback."""
    from .render import terminal_safe

    try:
        app()
    except StorylineError as err:
        typer.echo(f"storyline: error: {terminal_safe(str(err))}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
