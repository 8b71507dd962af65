"""Disagreements: where outlets give different values for the same thing.

Every figure is first read as a typed fact (``facts.py``: kind, slots, normalised value, bound,
role). The comparison is then one rule for every kind:

1. Facts are grouped by kind and slots: people killed, people injured, people seriously injured,
   a sum in one currency (a rate such as "a share" apart from totals), a percentage, a measure in
   one unit, the age of one person or role, a clock time in one time zone, a date, a weekday, a
   place (which stand, which gate). Different slots are never compared, so dead ≠ injured, a sum in
   dollars ≠ one in euros, 46.2C ≠ 115 F, 21:50 local ≠ 19:50 GMT.
2. Two facts of different outlets are about the same thing when
   - their slots name it on their own (a casualty count, the age of a named person or of "the
     youngest", a sum named as a ransom, an offer, a fine ...) and their sentences share a
     content word;
   - for a date, time, weekday or place: the words right around it (``facts.NEAR`` each side) say
     the same (two shared stems and half of them; three and 60% for a weekday alone);
   - for a count of a named thing of 10 or more ("400,000 households"): a word right around it and
     two in the sentence in common;
   - otherwise: three content stems of the sentences and two of the words right around the figure
     in common.
   Sums and percentages whose words name different things ("ransom" / "loss") are never the same.
3. An outlet's value for a thing is its newest figure when it gives an update ("the toll rose to
   four"), else the figure it gives most often (then first); a figure it gives as the earlier one
   ("from 12") is history. Two values agree when they are the same figure however written ("2.1
   million" = "2,100,000", "twelve hundred" = "1,200", "9:50 p.m." = "21:50"), when an estimate
   ("about 40") covers the other (±10%, or twice the rounding of "about 6.2 billion"), or when a
   vague size ("more than a dozen") fits it; a bound ("at least 27", "more than forty") agrees only
   with the figure it names. Two outlets disagree when their values do not agree and neither also
   gives the other's figure (then they are two things it tells apart). The disagreement lists each
   value with every outlet that gives it; when an outlet's figure is an update, the disagreement is
   marked as one and the newest value is marked.

Names and titles (spelling of a person's name, the title given to them) are compared in ``names.py``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from ..cluster import ClusterView, as_view
from ..lang.en import lexicon as lx
from ..model import Disagreement, DisagreementValue, PreparedDocument, Span
from ..text import STOPWORDS, stem as stem_of, stems
from .facts import TypedFact, all_facts
from .names import name_and_title_disagreements

MIN_SHARED = 3  # content stems two sentences share to be about the same thing (weak slots)
MIN_NEAR = 2  # content stems the words right around two figures share, for weak slots
SAME_ORDER = 2.0  # two counts of a named thing within this ratio may be one count reported differently
MIN_NAMED_COUNT = 10  # counts of a named thing this large are compared on less context (small ones are incidental)
_PLAIN_WORDS = frozenset(w for phrase in (*lx.LOWER_BOUNDS, *lx.UPPER_BOUNDS, *lx.APPROXIMATE) for w in phrase.split()) | set(
    lx.UNITS) | set(lx.TENS) | {"a", "an"}
_EXACT_KINDS = frozenset({"date", "weekday", "age", "place"})


def _sentence_stems(f: TypedFact) -> frozenset[str]:
    return frozenset(s for s in stems(f.sentence.text) if s not in STOPWORDS and not s[0].isdigit() and len(s) > 2)


_WHEN_KINDS = frozenset({"date", "weekday", "clock", "place"})  # placed by the words right around them


def same_thing(a: TypedFact, b: TypedFact, sa: frozenset[str], sb: frozenset[str]) -> bool:
    if a.topic and b.topic and a.topic != b.topic:
        return False  # a ransom is not a daily loss; a premium to one base is not one to another
    shared = len(sa & sb)
    if a.strong and b.strong:
        return shared >= 1
    if a.kind == "count" and (a.slots[0] != "people" or a.slots[1]) and min(a.value, b.value) >= MIN_NAMED_COUNT:
        # a count of a named thing ("400,000 households", "1,500 delegates", "60,000 employees"):
        # the sentences need two words of context in common, not a paraphrase; or, when outlets
        # wrote their sentences independently, one word in common and a figure of the same order
        # (one count reported twice differs by a revision, two counts of one noun usually by far more)
        own = {stem_of(w) for w in a.slots if w}
        shared_own = len((sa & sb) - own)
        if len((a.near & b.near) - own) >= 1 and shared_own >= 2:
            return True
        return shared_own >= 1 and max(a.value, b.value) <= SAME_ORDER * min(a.value, b.value)
    if a.kind == "range":
        # a range of one unit with one end in common ("8 to 10 feet", "8-to-15 feet"): the same
        # range when the sentences share a word besides the figures
        return (a.low == b.low or a.high == b.high) and shared >= 1
    if a.kind in _WHEN_KINDS:  # a date belongs to the event told right around it
        ca, cb = a.near, b.near
        common = len(ca & cb)
        if a.kind == "weekday":  # a day alone names no event: the words around it must say nearly the same
            return common >= 3 and common >= 0.6 * min(len(ca), len(cb))
        return common >= 2 and common >= 0.5 * min(len(ca), len(cb))
    # anything else: much the same sentence, and the same words right around the figure ("riders
    # plunging 34 feet to the ground" is not "track about 30 feet from the ground")
    own = {stem_of(w) for w in a.slots if isinstance(w, str)} | ({stem_of(a.topic)} if a.topic else set())
    return shared >= MIN_SHARED and len((a.near & b.near) - own) >= MIN_NEAR


def agree(a: TypedFact, b: TypedFact) -> bool:
    """Whether two values of one thing can both be right."""
    if a.kind == "range":  # "8 to 10 feet" and "8 to 15 feet" are two readings of one range
        return a.low == b.low and a.high == b.high
    if a.kind in _EXACT_KINDS:
        return a.value == b.value
    if a.value == b.value:
        return True
    if a.vague or b.vague:  # "more than a dozen": no figure of its own to disagree with
        return a.low <= b.high and b.low <= a.high
    if (a.bound and a.low != a.high and (a.high == float("inf") or a.low == 0)) or (
        b.bound and b.low != b.high and (b.high == float("inf") or b.low == 0)
    ):
        return False  # a bound agrees only with the figure it names
    return a.low <= b.high and b.low <= a.high


def _about(kind: str, slots: tuple, group: list[TypedFact], stems_of: dict[int, frozenset[str]]) -> str:
    if kind == "count":
        thing, event = slots
        return f"{thing} {event}" if event else f"number of {thing}"
    topic = next((f.topic for f in group if f.topic), "")
    if kind == "money":
        return f"{topic or 'sum'} ({slots[0]})" if not slots[1] else f"price {slots[1]} ({slots[0]})"
    if kind == "percent":
        return f"percentage {topic}".strip()
    if kind == "measure":
        if len(slots) > 1:
            return f"{slots[0]}s {slots[1]}" if slots[1] in ("ago", "later", "old") else f"{slots[0]} from {slots[1]}"
        return f"figure in {slots[0]}"
    if kind == "range":
        return f"range ({slots[0]})"
    if kind == "age":
        return f"age of {slots[0]}"
    if kind == "place":
        return f"which {slots[0]}"
    # a date or time is of the event the outlets tell around it: their words in common, in order
    shared = set.intersection(*(set(f.near) for f in group))
    words, seen = [], set()
    for w in re.findall(r"[A-Za-z][\w'’-]*", group[0].sentence.text):
        st = stem_of(w.lower())
        if st in shared and st not in seen:
            seen.add(st)
            words.append(w)
    what = " ".join(words[:4])
    return {"date": "date", "weekday": "day", "clock": "time"}[kind] + (f" of {what}" if what else "")


def _components(group: list[TypedFact], stems_of: dict[int, frozenset[str]]) -> list[list[TypedFact]]:
    parent = list(range(len(group)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(group)):
        for j in range(i + 1, len(group)):
            a, b = group[i], group[j]
            if a.doc != b.doc and find(i) != find(j) and same_thing(a, b, stems_of[id(a)], stems_of[id(b)]):
                parent[find(j)] = find(i)
    comps: dict[int, list[TypedFact]] = defaultdict(list)
    for i, f in enumerate(group):
        comps[find(i)].append(f)
    return [c for c in comps.values() if len({f.doc for f in c}) >= 2]


def _stated(facts: list[TypedFact]) -> list[TypedFact]:
    """What an outlet states as current: its newest figure when it gives an update, else the figure
    it gives most often (then first), never an earlier one it says was replaced."""
    usable = [f for f in facts if f.role != "earlier"]
    newest = [f for f in usable if f.role == "newest"]
    pool = newest or usable
    classes: list[list[TypedFact]] = []
    for f in sorted(pool, key=lambda f: f.start):
        home = next((cl for cl in classes if agree(cl[0], f)), None)
        if home is None:
            classes.append([f])
        else:
            home.append(f)
    # several figures for one thing: the outlet's is the one it gives most often, then first
    return max(classes, key=len) if classes else []


def compare(facts: Sequence[TypedFact], doc_ids: Mapping[int, str]) -> list[Disagreement]:
    """The one comparison: facts grouped by kind and slots, values of one thing across outlets.

    Two outlets disagree when one's figure and the other's are about the same thing, do not agree,
    and neither outlet also gives the other's figure (then the two are different things it tells
    apart, or one it revises)."""
    groups: dict[tuple, list[TypedFact]] = defaultdict(list)
    for f in facts:
        if f.kind == "age" and not f.strong:
            continue  # "a 39-year-old man": nothing says which man
        groups[(f.kind, f.slots)].append(f)
    found = []
    for (kind, slots), group in groups.items():
        if len({f.doc for f in group}) < 2:
            continue
        stems_of = {id(f): _sentence_stems(f) for f in group}
        for comp in _components(group, stems_of):
            by_doc: dict[int, list[TypedFact]] = defaultdict(list)
            for f in comp:
                by_doc[f.doc].append(f)
            stated = {d: _stated(fs) for d, fs in by_doc.items()}
            given = {d: [f for f in fs if f.role != "earlier"] for d, fs in by_doc.items()}
            current = [f for fs in stated.values() for f in fs]
            involved: list[TypedFact] = []
            for i, a in enumerate(current):
                for b in current[i + 1:]:
                    if a.doc == b.doc or agree(a, b):
                        continue
                    if not same_thing(a, b, stems_of[id(a)], stems_of[id(b)]):
                        continue
                    if any(agree(x, b) for x in given[a.doc]) or any(agree(y, a) for y in given[b.doc]):
                        continue  # the outlet gives both figures: two things, not two reports of one
                    involved += [f for f in (a, b) if f not in involved]
            if not involved:
                continue
            classes: list[list[TypedFact]] = []
            for c in sorted(involved, key=lambda f: (f.vague, f.doc, f.start)):
                home = next((cl for cl in classes if agree(cl[0], c)), None)
                if home is None:
                    classes.append([c])
                elif not c.vague:  # a vague size ("more than a dozen") fits a value without being it
                    home.append(c)
            if len(classes) < 2:
                continue
            for f in current:  # every outlet that gives a value, for its sources
                if f not in involved and not f.vague:
                    home = [cl for cl in classes if agree(cl[0], f)]
                    if len(home) == 1 and f.doc not in {g.doc for cl in classes if cl is not home[0] for g in cl}:
                        home[0].append(f)
            update = any(f.role == "newest" for cl in classes for f in cl)
            values = []
            for cl in classes:
                cl.sort(key=lambda f: (f.doc, f.start))
                shown = next((f for f in cl if any(ch.isdigit() for ch in f.written)), cl[0])
                written = shown.written
                first = written.split()[0]
                if first[:1].isupper() and first.lower() in _PLAIN_WORDS:
                    written = first.lower() + written[len(first):]  # "Some 30" opening a sentence: "some 30"
                if shown.bound in lx.LOWER_BOUNDS_AFTER + lx.UPPER_BOUNDS_AFTER:
                    written = f"{written} {shown.bound}"  # "52 percent or less"
                elif shown.bound and shown.bound not in written.lower():
                    written = f"{shown.bound} {written}"
                spans, seen = [], set()
                for f in cl:
                    if f.doc not in seen:
                        seen.add(f.doc)
                        spans.append(Span(doc_ids[f.doc], f.sentence.start, f.sentence.end))
                values.append(DisagreementValue(written, tuple(spans), bound=shown.bound,
                                                newest=any(f.role == "newest" for f in cl)))
            found.append(Disagreement(_about(kind, slots, comp, stems_of), tuple(values), kind=kind, update=update))
    return found


def _first_source_order(d: Disagreement, index: dict[str, int]) -> tuple[int, int, str]:
    first = min((index[s.document], s.start) for v in d.values for s in v.sources)
    return (*first, d.about)


def find_disagreements(docs: ClusterView | Sequence[PreparedDocument]) -> tuple[Disagreement, ...]:
    """Values that outlets of the cluster give differently for the same thing (see the module notes),
    ordered by where the first value appears (cluster order, then position)."""
    docs = as_view(docs).documents
    doc_ids = {p.sentences[0].doc: p.document.id for p in docs if p.sentences}
    found = compare(all_facts(docs), doc_ids)
    found += [
        Disagreement(d.about, d.values, kind="title" if d.about.startswith("title") else "name")
        if not d.kind else d
        for d in name_and_title_disagreements(docs)
    ]
    index = {doc.document.id: i for i, doc in enumerate(docs)}
    return tuple(sorted(found, key=lambda d: _first_source_order(d, index)))


__all__ = ["find_disagreements", "compare", "agree", "same_thing"]
