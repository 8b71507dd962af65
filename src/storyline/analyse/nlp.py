"""One linguistic pass per document: spaCy's tokens and entities, shared by every analyser.

``parse(docs)`` gives one ``spacy.tokens.Doc`` per prepared document. Its character offsets are
those of ``document.text`` (``doc.text == document.text``), so a token's ``idx`` or an entity's
``start_char`` is a position in the article as given. The model (NER only, see
``entities.load_model``) reads each paragraph's run of kept sentences, in a copy of the text where
runs of capitals are title-cased (names in capitals are otherwise missed); its entities are then set
on a Doc of the whole text. Every entity label is kept: PERSON, ORG, GPE... for entities, and DATE,
TIME, CARDINAL, MONEY, PERCENT, QUANTITY, ORDINAL for facts and figures.

The Docs carry tokens and entities only: no tags, lemmas, dependency parse or sentence boundaries
(``doc.sents`` raises; use ``PreparedDocument.sentences``). Treat them as read-only: they are shared.

Parses are cached by text and sentence layout (the last ``CACHE_SIZE``), so the analysers of one
brief share one pass: quotes, entities, facts and the timeline all call ``parse`` on the same
documents. The dependency parser is not run: its own tok2vec and parser cost about 0.8x of the NER
pass over the same texts (``python benchmarks/facts.py cost``), which the cost bar (the whole brief
within 0.9x of spaCy's NER) cannot absorb; what a figure counts and whose title a title is are read
from the words around the entity instead. Whether the parse would pay for itself in quality was not
measured.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Iterator, Sequence
from typing import Any

from ..model import PreparedDocument
from .entities import _chunks, _model_text, load_model

CACHE_SIZE = 64
_cache: OrderedDict[tuple, Any] = OrderedDict()


def _parse_once(nlp, pieces: list[str]) -> Iterator[Any]:
    """spaCy's parse of each piece, in order, running the model once per distinct text (copies of one
    article, repeated boilerplate); a parse is kept only until its last repeat."""
    remaining = Counter(pieces)
    fresh = nlp.pipe(iter(remaining), batch_size=64)  # distinct pieces, in order of first appearance
    kept: dict[str, Any] = {}
    for piece in pieces:
        parsed = kept.pop(piece) if piece in kept else next(fresh)
        remaining[piece] -= 1
        if remaining[piece]:
            kept[piece] = parsed
        yield parsed


def _key(prepared: PreparedDocument) -> tuple:
    return (prepared.document.text, tuple((s.start, s.end, s.paragraph) for s in prepared.sentences))


def parse(docs: Sequence[PreparedDocument]) -> list[Any]:
    """One spaCy Doc per document (same order), offsets equal to ``document.text``'s.

    Each distinct document is read once per call, and not again while it stays in the cache."""
    nlp = load_model()
    keys = [_key(p) for p in docs]
    result: dict[tuple, Any] = {}
    todo: dict[tuple, int] = {}
    for i, k in enumerate(keys):
        if k in _cache:
            _cache.move_to_end(k)
            result[k] = _cache[k]
        elif k not in todo:
            todo[k] = i
    if todo:
        order = list(todo.values())
        wanted = [docs[i] for i in order]
        chunks = list(_chunks(wanted))
        texts = [_model_text(p.document.text) for p in wanted]
        found: list[list[tuple[int, int, str]]] = [[] for _ in wanted]
        pieces = (texts[d][start:end] for d, start, end in chunks)
        for (d, offset, _), piece in zip(chunks, _parse_once(nlp, list(pieces))):
            found[d].extend((offset + e.start_char, offset + e.end_char, e.label_) for e in piece.ents)
        for d, p in enumerate(wanted):
            doc = nlp.make_doc(p.document.text)
            spans, last = [], -1
            for start, end, label in found[d]:
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
                if span is not None and span.start >= last and len(span):
                    spans.append(span)
                    last = span.end
            doc.ents = spans
            result[keys[order[d]]] = _cache[keys[order[d]]] = doc
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return [result[k] for k in keys]
