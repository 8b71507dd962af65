"""A question asked of the story (``--query``): its text, and the stemmed terms that carry it.

A query is a string, or a DUC-style topic ``{"title": ..., "narrative": ...}`` whose title and
narrative are read together. Instruction words ("Discuss", "Describe", "Include", "What") and
stopwords are dropped: they say how to answer, not what about.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain

from .errors import InputError
from .text import STOPWORDS, stem, stems, tokens

# Words of DUC narratives and everyday questions that ask for an answer rather than name its subject.
INSTRUCTION_WORDS = frozenset(
    """
discuss describe description include including identify explain explanation specify provide list give
mention note track indicate outline summarize summarise report detail details information info inform
what when where why how who whom whose which whether kind kinds type types sort sorts example examples
aspect aspects regard regarding concerning concern respect involved involve any also other such
please tell know like happen happened happening well etc et al
""".split()
)
_DROP = STOPWORDS | INSTRUCTION_WORDS
MAX_QUERY_CHARS = 2000  # a question, not a document


def query_text(value: object, where: str = "query") -> str | None:
    """The query as one string (title and narrative joined), None when empty; bad types raise."""
    if value is None:
        return None
    if isinstance(value, dict):
        parts = []
        for key in ("title", "narrative"):
            part = value.get(key)
            if part is None:
                continue
            if not isinstance(part, str):
                raise InputError(f"{where}: '{key}' must be a string, got {type(part).__name__}")
            parts.append(part.strip())
        if not parts and value:
            raise InputError(f"{where}: expected a string or an object with 'title' and/or 'narrative'")
        text = "\n".join(p for p in parts if p)
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise InputError(f"{where}: expected a string or {{\"title\", \"narrative\"}}, got {type(value).__name__}")
    if len(text) > MAX_QUERY_CHARS:
        raise InputError(f"{where}: {len(text)} characters; a query may have at most {MAX_QUERY_CHARS}")
    return text or None


def query_terms(text: str | None) -> frozenset[str]:
    """Stemmed content terms of the query (title and narrative alike: counting the title's repeats
    in the narrative favoured the topic's own words, which every sentence carries, on the dev cases)."""
    if not text:
        return frozenset()
    words = [t for t in tokens(text) if t not in _DROP and len(t) > 1]
    return frozenset(stem(t) for t in words if stem(t) not in _DROP)


class Focus:
    """What a query asks, as relevance in 0..1 of the cluster's content words (stems).

    A query term counts by how rare it is among the cluster's sentences, relative to the rarest term
    (a word every sentence carries says little about which sentences answer). A word that is not in
    the query counts by its lift, scaled by ``expansion``: how much more its sentences match the
    query than the cluster's sentences do on average, so the answer's own vocabulary ("defected",
    "general", "Turkey" for a question about a defection) is favoured too. Concepts and sentence
    bonuses are then weighted by ``1 + strength * relevance``.
    """

    def __init__(
        self, terms: Iterable[str], contents: Sequence[frozenset[str]], strength: float = 3.0, expansion: float = 0.5
    ) -> None:
        """``contents``: the content words (stems) of every sentence the summary may draw on."""
        self.strength = strength
        sentences = Counter(chain.from_iterable(contents))
        present = {t for t in terms if t in sentences}
        self.terms = frozenset(present)
        n = max(1, len(contents))
        rarity = {t: math.log(1.0 + n / sentences[t]) for t in present}
        top = max(rarity.values(), default=0.0)
        relevance: dict[str, float] = {t: r / top for t, r in rarity.items()} if top else {}
        # Expansion by lift: how much more a word's sentences match the query than sentences do on
        # average (a query word every sentence carries expands to nothing).
        match = [sum(map(relevance.get, self.terms & c)) if not self.terms.isdisjoint(c) else 0.0 for c in contents]
        top_match = max(match, default=0.0)
        if top_match and expansion:
            base = sum(match) / (top_match * n)
            if base < 1.0:
                total: Counter[str] = Counter()
                for c, m in zip(contents, match):
                    if m:
                        for w in c:
                            total[w] += m
                for w, m in total.items():
                    k = sentences[w]
                    if w not in relevance and k >= 2:
                        lift = (m / (top_match * k) - base) / (1.0 - base)
                        if lift > 0:
                            relevance[w] = expansion * lift
        self.relevance = relevance

    def __bool__(self) -> bool:
        return bool(self.terms)

    def names(self, concept: str) -> bool:
        a, _, b = concept.partition(" ")
        return a in self.terms or b in self.terms

    def concept(self, concept: str) -> float:
        a, _, b = concept.partition(" ")
        get = self.relevance.get
        return max(get(a, 0.0), get(b, 0.0))

    def words(self, content: frozenset[str]) -> float:
        """Relevance of a set of content words: the sum of its words' relevance."""
        return sum(map(self.relevance.get, content, [0.0] * len(content)))

    def weights(self, weights: Mapping[str, float]) -> dict[str, float]:
        strength = self.strength
        return {k: w * (1.0 + strength * self.concept(k)) for k, w in weights.items()}

    def bonus(self, pool: Sequence, bonus: Sequence[float]) -> list[float]:
        scores = [self.words(c.content) for c in pool]
        top = max(scores, default=0.0) or 1.0
        return [b * (1.0 + self.strength * r / top) for b, r in zip(bonus, scores)]


def _texts(item: object) -> str:
    """The words of an analysis item a reader would match against the question."""
    parts = [getattr(item, name, None) for name in ("text", "speaker", "about")]
    parts += [v.value for v in getattr(item, "values", ())]
    return " ".join(p for p in parts if p)


def follow(focus: Focus, sections: Mapping[str, Sequence]) -> dict[str, tuple]:
    """Facts, quotes, claims and disagreements relevant to the query first (otherwise in their order)."""
    ranked = {}
    for name in ("facts", "quotes", "claims", "disagreements"):
        items = sections.get(name)
        if items:
            score = [focus.words(frozenset(stems(_texts(item)))) for item in items]
            order = sorted(range(len(items)), key=lambda i: -score[i])
            ranked[name] = tuple(items[i] for i in order)
    return ranked
