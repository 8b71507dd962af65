"""Property tests: whatever the text and dates, ``brief()`` answers with a brief or a StorylineError,
never another exception (issue 17: extreme dates crashed the timeline). Bounded so the suite stays
quick; the examples are built from the pieces hostile input is made of: huge counts before "days
ago", dates at the calendar's ends, quotes, odd whitespace, control and non-Latin characters."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import storyline
from storyline import Document
from storyline.errors import StorylineError

COUNTS = st.one_of(st.integers(0, 40), st.integers(0, 10**12), st.sampled_from(["ten", "two", "a few"]))
UNITS = st.sampled_from(["days ago", "weeks ago", "months ago", "years ago", "day ago", "hours ago"])
WHEN = st.one_of(
    st.builds(lambda n, u: f"{n} {u}", COUNTS, UNITS),
    st.sampled_from([
        "yesterday", "tomorrow", "today", "last night", "on Monday", "next Friday", "last week", "next month",
        "this year", "last year", "next spring", "in June", "on June 1", "June 1 last year", "at 3 a.m.",
        "late on Sunday night", "at 11 p.m.", "between 2 and 4 a.m.", "in 2012", "on 31 February",
    ]),
    st.dates().map(lambda d: f"on {d:%B} {d.day}, {d.year}"),
    st.dates().map(lambda d: d.isoformat()),
)
WORDS = st.sampled_from([
    "The council", "Police", "the minister", "Rescuers", "A spokesman", "said", "told reporters", "will",
    "may have", "reportedly", "denied", "that", "the fire", "the vote", "42 people", "in Port Ellis",
    '"We are safe,"', "“Nothing”", "\u2028", "\r", "\t", "\x00", "\ufeff", "é", "東京", "🙂", "|||||", "\n\n",
])
SENTENCE = st.builds(
    lambda words, when, end: " ".join(words[:2] + [when] + words[2:]) + end,
    st.lists(WORDS, min_size=1, max_size=8), WHEN, st.sampled_from([".", "!", "?", "", "...", '."']),
)
ARTICLE = st.lists(SENTENCE, min_size=1, max_size=6).map(" ".join)
DOC_DATE = st.one_of(
    st.none(), st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["0001-01-01", "9999-12-31", "not a date", "2024-13-45", "", "99999-01-01"]),
)


def _documents(texts_dates: list[tuple[str, str | None]]) -> list[Document]:
    return [Document(f"outlet-{i % 3}", text, date=day) for i, (text, day) in enumerate(texts_dates)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.lists(st.tuples(ARTICLE, DOC_DATE), min_size=1, max_size=4), st.integers(1, 120))
def test_brief_with_analysis_never_crashes(docs, words):
    try:
        result = storyline.brief(_documents(docs), words=words)
    except StorylineError:
        return
    for event in result.timeline:
        assert event.date is None or (event.date[:4].isdigit() and "0001" <= event.date[:4] <= "9999"), event
    assert len({d.id for d in result.documents}) == len(result.documents)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.text(max_size=300), DOC_DATE), min_size=1, max_size=4), st.integers(1, 200))
def test_brief_without_analysis_never_crashes_on_any_text(docs, words):
    try:
        storyline.brief(_documents(docs), words=words, analysis=False)
    except StorylineError:
        pass
