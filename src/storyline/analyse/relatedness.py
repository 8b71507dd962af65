"""Off-event articles: flag only an article the evidence says reports a different event.

A wrong flag costs the reader a whole article (it leaves the summary and every analysis section),
so the decision is precision first. Three kinds of evidence, all from the text itself:

- **Lead** (``relatedness``): the share of the lead's concepts (stemmed bigrams) and content words
  that some other article carries. Wire copy of the same event shares most of them; a reaction,
  a live blog or a human-interest piece may share few, so a low lead alone never flags.
- **Names** (cased text): the share of the capitalised words inside its sentences (people, places,
  organisations) that other articles use. A same-event piece from another angle names the event's
  places and people; an article about another event names others.
- **Words** (lower-cased text, where names cannot be told apart): the cosine of its set of content
  words with its closest other article's, beside how close the others are to each other, and the phrases of
  two content words ("aid worker") it shares with them.

- **The lead's event** (title and first ``LEAD_NAME_SENTENCES`` sentences), for an article about another
  event that mentions this one later, so that most of its names are found elsewhere: the names its lead
  is centred on (none of the cluster's core names, those in ``CORE_SHARE`` of the other leads, and at
  least ``MIN_OWN_NAMES`` that no other article uses), and the times it puts its event at (years and
  "last summer", "three years after" from lang.en.lexicon, read against its own date) when they fall
  before every other article's date. Regular expressions only, so the decision is the same with or
  without the analysis sections.

An article is off-event when its lead shares little AND it is not about the same names (cased text)
or the same words (lower-cased text); or when two of three pieces agree: a lead sharing somewhat
little (``LEAD_WEAK``), a lead centred on other names, a lead dating its event earlier (none flags
alone: a human-interest lead is centred on its people, an analysis recalls last year's strike); or
when its own date puts it clearly apart (over ``DATE_GAP_DAYS`` from articles that all fall within
``SAME_EVENT_DAYS``) and it is less related than the others. A text shorter than ``MIN_CONTENT_WORDS`` is never judged: it is too short to say
what it is about. One middle state: on lower-cased text, an article whose words overlap its closest
article a little (``TOPIC_BELOW`` to ``TOPIC_DOUBT``) is kept in the summary but marked with its
reason ("may be about another event: ..."): there the wording of any two stories of one kind (a court,
a strike) overlaps that much, and with no names to tell them apart the evidence is mixed. Cased text
needs no such state: its names decide. Each flag carries a one-line reason built from the figures
that decided it. Thresholds were set on real clusters (benchmarks/offevent.py: MultiLing and
Multi-News as they are, and with an article of another cluster moved in) and checked on
../shared/examples/syria-2012 and the labelled fixtures.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..lang.en.lexicon import CALENDAR_NAMES, PAST_EVENT, YEAR, YEARS_BACK
from ..text import STOPWORDS, stem, tokens

if TYPE_CHECKING:
    import numpy as np

LEAD_SENTENCES = 5
MIN_DOCUMENTS = 3  # with two articles there is no majority to say which one is off
LEAD_BELOW = 0.3  # the lead shares little: relatedness under this ...
LEAD_RATIO = 0.6  # ... and under this share of the other articles' median
NAMES_BELOW = 0.35  # cased text: under this share of its names found in other articles ...
MIN_NAMES = 3  # ... judged on names only with at least this many, in cased text
TOPIC_BELOW = 0.08  # lower-cased text: its closest article under this cosine flags it ...
TOPIC_DOUBT = 0.15  # ... under this marks it (kept: mixed evidence) ...
TOPIC_RATIO = 0.5  # ... and under this share of how close the others are to each other,
TOGETHER_MIN = 0.2  # ... which must be at least this close: one story, not unrelated pages
COPY = 0.95  # closer than this, two texts are copies of one page
MAX_SHARED_PHRASES = 1  # more phrases of two content words ("aid worker") shared with others keeps it
MIN_CONTENT_WORDS = 30  # shorter texts (a cookie notice, a caption) are not judged
CASED_SHARE = 0.02  # capitalised words inside sentences per word: text that keeps its case
LEAD_NAME_SENTENCES = 3  # the lead whose names and times say what event an article reports
LEAD_WEAK = 0.5  # a lead sharing under this ...
LEAD_WEAK_RATIO = 0.85  # ... and under this share of the others' median is weak evidence, combined below
MIN_OWN_NAMES = 2  # names of its lead found in no other article: it is centred on other names ...
CORE_SHARE = 0.5  # ... while it names none of the cluster's core (names in this share of the other leads)
MIN_PAST = 2  # times in its title and lead before its own date ("last year", "in 2019"): an earlier event
DATE_GAP_DAYS = 30  # an article this far from the others' dates ...
SAME_EVENT_DAYS = 7  # ... when those all fall within this many days, reports another event

_CAPITALISED = re.compile(r"[A-Z][\w’'-]*")
_NOT_CONTENT = STOPWORDS | frozenset("abcdefghijklmnopqrstuvwxyz0123456789")  # as select's content words
_NOT_NAMES = _NOT_CONTENT | CALENDAR_NAMES | {"i"}


@dataclass(frozen=True)
class Judgement:
    relatedness: float | None  # share of its lead other articles carry, 0..1 (None under MIN_DOCUMENTS)
    off_event: bool
    reason: str | None  # why it was flagged, or (not flagged) why it may be about another event


def relatedness(features_by_doc: Sequence[Sequence[tuple[frozenset, frozenset]]]) -> list[float]:
    """For each document (its sentences' (concepts, content words), in order), how much of its lead
    other documents carry, 0..1."""
    return _Cluster(features_by_doc).scores


class _Cluster:
    """What every test of a cluster shares: each document's concepts and words, and which of them
    two or more documents carry (a document's item is in another document iff two or more have it)."""

    def __init__(self, features_by_doc: Sequence[Sequence[tuple[frozenset, frozenset]]]):
        empty: frozenset = frozenset()
        self.features = features_by_doc
        self.texts: Sequence[Sequence[str]] = ()  # each document's sentence texts, where judge() has them
        self.concepts = [empty.union(*[c for c, _ in doc]) for doc in features_by_doc]
        self.words = [empty.union(*[w for _, w in doc]) for doc in features_by_doc]
        self.shared_concepts, self.shared_words = _in_two_or_more(self.concepts), _in_two_or_more(self.words)
        self.scores = []
        for doc in features_by_doc:
            lead = doc[:LEAD_SENTENCES]
            lead_concepts = empty.union(*[c for c, _ in lead])
            lead_words = empty.union(*[w for _, w in lead])
            lead_share = _share(lead_concepts, self.shared_concepts) + _share(lead_words, self.shared_words)
            self.scores.append(lead_share / 2)

    def others_words(self, i: int) -> set:
        others: set = set()
        for j, words in enumerate(self.words):
            if j != i:
                others |= words
        return others

    def shared_phrases(self, i: int) -> int:
        """Phrases of two content words (a name, "aid worker") document ``i`` shares with another."""
        return sum(_both_content(c) for c in self.concepts[i] & self.shared_concepts)


def judge(
    features_by_doc: Sequence[Sequence[tuple[frozenset, frozenset]]],
    texts_by_doc: Sequence[Sequence[str]],
    dates: Sequence[date | None] | None = None,
    titles: Sequence[str | None] | None = None,
) -> list[Judgement]:
    """Relatedness, off-event flag and reason of every document.

    ``features_by_doc``: each document's sentences' (concepts, content words); ``texts_by_doc``: the
    same sentences' texts (for names); ``dates``: each document's own date, where known; ``titles``:
    each document's title (its names and times count as the lead's). Only a document whose lead
    shares little, whose lead dates its event earlier, or whose date is apart, is looked at further,
    so the usual cluster costs one pass over the concepts and a look at the leads.
    """
    n = len(features_by_doc)
    if n < MIN_DOCUMENTS:
        return [Judgement(None, False, None) for _ in range(n)]
    cluster = _Cluster(features_by_doc)
    cluster.texts = texts_by_doc
    scores = cluster.scores
    sizes = [sum(len(w) for _, w in doc) for doc in features_by_doc]
    gaps = [_date_gap(dates, i) if dates is not None else None for i in range(n)]
    titles = titles if titles is not None else [None] * n
    leads: dict[int, dict] = {}  # each lead's names, read when first needed
    past = _past_times(texts_by_doc, titles, dates)
    earlier = [len(p) >= MIN_PAST for p in past]
    candidates = [i for i in range(n) if sizes[i] >= MIN_CONTENT_WORDS and (scores[i] < LEAD_WEAK or earlier[i])
                  or gaps[i] is not None]
    reasons: list[str | None] = [None] * n
    doubt = [False] * n  # kept in the summary, but marked: the evidence is mixed
    closeness = cohesion = order = None
    for i in candidates:
        others = [j for j in range(n) if j != i]
        lead = scores[i]
        median_lead = _median([scores[j] for j in others])
        low = lead < LEAD_BELOW and sizes[i] >= MIN_CONTENT_WORDS
        if closeness is None and (low or gaps[i] is not None):  # the word and date tests need the closeness
            import numpy as np  # only for a candidate: a `brief --no-analysis` of a usual cluster never loads it

            closeness = _closeness(cluster.words)
            # How close the others are to each other (each one's closest but i: so best first)
            # counts no copies (one page twice is not a story) and no texts too short to judge.
            short = np.array(sizes) < MIN_CONTENT_WORDS
            cohesion = np.where((closeness >= COPY) | short[:, None] | short[None, :], 0.0, closeness)
            order = np.argsort(-cohesion, axis=1)
        if closeness is not None:
            closest = float(closeness[i].max())
            together = _median([float(cohesion[k, order[k, 0] if order[k, 0] != i else order[k, 1]])
                                for k in others])
        reason = None
        if low:
            names = _names(texts_by_doc[i])
            if len(names) >= MIN_NAMES and len(names) >= CASED_SHARE * sizes[i]:  # cased text: names decide
                others_words = cluster.others_words(i)
                found = sum(all(w in others_words for w in name) for name in names)
                if lead < LEAD_RATIO * median_lead and found < NAMES_BELOW * len(names):
                    reason = (f"shares {lead:.0%} of its lead's content and {found} of its {len(names)} names "
                              "with the other articles")
            elif together >= TOGETHER_MIN and closest < TOPIC_DOUBT and closest < TOPIC_RATIO * together:
                phrases = cluster.shared_phrases(i)
                if phrases <= MAX_SHARED_PHRASES:
                    reason = (f"shares {lead:.0%} of its lead's content and {('no', 'one')[phrases]} two-word phrase "
                              f"with the other articles; its words overlap {closest:.2f} with the closest one, "
                              f"the others {together:.2f} with each other")
                    doubt[i] = closest >= TOPIC_BELOW
        if reason is None and sizes[i] >= MIN_CONTENT_WORDS:
            reason = _lead_event(i, cluster, leads, titles, past, earlier, lead, median_lead)
        gap = gaps[i]
        if reason is None and gap is not None and lead < median_lead and closest < together:
            when = "after" if gap > 0 else "before"
            reason = (f"dated {abs(gap)} days {when} the other articles, which fall within "
                      f"{SAME_EVENT_DAYS} days; shares {lead:.0%} of its lead's content with them")
        reasons[i] = reason
    # Never flag (or mark) a majority: then there is no event to be off from.
    if sum(r is not None for r in reasons) * 2 >= n:
        reasons = [None] * n
    return [Judgement(s, r is not None and not d, r and ("may be about another event: " + r if d else r))
            for s, r, d in zip(scores, reasons, doubt)]


def _lead_event(i: int, cluster: _Cluster, leads: dict[int, dict], titles: Sequence[str | None],
                past: Sequence[list[str]], earlier: Sequence[bool], lead: float, median_lead: float) -> str | None:
    """Why the lead of document ``i`` reports another event, when two of three pieces of evidence
    agree (none flags alone): its lead shares little (under ``LEAD_WEAK`` and ``LEAD_WEAK_RATIO`` of
    the others' median);
    it is centred on names no other article uses while naming none of the cluster's core names;
    it puts its event in a year before every other article's date where most other leads do not."""
    weak = lead < LEAD_WEAK and lead < LEAD_WEAK_RATIO * median_lead
    dated = earlier[i] and (sum(earlier) - 1) * 2 < len(earlier) - 1
    if not (weak or dated):
        return None
    def lead_names(j: int) -> dict:
        if j not in leads:
            leads[j] = _names(cluster.texts[j][:LEAD_NAME_SENTENCES])
        return leads[j]

    own_names, core_names = [], []
    if len(lead_names(i)) >= MIN_OWN_NAMES:  # else (lower-cased text) no other lead need be read
        own_names, core_names = _lead_names(i, cluster, [lead_names(j) for j in range(len(cluster.texts))], titles)
    centred = len(own_names) >= MIN_OWN_NAMES
    if weak + centred + dated < 2:
        return None
    parts = []
    if centred:
        shown = _phrases(cluster.texts[i][:LEAD_NAME_SENTENCES], own_names) or own_names
        runs: dict[str, int] = {}  # the core as the other leads spell it ("Keswin Chemical"), most used first
        for j, texts in enumerate(cluster.texts):
            for run in _phrases(texts[:LEAD_NAME_SENTENCES], core_names) if j != i else ():
                runs[run] = runs.get(run, 0) + 1
        core_shown: list[str] = []
        for run in sorted(runs, key=lambda run: -runs[run]):
            if not any(f" {run} " in f" {o} " or f" {o} " in f" {run} " for o in core_shown):
                core_shown.append(run)
        core_shown = core_shown or core_names
        parts.append(f"its lead is about {_listed(shown[:3])}, named in no other article, and names none of "
                     f"the others' {_listed(core_shown[:3], 'or')}")
    if dated:
        parts.append(f"its lead puts its event before the other articles' dates ({', '.join(past[i][:3])})")
    parts.append(f"shares {lead:.0%} of its lead's content with the other articles")
    return "; ".join(parts)


def _lead_names(i: int, cluster: _Cluster, leads: Sequence[dict], titles: Sequence[str | None]) -> tuple[list, list]:
    """(names of document ``i``'s lead that no other article uses, the cluster's core names) when its
    title and lead name none of the core (names in ``CORE_SHARE`` of the other leads), else ([], core)."""
    others = [j for j in range(len(leads)) if j != i]
    counts: dict = {}
    spelled: dict = {}
    for j in others:
        for name, surface in leads[j].items():
            counts[name] = counts.get(name, 0) + 1
            spelled.setdefault(name, surface)
    core = {name for name, k in counts.items() if k >= 2 and k >= CORE_SHARE * len(others)}
    core_names = [spelled[name] for name in sorted(core, key=lambda name: (-counts[name], spelled[name]))]
    if not core or core & (leads[i].keys() | _names([titles[i] or ""]).keys()):
        return [], core_names
    others_words = cluster.others_words(i)
    own = [surface for name, surface in leads[i].items()
           if name not in counts and not all(w in others_words for w in name)]
    return own, core_names


_NAME_RUN = re.compile(r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*")


def _phrases(texts: Sequence[str], words: Sequence[str]) -> list[str]:
    """The runs of capitalised words ("Halden Park") in ``texts`` that hold one of ``words``, for a reason."""
    wanted, found = set(words), {}
    for text in texts:
        for m in _NAME_RUN.finditer(text):
            run = m.group().split()
            while run and run[0].lower() in _NOT_NAMES:
                run = run[1:]
            if any(w.removesuffix("’s").removesuffix("'s") in wanted for w in run):
                found.setdefault(" ".join(run).removesuffix("’s").removesuffix("'s"), None)
    return [r for r in found if not any(r != o and f" {r} " in f" {o} " for o in found)]  # "Huanta" in "Huanta Resources"


def _past_times(texts_by_doc: Sequence[Sequence[str]], titles: Sequence[str | None],
                dates: Sequence[date | None] | None) -> list[list[str]]:
    """Each document's times, in its title and lead, in a year before every other article's date:
    "last summer", "three years after", "2019" (a year from its own date, or the cluster's latest).
    None without a time in the title or first sentence: that is where a lead puts its event."""
    known = [d for d in dates or () if d is not None]
    if len(known) < 2:  # no other article's date to compare with
        return [[] for _ in texts_by_doc]
    found = []
    for i, texts in enumerate(texts_by_doc):
        others = [d.year for j, d in enumerate(dates) if j != i and d is not None]
        now = dates[i] or max(known)
        times: dict[str, None] = {}
        if others and now is not None:
            first = min(others)
            for k, text in enumerate([titles[i] or "", *texts[:LEAD_NAME_SENTENCES]]):
                for m in PAST_EVENT.finditer(text):
                    count = m.group("count")
                    back = 1 if count is None else int(count) if count.isdigit() else YEARS_BACK[count.lower()]
                    if now.year - back < first and (k < 2 or times):
                        times.setdefault(m.group().lower(), None)
                for m in YEAR.finditer(text):
                    if int(m.group()) < first and (k < 2 or times):
                        times.setdefault(m.group(), None)
        found.append(list(times))
    return found


def _listed(items: Sequence[str], conjunction: str = "and") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def _both_content(concept: str) -> bool:
    first, _, second = concept.partition(" ")
    return not (first in _NOT_CONTENT or second in _NOT_CONTENT or first.isdigit() or second.isdigit())


def _closeness(words: Sequence[frozenset]) -> np.ndarray:
    """Cosine of every two documents' sets of content words (set intersections, in C); 0 on the diagonal."""
    import numpy as np

    n = len(words)
    closeness = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            if words[i] and words[j]:
                closeness[i, j] = closeness[j, i] = len(words[i] & words[j]) / math.sqrt(len(words[i]) * len(words[j]))
    return closeness


def _names(texts: Sequence[str]) -> dict[tuple[str, ...], str]:
    """Capitalised words inside sentences, as stems (each with its first spelling): in cased text,
    the names it uses.

    A sentence's first word and a word after a colon, an opening quote, a dash or a bar (a heading,
    "16:05 GMT — Death toll rises") are capitalised anyway.
    """
    found: dict[tuple[str, ...], str] = {}
    for text in texts:
        for m in _CAPITALISED.finditer(text):
            start = m.start()
            before = text[max(0, start - 4) : start].rstrip()  # a short look-back: no copy of the text
            if not before or before[-1] in ".!?:\"“‘([—–|•·" or text[start - 1].isalnum():
                continue
            word = m.group().removesuffix("’s").removesuffix("'s")
            words = tokens(word)
            if words and not any(w in _NOT_NAMES for w in words):
                found.setdefault(tuple(map(stem, words)), word)
    return found

def _date_gap(dates: Sequence[date | None], i: int) -> int | None:
    """Days from the others' median date, when they all fall within a few days and it is far off."""
    if dates[i] is None:
        return None
    other_days = [d.toordinal() for j, d in enumerate(dates) if j != i and d is not None]
    if len(other_days) < 2 or max(other_days) - min(other_days) > SAME_EVENT_DAYS:
        return None
    gap = dates[i].toordinal() - _median(other_days)
    return round(gap) if abs(gap) > DATE_GAP_DAYS else None


def _in_two_or_more(sets: Sequence[frozenset]) -> set:
    """Items found in at least two of ``sets`` (set operations only: no per-item Python loop)."""
    seen: set = set()
    shared: set = set()
    for items in sets:
        shared |= items & seen
        seen |= items
    return shared


def _share(lead: frozenset, shared: set) -> float:
    return len(lead & shared) / len(lead) if lead else 0.0


def _median(values: Sequence) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
