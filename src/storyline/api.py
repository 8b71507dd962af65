"""The public API: ``brief(documents, words=100) -> Brief``. The CLI and every other shell call this."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from . import sections
from .cluster import ClusterView
from .analyse.corroboration import consistent, facts, sentence_values, support_groups, support_spans
from .analyse.redundancy import redundancy_groups
from .analyse.relatedness import judge
from .analyse.timeline import document_dates, own_dates
from .errors import InputError, StorylineError
from .ingest import as_document, unique_ids
from .options import BriefOptions
from .model import Brief, Document, DocumentInfo, PreparedDocument, Sentence, Span, SummarySentence
from .prepare import prepare
from .query import Focus, follow, query_terms
from .select import (
    Candidate, SelectSettings, has_balanced_quotes, is_bare_quotation, is_complete, is_readable_start,
    is_speaker_line, select,
)
from .text import features, stems


def _documents(items: Iterable[str | Path | Document], warnings: list[str], max_words: int) -> list[Document]:
    if isinstance(items, (str, Path, Document)):
        items = [items]
    documents: list[Document] = []
    for index, item in enumerate(items):
        documents.extend(as_document(item, index, warnings))
    usable = []
    for doc in documents:
        doc = _without_surrogates(doc, warnings)
        if doc.text and not doc.text.isspace():  # (strip() would copy the text)
            _check_size(doc, max_words)
            usable.append(doc)
        else:
            warnings.append(f"document {doc.id!r} is empty; skipped")
    if not usable:
        raise InputError("no documents with text to summarize")
    return unique_ids(usable, warnings)  # every source span must name one document


def _check_size(doc: Document, max_words: int) -> None:
    if len(doc.text) <= 2 * max_words:  # too short to hold that many words: no need to count
        return
    count = len(doc.text.split())
    if count > max_words:
        raise InputError(
            f"document {doc.id!r} has {count:,} words, more than max_document_words = {max_words:,}; "
            "raise that limit to summarize it (--max-document-words, or BriefOptions.max_document_words)"
        )


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
    words: int | None = None,
    *,
    solver: str | None = None,
    settings: SelectSettings | None = None,
    analysis: bool | None = None,
    keep_all: bool | None = None,
    query: str | dict | None = None,
    options: BriefOptions | None = None,
) -> Brief:
    """Summarize a cluster of articles about one story into at most ``words`` words of whole sentences.

    ``documents`` may be article strings, paths (files or directories) or ``Document`` objects.
    Every summary sentence lists its sources: the document it was taken from first, then every
    other document carrying the same sentence or a near-duplicate of it, with character offsets.

    With ``analysis`` (the default) the brief also carries what an editor adds: support counts,
    corroborated facts, quotes, hedged claims, disagreements, entities, a timeline, and articles
    about a different event, which are kept out of the summary unless ``keep_all``.
    ``analysis=False`` gives the summary alone, as fast as possible.

    The options live in one ``BriefOptions`` (``options=``, defaults and bounds in ``options.py``);
    ``words``, ``solver``, ``analysis``, ``keep_all`` and ``query`` given as keywords override it. ``settings``
    tunes the selection. A solver other than ``auto`` (storyline's choice) wins wherever it is given,
    in the options or in ``settings``; two different ones are an error.

    ``query`` (a question or keywords, or a DUC-style ``{"title", "narrative"}``, which
    ``BriefOptions`` reads as one string) focuses the brief: the summary answers it, and the
    analysis sections list what is relevant to it first.

    An article longer than ``options.max_document_words`` words (20,000 by default, as the server's
    limit) raises ``InputError``.
    """
    options = BriefOptions.make(options, words=words, solver=solver, analysis=analysis, keep_all=keep_all, query=query)
    settings = settings or _DEFAULT_SETTINGS
    if settings.solver != options.solver:
        if options.solver == "auto":
            options = BriefOptions.make(options, solver=settings.solver)
        elif settings.solver != "auto":
            raise StorylineError(f"solver given twice: {options.solver!r} and settings.solver {settings.solver!r}")
        settings = replace(settings, solver=options.solver)
    words, analysis, keep_all, question = options.words, options.analysis, options.keep_all, options.query
    started = time.perf_counter()
    warnings: list[str] = []
    docs = _documents(documents, warnings, options.max_document_words)
    if len(docs) == 1:
        warnings.append("only one document: the summary covers a single article")

    prepared = [prepare(doc, i) for i, doc in enumerate(docs)]
    for p in prepared:
        if not p.sentences:
            warnings.append(f"document {p.document.id!r} has no sentences after cleaning")
    own = own_dates(prepared)  # the documents' own dates (never borrowed): what their source lists show
    view = cluster_view(prepared, keep_all, warnings, own)
    sentences, sentence_features, dates, use = view.sentences, view.sentence_features, view.dates, view.kept
    doc_ids, off, scores, reasons = view.ids, view.off_event, view.relatedness, view.reasons

    focus = None
    if question is not None:
        focus = Focus(query_terms(question), [c for s, (_, c) in zip(sentences, sentence_features) if use[s.doc]])
        if not focus:
            warnings.append("none of the query's words occur in the articles: the brief covers the whole story")
    chosen, groups, members = _summarize(sentences, sentence_features, use, words, settings, focus)
    summary_order = sorted(chosen, key=lambda k: _reading_order(sentences[k], dates))

    extra: dict = {}
    support: dict[int, tuple[Span, ...]] = {}
    if analysis:
        support, extra["facts"] = _corroborate(sentences, sentence_features, use, doc_ids, chosen, view.documents)
        extra.update(sections.analyse(view.on_event()))  # every section with an analyser (sections.py)
        if focus:
            extra.update(follow(focus, extra))  # what the query asks about first

    from .analyse.claims import hedges  # cheap: reads only the summary's documents

    sources = [support_spans(members[groups[i]], sentences, doc_ids, i) for i in summary_order]
    summary = [
        SummarySentence(text=sentences[i].text, sources=spans, support=support.get(i, ()), hedge=hedge)
        for i, spans, hedge in zip(summary_order, sources, hedges(prepared, sources))
    ]

    infos = tuple(
        DocumentInfo(
            id=p.document.id,
            title=p.document.title,
            date=p.document.date or (own[i].date().isoformat() if own[i] else None),  # never a borrowed date
            words=p.words,
            off_event=off[i],
            relatedness=round(scores[i], 3) if scores[i] is not None else None,
            reason=reasons[i],
            text=p.document.text,
        )
        for i, p in enumerate(prepared)
    )
    used = {**vars(settings), "words": words, "analysis": analysis, "keep_all": keep_all}
    if question is not None:
        extra["query"] = question
    used["elapsed_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return Brief(summary=tuple(summary), documents=infos, settings=used, warnings=tuple(warnings), **extra)


def cluster_view(
    prepared: list[PreparedDocument], keep_all: bool, warnings: list[str], own: list | None = None
) -> ClusterView:
    """The cluster as every later stage sees it: sentence features, dates and the off-event split,
    each computed once. Off-event detection is cheap (it reuses the concepts) and part of the
    summary, so it runs with or without the analysis sections."""
    if not any(p.sentences for p in prepared):
        raise InputError("no sentences to summarize after removing boilerplate")
    feats = tuple(tuple(features(stems(s.text)) for s in p.sentences) for p in prepared)
    dates = document_dates(prepared, own)  # undated articles may borrow the cluster's date, for ordering
    judged = judge(feats, [[s.text for s in p.sentences] for p in prepared], dates, [p.document.title for p in prepared])
    for p, j in zip(prepared, judged):
        if j.off_event:
            action = "kept in the summary (keep_all)" if keep_all else "kept out of the summary"
            warnings.append(f"document {p.document.id!r} looks like a different event ({j.reason}); {action}")
    off = [j.off_event for j in judged]
    use = [True] * len(prepared) if keep_all else [not f for f in off]
    return ClusterView(
        tuple(prepared), feats, dates=tuple(dates), off_event=tuple(off),
        relatedness=tuple(j.relatedness for j in judged), reasons=tuple(j.reason for j in judged), kept=tuple(use),
    )


def _summarize(
    sentences: list[Sentence],
    sentence_features: list[tuple[frozenset, frozenset]],
    use: list[bool],
    words: int,
    settings: SelectSettings,
    focus: Focus | None = None,
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

    chosen = select(candidates(strict=True), every, n_docs, words, settings, focus)
    if not chosen:
        chosen = select(candidates(strict=False), every, n_docs, words, settings, focus)
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
    prepared: Sequence[PreparedDocument],
) -> tuple[dict[int, tuple[Span, ...]], tuple]:
    """Each chosen sentence's supporting outlets (paraphrases giving the same values) and the
    corroborated facts."""
    from .analyse.facts import all_facts

    values = sentence_values(all_facts(prepared))
    eligible = [use[s.doc] for s in sentences]
    paraphrases = support_groups(
        [content if ok else frozenset() for (_, content), ok in zip(sentence_features, eligible)],
        [s.text for s in sentences],
    )
    together: dict[int, list[int]] = {}
    for i, g in enumerate(paraphrases):
        if eligible[i]:
            together.setdefault(g, []).append(i)
    support = {
        i: support_spans(consistent(together[paraphrases[i]], i, sentences, values), sentences, doc_ids, i)
        for i in chosen
    }
    return support, facts(paraphrases, sentences, doc_ids, eligible, values)
