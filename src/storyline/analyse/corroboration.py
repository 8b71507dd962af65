"""Corroboration: which outlets make each statement, verbatim, near-verbatim or as a close paraphrase.

Support groups reuse the redundancy grouping with a looser threshold than near-duplicates: a
paraphrase shares half of its content words with another outlet's sentence (set cosine >= 0.5).
An outlet supports a statement only when it gives the same values: a sentence whose typed facts
(``facts.py``) disagree with the statement's for the same thing ("At least 15 people have died"
against "12 people have died") is a paraphrase but no support.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import re

from ..model import Fact, Sentence, Span
from ..text import STOPWORDS
from .redundancy import redundancy_groups

Values = Mapping[tuple[int, int], Mapping[tuple, object]]  # (doc, sentence start) -> (kind, slots) -> fact

PARAPHRASE = 0.5
_WORDS = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
MAX_FACTS = 10


SHARED_WORDS = 6  # a run of this many words in common, with content, is one statement told twice


def support_groups(content_sets: Sequence[frozenset[str]], texts: Sequence[str] | None = None) -> list[int]:
    """Group id per sentence: sentences stating the same thing share one: paraphrases (content
    words in common) and, given ``texts``, sentences that carry the same run of ``SHARED_WORDS``
    words with at least two content words ("... in a blending unit near the river dock ...")."""
    groups = redundancy_groups(content_sets, threshold=PARAPHRASE)
    if texts is None:
        return groups
    parent = {g: g for g in groups}

    def find(g: int) -> int:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    owner: dict[tuple[str, ...], int] = {}
    for i, (text, content) in enumerate(zip(texts, content_sets)):
        if not content:
            continue  # not eligible
        words = _WORDS.findall(text.lower())
        for k in range(len(words) - SHARED_WORDS + 1):
            run = tuple(words[k : k + SHARED_WORDS])
            if sum(w not in STOPWORDS for w in run) < 3:
                continue
            if run in owner:
                a, b = find(groups[owner[run]]), find(groups[i])
                if a != b:
                    parent[b] = a
            else:
                owner[run] = i
    return [find(g) for g in groups]


def sentence_values(typed_facts: Sequence) -> dict[tuple[int, int], dict[tuple, object]]:
    """The typed facts of each sentence, by what they are of (the first fact of each kind and slots)."""
    values: dict[tuple[int, int], dict[tuple, object]] = defaultdict(dict)
    for f in typed_facts:
        values[(f.sentence.doc, f.sentence.start)].setdefault((f.kind, f.slots), f)
    return values


def same_values(a: Sentence, b: Sentence, values: Values) -> bool:
    """Whether two sentences give the same value for everything both give a value for."""
    from .disagreements import agree

    va, vb = values.get((a.doc, a.start)), values.get((b.doc, b.start))
    if not va or not vb:
        return True
    return all(agree(fa, vb[key]) for key, fa in va.items() if key in vb)


def consistent(members: Sequence[int], head: int, sentences: Sequence[Sentence], values: Values | None) -> list[int]:
    """The members that give the head sentence's values (all of them without typed facts)."""
    if not values or len(members) == 1:
        return list(members)
    return [k for k in members if k == head or same_values(sentences[head], sentences[k], values)]


def support_spans(
    members: Sequence[int], sentences: Sequence[Sentence], doc_ids: Sequence[str], first: int | None = None
) -> tuple[Span, ...]:
    """One span per outlet among ``members`` (sentence indices): ``first`` first, then by document."""
    if len(members) == 1:  # most sentences: no other outlet carries them
        s = sentences[members[0]]
        return (Span(doc_ids[s.doc], s.start, s.end),)
    order = sorted(members, key=lambda k: (k != first, sentences[k].doc, sentences[k].position))
    seen: set[int] = set()
    spans = []
    for k in order:
        s = sentences[k]
        if s.doc not in seen:
            seen.add(s.doc)
            spans.append(Span(doc_ids[s.doc], s.start, s.end))
    return tuple(spans)


def facts(
    groups: Sequence[int], sentences: Sequence[Sentence], doc_ids: Sequence[str], eligible: Sequence[bool],
    values: Values | None = None,
) -> tuple[Fact, ...]:
    """The most widely corroborated statements (two outlets or more), most outlets first.

    Each is told in the words of its earliest, longest-lead version: the sentence nearest the top
    of its article."""
    members: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        if eligible[i]:
            members[g].append(i)
    found = []
    for group in members.values():
        if len({sentences[k].doc for k in group}) < 2:
            continue
        head = min(group, key=lambda k: (sentences[k].position, sentences[k].doc))
        group = consistent(group, head, sentences, values)
        outlets = {sentences[k].doc for k in group}
        if len(outlets) < 2:
            continue
        found.append((len(outlets), -sentences[head].position, -head, group, head))
    found.sort(reverse=True)
    return tuple(
        Fact(text=sentences[head].text, sources=support_spans(group, sentences, doc_ids, head))
        for _, _, _, group, head in found[:MAX_FACTS]
    )
