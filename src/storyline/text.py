"""Word-level helpers shared by every stage: tokens, stems, stopwords, word counts.

Tokens follow ROUGE's view of text (lower-cased runs of letters and digits) so that what the
summarizer counts as content is what the evaluation counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import Stemmer

_TOKEN_RE = re.compile(r"[a-z0-9]+")
_STEMMER = Stemmer.Stemmer("porter")  # Porter's original algorithm, in C (PyStemmer)

# A compact English stopword list (function words, auxiliaries, pronouns, reporting fillers).
STOPWORDS = frozenset(
    """
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours ourselves out over own same she should so some such than
that the their theirs them themselves then there these they this those through to too under until up very
was we were what when where which while who whom why will with would you your yours yourself yourselves
s t d ll m re ve don didn doesn isn wasn weren won wouldn couldn shouldn hasn haven hadn aren may might must
shall said says say told tell mr mrs ms one two also its new would could upon per via yet
""".split()
)


def tokens(text: str) -> list[str]:
    """Lower-cased alphanumeric tokens."""
    return _TOKEN_RE.findall(text.lower())


class _StemCache(dict):
    """token -> Porter stem, computed once per distinct token (news vocabularies are small)."""

    def __missing__(self, token: str) -> str:
        value = _STEMMER.stemWord(token) if len(token) > 2 and token.isalpha() else token
        if len(self) < 500_000:
            self[token] = value
        return value


_STEMS = _StemCache()


def stem(token: str) -> str:
    return _STEMS[token]


def stems(text: str) -> list[str]:
    return list(map(_STEMS.__getitem__, _TOKEN_RE.findall(text.lower())))


def word_count(text: str) -> int:
    """Words as a reader (and the budget) counts them: whitespace-separated."""
    return len(text.split())


_NOT_CONTENT = STOPWORDS | frozenset("abcdefghijklmnopqrstuvwxyz0123456789")  # tokens are [a-z0-9]+


def features(stems: Sequence[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Concepts (bigrams not made only of stopwords) and content words of a stemmed sentence.

    A bigram is one string, ``"first second"``: a string caches its hash and is not tracked by the
    garbage collector, so the many set operations over concepts cost much less than with tuples.
    """
    concepts = frozenset([a + " " + b for a, b in zip(stems, stems[1:]) if not (a in STOPWORDS and b in STOPWORDS)])
    return concepts, frozenset([w for w in stems if w not in _NOT_CONTENT])
