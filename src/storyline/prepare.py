"""Prepare documents: find paragraphs, drop scraper boilerplate, split sentences, keep offsets.

Every kept sentence records ``start``/``end`` into ``Document.text``; every dropped line is
recorded too, so nothing disappears silently.
"""

from __future__ import annotations

import re
from datetime import datetime

import nupunkt

from .boilerplate import boilerplate_reason, line_key, paragraphs, strip_span
from .lang.en.lexicon import TITLE_ABBREVIATIONS
from .model import Document, PreparedDocument, Sentence

_CAPS_RUN = re.compile(r"\b[A-Z]{3,}\s+[A-Z]{3,}\b")
_SPEAKER_LABEL = re.compile(r"^[A-Z][A-Z .,'’()-]+:\s+\S")
_PRESENTER = re.compile(r"^(I\s+am|I'm|I’m)\s+[A-Z][\w'’-]+(\s+[A-Z][\w'’-]+)?\s*\.?$")
# "PORT ELSWICK, Oct 14 (CPA) - ", "WASHINGTON (Reuters) — ": kept out of the sentence text.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{2,}(?:,\s*[A-Z][A-Za-z]*\.?\s+\d{1,2})?\s*(?:\([A-Za-z .&]+\))?\s*[-—–]+\s+(?=[A-Z\"“])"
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


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


# Title abbreviations: nupunkt sometimes ends a sentence at one before a name ("Lt. || Col. Barry
# Johnson", "spokesman lt. || Greg bueno"), and never ends one at a name written like a title ("Prime
# Minister Hun Sen. || The talks"). A title is followed by a name, not by a word that opens sentences.
_OPENERS = (
    "The|A|An|He|She|It|They|We|I|You|His|Her|Its|Their|Our|This|That|These|Those|There|But|And|Or|So|"
    "Yet|In|On|At|As|After|Before|When|While|If|However|Meanwhile|Since|Then|Now|Some|Many|Most"
)
_STOP_OPENER = re.compile(rf"\.\s+(?=(?:{_OPENERS})\b)")
_STOP_ANY = re.compile(r"\.\s+(?=[A-Z])")
_WORD_BEFORE = re.compile(r"(?<![\w.])([A-Za-z]+)$")


def _is_title_stop(text: str, end: int, names: frozenset[str]) -> bool:
    """The full stop at ``end`` closes a title abbreviation ("Sen.") that is not used as a name."""
    m = _WORD_BEFORE.search(text, max(0, end - 8), end)
    if m is None or m.group(1).lower() not in TITLE_ABBREVIATIONS:
        return False
    if names:
        before = text[max(0, m.start() - 30) : m.start()].split()
        if before and f"{before[-1]} {m.group(1)}".lower() in names:
            return False  # "Hun Sen." where the article also writes "Hun Sen said"
    return True


def title_names(text: str) -> frozenset[str]:
    """Names that end in a word written like a title abbreviation and used without a full stop
    elsewhere in the text ("Hun Sen said"): lower-case "hun sen"."""
    found = set()
    for m in _TITLE_AS_NAME.finditer(text):
        before = _NAME_BEFORE.search(text, max(0, m.start() - 20), m.start())
        if before and before.group(1).lower() not in TITLE_ABBREVIATIONS:
            found.add(f"{before.group(1)} {m.group(1)}".lower())
    return frozenset(found)


# " Sen" not followed by a stop or a capitalised word (opening with the space: a fast scan)
_TITLE_AS_NAME = re.compile(
    " (" + "|".join(sorted((t.capitalize() for t in TITLE_ABBREVIATIONS), key=len, reverse=True)) + r")(?![.\w'’-])(?! [A-Z])"
)
_NAME_BEFORE = re.compile(r"(?<![\w.'’-])([A-Z][a-z]+)$")


def _title_spans(paragraph: str, spans: list[tuple[int, int]], names: frozenset[str]) -> list[tuple[int, int]]:
    """Join spans nupunkt cut after a title before a name; cut after one before a sentence opener."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined:
            prev_start, prev_end = joined[-1]
            stop = prev_end - 1  # nupunkt's spans end at their punctuation
            if (
                paragraph[stop] == "."
                and paragraph[start : start + 1].isupper()
                and _is_title_stop(paragraph, stop, names)
                and not _STOP_OPENER.match(paragraph, stop)
            ):
                joined[-1] = (prev_start, end)
                continue
        joined.append((start, end))
    if not names and not _STOP_OPENER.search(paragraph):
        return joined
    cut: list[tuple[int, int]] = []
    for start, end in joined:
        for m in (_STOP_ANY if names else _STOP_OPENER).finditer(paragraph, start, end):
            word = _WORD_BEFORE.search(paragraph, max(start, m.start() - 8), m.start())
            if word is None or word.group(1).lower() not in TITLE_ABBREVIATIONS or not word.group(1)[:1].isupper():
                continue
            if names and not _STOP_OPENER.match(paragraph, m.start()):
                before = paragraph[max(start, word.start() - 30) : word.start()].split()
                if not before or f"{before[-1]} {word.group(1)}".lower() not in names:
                    continue
            cut.append((start, m.start() + 1))
            start = m.end()
        cut.append((start, end))
    return cut


def sentence_spans(paragraph: str, names: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph: nupunkt, refined where a quotation opens a new sentence and
    at title abbreviations (``names``: see ``title_names``)."""
    # nupunkt.load caches its tokenizer; sent_spans would also slice out every sentence.
    spans = list(nupunkt.load("default").span_tokenize(paragraph))
    if len(spans) > 1 or names or _STOP_OPENER.search(paragraph):
        spans = _title_spans(paragraph, spans, names)
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
    names = title_names(text)
    for p_index, (start, end) in enumerate(paragraphs(text)):
        line = text[start:end]
        key = line_key(line)
        reason = boilerplate_reason(line, first=not kept and not seen, title=document.title, seen=seen, whole=text, key=key)
        seen.add(key)
        if reason:
            dropped.append((start, end))
            continue
        for s_start, s_end in sentence_spans(line, names):
            s_start, s_end = strip_span(line, s_start, s_end)
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
