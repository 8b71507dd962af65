"""Paragraphs and the boilerplate rules: where an article's paragraphs are, and why one is not
article text (scraper furniture, a repeated line, a headline). ``prepare`` drops paragraphs by these
rules; ``ingest`` reads a plain-text article's headline by the same ones (so the two agree).
"""

from __future__ import annotations

import re
from functools import lru_cache

_TERMINAL = tuple('.!?"”’\')…')

# Whole lines that scrapers leave around an article.
_BOILERPLATE_LINE = re.compile(
    r"""^\W*(
        share(\s+(this|on)\b.*)?:?|tweet|e-?mail|print|comments?|advertisement|advertising|
        (read|see)\s+(more|also)\b.*|related(\s+(articles?|stories|coverage))?:?.*|
        click\s+here\b.*|sign\s+up\b.*|subscribe\b.*|follow\s+(us|@).*|
        (photo|image|picture|video|credit|illustration)s?(\s+credit)?\s*:.*|
        copyright\b.*|©.*|all\s+rights\s+reserved.*|
        \(?(reporting|writing|editing|additional\s+reporting)\s+by\b.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT_INSIDE = re.compile(
    r"(news\s+)?photo\s*:|photo\s+credit|getty\s+images|\bap\s+photo\b|/\s*(reuters|afp|ap)\s*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(by|posted\s+by|written\s+by)\s+[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,3}\b.*$", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


@lru_cache(maxsize=16)
def _normal_cached(text: str) -> str:
    return _normal(text)


def _line_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def _is_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Text wrapped at a fixed width: most lines are of similar length and end mid-sentence."""
    if len(lines) < 6 or "\n\n" not in text:
        return False
    lengths = [e - s for s, e in lines]
    mid_sentence = sum(1 for s, e in lines if not text[s:e].rstrip().endswith(_TERMINAL))
    wrapped = sum(1 for n in lengths if 40 <= n <= 100)
    return wrapped >= 0.7 * len(lines) and mid_sentence >= 0.5 * len(lines)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: lines, or blank-line separated blocks when the text is hard-wrapped."""
    lines = _line_spans(text)
    if not _is_hard_wrapped(text, lines):
        return [strip_span(text, s, e) for s, e in lines]
    blocks = []
    for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text):
        blocks.append(strip_span(text, m.start(), m.end()))
    return blocks


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_prose(line: str) -> bool:
    return line.rstrip().endswith(_TERMINAL)


def _words_up_to(line: str, cap: int) -> int:
    """Whitespace words of ``line``, counted no further than ``cap`` + 1 (every threshold below is
    at most ``cap``, and a long paragraph need not be split whole)."""
    return len(line.split(None, cap))


_LONG = 60  # words: a longer paragraph is prose, compared with others only for verbatim repeats


def line_key(line: str, words: int | None = None) -> str:
    """What a paragraph is compared by to spot repeats: its words, lower-cased; long paragraphs
    (which only repeat verbatim) just lower-cased, which is much cheaper."""
    if words is None:
        words = _words_up_to(line, _LONG)
    return _normal(line) if words <= _LONG else line.lower()


def boilerplate_reason(
    line: str, *, first: bool, title: str | None, seen: set[str], whole: str = "", key: str | None = None
) -> str | None:
    """Why a paragraph is not article text, or None when it is.

    ``seen`` holds the ``line_key`` of the paragraphs before it, ``key`` is this one's (computed
    when not given); ``whole`` is the text of the whole document, to spot pull quotes.
    """
    words = _words_up_to(line, _LONG)
    norm = key if key is not None else line_key(line, words)
    if not norm:
        return "no words"
    if norm in seen:
        return "repeated line"
    if not _is_prose(line) and words <= 30 and _normal_cached(whole).count(norm) >= 2:
        return "pull quote"
    if title and (norm == _normal(title) or (first and norm.startswith(_normal(title)) and not _is_prose(line))):
        return "headline"
    if any(norm.startswith(prev) and len(prev) > 20 and not _is_prose(line) for prev in seen):
        return "repeated headline"
    if _MARKDOWN_HEADING.match(line):
        return "heading"
    if words <= 20 and _BOILERPLATE_LINE.match(line.strip()):
        return "boilerplate"
    if words <= 20 and _CREDIT_INSIDE.search(line):
        return "photo credit"
    if words <= 12 and _BYLINE.match(line.strip()) and not _is_prose(line):
        return "byline"
    if not _is_prose(line) and (words < 8 or (first and words <= 20)):
        return "headline" if first else "not a sentence"
    return None
