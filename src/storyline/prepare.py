"""Prepare documents: find paragraphs, drop scraper boilerplate, split sentences, keep offsets.

Every kept sentence records ``start``/``end`` into ``Document.text``; every dropped line is
recorded too, so nothing disappears silently.
"""

from __future__ import annotations

import re
from functools import lru_cache
from datetime import datetime

import nupunkt

from .model import Document, PreparedDocument, Sentence
from .text import word_count

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
_CAPS_RUN = re.compile(r"\b[A-Z]{3,}\s+[A-Z]{3,}\b")
_SPEAKER_LABEL = re.compile(r"^[A-Z][A-Z .,'’()-]+:\s+\S")
_PRESENTER = re.compile(r"^(I\s+am|I'm|I’m)\s+[A-Z][\w'’-]+(\s+[A-Z][\w'’-]+)?\s*\.?$")
# "PORT ELSWICK, Oct 14 (CPA) - ", "WASHINGTON (Reuters) — ": kept out of the sentence text.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{2,}(?:,\s*[A-Z][A-Za-z]*\.?\s+\d{1,2})?\s*(?:\([A-Za-z .&]+\))?\s*[-—–]+\s+(?=[A-Z\"“])"
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


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
        return [_strip_span(text, s, e) for s, e in lines]
    blocks = []
    for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text):
        blocks.append(_strip_span(text, m.start(), m.end()))
    return blocks


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
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


def sentence_is_noise(sentence: str) -> bool:
    """Broadcast furniture and sign-offs inside prose ("I am Audie Cornish.", "X NPR News Beirut.")."""
    s = sentence.strip()
    if s.count(" ") >= 12:  # long sentences are prose; skip the word scan
        return False
    words = _WORD.findall(s)
    if _PRESENTER.match(s):
        return True
    # A run of capitals is programme furniture ("ALL THINGS CONSIDERED"), except a transcript's
    # speaker label ("RETURNING OFFICER PIET VANDERSLOOT: ...").
    if len(words) < 12 and _CAPS_RUN.search(s) and not _SPEAKER_LABEL.match(s):
        return True
    if 0 < len(words) < 8:
        capitalised = sum(1 for w in words if w[0].isupper())
        if capitalised >= 0.8 * len(words) and not s.endswith(('"', "”")):
            return True
    return False


# nupunkt keeps `...Hughes. "People...` together (a quotation opening after a full stop starts a
# sentence) and reads "per cent." as an abbreviation. (Patterns that open with the punctuation let
# the regex engine skip ahead to it: several times faster than testing the letter before first.)
_QUOTE_AFTER_STOP = re.compile(r'[.!?](\s+)["“][A-Z]')
_PER_CENT = re.compile(r"per cent\.(\s+)[A-Z]")
_WORD_END = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph: nupunkt, refined where a quotation opens a new sentence."""
    # nupunkt.load caches its tokenizer; sent_spans would also slice out every sentence.
    spans = list(nupunkt.load("default").span_tokenize(paragraph))
    # The gaps to cut at (the whitespace after the stop).
    cuts = [m.span(1) for m in _QUOTE_AFTER_STOP.finditer(paragraph, 1) if paragraph[m.start() - 1] in _WORD_END]
    if "per cent." in paragraph:
        cuts = sorted(cuts + [m.span(1) for m in _PER_CENT.finditer(paragraph)])
    if not cuts:
        return spans
    refined = []
    for start, end in spans:
        cut = start
        for gap_start, gap_end in cuts:
            if cut < gap_start and gap_end < end:
                refined.append((cut, gap_start))
                cut = gap_end
        refined.append((cut, end))
    return refined


def parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    from dateutil import parser as date_parser  # only documents with a date need it (start-up)

    try:
        parsed = date_parser.parse(value, fuzzy=True, default=datetime(1900, 1, 1))
    except (ValueError, OverflowError):
        return None
    return None if parsed.year == 1900 else parsed.replace(tzinfo=None)


def prepare(document: Document, doc_index: int = 0) -> PreparedDocument:
    text = document.text
    kept: list[Sentence] = []
    dropped: list[tuple[int, int]] = []
    seen: set[str] = set()
    for p_index, (start, end) in enumerate(paragraphs(text)):
        line = text[start:end]
        key = line_key(line)
        reason = boilerplate_reason(line, first=not kept and not seen, title=document.title, seen=seen, whole=text, key=key)
        seen.add(key)
        if reason:
            dropped.append((start, end))
            continue
        for s_start, s_end in sentence_spans(line):
            s_start, s_end = _strip_span(line, s_start, s_end)
            dateline = _DATELINE.match(line, s_start, s_end)
            if dateline:
                s_start = dateline.end()
            if s_end <= s_start:
                continue
            sentence = line[s_start:s_end]
            if sentence_is_noise(sentence):
                dropped.append((start + s_start, start + s_end))
                continue
            kept.append(
                Sentence(
                    doc=doc_index,
                    position=len(kept),
                    paragraph=p_index,
                    start=start + s_start,
                    end=start + s_end,
                    text=sentence,
                )
            )
    return PreparedDocument(
        document=document,
        sentences=tuple(kept),
        dropped=tuple(dropped),
        parsed_date=parse_date(document.date),
    )
