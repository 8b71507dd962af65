"""Render a Brief as text, Markdown, JSON or one self-contained HTML page.

Article text is untrusted: it is escaped for each target (control characters dropped for
terminals, Markdown syntax escaped, HTML escaped; the page runs no script at all).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import Any

from .model import Brief, DocumentInfo, Span
from .sections import LEADS, SECTIONS, Field, Marks, value

FORMATS = ("text", "markdown", "json", "html")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def terminal_safe(text: str) -> str:
    """Drop control characters (ANSI escapes, bidi overrides) so article text cannot drive a terminal."""
    return _CONTROL.sub("", text)


def markdown_safe(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", terminal_safe(text))


def _numbers(brief: Brief) -> dict[str, int]:
    return {doc.id: n for n, doc in enumerate(brief.documents, 1)}


def _describe(doc: DocumentInfo) -> str:
    parts = [doc.id]
    if doc.title and doc.title != doc.id:
        parts.append(f"“{doc.title}”")
    if doc.date:
        parts.append(f"({doc.date})")
    parts.append(f"{doc.words} words")
    if doc.off_event:
        parts.append(f"— off-event: {doc.reason or 'about a different event'}")
    elif doc.reason:
        parts.append(f"— kept, but {doc.reason}")
    return " ".join(parts)


def _leads(brief: Brief) -> list:
    """The registry's leads this brief has (the question, when one was asked)."""
    return [lead for lead in LEADS if getattr(brief, lead.name)]


def _outlets(spans: tuple[Span, ...]) -> list[str]:
    seen: list[str] = []
    for span in spans:
        if span.document not in seen:
            seen.append(span.document)
    return seen


# --- text -------------------------------------------------------------------------------------


def to_text(brief: Brief) -> str:
    numbers = _numbers(brief)
    lines = []
    for lead in _leads(brief):
        lines += [f"{lead.title}: {terminal_safe(getattr(brief, lead.name))}", ""]
    for s in brief.summary:
        marks = "".join(f"[{numbers[span.document]}]" for span in s.sources)
        hedge = f" (unverified: {terminal_safe(s.hedge)})" if s.hedge else ""
        lines.append(f"{terminal_safe(s.text)} {marks}{hedge}")
    lines += ["", "Sources:"]
    lines += [f"[{n}] {terminal_safe(_describe(doc))}" for n, doc in enumerate(brief.documents, 1)]
    return "\n".join(lines) + "\n"


# --- Markdown ---------------------------------------------------------------------------------


def to_markdown(brief: Brief) -> str:
    numbers = _numbers(brief)

    def marks(spans: tuple[Span, ...]) -> str:
        return "".join(f"[\\[{numbers[d]}\\]](#source-{numbers[d]})" for d in _outlets(spans))

    lines = []
    for lead in _leads(brief):
        lines += [f"## {lead.title}", "", markdown_safe(getattr(brief, lead.name)), ""]
    lines += ["## Summary", ""]
    for s in brief.summary:
        support = f" — {len(_outlets(s.support))} outlets" if len(_outlets(s.support)) > 1 else (" — single source" if s.support else "")
        hedge = f" — *unverified: {markdown_safe(s.hedge)}*" if s.hedge else ""
        lines.append(f"- {markdown_safe(s.text)} {marks(s.sources)}{support}{hedge}")
    for section in SECTIONS:
        items = getattr(brief, section.name)
        if not items:
            continue
        lines += ["", f"## {section.title}", ""]
        if section.columns:
            lines.append("| " + " | ".join(c.heading for c in section.columns) + " |")
            lines.append("|" + "---|" * len(section.columns))
            lines += ["| " + " | ".join(_md_parts(c.parts, item, marks, numbers) for c in section.columns) + " |" for item in items]
        else:
            lines += [f"- {_md_parts(section.parts, item, marks, numbers)}" for item in items]
    off = [d for d in brief.documents if d.off_event]
    if off:
        lines += ["", "## Off-event articles", ""]
        lines += [f"- [{numbers[d.id]}] {markdown_safe(d.id)}: {markdown_safe(d.reason or '')} (relatedness {d.relatedness})" for d in off]
    lines += ["", "## Sources", ""]
    lines += [f'{n}. <a id="source-{n}"></a>{markdown_safe(_describe(doc))}' for n, doc in enumerate(brief.documents, 1)]
    if brief.warnings:
        lines += ["", "## Warnings", ""] + [f"- {markdown_safe(w)}" for w in brief.warnings]
    return "\n".join(lines) + "\n"


_MD_ROLES = {
    "plain": "{}", "value": "{}", "strong": "**{}**", "cue": " (cue: *{}*)", "note": " — {}",
}


def _md_parts(parts: tuple, item: Any, marks: Callable[[tuple[Span, ...]], str], numbers: dict[str, int]) -> str:
    """One item of a section in Markdown, from its registry entry's parts."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Field):
            out.append(_MD_ROLES[part.role].format(markdown_safe(value(item, part))))
        elif isinstance(part, Marks):
            if part.documents:  # in a table: the outlets' numbers
                out.append("".join(f"[{numbers[d]}]" for d in getattr(item, part.documents) if d in numbers))
            else:
                out.append(marks(getattr(item, part.field)))
        else:  # Each
            out.append(part.separator.join(_md_parts(part.parts, sub, marks, numbers) for sub in getattr(item, part.field)))
    return "".join(out)


# --- JSON -------------------------------------------------------------------------------------


def _spans(spans: tuple[Span, ...]) -> list[dict[str, Any]]:
    return [span.to_dict() for span in spans]


def to_dict(brief: Brief, *, texts: bool = True) -> dict[str, Any]:
    """The brief as JSON-ready data (schema: ``storyline/data/brief.schema.json``)."""
    documents = []
    for d in brief.documents:
        item = {"id": d.id, "title": d.title, "date": d.date, "words": d.words, "off_event": d.off_event, "relatedness": d.relatedness,
                "reason": d.reason}
        if texts:
            item["text"] = d.text
        documents.append(item)
    return {
        "summary": [
            {
                "text": s.text,
                "words": s.words,
                "support": len(_outlets(s.support)) if s.support else len(_outlets(s.sources)),
                "sources": _spans(s.sources),
                "supporting": _spans(s.support),
                "hedge": s.hedge,
            }
            for s in brief.summary
        ],
        "documents": documents,
        **{section.name: [_item(item, section.json_keys()) for item in getattr(brief, section.name)] for section in SECTIONS},
        "settings": brief.settings,
        "warnings": list(brief.warnings),
        **{lead.name: getattr(brief, lead.name) for lead in _leads(brief)},  # only when set: generic briefs stay as they were
    }


def _json(value: Any) -> Any:
    if isinstance(value, Span):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    if is_dataclass(value):
        return {f.name: _json(getattr(value, f.name)) for f in fields(value)}
    return value


def _item(item: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    """One section item as JSON: its fields (and named properties), spans as objects."""
    return {key: _json(getattr(item, key)) for key in keys}


def to_json(brief: Brief) -> str:
    return json.dumps(to_dict(brief), ensure_ascii=False, indent=2) + "\n"


# --- HTML -------------------------------------------------------------------------------------

_CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:0 auto;padding:1rem;color:#1d1d1f;background:#fff}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #ddd}
ul,ol{padding-left:1.3rem}li{margin:.35rem 0}
.mark{display:inline-block;font-size:.8em;vertical-align:super;color:#0645ad;text-decoration:none;
padding:0 .1em;border-radius:3px}
.mark:focus,.mark:hover{background:#fde68a;outline:2px solid #b45309}
li,tr{position:relative}
.tip{display:none;position:absolute;left:0;top:100%;z-index:2;box-sizing:border-box;width:min(24rem,100%);padding:.5rem;
background:#fffbe6;color:#1d1d1f;border:1px solid #b45309;border-radius:4px;font-size:.85rem;line-height:1.35;
white-space:normal;pointer-events:none}
.mark:hover .tip,.mark:focus .tip{display:block}
.support{color:#555;font-size:.85em}.single{color:#9a3412;font-size:.85em}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.25rem;text-align:left}
.off{color:#9a3412}.cue,.hedge{font-style:italic;color:#555}.hedge{color:#9a3412;font-size:.85em}
article{border:1px solid #ddd;border-radius:4px;padding:.5rem .8rem;margin:.6rem 0}
article h3{position:sticky;top:0;z-index:1;margin:0;padding:.3rem 0;background:#fff}
article p{white-space:pre-wrap;margin:.3rem 0}
mark.sentence:target,mark.sentence{background:none;color:inherit;scroll-margin-top:3.5rem}mark.sentence:target{background:#fde68a;outline:2px solid #b45309}
@media (max-width:600px){body{padding:.5rem;font-size:15px}}
"""


def _h(text: str) -> str:
    return html.escape(terminal_safe(text), quote=True)


def story_title(brief: Brief, most: int = 90) -> str:
    """What the story is, in a line: the headline of the article the summary opens with (else any
    headline), else the summary's first sentence, cut at a word within ``most`` characters."""
    titles = {d.id: d.title for d in brief.documents if d.title}
    opening = brief.summary[0].sources if brief.summary else ()
    title = next((titles[s.document] for s in opening if s.document in titles), None) or next(iter(titles.values()), None)
    if title is None:
        title = brief.summary[0].text if brief.summary else "storyline brief"
    title = " ".join(title.split())
    if len(title) > most:
        title = title[:most].rsplit(" ", 1)[0].rstrip(",;:—-") + "…"
    return title


def to_html(brief: Brief) -> str:
    """One self-contained page (no external assets, no script): hovering or focusing a source mark
    shows the sentence it points to; following it jumps to that sentence in the article."""
    numbers = _numbers(brief)
    texts = {d.id: d.text for d in brief.documents}
    anchors: dict[tuple[str, int, int], str] = {}

    def anchor(span: Span) -> str:
        key = (span.document, span.start, span.end)
        if key not in anchors:
            anchors[key] = f"s{numbers[span.document]}-{span.start}"
        return anchors[key]

    def marks(spans: tuple[Span, ...]) -> str:
        out, seen = [], set()
        for span in spans:
            if span.document in seen or span.document not in numbers:
                continue
            seen.add(span.document)
            said = texts.get(span.document, "")[span.start : span.end]
            out.append(
                f'<a class="mark" href="#{anchor(span)}" aria-label="source {numbers[span.document]}: {_h(span.document)}">'
                f'[{numbers[span.document]}]<span class="tip" role="tooltip">{_h(span.document)}: {_h(said)}</span></a>'
            )
        return "".join(out)

    parts = [f'<h2>{_h(lead.title)}</h2><p class="{lead.name}">{_h(getattr(brief, lead.name))}</p>' for lead in _leads(brief)]
    parts.append("<h2>Summary</h2><ul>")
    for s in brief.summary:
        outlets = len(_outlets(s.support)) if s.support else 0
        note = f' <span class="support">{outlets} outlets</span>' if outlets > 1 else (' <span class="single">single source</span>' if outlets == 1 else "")
        hedge = f' <span class="hedge">unverified: {_h(s.hedge)}</span>' if s.hedge else ""
        parts.append(f"<li>{_h(s.text)} {marks(s.sources)}{note}{hedge}</li>")
    parts.append("</ul>")
    for section in SECTIONS:
        items = getattr(brief, section.name)
        if not items:
            continue
        if section.columns:
            head = "".join(f"<th>{_h(c.heading)}</th>" for c in section.columns)
            parts.append(f"<h2>{_h(section.title)}</h2><table><tr>{head}</tr>")
            parts += ["<tr>" + "".join(f"<td>{_html_parts(c.parts, item, marks)}</td>" for c in section.columns) + "</tr>" for item in items]
            parts.append("</table>")
        else:
            parts.append(f"<h2>{_h(section.title)}</h2><ul>")
            parts += [f"<li>{_html_parts(section.parts, item, marks)}</li>" for item in items]
            parts.append("</ul>")
    off = [d for d in brief.documents if d.off_event]
    if off:
        parts.append("<h2>Off-event articles</h2><ul>")
        parts += [f'<li class="off">[{numbers[d.id]}] {_h(d.id)}: {_h(d.reason or "")} (relatedness {d.relatedness})</li>' for d in off]
        parts.append("</ul>")
    parts.append("<h2>Sources</h2><ol>")
    parts += [f'<li id="source-{n}">{_h(_describe(d))}</li>' for n, d in enumerate(brief.documents, 1)]
    parts.append("</ol>")
    if brief.warnings:
        parts.append("<h2>Warnings</h2><ul>" + "".join(f"<li>{_h(w)}</li>" for w in brief.warnings) + "</ul>")
    parts.append("<h2>Articles</h2>")
    for n, d in enumerate(brief.documents, 1):
        parts.append(f'<article id="article-{n}"><h3>[{n}] {_h(d.id)}</h3>{_article_html(d, n, anchors)}</article>')
    body = "\n".join(parts)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{_h(story_title(brief))} — storyline brief</title><style>{_CSS}</style></head>"
        f"<body><h1>Brief</h1>\n{body}\n</body></html>\n"
    )


_HTML_ROLES = {
    "plain": "{}", "value": "<strong>{}</strong>", "strong": "<strong>{}</strong>",
    "cue": ' <span class="cue">{}</span>', "note": ' <span class="support">{}</span>',
}


def _html_parts(parts: tuple, item: Any, marks: Callable[[tuple[Span, ...]], str]) -> str:
    """One item of a section in HTML, from its registry entry's parts."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(_h(part))
        elif isinstance(part, Field):
            out.append(_HTML_ROLES[part.role].format(_h(value(item, part))))
        elif isinstance(part, Marks):
            out.append(marks(getattr(item, part.field)))
        else:  # Each
            out.append(_h(part.separator).join(_html_parts(part.parts, sub, marks) for sub in getattr(item, part.field)))
    return "".join(out)


def _article_html(doc: DocumentInfo, number: int, anchors: dict[tuple[str, int, int], str]) -> str:
    """The article text, escaped, with every span a source mark points to wrapped in a target:
    a name inside a sentence nests in the sentence's mark; a span that crosses another's end
    gets an empty target at its start, so every mark has somewhere to land."""
    text = doc.text
    spans = sorted(((s, e, a) for (d, s, e), a in anchors.items() if d == doc.id), key=lambda t: (t[0], -t[1]))
    out, at, ends = [], 0, []  # ends: where the open marks end, innermost last

    def upto(position: int) -> None:
        nonlocal at
        while ends and ends[-1] <= position:
            out.append(_h(text[at : ends[-1]]) + "</mark>")
            at = ends.pop()
        out.append(_h(text[at:position]))
        at = position

    for start, end, name in spans:
        upto(start)
        if ends and end > ends[-1]:  # crosses the end of the mark it starts in
            out.append(f'<span class="sentence" id="{name}" tabindex="-1"></span>')
            continue
        out.append(f'<mark class="sentence" id="{name}" tabindex="-1">')
        ends.append(end)
    upto(len(text))
    return f"<p>{''.join(out)}</p>"


def render(brief: Brief, fmt: str) -> str:
    if fmt == "text":
        return to_text(brief)
    if fmt == "markdown":
        return to_markdown(brief)
    if fmt == "json":
        return to_json(brief)
    if fmt == "html":
        return to_html(brief)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
