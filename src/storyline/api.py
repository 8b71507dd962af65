"""The public API: ``brief(documents, words=100) -> Brief``. The CLI and every other shell call this."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from .analyse.redundancy import redundancy_groups
from .errors import InputError, StorylineError
from .ingest import as_document
from .model import Brief, Document, DocumentInfo, PreparedDocument, Sentence, Span, SummarySentence
from .prepare import prepare
from .select import Candidate, SelectSettings, features, is_bare_quotation, is_complete, is_readable_start, select
from .text import stems, word_count


def _documents(items: Iterable[str | Path | Document], warnings: list[str]) -> list[Document]:
    if isinstance(items, (str, Path, Document)):
        items = [items]
    documents: list[Document] = []
    for index, item in enumerate(items):
        documents.extend(as_document(item, index, warnings))
    usable = []
    for doc in documents:
        if doc.text.strip():
            usable.append(doc)
        else:
            warnings.append(f"document {doc.id!r} is empty; skipped")
    if not usable:
        raise InputError("no documents with text to summarize")
    return usable


def _reading_order(sentence: Sentence, prepared: list[PreparedDocument]) -> tuple:
    """By document date when known (undated last), then position, then document order."""
    date = prepared[sentence.doc].parsed_date
    return (date is None, date or datetime.min, sentence.position, sentence.doc)


def brief(
    documents: Iterable[str | Path | Document] | str | Path | Document,
    words: int = 100,
    *,
    solver: str = "auto",
    settings: SelectSettings | None = None,
) -> Brief:
    """Summarize a cluster of articles about one story into at most ``words`` words of whole sentences.

    ``documents`` may be article strings, paths (files or directories) or ``Document`` objects.
    Every summary sentence lists its sources: the document it was taken from first, then every
    other document carrying the same sentence or a near-duplicate of it, with character offsets.
    """
    if not isinstance(words, int) or words <= 0:
        raise StorylineError(f"words must be a positive whole number, got {words!r}")
    if solver not in ("auto", "ilp", "greedy"):
        raise StorylineError(f"solver must be 'auto', 'ilp' or 'greedy', got {solver!r}")
    settings = replace(settings or SelectSettings(), solver=solver)
    started = time.perf_counter()
    warnings: list[str] = []
    docs = _documents(documents, warnings)
    if len(docs) == 1:
        warnings.append("only one document: the summary covers a single article")

    prepared = [prepare(doc, i) for i, doc in enumerate(docs)]
    for p in prepared:
        if not p.sentences:
            warnings.append(f"document {p.document.id!r} has no sentences after cleaning")
    sentences = [s for p in prepared for s in p.sentences]
    if not sentences:
        raise InputError("no sentences to summarize after removing boilerplate")
    sentence_features = [features(stems(s.text)) for s in sentences]
    groups = redundancy_groups([content for _, content in sentence_features])

    members: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)

    every = [
        Candidate(i, s.doc, s.position, word_count(s.text), concepts, content)
        for i, (s, (concepts, content)) in enumerate(zip(sentences, sentence_features))
    ]

    def candidates(strict: bool) -> list[Candidate]:
        """One sentence per redundancy group (the earliest); strict also drops hard-to-read ones.

        A sentence that opens with a pronoun or "But" may only join the summary together with the
        sentence before it, which is what it leans on.
        """
        result = []
        for group in members.values():
            c = every[min(group, key=lambda k: (sentences[k].position, sentences[k].doc))]
            text = sentences[c.index].text
            if strict:
                if c.words < settings.min_words or not is_complete(text):
                    continue
                if settings.readable_only:
                    if is_bare_quotation(text):
                        continue
                    if not is_readable_start(text):
                        if c.position == 0:
                            continue
                        c = replace(c, after=c.index - 1)
            result.append(c)
        return result

    pool = candidates(strict=True) or candidates(strict=False)
    chosen = select(pool, every, len(docs), words, settings)
    if not chosen:
        chosen = select(candidates(strict=False), every, len(docs), words, settings)
    if not chosen:
        shortest = min(word_count(s.text) for s in sentences)
        raise StorylineError(f"no sentence fits in {words} words (the shortest has {shortest}); raise --words")

    summary = []
    for i in sorted(chosen, key=lambda k: _reading_order(sentences[k], prepared)):
        s = sentences[i]
        spans = [Span(docs[s.doc].id, s.start, s.end)]
        seen_docs = {s.doc}
        for k in sorted(members[groups[i]], key=lambda k: (sentences[k].doc, sentences[k].position)):
            other = sentences[k]
            if other.doc not in seen_docs:
                seen_docs.add(other.doc)
                spans.append(Span(docs[other.doc].id, other.start, other.end))
        summary.append(SummarySentence(text=s.text, sources=tuple(spans)))

    infos = tuple(
        DocumentInfo(id=p.document.id, title=p.document.title, date=p.document.date, words=p.words) for p in prepared
    )
    used = {**vars(settings), "words": words}
    used["elapsed_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return Brief(summary=tuple(summary), documents=infos, settings=used, warnings=tuple(warnings))
