"""The public API: ``brief(documents, words=100) -> Brief``. The CLI and every other shell call this."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

from .analyse.corroboration import facts, support_groups, support_spans
from .analyse.redundancy import redundancy_groups
from .analyse.relatedness import MIN_DOCUMENTS, off_event, relatedness
from .analyse.timeline import document_dates, own_dates
from .errors import InputError, StorylineError
from .ingest import MAX_DOCUMENT_WORDS, as_document, check_size
from .model import Brief, Document, DocumentInfo, PreparedDocument, Sentence, Span, SummarySentence
from .prepare import prepare
from .select import (
    Candidate, SelectSettings, features, has_balanced_quotes, is_bare_quotation, is_complete, is_readable_start,
    is_speaker_line, select,
)
from .text import stems


def _documents(items: Iterable[str | Path | Document], warnings: list[str], max_words: int | None) -> list[Document]:
    if isinstance(items, (str, Path, Document)):
        items = [items]
    documents: list[Document] = []
    for index, item in enumerate(items):
        documents.extend(as_document(item, index, warnings))
    usable = []
    for doc in documents:
        doc = _without_surrogates(doc, warnings)
        check_size(doc, max_words)
        if doc.text and not doc.text.isspace():  # (strip() would copy the text)
            usable.append(doc)
        else:
            warnings.append(f"document {doc.id!r} is empty; skipped")
    if not usable:
        raise InputError("no documents with text to summarize")
    return usable


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")  # several times faster than searching for one
    except UnicodeEncodeError:
        return bool(_SURROGATE.search(text))
    return False


def _without_surrogates(doc: Document, warnings: list[str]) -> Document:
    """Lone surrogates (a ``\\ud800`` escape in JSON) become U+FFFD: one character for one, so
    offsets hold, and no later stage (spaCy, UTF-8 output) meets text it cannot encode."""
    fields = (doc.id, doc.text, doc.title, doc.date)
    if not any(f and _has_surrogate(f) for f in fields):
        return doc
    warnings.append(f"document {doc.id!r}: invalid characters (lone surrogates) replaced with \ufffd")
    clean = [_SURROGATE.sub("\ufffd", f) if f else f for f in fields]
    return Document(id=clean[0], text=clean[1], title=clean[2], date=clean[3])


_DEFAULT_SETTINGS = SelectSettings()


def _reading_order(sentence: Sentence, dates: list[date | None]) -> tuple:
    """By document date when known (undated last), then position, then document order."""
    day = dates[sentence.doc]
    return (day is None, day or date.min, sentence.position, sentence.doc)


def brief(
    documents: Iterable[str | Path | Document] | str | Path | Document,
    words: int = 100,
    *,
    solver: str = "auto",
    settings: SelectSettings | None = None,
    analysis: bool = True,
    keep_all: bool = False,
    max_document_words: int | None = MAX_DOCUMENT_WORDS,
) -> Brief:
    """Summarize a cluster of articles about one story into at most ``words`` words of whole sentences.

    ``documents`` may be article strings, paths (files or directories) or ``Document`` objects.
    Every summary sentence lists its sources: the document it was taken from first, then every
    other document carrying the same sentence or a near-duplicate of it, with character offsets.

    With ``analysis`` (the default) the brief also carries what an editor adds: support counts,
    corroborated facts, quotes, hedged claims, disagreements, entities, a timeline, and articles
    about a different event, which are kept out of the summary unless ``keep_all``.
    ``analysis=False`` gives the summary alone, as fast as possible.

    An article longer than ``max_document_words`` words (20,000 by default, as the server's
    limit) raises ``InputError``; ``None`` lifts the limit.
    """
    if not isinstance(words, int) or words <= 0:
        raise StorylineError(f"words must be a positive whole number, got {words!r}")
    if solver not in ("auto", "ilp", "greedy"):
        raise StorylineError(f"solver must be 'auto', 'ilp' or 'greedy', got {solver!r}")
    settings = settings or _DEFAULT_SETTINGS
    if settings.solver != solver:
        settings = replace(settings, solver=solver)
    started = time.perf_counter()
    warnings: list[str] = []
    docs = _documents(documents, warnings, max_document_words)
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
    doc_ids = [d.id for d in docs]

    # Off-event detection is cheap (it reuses the concepts) and part of the summary, so it runs
    # with or without the analysis sections.
    own = own_dates(prepared)
    dates = document_dates(prepared, own)  # undated articles may borrow the cluster's date, for ordering
    scores: list[float | None] = [None] * len(docs)
    off = [False] * len(docs)
    if len(docs) >= MIN_DOCUMENTS:  # with fewer there is no majority to be off from
        by_doc: list[list[tuple[frozenset, frozenset]]] = [[] for _ in docs]
        for s, feats in zip(sentences, sentence_features):
            by_doc[s.doc].append(feats)
        scores = relatedness(by_doc)
        off = off_event(scores, dates)
    for i, flagged in enumerate(off):
        if flagged:
            action = "kept in the summary (keep_all)" if keep_all else "kept out of the summary"
            warnings.append(f"document {doc_ids[i]!r} looks like a different event; {action}")
    use = [True] * len(docs) if keep_all else [not f for f in off]

    chosen, groups, members = _summarize(sentences, sentence_features, use, words, settings)
    summary_order = sorted(chosen, key=lambda k: _reading_order(sentences[k], dates))

    extra: dict = {}
    support: dict[int, tuple[Span, ...]] = {}
    if analysis:
        support, extra["facts"] = _corroborate(sentences, sentence_features, use, doc_ids, chosen)
        extra.update(_analyse([p for p, ok in zip(prepared, use) if ok]))

    summary = []
    for i in summary_order:
        s = sentences[i]
        spans = support_spans(members[groups[i]], sentences, doc_ids, i)
        summary.append(SummarySentence(text=s.text, sources=spans, support=support.get(i, ())))

    infos = tuple(
        DocumentInfo(
            id=p.document.id,
            title=p.document.title,
            date=p.document.date or (own[i].date().isoformat() if own[i] else None),  # never a borrowed date
            words=p.words,
            off_event=off[i],
            relatedness=round(scores[i], 3) if scores[i] is not None else None,
            text=p.document.text,
        )
        for i, p in enumerate(prepared)
    )
    used = {**vars(settings), "words": words, "analysis": analysis, "keep_all": keep_all}
    used["elapsed_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return Brief(summary=tuple(summary), documents=infos, settings=used, warnings=tuple(warnings), **extra)


def _summarize(
    sentences: list[Sentence],
    sentence_features: list[tuple[frozenset, frozenset]],
    use: list[bool],
    words: int,
    settings: SelectSettings,
) -> tuple[list[int], list[int], dict[int, list[int]]]:
    """Chosen sentence indices, redundancy group of every sentence, and each group's members."""
    groups = redundancy_groups([content for _, content in sentence_features])
    members: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        if use[sentences[i].doc]:
            members.setdefault(g, []).append(i)
    every = [
        Candidate(i, s.doc, s.position, s.words, concepts, content)
        for i, (s, (concepts, content)) in enumerate(zip(sentences, sentence_features))
        if use[s.doc]
    ]
    by_index = {c.index: c for c in every}
    n_docs = sum(use)

    def candidates(strict: bool) -> list[Candidate]:
        """One sentence per redundancy group (the earliest), without hard-to-read ones; strict also
        drops short ones (the second try, for budgets shorter than most sentences, keeps them, but
        not short fragments).

        A sentence that opens with a pronoun or "But" may only join the summary together with the
        sentence before it, which is what it leans on.
        """
        result = []
        for group in members.values():
            first = group[0] if len(group) == 1 else min(group, key=lambda k: (sentences[k].position, sentences[k].doc))
            c = by_index[first]
            text = sentences[c.index].text
            if (strict and c.words < settings.min_words) or not is_complete(text):
                continue
            if settings.readable_only:
                if is_bare_quotation(text):
                    continue
                # Short sentences are where the fragments are: a transcript's "ANCHOR: Good evening.",
                # a quotation's broken-off piece.
                if not strict and (is_speaker_line(text) or not has_balanced_quotes(text)):
                    continue
                if not is_readable_start(text):
                    if c.position == 0:
                        continue
                    c = c._replace(after=c.index - 1)
            result.append(c)
        return result

    chosen = select(candidates(strict=True), every, n_docs, words, settings)
    if not chosen:
        chosen = select(candidates(strict=False), every, n_docs, words, settings)
    if not chosen:
        # The shortest the summary could be: a readable sentence, with the ones it leans on if any.
        readable = {c.index: c for c in candidates(strict=False)}
        lengths = []
        for c in readable.values():
            n, k = c.words, c.after
            while k is not None and k in readable:
                n, k = n + readable[k].words, readable[k].after
            if k is None:
                lengths.append(n)
        shortest = min(lengths or [c.words for c in every])
        raise StorylineError(f"no sentence fits in {words} words (the shortest has {shortest}); ask for more words")
    return chosen, groups, members


def _corroborate(
    sentences: list[Sentence],
    sentence_features: list[tuple[frozenset, frozenset]],
    use: list[bool],
    doc_ids: list[str],
    chosen: list[int],
) -> tuple[dict[int, tuple[Span, ...]], tuple]:
    """Each chosen sentence's supporting outlets (paraphrases included) and the corroborated facts."""
    eligible = [use[s.doc] for s in sentences]
    paraphrases = support_groups([content if ok else frozenset() for (_, content), ok in zip(sentence_features, eligible)])
    together: dict[int, list[int]] = {}
    for i, g in enumerate(paraphrases):
        if eligible[i]:
            together.setdefault(g, []).append(i)
    support = {i: support_spans(together[paraphrases[i]], sentences, doc_ids, i) for i in chosen}
    return support, facts(paraphrases, sentences, doc_ids, eligible)


def _analyse(docs: list[PreparedDocument]) -> dict:
    """The editor's sections, each from its own analysis module."""
    from .analyse.claims import find_claims
    from .analyse.disagreements import find_disagreements
    from .analyse.entities import find_entities
    from .analyse.quotes import find_quotes
    from .analyse.timeline import find_timeline

    return {
        "quotes": find_quotes(docs),
        "claims": find_claims(docs),
        "disagreements": find_disagreements(docs),
        "entities": find_entities(docs),
        "timeline": find_timeline(docs),
    }
