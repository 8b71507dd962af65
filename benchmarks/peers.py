#!/usr/bin/env python
"""Score storyline beside simple and classic peers on the same clusters, with the same word budget.

    python benchmarks/peers.py                      # both datasets, 250 words, all systems
    python benchmarks/peers.py --dataset multiling --systems storyline,lexrank
    python benchmarks/peers.py --words 100          # DUC-style: also prints R-2 recall
    python benchmarks/peers.py --overflow           # peers may take the sentence that crosses the budget
    python benchmarks/peers.py --overflow --peer-sentences punkt   # the protocol behind the issue's figures

Systems:

* ``storyline``         ``storyline.brief(documents, words=N, analysis=False)``: the summarizer (default
                        solver ``auto``: exact ILP from 100 sentences on, greedy below), timed as the whole call.
* ``storyline-ilp``     the same with ``solver="ilp"`` (always exact).
* ``storyline-greedy``  the same with ``solver="greedy"``.
* ``storyline+analysis`` the whole brief (quotes, claims, entities, ...), same summary: its cost.
* ``lead``              first sentences of the newest article (by date when dates parse, else the first one).
* ``first3``            the first three sentences of each article, in document order.
* ``roundrobin``        the same sentences as first3, but all first sentences, then all second ones, ...
* ``lexrank``           sumy's LexRankSummarizer (English Snowball stemmer, sumy's English stopwords).
* ``textrank``          sumy's TextRankSummarizer (same stemmer and stopwords).

Peers' sentences (``--peer-sentences``): by default storyline's own ``prepare()`` -- the same cleaning
and nupunkt sentences storyline sees. ``punkt`` instead parses the raw text as sumy's ``PlaintextParser``
does, split with nltk's Punkt algorithm untrained (sumy's default trained model is a download).

Budget rule for peers: sentences are taken in priority order (reading order for lead/first3/roundrobin,
rank for sumy) while they fit in N words (whitespace words, as storyline counts them): a sentence that
does not fit is skipped and the next one tried; sumy output is put back in document order. With
``--overflow`` a peer instead takes sentences until the one that reaches or crosses N words, included,
and the scorer's N-word truncation (ROUGE ``-l N``) cuts the rest. storyline always stays within N.

Scores: ROUGE-1/2/L recall, precision, F1 (x100) from ``storyline.evaluation.rouge.score_corpus``
(pure Python) and, when the ROUGE-1.5.5 script is usable, from ``storyline.evaluation.official``
(``-n 2 -m -f A -a -c 95 -r 1000 -l N``). Timing: wall-clock milliseconds per cluster for each system,
including its own sentence preparation; one untimed warm-up call per system comes first so imports are
not counted. Systems run one after another on each cluster, in one process.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import storyline
from storyline.ingest import read_clusters
from storyline.model import Cluster, Document
from storyline.prepare import parse_date, prepare
from storyline.text import word_count

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"

DATASETS = {
    # name: (file, default limit, label)
    "multiling": ("multiling2011_en.jsonl", None, "MultiLing 2011 (English)"),
    "multinews": ("multi_news_validation.jsonl.gz", 500, "Multi-News validation"),
}

ALL_SYSTEMS = (
    "storyline", "storyline-ilp", "storyline-greedy", "storyline+analysis",
    "lead", "first3", "roundrobin", "lexrank", "textrank",
)
PEERS = ("lead", "first3", "roundrobin", "lexrank", "textrank")
DEFAULT_SYSTEMS = ",".join(s for s in ALL_SYSTEMS if s != "storyline+analysis")  # analysis: spaCy, slow

# Reference figures quoted in the issue: official ROUGE-1.5.5, -m -l 250, F1 x100 (R-1, R-2).
# Multi-News: the first 500 validation clusters; MultiLing: all 10 clusters.
ISSUE_REFERENCE_F1 = {
    ("multinews", "lexrank"): (44.0, 14.2),
    ("multiling", "lexrank"): (47.4, 17.0),
    ("multinews", "first3"): (40.3, 12.1),
    ("multiling", "first3"): (46.1, 16.7),
}
ICSISUMM_DUC2004_R2_RECALL = 9.78


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def code_version() -> str:
    """storyline's version and, in a git checkout, its commit (``+changes`` when src/ is modified)."""
    import subprocess

    text = f"storyline {storyline.__version__}"
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "src"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return text
    return f"{text} at {commit}{' +changes' if dirty else ''}" if commit else text


# --------------------------------------------------------------------------------------------------
# Peers


def fill_budget(lengths: Sequence[int], order: Sequence[int], budget: int, overflow: bool) -> list[int]:
    """Indices taken from ``order`` (priority order) under the word budget.

    Without overflow: whole sentences while they fit; one that does not fit is skipped, the next tried.
    With overflow: sentences in order until the total reaches the budget; the crossing one is included.
    """
    chosen: list[int] = []
    used = 0
    for i in order:
        if overflow:
            if used >= budget:
                break
            chosen.append(i)
            used += lengths[i]
        elif used + lengths[i] <= budget:
            chosen.append(i)
            used += lengths[i]
            if used == budget:
                break
    return chosen


class SentenceSource:
    """Sentences the peers work on: per document, its paragraphs, each a list of sentence texts.

    ``storyline`` (default): storyline's own ``prepare()`` -- the same cleaning and nupunkt sentences
    storyline itself sees. ``punkt``: what sumy's ``PlaintextParser`` makes of the raw text (blank-line
    paragraphs, lines joined, all-caps lines dropped as headings, nothing else cleaned) with nltk's Punkt
    algorithm *untrained* as the sentence splitter -- the closest offline stand-in for sumy's default
    ``Tokenizer("english")``, whose trained Punkt model is a download.
    """

    def __init__(self, mode: str = "storyline") -> None:
        if mode not in ("storyline", "punkt"):
            raise ValueError(mode)
        self.mode = mode
        self.tokenizer = SumyTokenizer(punkt=mode == "punkt")

    def paragraphs(self, document: Document, index: int) -> list[list[str]]:
        if self.mode == "storyline":
            sentences = prepare(document, index).sentences
            return [[s.text for s in group] for _, group in itertools.groupby(sentences, key=lambda s: s.paragraph)]
        from sumy.parsers.plaintext import PlaintextParser

        model = PlaintextParser(document.text, self.tokenizer).document
        return [texts for texts in ([str(s) for s in p.sentences] for p in model.paragraphs) if texts]

    def sentences(self, document: Document, index: int) -> list[str]:
        return [t for para in self.paragraphs(document, index) for t in para]


def _usable(documents: Sequence[Document]) -> list[Document]:
    return [d for d in documents if d.text.strip()]


def _fill_in_order(texts: list[str], words: int, overflow: bool) -> str:
    lengths = [word_count(t) for t in texts]
    return "\n".join(texts[j] for j in fill_budget(lengths, range(len(texts)), words, overflow))


class Lead:
    """First sentences of the newest article: by date when any date parses, else the first article."""

    def __init__(self, source: SentenceSource) -> None:
        self.source = source

    def __call__(self, documents: Sequence[Document], words: int, overflow: bool) -> str:
        docs = _usable(documents)
        dated = [(date, i) for i, d in enumerate(docs) if (date := parse_date(d.date)) is not None]
        # Newest first (ties: earlier document first), then the undated ones in document order.
        newest = [i for _, i in sorted(dated, key=lambda t: (-t[0].timestamp(), t[1]))]
        for i in newest + [i for i in range(len(docs)) if i not in newest]:
            texts = self.source.sentences(docs[i], i)
            if texts:  # an article with nothing left after cleaning: try the next one
                return _fill_in_order(texts, words, overflow)
        return ""


class FirstK:
    """The first ``k`` sentences of each article, in document order (``round_robin``: all first
    sentences, then all second ones, ...), cut to the budget."""

    def __init__(self, source: SentenceSource, k: int = 3, round_robin: bool = False) -> None:
        self.source, self.k, self.round_robin = source, k, round_robin

    def __call__(self, documents: Sequence[Document], words: int, overflow: bool) -> str:
        heads = [self.source.sentences(d, i)[: self.k] for i, d in enumerate(_usable(documents))]
        if self.round_robin:
            texts = [h[r] for r in range(self.k) for h in heads if r < len(h)]
        else:
            texts = [t for h in heads for t in h]
        return _fill_in_order(texts, words, overflow)


class SumyTokenizer:
    """What sumy's ``Tokenizer("english")`` does, without nltk's downloadable punkt data.

    Words: nltk's Treebank-style word tokenizer (pure code; what ``nltk.word_tokenize`` applies after
    splitting sentences), filtered like sumy's (``Tokenizer._is_word``). Sentences (used only by sumy's
    ``PlaintextParser``): nupunkt, or with ``punkt`` nltk's Punkt algorithm without trained parameters.
    """

    language = "english"

    def __init__(self, punkt: bool = False) -> None:
        from nltk.tokenize import NLTKWordTokenizer
        from nltk.tokenize.punkt import PunktSentenceTokenizer
        from sumy.nlp.tokenizers import Tokenizer

        self._words = NLTKWordTokenizer()
        self._is_word = Tokenizer._is_word
        self._punkt = PunktSentenceTokenizer() if punkt else None

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        if self._punkt is not None:
            found = self._punkt.tokenize(paragraph)
        else:
            import nupunkt

            found = nupunkt.sent_tokenize(paragraph)
        return tuple(s.strip() for s in found if s.strip())

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(w for w in self._words.tokenize(sentence) if self._is_word(w))


class SumyPeer:
    """Rank every sentence with a sumy summarizer, then fill the budget in rank order."""

    def __init__(self, kind: str, source: SentenceSource) -> None:
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words

        cls = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer}[kind]
        self.summarizer = cls(Stemmer("english"))
        self.summarizer.stop_words = get_stop_words("english")
        self.source = source

    def rank(self, paragraphs: Sequence[Sequence[str]]) -> list[int]:
        """Indices of the flattened sentences, best first (ties keep document order)."""
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

        tokenizer = self.source.tokenizer
        model = ObjectDocumentModel(Paragraph(Sentence(text, tokenizer) for text in para) for para in paragraphs)
        ranked: list = []

        def keep_all(infos):  # sumy passes SentenceInfo(sentence, order, rating), best first
            ranked.extend(infos)
            return infos

        self.summarizer(model, keep_all)
        return [info.order for info in ranked]

    def __call__(self, documents: Sequence[Document], words: int, overflow: bool) -> str:
        paragraphs = [para for i, d in enumerate(_usable(documents)) for para in self.source.paragraphs(d, i)]
        texts = [t for para in paragraphs for t in para]
        if not texts:
            return ""
        lengths = [word_count(t) for t in texts]
        chosen = fill_budget(lengths, self.rank(paragraphs), words, overflow)
        return "\n".join(texts[j] for j in sorted(chosen))


def storyline_system(solver: str, analysis: bool, keep_all: bool) -> Callable[[Sequence[Document], int, bool], str]:
    def run(documents: Sequence[Document], words: int, overflow: bool) -> str:
        return storyline.brief(list(documents), words=words, solver=solver, analysis=analysis, keep_all=keep_all).text

    return run


def make_system(name: str, source: SentenceSource, keep_all: bool = False) -> Callable[[Sequence[Document], int, bool], str]:
    if name == "storyline":
        return storyline_system("auto", False, keep_all)
    if name == "storyline-ilp":
        return storyline_system("ilp", False, keep_all)
    if name == "storyline-greedy":
        return storyline_system("greedy", False, keep_all)
    if name == "storyline+analysis":
        return storyline_system("auto", True, keep_all)
    if name == "lead":
        return Lead(source)
    if name == "first3":
        return FirstK(source, 3)
    if name == "roundrobin":
        return FirstK(source, 3, round_robin=True)
    if name in ("lexrank", "textrank"):
        return SumyPeer(name, source)
    raise ValueError(name)


# --------------------------------------------------------------------------------------------------
# Running and scoring


@dataclass
class SystemRun:
    name: str
    summaries: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    python: object | None = None  # RougeResult
    official: object | None = None  # RougeResult

    @property
    def ms_per_cluster(self) -> float:
        return 1000 * statistics.fmean(self.seconds) if self.seconds else 0.0

    @property
    def ms_median(self) -> float:
        return 1000 * statistics.median(self.seconds) if self.seconds else 0.0

    @property
    def mean_words(self) -> float:
        return statistics.fmean(word_count(s) for s in self.summaries) if self.summaries else 0.0


def load_clusters(path: Path, limit: int | None) -> list[Cluster]:
    clusters = read_clusters(path)
    if limit is not None:
        clusters = itertools.islice(clusters, limit)
    return [c for c in clusters if c.references]


def _schedule(n_clusters: int, names: list[str], order: str) -> list[tuple[int, str]]:
    """(cluster index, system) in the order the calls are made.

    ``cluster``: each cluster goes to every system before the next cluster, and who goes first
    rotates (the first system on a cluster meets its new words with cold caches). Every call then
    also starts with the CPU caches full of another system's data, which costs a small, fast
    system relatively more. ``system``: each system summarizes every cluster in turn, as a batch
    job or a server does; the clusters are the same and so are the summaries.
    """
    if order == "system":
        return [(k, name) for name in names for k in range(n_clusters)]
    calls = []
    for k in range(n_clusters):
        shift = (k + 1) % len(names)
        calls.extend((k, name) for name in names[shift:] + names[:shift])
    return calls


def run_dataset(
    clusters: list[Cluster], systems: dict[str, Callable], words: int, overflow: bool, label: str, order: str = "cluster"
) -> dict[str, SystemRun]:
    runs = {name: SystemRun(name, summaries=[""] * len(clusters), seconds=[0.0] * len(clusters)) for name in systems}
    # Warm-up (untimed): imports (highspy, sumy's numpy paths) and caches are not counted.
    for fn in systems.values():
        try:
            fn(clusters[0].documents, words, overflow)
        except Exception:  # noqa: BLE001 - the timed loop reports it
            pass
    # The harness holds every cluster, reference and summary in memory; without this, each full
    # garbage collection scans all of it, billed to whichever system's call happens to trigger it.
    # Freezing moves what exists now out of the collector's sight, for every system alike.
    gc.collect()
    gc.freeze()
    started = time.perf_counter()
    calls = _schedule(len(clusters), list(systems), order)
    for n, (k, name) in enumerate(calls, 1):
        cluster, fn = clusters[k], systems[name]
        # CPU time of this process (all threads): unlike wall time it does not grow with
        # whatever else the machine runs, and every system is measured the same way.
        t0 = time.process_time()
        try:
            summary = fn(cluster.documents, words, overflow and name in PEERS)
        except storyline.StorylineError as err:  # refused input: scored as an empty summary
            summary = ""
            runs[name].failures.append(f"{cluster.id}: {err}")
        except Exception as err:  # a crash: keep going, report it, score it as empty
            summary = ""
            runs[name].failures.append(f"{cluster.id}: CRASH {type(err).__name__}: {err}")
            log(f"  {name} crashed on {cluster.id}: {type(err).__name__}: {err}")
        runs[name].seconds[k] = time.process_time() - t0
        runs[name].summaries[k] = summary
        if n % (25 * len(systems)) == 0 or n == len(calls):
            log(f"  {label}: {n}/{len(calls)} calls, {time.perf_counter() - started:.0f} s")
    return runs


def score_runs(runs: dict[str, SystemRun], references: list[list[str]], words: int, official: bool) -> None:
    from storyline.evaluation.rouge import score_corpus

    for run in runs.values():
        t0 = time.perf_counter()
        run.python = score_corpus(run.summaries, references, words=words)
        log(f"  scored {run.name} (python) in {time.perf_counter() - t0:.1f} s")
    if official:
        from storyline.evaluation.official import official_scores

        for run in runs.values():
            t0 = time.perf_counter()
            run.official = official_scores(run.summaries, references, words=words)
            log(f"  scored {run.name} (official) in {time.perf_counter() - t0:.1f} s")


def _score_dict(result) -> dict | None:
    if result is None:
        return None
    return {
        metric: {k: round(100 * getattr(getattr(result, metric), k), 2) for k in ("recall", "precision", "f1")}
        for metric in ("rouge1", "rouge2", "rougeL")
    }


def format_table(runs: dict[str, SystemRun], scorer: str, dataset: str, words: int, overflow: bool) -> str:
    header = (
        f"{'system':<17} {'R1-R':>6} {'R1-P':>6} {'R1-F':>6}  {'R2-R':>6} {'R2-P':>6} {'R2-F':>6}  "
        f"{'RL-R':>6} {'RL-P':>6} {'RL-F':>6}  {'ms/cl':>8} {'words':>6}"
    )
    show_issue = words == 250 and any((dataset, name) in ISSUE_REFERENCE_F1 for name in runs)
    if show_issue:
        header += "   issue F1 R1/R2 (diff)"
    lines = [header, "-" * len(header)]
    for name, run in runs.items():
        result = getattr(run, scorer)
        if result is None:
            continue
        cells = []
        for metric in ("rouge1", "rouge2", "rougeL"):
            s = getattr(result, metric)
            cells.append(f"{100 * s.recall:6.2f} {100 * s.precision:6.2f} {100 * s.f1:6.2f}")
        label = name + ("*" if overflow and name in PEERS else "")
        line = f"{label:<17} {'  '.join(cells)}  {run.ms_per_cluster:8.1f} {run.mean_words:6.1f}"
        ref = ISSUE_REFERENCE_F1.get((dataset, name)) if show_issue else None
        if ref:
            d1, d2 = 100 * result.rouge1.f1 - ref[0], 100 * result.rouge2.f1 - ref[1]
            line += f"   {ref[0]:.1f}/{ref[1]:.1f} ({d1:+.1f}/{d2:+.1f})"
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", choices=("multiling", "multinews", "both"), default="both")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"data directory (default {DEFAULT_DATA})")
    parser.add_argument("--limit", type=int, default=None, help="clusters per dataset (default: 500 Multi-News, all MultiLing)")
    parser.add_argument("--words", type=int, default=250, help="word budget (default 250; 100 = DUC-style)")
    parser.add_argument(
        "--systems",
        default=DEFAULT_SYSTEMS,
        help=f"comma-separated subset of {','.join(ALL_SYSTEMS)}",
    )
    parser.add_argument(
        "--overflow",
        action="store_true",
        help="peers (not storyline) also take the sentence that crosses the budget; ROUGE -l N truncates",
    )
    parser.add_argument(
        "--peer-sentences",
        choices=("storyline", "punkt"),
        default="storyline",
        help="sentences the peers see: storyline's prepare() (default) or sumy PlaintextParser + untrained Punkt",
    )
    parser.add_argument(
        "--keep-all",
        action="store_true",
        help="call storyline.brief(..., keep_all=True): articles judged off-event stay in the summary",
    )
    parser.add_argument(
        "--order",
        choices=("cluster", "system"),
        default="cluster",
        help="call order: every system on a cluster before the next, first system rotating (default), "
        "or each system over all clusters in turn, as a batch job runs (same summaries, see _schedule)",
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--official", dest="official", action="store_true", default=None, help="require the official ROUGE-1.5.5 script")
    group.add_argument("--no-official", dest="official", action="store_false", help="pure-Python ROUGE only")
    parser.add_argument("--json", type=Path, help="save all figures to this JSON file")
    parser.add_argument("--summaries", type=Path, help="save every summary to this JSONL file (dataset, id, system, summary)")
    args = parser.parse_args(argv)

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in systems if s not in ALL_SYSTEMS]
    if unknown or not systems:
        parser.error(f"unknown system(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(ALL_SYSTEMS)}")
    if args.words <= 0:
        parser.error("--words must be positive")

    official = args.official
    try:
        from storyline.evaluation.official import official_available

        reason = official_available()
    except ImportError as err:
        reason = f"storyline.evaluation.official not importable ({err})"
    if official and reason:
        parser.error(f"--official: the ROUGE-1.5.5 script is not usable: {reason}")
    if official is None:
        official = reason is None
        if reason:
            log(f"official ROUGE-1.5.5 not usable ({reason}); printing pure-Python scores only")

    names = ("multiling", "multinews") if args.dataset == "both" else (args.dataset,)
    output: dict = {
        "version": code_version(),
        "words": args.words,
        "overflow": args.overflow,
        "peer_sentences": args.peer_sentences,
        "storyline_keep_all": args.keep_all,
        "order": args.order,
        "official": official,
        "systems": systems,
        "datasets": {},
    }
    source = SentenceSource(args.peer_sentences)
    fns = {name: make_system(name, source, args.keep_all) for name in systems}
    for dataset in names:
        filename, default_limit, label = DATASETS[dataset]
        path = args.data / filename
        if not path.exists():
            parser.error(f"{path}: not found (use --data DIR)")
        limit = args.limit if args.limit is not None else default_limit
        clusters = load_clusters(path, limit)
        if not clusters:
            parser.error(f"{path}: no clusters with references")
        log(f"{label}: {len(clusters)} clusters, {args.words} words, systems {', '.join(systems)}")
        runs = run_dataset(clusters, fns, args.words, args.overflow, label, args.order)
        if args.summaries:
            args.summaries.parent.mkdir(parents=True, exist_ok=True)
            with args.summaries.open("a" if dataset != names[0] else "w", encoding="utf-8") as out:
                for name, run in runs.items():
                    for cluster, summary in zip(clusters, run.summaries):
                        record = {"dataset": dataset, "id": cluster.id, "system": name, "summary": summary}
                        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        references = [list(c.references) for c in clusters]
        score_runs(runs, references, args.words, official)

        protocol = "peers may overflow the budget (marked *), scorer truncates" if args.overflow else "every system within the budget"
        if args.keep_all:
            protocol += "; storyline keep_all"
        if args.peer_sentences != "storyline":
            protocol += f"; peers' sentences: {args.peer_sentences}"
        print(f"\n== {label}: {len(clusters)} clusters, {args.words} words, {protocol} ==")
        print(output["version"])
        scorers = (("python", "pure-Python ROUGE (storyline.evaluation.rouge)"),)
        if official:
            scorers += (("official", f"official ROUGE-1.5.5 (-n 2 -m -f A -a -c 95 -r 1000 -l {args.words})"),)
        for scorer, title in scorers:
            print(f"\n{title}; scores x100; ms/cl = mean CPU ms per cluster; words = mean summary words")
            print(format_table(runs, scorer, dataset, args.words, args.overflow))
        if official:
            gap = max(
                abs(getattr(getattr(run.python, m), k) - getattr(getattr(run.official, m), k))
                for run in runs.values()
                for m in ("rouge1", "rouge2", "rougeL")
                for k in ("recall", "precision", "f1")
            )
            print(f"\nlargest difference between the two scorers: {100 * gap:.3f} points")
        if args.words == 100:
            best = "official" if official else "python"
            print(f"\nDUC-style figure: ROUGE-2 recall at 100 words ({best} scorer)")
            for name, run in runs.items():
                print(f"  {name:<17} {100 * getattr(run, best).rouge2.recall:6.2f}")
            print(
                f"  (DUC 2004 literature: ICSISumm {ICSISUMM_DUC2004_R2_RECALL} R-2 recall with four 100-word references "
                "per cluster; other articles and references here, so a yardstick, not a like-for-like comparison)"
            )
        if "lexrank" in runs and runs["lexrank"].ms_per_cluster:
            lexrank = runs["lexrank"]
            print(f"\nspeed against sumy LexRank (CPU time, calls ordered by {args.order}):")
            for name, run in runs.items():
                if name.startswith("storyline") and run.ms_per_cluster:
                    print(
                        f"  {name:<18} {lexrank.ms_per_cluster / run.ms_per_cluster:5.1f}x by mean ms per cluster, "
                        f"{lexrank.ms_median / run.ms_median:5.1f}x by median"
                    )
        for name, run in runs.items():
            if run.failures:
                print(f"\n{name}: {len(run.failures)} cluster(s) failed (scored as empty): {'; '.join(run.failures[:3])}")
        output["datasets"][dataset] = {
            "file": str(path),
            "clusters": len(clusters),
            "systems": {
                name: {
                    "python": _score_dict(run.python),
                    "official": _score_dict(run.official),
                    "ms_per_cluster": round(run.ms_per_cluster, 2),
                    "ms_median": round(run.ms_median, 2),
                    "mean_words": round(run.mean_words, 1),
                    "failures": run.failures,
                    "overflow": args.overflow and name in PEERS,
                    "issue_reference_f1": ISSUE_REFERENCE_F1.get((dataset, name)) if args.words == 250 else None,
                }
                for name, run in runs.items()
            },
        }
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(output, indent=2) + "\n", encoding="utf-8")
        log(f"saved {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
