"""Ingest: turn files, directories, HTML pages, Multi-News style files, cluster JSONL and stdin
into ``Document``/``Cluster`` objects.

Errors name the file (and line) they come from; recoverable oddities become warnings.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import sys
from contextlib import contextmanager
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError, json_problem, plural
from .model import Cluster, Document
from .query import query_text

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".json")
SEPARATOR = re.compile(r"^[ \t]*\|\|\|\|\|[ \t]*$", re.MULTILINE)
SUPPORTED = "give .txt, .md or .html articles, or a cluster .jsonl"
# Formats people hand over by mistake, by their first bytes.
_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive, e.g. .docx or .odt"),
    (b"\xd0\xcf\x11\xe0", "Microsoft Office document"),
    (b"{\\rtf", "RTF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
)


def _is_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(JSONL_SUFFIXES)


def open_text(path: Path) -> io.TextIOBase:
    if path.name.lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace", newline="\n")
    # Lines end at "\n" only: a bare "\r" inside a JSON line is legal whitespace, not a line break.
    return open(path, encoding="utf-8", errors="replace", newline="\n")


def decode(data: bytes, where: str, warnings: list[str]) -> str:
    """UTF-8 text; binary files are refused, other encodings read as Windows-1252 with a warning."""
    kind = next((name for magic, name in _MAGIC if data.startswith(magic)), None)
    if kind is None and b"\x00" in data[:8192]:
        kind = "a binary file, not text"
    if kind:
        raise InputError(f"{where}: unsupported file type ({kind}; binary); {SUPPORTED}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        warnings.append(f"{where}: not valid UTF-8 (byte {err.start}); read as Windows-1252")
        return data.decode("cp1252", errors="replace")


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$", re.MULTILINE)


def markdown_to_text(markdown: str) -> tuple[str, str | None]:
    """Plain text of a Markdown article and its first heading (the title)."""
    heading = _MD_HEADING.search(markdown)
    text = _MD_LINK.sub(r"\1", markdown)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = _MD_HEADING.sub("", text)
    text = re.sub(r"^\s{0,3}(>|[-*+]\s)\s*", "", text, flags=re.MULTILINE)
    return text, heading.group(1).strip() if heading else None


def html_to_document(html: str, doc_id: str, where: str) -> Document:
    import trafilatura  # slow to import; only HTML input needs it

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise InputError(f"{where}: no article text found in this HTML page")
    return Document(id=doc_id, text=text, title=extracted.title or None, date=extracted.date or None)


def split_articles(text: str, doc_id: str, titles: bool = False) -> list[Document]:
    """Split text holding several articles separated by a line ``|||||`` (Multi-News).

    With ``titles``, an article whose first line is a headline gets it as its title.
    """
    parts = SEPARATOR.split(text)
    name = (lambda i: doc_id) if len(parts) == 1 else (lambda i: f"{doc_id}#{i}")
    return [Document(id=name(i), text=part, title=headline(part) if titles else None) for i, part in enumerate(parts, 1)]


def headline(text: str) -> str | None:
    """The first paragraph of a plain-text article when it reads as a headline: one line, followed
    by more text, that ``prepare`` drops as a headline (short, not a sentence)."""
    from .boilerplate import boilerplate_reason, paragraphs

    spans = paragraphs(text)
    if len(spans) < 2:
        return None
    line = text[spans[0][0] : spans[0][1]]
    if "\n" in line or len(line.split()) < 2:
        return None
    return line if boilerplate_reason(line, first=True, title=None, seen=set()) == "headline" else None


def _documents_from_text(text: str, name: str, suffix: str, where: str) -> list[Document]:
    if suffix in HTML_SUFFIXES:
        return [html_to_document(text, name, where)]
    if suffix in {".md", ".markdown"}:
        plain, title = markdown_to_text(text)
        docs = split_articles(plain, name)
        return [Document(d.id, d.text, title=title if len(docs) == 1 else None) for d in docs]
    return split_articles(text, name, titles=True)


def documents_from_bytes(name: str, data: bytes, warnings: list[str], where: str | None = None) -> list[Document]:
    """The articles in one file's bytes, named ``name`` (its suffix says how to read it)."""
    where = where or name
    text = decode(data, where, warnings)
    return _documents_from_text(text, name, Path(name).suffix.lower(), where)


def read_file(path: Path, warnings: list[str]) -> list[Document]:
    """Documents in one article file (several when it uses ``|||||`` separators)."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None
    return documents_from_bytes(path.name, data, warnings, str(path))


def _cluster_from_json(record: object, where: str) -> Cluster:
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object with 'documents', got {type(record).__name__}")
    raw_docs = record.get("documents")
    if not isinstance(raw_docs, list):
        raise InputError(f"{where}: 'documents' must be a list of {{id, title, date, text}} objects")
    documents = [
        Document.from_dict({"text": raw} if isinstance(raw, str) else raw, str(i), f"{where}: document {i}")
        for i, raw in enumerate(raw_docs)
    ]
    references = record.get("references") or []
    if isinstance(references, str):
        references = [references]
    if not isinstance(references, list) or not all(isinstance(r, str) for r in references):
        raise InputError(f"{where}: 'references' must be a list of strings")
    cluster_id = record.get("id")
    if isinstance(cluster_id, (dict, list)):
        raise InputError(f"{where}: 'id' must be a string or a number")
    query = query_text(record.get("query"), f"{where}: 'query'")
    return Cluster(
        id=str(cluster_id) if cluster_id is not None else where, documents=tuple(documents),
        references=tuple(references), query=query,
    )


def loads_json(text: str, where: str) -> object:
    """``json.loads``, with every refusal as an InputError naming ``where``: bad syntax, and what the
    parser cannot hold (a 5,000-digit number, 100,000 levels of nesting)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{where}: not valid JSON ({json_problem(err)})") from None
    except ValueError:
        raise InputError(f"{where}: not valid JSON (a number too long to read)") from None
    except RecursionError:
        raise InputError(f"{where}: not valid JSON (nested too deeply)") from None


def parse_cluster_line(line: str, where: str) -> Cluster:
    return _cluster_from_json(loads_json(line, where), where)


def iter_clusters(lines: Iterable[str], name: str) -> Iterator[Cluster]:
    """Clusters from JSONL lines, streamed; blank lines are skipped, bad lines raise with their number."""
    for number, line in enumerate(lines, 1):
        if line.strip():
            yield parse_cluster_line(line, f"{name}:{number}")


@contextmanager
def open_lines(source: str | Path, what: str = "cluster") -> Iterator[Iterator[str]]:
    """The lines of a ``what`` JSONL file (plain or .gz), or of stdin for ``-``, streamed."""
    if str(source) == "-":
        yield io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="\n")
        return
    path = Path(source)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, expected {'an' if what[0] in 'aeiou' else 'a'} {what} JSONL file")
    try:
        handle = open_text(path)
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None
    with handle:
        yield handle


def read_clusters(path: str | Path) -> Iterator[Cluster]:
    """Stream the clusters of a JSONL (or .jsonl.gz) file in the format of ``../shared/data``."""
    name = "<stdin>" if str(path) == "-" else str(path)
    with open_lines(path) as lines:
        yield from iter_clusters(lines, name)


def _may_be(line: str, cluster_id: str) -> bool:
    """Whether a line that is not valid JSON may still be the cluster ``cluster_id`` (names its id)."""
    quoted = re.escape(json.dumps(cluster_id)[1:-1])
    return re.search(rf'"id"\s*:\s*("{quoted}"|{re.escape(cluster_id)}\s*[,}}])', line) is not None


def find_cluster(path: str | Path, cluster_id: str | None, warnings: list[str] | None = None) -> Cluster:
    """One cluster of a JSONL file: the one with ``cluster_id``, or the only one.

    Looking for ``cluster_id``, a malformed line is an error only when it may be that cluster's
    (it names its id); the others become ``warnings``.
    """
    first: Cluster | None = None
    count = 0
    skipped: list[str] = []
    name = "<stdin>" if str(path) == "-" else str(path)
    with open_lines(path) as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                cluster = parse_cluster_line(line, f"{name}:{number}")
            except InputError as err:
                if cluster_id is None or _may_be(line, cluster_id):
                    raise
                skipped.append(f"{err}; skipped (not cluster {cluster_id!r})")
                continue
            count += 1
            if cluster_id is None:
                first = first or cluster
            elif cluster.id == cluster_id:
                if warnings is not None:
                    warnings.extend(skipped)
                return cluster
    if cluster_id is not None:
        unread = f", and {plural(len(skipped), 'line')} it could not read" if skipped else ""
        raise InputError(f"{path}: no cluster with id {cluster_id!r} (the file has {plural(count, 'cluster')}{unread})")
    if count == 0 or first is None:
        raise InputError(f"{path}: holds no clusters")
    if count > 1:
        raise InputError(f"{path}: holds {plural(count, 'cluster')}; choose one with --id")
    return first


def _files_in(directory: Path) -> list[Path]:
    supported = TEXT_SUFFIXES | HTML_SUFFIXES
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in supported and not p.name.startswith("."))


def read_inputs(inputs: Iterable[str | Path], warnings: list[str]) -> list[Document]:
    """Documents from paths (files or directories) and ``-`` (stdin)."""
    documents: list[Document] = []
    for item in inputs:
        if str(item) == "-":
            text = decode(sys.stdin.buffer.read(), "<stdin>", warnings)
            if text.lstrip().startswith("{"):
                clusters = list(iter_clusters(text.split("\n"), "<stdin>"))  # not splitlines: U+2028 is no line end
                if len(clusters) != 1:
                    raise InputError(f"<stdin>: holds {plural(len(clusters), 'cluster')}; pass a file and choose one with --id")
                documents.extend(clusters[0].documents)
            else:
                documents.extend(split_articles(text, "stdin", titles=True))
            continue
        path = Path(item)
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_dir():
            files = _files_in(path)
            if not files:
                raise InputError(f"{path}: no article files (.txt, .md, .html) in this directory")
            others = sorted(p.name for p in path.iterdir() if p.is_file() and not p.name.startswith(".") and p not in files)
            if others:
                warnings.append(f"{path}: skipped {plural(len(others), 'file')} of unsupported type: {', '.join(others[:5])}"
                                + (", ..." if len(others) > 5 else ""))
            for file in files:
                documents.extend(read_file(file, warnings))
        elif _is_jsonl(path):
            documents.extend(find_cluster(path, None).documents)
        else:
            # As the server: only formats storyline reads. A name without a suffix (a pipe,
            # /dev/fd/N, a plain "article" file) is read as text, with the binary check of decode.
            if path.suffix and path.suffix.lower() not in TEXT_SUFFIXES | HTML_SUFFIXES:
                raise InputError(f"{path}: unsupported file type ({path.suffix}); {SUPPORTED}")
            documents.extend(read_file(path, warnings))
    return documents


def unique_ids(documents: list[Document], warnings: list[str]) -> list[Document]:
    """Two articles with the same name (files in different folders, one outlet's two articles) stay
    two sources: the later one is renamed ``name~2`` (``~3``, ...), with a warning. ``brief()`` calls it."""
    taken = {doc.id for doc in documents}
    if len(taken) == len(documents):
        return documents
    seen: set[str] = set()
    result = []
    for doc in documents:
        if doc.id in seen:
            n = 2
            while f"{doc.id}~{n}" in taken:
                n += 1
            new_id = f"{doc.id}~{n}"
            taken.add(new_id)
            warnings.append(f"two documents are named {doc.id!r}; the later one is {new_id!r}")
            doc = Document(new_id, doc.text, doc.title, doc.date)
        seen.add(doc.id)
        result.append(doc)
    return result


def as_document(item: str | Path | Document, index: int, warnings: list[str]) -> list[Document]:
    """What ``storyline.brief`` accepts: Document objects, paths, or article strings."""
    if isinstance(item, Document):
        return [item]
    if isinstance(item, Path):
        return read_inputs([item], warnings)
    if isinstance(item, str):
        if item.strip() and "\n" not in item and len(item) < 4096:
            try:
                if Path(item).exists():
                    return read_inputs([item], warnings)
            except OSError:
                pass
        return split_articles(item, str(index + 1))
    raise TypeError(f"document {index}: expected str, Path or Document, got {type(item).__name__}")
