"""Reading an article feed (JSONL, plain or .gz, or stdin) and writing stories as cluster JSONL.

Input lines are ``{"id", "title", "date", "text", "source"}`` objects, streamed: one line in memory
at a time. A line that cannot be an article (not JSON, not an object, a ``text`` that is not a
string) is reported through ``problem`` and counted, never fatal; blank lines are passed over.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, StorylineError
from ..ingest import loads_json, open_lines, unique_ids
from ..model import Document
from .core import Article, parse_when
from .online import Story


@dataclass
class ReadCounts:
    lines: int = 0
    articles: int = 0
    malformed: int = 0


def open_feed(source: str | Path):
    """The lines of an article JSONL file (plain or .gz), or of stdin for ``-``, streamed."""
    return open_lines(source, "article")


def _lines(lines: Iterable[str], name: str) -> Iterator[tuple[int, str]]:
    """Numbered lines; a read error (a truncated .gz, a disk error) is one clear error naming the line."""
    number = 0
    try:
        for number, line in enumerate(lines, 1):  # noqa: B007
            yield number, line
    except (OSError, EOFError) as err:
        raise InputError(f"{name}: cannot read past line {number} ({err})") from None


def parse_article(line: str, where: str) -> Article:
    """One feed line as an ``Article``; ``InputError`` when it cannot be one. An article without text
    is returned (with ``text == ""``): the detector makes it a story of its own, marked empty."""
    record = loads_json(line, where)
    doc = Document.from_dict(record, where, where, require_text=False)
    source = record.get("source")
    return Article(
        id=doc.id, text=doc.text, title=doc.title, date=doc.date,
        source=source if isinstance(source, str) else None, when=parse_when(doc.date),
    )


def iter_articles(
    lines: Iterable[str], name: str, problem: Callable[[str], None] | None = None, counts: ReadCounts | None = None
) -> Iterator[Article]:
    """The articles of feed lines; malformed lines go to ``problem`` (and ``counts``), not up."""
    counts = counts if counts is not None else ReadCounts()
    for number, line in _lines(lines, name):
        counts.lines = number
        if not line.strip():
            continue
        try:
            article = parse_article(line, f"{name}:{number}")
        except InputError as err:
            counts.malformed += 1
            if problem:
                problem(str(err))
            continue
        counts.articles += 1
        yield article


def feed_name(source: str | Path) -> str:
    return "<stdin>" if str(source) == "-" else str(source)


def read_articles(
    source: str | Path, problem: Callable[[str], None] | None = None, counts: ReadCounts | None = None
) -> Iterator[Article]:
    """Stream the articles of a feed (article JSONL, plain or .gz, or ``-`` for stdin)."""
    with open_feed(source) as lines:
        yield from iter_articles(lines, feed_name(source), problem, counts)


def story_record(story: Story) -> dict[str, Any]:
    """A story in the cluster JSONL format of ``../shared/data`` (no references): its member articles;
    ``"empty": true`` for an article without text (none, or only page furniture), a story of its own."""
    documents = [article.record() for article in story.members]
    # A feed may give two articles one id: in the story they stay two sources (id~2), named as brief() names them.
    named = unique_ids([Document(a.id, a.text) for a in story.members], [])
    for document, doc in zip(documents, named):
        document["id"] = doc.id
    record: dict[str, Any] = {"id": story.id, "documents": documents}
    if story.empty:
        record["empty"] = True
    return record


def encode(record: dict[str, Any]) -> bytes:
    """One JSONL line, UTF-8; text that cannot be UTF-8 (a lone surrogate) makes the line ASCII-escaped."""
    try:
        return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record, separators=(",", ":")) + "\n").encode("ascii")


@contextmanager
def story_writer(out: str | Path) -> Iterator[Callable[[Story], None]]:
    """``write(story)`` appends one line to OUT (a file, or stdout for ``-``) as each story closes."""
    if str(out) == "-":
        stream: IO[bytes] = sys.stdout.buffer
        interactive = True
        close = False
    else:
        path = Path(out)
        if path.is_dir():
            raise StorylineError(f"{path}: is a directory, expected an output file")
        if not path.resolve().parent.is_dir():
            raise StorylineError(f"{path}: folder {path.parent} does not exist")
        try:
            stream = open(path, "wb")
        except OSError as err:
            raise StorylineError(f"{path}: cannot write ({err.strerror or err})") from None
        interactive = False
        close = True

    def write(story: Story) -> None:
        try:
            stream.write(encode(story_record(story)))
            if interactive:
                stream.flush()  # downstream (storyline batch -) sees each story as it closes
        except BrokenPipeError:
            raise
        except OSError as err:
            raise StorylineError(f"{out}: cannot write ({err.strerror or err})") from None

    try:
        yield write
    finally:
        if close:
            stream.close()
        else:
            try:
                stream.flush()
            except BrokenPipeError:
                pass
