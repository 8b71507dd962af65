"""Library-level regressions of issue 17, through ``storyline.brief``: dates past the calendar's ends,
identical documents analysed once, and unique source ids."""

from __future__ import annotations

import pytest

import storyline
from storyline import Document
from storyline.analyse import entities, nlp, quotes

LEAD = "The Ashby council met again on Monday to discuss the harbour. "


@pytest.mark.parametrize("text, day", [
    ("It opened 1000000 days ago.", "2024-03-05"),
    ("It opened 99999999999 days ago.", "2024-03-05"),
    ("It closed 999999 months ago.", "2024-03-05"),
    ("It shut 1000000 weeks ago.", "2024-03-05"),
    ("It was built 10000 years ago.", "2024-03-05"),
    ("The vote is tomorrow.", "9999-12-31"),
    ("The plan starts next year.", "9999-06-01"),
    ("The vote was at 11 p.m. on Sunday. Counting ended at 2 a.m.", "9999-12-31"),
    ("It ended last year.", "0001-03-01"),
    ("It ended yesterday.", "0001-01-01"),
])
def test_dates_past_the_calendar_are_left_out_of_the_timeline(text, day):
    result = storyline.brief([Document("a", LEAD + text, date=day), Document("b", LEAD + "It was built 20 years ago.", date="2024-03-05")])
    for event in result.timeline:
        assert event.date is None or (len(event.date.split("-")[0]) == 4 and "0001" <= event.date[:4] <= "9999"), event
    assert any(e.date == "2004" for e in result.timeline)  # the ordinary date next to it is kept


ARTICLE = (
    "PORT ELLIS (Coastal Wire) - The ferry Morning Star ran aground near Port Ellis on Tuesday, the harbour "
    "authority said. All 42 passengers were taken ashore by lifeboat crews from Port Ellis and nearby Kelby.\n\n"
    '"Everyone is safe and nobody was hurt," harbour master Ann Rowe told reporters on Tuesday evening.\n\n'
    '"We will look at why the ferry left Kelby despite the fog warning," said transport minister David Okoro.\n\n'
    "An inquiry will start next week. The ferry company said it would cooperate fully with investigators."
)


def _analysed(copies: int, monkeypatch) -> tuple[int, int, storyline.Brief]:
    """Pieces spaCy parsed and speaker comparisons made for ``copies`` copies of one article."""
    parsed = [0]
    compared = [0]
    real_model, real_compatible = entities.load_model, quotes._compatible

    class Counting:
        def __init__(self, nlp):
            self.nlp = nlp

        def pipe(self, texts, **kwargs):
            def counted():
                for text in texts:
                    parsed[0] += 1
                    yield text
            return self.nlp.pipe(counted(), **kwargs)

        def __getattr__(self, name):
            return getattr(self.nlp, name)

    def compatible(a, b):
        compared[0] += 1
        return real_compatible(a, b)

    nlp._cache.clear()  # the shared pass keeps recent parses: count this brief's own
    monkeypatch.setattr(nlp, "load_model", lambda: Counting(real_model()))
    monkeypatch.setattr(quotes, "_compatible", compatible)
    result = storyline.brief([Document(f"outlet-{i}", ARTICLE) for i in range(copies)])
    monkeypatch.undo()
    return parsed[0], compared[0], result


def test_identical_documents_are_analysed_once(monkeypatch):
    parsed_1, _, _ = _analysed(1, monkeypatch)
    parsed_10, compared_10, _ = _analysed(10, monkeypatch)
    parsed_40, compared_40, result = _analysed(40, monkeypatch)
    assert parsed_1 == parsed_10 == parsed_40 > 0  # spaCy runs once per distinct text
    # Merging the quotes is at worst quadratic in the copies (pairs of quotations), no longer quartic.
    assert compared_40 <= 20 * compared_10, (compared_10, compared_40)
    assert len(result.documents) == 40
    quote = next(q for q in result.quotes if q.text.startswith("Everyone is safe"))
    assert len(quote.sources) == 40  # every copy still counts as a source
