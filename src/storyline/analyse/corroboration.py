"""Corroboration: which outlets make each statement, verbatim, near-verbatim or as a close paraphrase.

Support groups reuse the redundancy grouping with a looser threshold than near-duplicates: a
paraphrase shares half of its content words with another outlet's sentence (set cosine >= 0.5).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..model import Fact, Sentence, Span
from .redundancy import redundancy_groups

PARAPHRASE = 0.5
MAX_FACTS = 10


def support_groups(content_sets: Sequence[frozenset[str]]) -> list[int]:
    """Group id per sentence: sentences stating the same thing share one."""
    return redundancy_groups(content_sets, threshold=PARAPHRASE)


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
    groups: Sequence[int], sentences: Sequence[Sentence], doc_ids: Sequence[str], eligible: Sequence[bool]
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
        outlets = {sentences[k].doc for k in group}
        if len(outlets) < 2:
            continue
        head = min(group, key=lambda k: (sentences[k].position, sentences[k].doc))
        found.append((len(outlets), -sentences[head].position, -head, group, head))
    found.sort(reverse=True)
    return tuple(
        Fact(text=sentences[head].text, sources=support_spans(group, sentences, doc_ids, head))
        for _, _, _, group, head in found[:MAX_FACTS]
    )
