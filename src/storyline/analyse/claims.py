"""Hedged claims: statements an outlet itself marks as unconfirmed or attributes to unnamed sources.

A sentence is a claim when it carries a hedge cue, strongest first:

1. verification: "could not (immediately|independently) be verified/confirmed", "could not independently
   verify", "has not been able to confirm", "this has not been independently verified";
2. anonymity: "on condition of anonymity", "who asked not to be named", "who did not want to be
   (further) identified", "not authorised to speak", "according to a source", "unnamed/anonymous sources";
3. reporting at a distance: "reportedly", "allegedly"/"alleged", "purportedly", "unconfirmed",
   "unverified", "unsubstantiated";
4. hearsay: "it is understood", "is understood/said/believed/thought to", "X understands that",
   "rumours", "claims that", "claimed to have", ", he claimed.", "reports have emerged".

The cue reported is a verification cue when the sentence has one, else the first cue in it. Cues inside
quotation marks hedge the speaker, not the outlet, and are ignored; so is the anonymity of a speaker
quoted directly ('"...," a union official who asked not to be named said' is a Quote, not a claim).

A verification cue whose subject or object points back ("That assertion could not immediately be
verified.", "The Post has not been able to confirm the claim") hedges the sentence before it, not its
own: the claim is that previous sentence, with the span covering it (and the one before that too when
it is itself hedged in the same paragraph: "the claim" then is both). Inside a sentence ("..., although
this could not be verified") the sentence is the claim. A sentence that only says why a source is
anonymous ("He asked not to be identified because he was not authorised to speak.") likewise hedges
the sentence before it. "has not been confirmed" without such an
anaphor ("The cause has not been confirmed", "Police could not confirm how many were inside") states
an uncertainty, not an unconfirmed statement, and is skipped.

Not hedges: "said" alone, "claimed responsibility" (the claiming is itself the reported fact), "the claim
form", "insurance claims", "the fire claimed two lives" (claim only counts before "that"/"to have"/"to
be" or as a closing attribution).

The same claim in several outlets (near-duplicate sentences, compared the way ``redundancy`` groups
wire copy: set cosine of content stems) is one Claim with one span per outlet, first the earliest.
Order: most outlets first, then first appearance.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from . import document_rank
from ..cluster import ClusterView, as_view
from ..lang.en.lexicon import HEDGE_KEYS, HEDGE_WORDS
from ..lang.en.lexicon import HEDGE_CUES as _CUES
from ..model import Claim, PreparedDocument, Sentence, Span
from ..text import features, stems
from .redundancy import NEAR_DUPLICATE, redundancy_groups

_I = re.IGNORECASE
_MARK = re.compile(r"[“”\"]")

# "understands that" with a pronoun subject ("she understands that") is not an outlet's hedge.
_PRONOUN_UNDERSTANDS = re.compile(r"\b(?:i|we|you|he|she|they|it|who)\s+understands?\s+that\b", _I)

# The cue's subject or object is an anaphor: the hedge is about what came before.
_ANAPHOR_SUBJECT = re.compile(
    r"^(?:(?:but|however|and)\s*,?\s+)?(?:this|that|these|those|it|such|the|which)\b(?:\s+[\w-]+){0,3}\s*$", _I
)
_ANAPHOR_OBJECT = re.compile(r"\s+(?:the|this|that|these|those|it|such|its|their|his|her)\b", _I)
# A sentence that only explains why a source is anonymous hedges what the source said before it:
# "He asked not to be identified as he was not authorised to speak.", "The officials spoke on
# condition of anonymity."
_ANONYMITY_NOTE = re.compile(
    r"^(?:He|She|They|Both|All|The\s+(?:[\w.-]+\s+){0,2}?(?:officials?|sources?|person|people|workers?|employees?|"
    r"diplomats?|officers?|residents?|witness(?:es)?))\b[^,;]{0,60}?\b(?:asked|requested|spoke|speaking|declined|"
    r"was|were|did)\b",
    _I,
)
_SHORT_SUBJECT = re.compile(r"^[^,;:]{0,60}$")
_IN_SENTENCE = re.compile(r"(?:,|\b(?:although|though|but|which))\s+(?:this|that|it|which)?\s*$", _I)
# Cues that hedge nothing without an anaphor: "The cause has not been confirmed", "Police could not
# confirm how many people were inside" report uncertainty, not an unconfirmed statement.
_NEEDS_ANAPHOR = re.compile(r"\bnot\s+(?:yet\s+)?been\s+(?!able)|\b(?:verify|confirm|corroborate)\b", _I)


@dataclass
class _Found:
    doc: int
    first: int  # index of the first claimed sentence among the document's sentences
    last: int
    cue: str
    strength: int
    start: int
    end: int
    text: str


def _cue(text: str) -> tuple[int, re.Match[str]] | None:
    """The cue of a sentence: a verification cue if there is one, else the first cue in the sentence."""
    low = text.lower()
    present = {word for word in HEDGE_WORDS if word in low}
    if not present:
        return None  # most sentences: none of the words any cue needs
    quoted = _quoted_spans(text)
    # a direct quotation of an anonymous speaker is the speaker's words (a Quote), not the outlet's claim
    quotation = bool(quoted) and (quoted[0][0] == 0 or sum(b - a for a, b in quoted) >= 0.5 * len(text))
    best: tuple[int, re.Match[str]] | None = None
    for (strength, pattern), keys in zip(_CUES, HEDGE_KEYS):
        if best is not None and best[0] == 1 and strength > 1:
            break
        if (strength == 2 and quotation) or present.isdisjoint(keys):
            continue
        for m in pattern.finditer(text):
            if "understands" in m.group() and _PRONOUN_UNDERSTANDS.search(text, max(0, m.start() - 6), m.end()):
                continue
            if any(a <= m.start() < b for a, b in quoted):
                continue  # "There are rumours ..." inside a quotation hedges the speaker, not the outlet
            if best is None or (m.start(), strength) < (best[1].start(), best[0]):
                best = (strength, m)
            break
    return best


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Stretches of a sentence inside quotation marks; a closing mark with no opening one means the
    sentence began inside a quotation, an opening mark with no closing one that it ends inside one."""
    spans, opened = [], None
    for m in _MARK.finditer(text):
        c = m.group()
        if c == "“" or (c == '"' and opened is None):
            opened = m.start() if opened is None else opened
        elif opened is not None:
            spans.append((opened, m.end()))
            opened = None
        elif not spans:
            spans.append((0, m.end()))  # '... soon.”' continues a quotation from an earlier sentence
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


def _points_back(sentence: str, cue: re.Match[str]) -> bool | None:
    """True when a verification cue is about the previous sentence, False when about its own,
    None when it is no hedge at all ("The cause has not been confirmed")."""
    before = sentence[: cue.start()]
    if _ANAPHOR_SUBJECT.match(before.strip()):
        return True
    if _ANAPHOR_OBJECT.match(sentence, cue.end()) and _SHORT_SUBJECT.match(before):
        return True  # "The Northern Post has not been able to confirm the claim"
    if _IN_SENTENCE.search(before):
        return False  # "..., although this could not immediately be verified"
    if _NEEDS_ANAPHOR.search(cue.group()):
        return None
    return False


def _claims_of(d: int, prepared: PreparedDocument, only: set[int] | None = None) -> list[_Found]:
    """The claims of one document; with ``only``, read the cues of those sentences alone (the claims
    covering a sentence depend on it and its two neighbours)."""
    sentences = prepared.sentences
    text = prepared.document.text
    cues: dict[int, tuple[int, str]] = {}
    back: dict[int, tuple[int, str]] = {}  # sentence index -> cue of the sentence after it
    for i, s in enumerate(sentences):
        if only is not None and i not in only:
            continue
        found = _cue(s.text)
        if found is None:
            continue
        strength, m = found
        if strength == 1:
            where = _points_back(s.text, m)
        else:
            where = strength == 2 and bool(_ANONYMITY_NOTE.match(s.text))
        if where is None:
            continue
        if where:
            if i > 0:
                back[i - 1] = (strength, m.group())
            continue
        cues[i] = (strength, m.group())

    claims = []
    absorbed: set[int] = set()
    for i, (strength, cue) in sorted(back.items()):
        first = i
        # "the claim" may cover the hedged sentence before too, when the target goes on with the same
        # source: "X reportedly ..., according to a port worker ... . The worker said ..."
        if (
            i - 1 in cues
            and i not in cues
            and sentences[i - 1].paragraph == sentences[i].paragraph
            and _same_source(sentences[i - 1].text, sentences[i].text)
        ):
            first = i - 1
            absorbed.add(i - 1)
            strength, cue = cues[i - 1]  # its own hedge ("reportedly"); the next sentences confirm it
        absorbed.add(i)
        claims.append(_found(d, sentences, text, first, i, cue, strength))
    for i, (strength, cue) in cues.items():
        if i not in absorbed:
            claims.append(_found(d, sentences, text, i, i, cue, strength))
    claims.sort(key=lambda c: c.start)
    return claims


_SOURCE_GOES_ON = re.compile(r"^(?:The|This|That|These|Those)\s+([a-z]+)\s+(?:said|says|added|told|claimed|insisted)\b")


def _same_source(previous: str, sentence: str) -> bool:
    """'The worker said ...' after '... according to a port worker ...'."""
    m = _SOURCE_GOES_ON.match(sentence)
    return bool(m) and re.search(rf"\b{m.group(1)}\b", previous, _I) is not None


def _found(d: int, sentences: Sequence[Sentence], text: str, first: int, last: int, cue: str, strength: int) -> _Found:
    start, end = sentences[first].start, sentences[last].end
    return _Found(d, first, last, " ".join(cue.split()), strength, start, end, text[start:end])


def _without_cues(text: str) -> str:
    """A claim's statement without its hedge words: two outlets that hedge one statement differently
    ("reportedly" / "according to a source who asked not to be named") carry the same claim."""
    for _, pattern in _CUES:
        text = pattern.sub(" ", text)
    return text


def find_claims(docs: ClusterView | Sequence[PreparedDocument]) -> tuple[Claim, ...]:
    """Hedged or unconfirmed statements in a cluster, merged across outlets (see module doc)."""
    docs = as_view(docs).documents
    rank = document_rank(docs)
    found = [c for d, p in enumerate(docs) for c in _claims_of(d, p)]
    found.sort(key=lambda c: (rank[c.doc], c.start))
    # Not the view's sentence features: the claim's own words, its hedge words left out.
    groups = redundancy_groups([features(stems(_without_cues(c.text)))[1] for c in found], NEAR_DUPLICATE)

    members: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        members[g].append(i)
    claims = []
    for group in members.values():
        items = [found[k] for k in group]
        spans, seen = [], set()
        for c in items:
            if c.doc not in seen:
                seen.add(c.doc)
                spans.append(Span(docs[c.doc].document.id, c.start, c.end))
        cue = min(items, key=lambda c: c.strength).cue
        key = (-len(spans), rank[items[0].doc], items[0].start)
        claims.append((key, Claim(text=items[0].text, cue=cue, sources=tuple(spans))))
    claims.sort(key=lambda kc: kc[0])
    return tuple(c for _, c in claims)



def hedges(docs: Sequence[PreparedDocument], sentences: Sequence[Sequence[Span]]) -> list[str | None]:
    """The hedge of each summary sentence (given by its spans: the sentence, then its near-duplicates):
    the cue of a claim of its own outlet that covers it, else of an outlet carrying a near-duplicate,
    else None. Reads only the documents the spans point to, so the summary alone stays cheap."""
    index = {p.document.id: d for d, p in enumerate(docs)}
    wanted: dict[int, set[int]] = defaultdict(set)  # per document: the sentences whose cues matter
    starts: dict[int, dict[int, int]] = {}
    for spans in sentences:
        for span in spans:
            d = index.get(span.document)
            if d is None:
                continue
            if d not in starts:
                starts[d] = {s.start: i for i, s in enumerate(docs[d].sentences)}
            k = starts[d].get(span.start)
            if k is not None:
                wanted[d].update((k - 1, k, k + 1))
    found = {d: _claims_of(d, docs[d], only) for d, only in wanted.items()}
    result = []
    for spans in sentences:
        cue = None
        for span in spans:
            d = index.get(span.document)
            if d not in found:
                continue
            hit = next((c for c in found[d] if c.start < span.end and span.start < c.end), None)
            if hit is not None:
                cue = hit.cue
                break
        result.append(cue)
    return result
