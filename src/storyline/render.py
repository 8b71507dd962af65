"""Render a Brief as text, Markdown or JSON. Article text is untrusted: it is escaped for each target."""

from __future__ import annotations

import json
import re
from typing import Any

from .model import Brief

FORMATS = ("text", "markdown", "json")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def terminal_safe(text: str) -> str:
    """Drop control characters (ANSI escapes, bidi overrides) so article text cannot drive a terminal."""
    return _CONTROL.sub("", text)


def markdown_safe(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", terminal_safe(text))


def _source_numbers(brief: Brief) -> dict[str, int]:
    return {doc.id: n for n, doc in enumerate(brief.documents, 1)}


def _describe(doc) -> str:
    parts = [doc.id]
    if doc.title and doc.title != doc.id:
        parts.append(f"“{doc.title}”")
    if doc.date:
        parts.append(f"({doc.date})")
    parts.append(f"{doc.words} words")
    return " ".join(parts)


def to_text(brief: Brief) -> str:
    numbers = _source_numbers(brief)
    lines = []
    for s in brief.summary:
        marks = "".join(f"[{numbers[span.document]}]" for span in s.sources)
        lines.append(f"{terminal_safe(s.text)} {marks}")
    lines.append("")
    lines.append("Sources:")
    for n, doc in enumerate(brief.documents, 1):
        lines.append(f"[{n}] {terminal_safe(_describe(doc))}")
    return "\n".join(lines) + "\n"


def to_markdown(brief: Brief) -> str:
    numbers = _source_numbers(brief)
    lines = ["## Summary", ""]
    for s in brief.summary:
        marks = "".join(f"[\\[{numbers[span.document]}\\]](#source-{numbers[span.document]})" for span in s.sources)
        lines.append(f"- {markdown_safe(s.text)} {marks}")
    lines += ["", "## Sources", ""]
    for n, doc in enumerate(brief.documents, 1):
        lines.append(f'{n}. <a id="source-{n}"></a>{markdown_safe(_describe(doc))}')
    if brief.warnings:
        lines += ["", "## Warnings", ""] + [f"- {markdown_safe(w)}" for w in brief.warnings]
    return "\n".join(lines) + "\n"


def to_dict(brief: Brief) -> dict[str, Any]:
    return {
        "summary": [
            {"text": s.text, "words": s.words, "sources": [span.to_dict() for span in s.sources]} for s in brief.summary
        ],
        "documents": [{"id": d.id, "title": d.title, "date": d.date, "words": d.words} for d in brief.documents],
        "settings": brief.settings,
        "warnings": list(brief.warnings),
    }


def to_json(brief: Brief) -> str:
    return json.dumps(to_dict(brief), ensure_ascii=False, indent=2) + "\n"


def render(brief: Brief, fmt: str) -> str:
    if fmt == "text":
        return to_text(brief)
    if fmt == "markdown":
        return to_markdown(brief)
    if fmt == "json":
        return to_json(brief)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
