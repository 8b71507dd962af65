from __future__ import annotations

import time

import pytest

import json
from pathlib import Path

from conftest import EXAMPLE, FIXTURES, REPO, shared_path
from storyline.analyse.quotes import find_quotes
from storyline.ingest import read_inputs
from storyline.model import Document
from storyline.prepare import prepare


def prepared(*texts: str, ids: list[str] | None = None):
    ids = ids or [f"outlet-{i}" for i in range(len(texts))]
    return [prepare(Document(doc_id, text), i) for i, (doc_id, text) in enumerate(zip(ids, texts))]


def load(path):
    return [prepare(doc, i) for i, doc in enumerate(read_inputs([path], []))]


def by_text(quotes, start: str):
    found = [q for q in quotes if q.text.startswith(start)]
    assert len(found) == 1, (start, [q.text for q in quotes])
    return found[0]


def check_spans(quotes, docs):
    texts = {p.document.id: p.document.text for p in docs}
    for q in quotes:
        assert len({s.document for s in q.sources}) == len(q.sources)  # one span per outlet
        for s in q.sources:
            assert 0 <= s.start < s.end <= len(texts[s.document])


# A fictional story: a river flood in the town of Marbury.
FLOOD = """Flood water swept through the centre of Marbury on Sunday, forcing dozens of shops to close.

"The river rose faster than anyone expected," said council leader Helen Okoro. "We had barely an hour to move people out."

Mr Dennis Vale, who runs the bakery on Bridge Street, said the water reached the counter within minutes. "I have lost everything in the cellar," he said.

"We will rebuild," Mrs Okoro said, "and we will do it quickly."

A spokesman for the Environment Agency said the flood defences had held along most of the river. "The defences did their job upstream," the spokesman told reporters.

"We are still counting the cost," a council official told the Courier on condition of anonymity. "It could run into millions."

"Nobody in the town saw this coming," the official said.
"""


def test_speaker_after_quote_split_attribution_and_pronouns():
    docs = prepared(FLOOD)
    quotes = find_quotes(docs)
    check_spans(quotes, docs)
    text = docs[0].document.text
    # '"A," said X. "B."': two quotes, both by the named speaker, titles dropped
    assert by_text(quotes, "The river rose faster").speaker == "Helen Okoro"
    assert by_text(quotes, "We had barely an hour").speaker == "Helen Okoro"
    # "he said" after "Mr Dennis Vale, who runs ..., said": the appositive is skipped
    assert by_text(quotes, "I have lost everything").speaker == "Dennis Vale"
    # one sentence split by its attribution is one quotation; "Mrs Okoro" resolves to the full name
    rebuild = by_text(quotes, "We will rebuild")
    assert rebuild.text == "We will rebuild … and we will do it quickly."
    assert rebuild.speaker == "Helen Okoro"
    # unnamed speakers keep their description; "the official" points back to it
    assert by_text(quotes, "We are still counting").speaker == "a council official"
    assert by_text(quotes, "It could run into millions").speaker == "a council official"
    assert by_text(quotes, "Nobody in the town saw").speaker == "a council official"
    # "the spokesman" is the spokesman described before, not a random name
    assert by_text(quotes, "The defences did their job").speaker == "a spokesman"
    # the span of a single-piece quotation is exactly its text, without the marks
    q = by_text(quotes, "I have lost everything")
    (span,) = q.sources
    assert text[span.start : span.end] == q.text == "I have lost everything in the cellar"


def test_pronoun_takes_the_last_speaker_of_matching_gender():
    text = (
        "Mrs Ruth Penn, the head teacher, said the school would reopen on Monday.\n\n"
        "Mr Colin Ashby, the caretaker, said the boiler had been repaired overnight.\n\n"
        '"The children have been wonderful through all of this," she said.\n'
    )
    quotes = find_quotes(prepared(text))
    assert [q.speaker for q in quotes] == ["Ruth Penn"]


def test_statement_read_by_a_spokesman_is_the_named_persons():
    text = (
        "The ferry company's founder Lionel Marsh has resigned.\n\n"
        '"I take full responsibility for what happened at sea last week," Mr Marsh said in a statement read '
        "in his name by a spokesman.\n\n"
        '"I am sorry for the distress caused to passengers and crew," the statement said.\n'
    )
    quotes = find_quotes(prepared(text))
    assert [q.speaker for q in quotes] == ["Lionel Marsh", "Lionel Marsh"]


def test_multi_paragraph_quotation_continues_when_the_next_paragraph_opens_with_a_mark():
    text = (
        'A senior union source said: "The talks have broken down completely and nobody is returning to the table.\n\n'
        '"Members are ready to strike from the first of next month."\n\n'
        "Management declined to comment on Thursday.\n"
    )
    docs = prepared(text)
    (quote,) = find_quotes(docs)
    assert quote.text == (
        "The talks have broken down completely and nobody is returning to the table. "
        "Members are ready to strike from the first of next month."
    )
    assert quote.speaker == "a senior union source"
    (span,) = quote.sources
    assert text[span.start : span.end].startswith("The talks have broken down")
    assert text[span.start : span.end].endswith("first of next month.")


def test_paragraph_that_is_only_a_quotation_keeps_the_previous_speaker():
    text = (
        '"We found the boat drifting two miles offshore," lifeboat helmsman Tariq Aziz told the Gazette.\n\n'
        '"There was nobody on board, which is always the worst moment."\n\n'
        "The coastguard said a search would resume at first light.\n"
    )
    quotes = find_quotes(prepared(text))
    assert [q.speaker for q in quotes] == ["Tariq Aziz", "Tariq Aziz"]


def test_scare_quotes_are_kept_only_when_a_named_person_says_them():
    text = (
        'The ministry described the new timetable as a "significant improvement" for commuters.\n\n'
        'Passengers have called the service "unreliable" for months.\n\n'
        'Transport minister Joan Reyes said the changes were "long overdue" and would be reviewed in spring.\n\n'
        'Critics of the so-called "fast lane" scheme said the timetable had been rushed.\n'
    )
    quotes = find_quotes(prepared(text))
    assert [(q.text, q.speaker) for q in quotes] == [("long overdue", "Joan Reyes")]


def test_single_curly_quotes_only_when_attributed():
    text = (
        "The plan was dismissed as a ‘pie in the sky’ project by the opposition benches last year.\n\n"
        "‘We will not give up on this town,’ said Councillor Amy Hart.\n\n"
        "Residents’ groups welcomed the decision.\n"
    )
    quotes = find_quotes(prepared(text))
    assert [(q.text, q.speaker) for q in quotes] == [("We will not give up on this town", "Amy Hart")]


def test_bare_surname_resolves_to_the_full_name_given_in_another_outlet():
    a = "Harbour master Ines Kovac ordered all boats to stay in port on Friday as the storm arrived.\n"
    b = '"This is the worst swell I have seen in twenty years," Kovac said on Friday evening.\n'
    (quote,) = find_quotes(prepared(a, b))
    assert quote.speaker == "Ines Kovac"


def test_the_mayor_resolves_to_the_named_mayor():
    text = (
        "Mayor Grace Fenwick opened the new library on Saturday.\n\n"
        'Speaking at the opening, the mayor said the building was "a gift to every child in this town."\n'
    )
    (quote,) = find_quotes(prepared(text))
    assert quote.speaker == "Grace Fenwick"


ORIGINAL = (
    "“We have never seen a harvest this poor, and many farms will not survive the winter,” said Kofi Mensah, "
    "chairman of the growers' association.\n"
)
STRAIGHT = (
    '"We have never seen a harvest this poor, and many farms will not survive the winter," '
    "growers' leader Kofi Mensah told reporters.\n"
)
EDITED = '"We have never seen a harvest this bad, and many farms will not survive the winter," Mensah said.\n'
PART = 'Mr Mensah warned that many farms "will not survive the winter" without help from the government.\n'


def test_same_quotation_in_several_outlets_is_merged():
    docs = prepared(ORIGINAL, STRAIGHT, EDITED, PART, ids=["a", "b", "c", "d"])
    quotes = find_quotes(docs)
    check_spans(quotes, docs)
    assert len(quotes) == 1
    (quote,) = quotes
    assert [s.document for s in quote.sources] == ["a", "b", "c", "d"]
    assert quote.speaker == "Kofi Mensah"
    assert quote.text.startswith("We have never seen a harvest this")
    d = docs[3].document.text
    assert d[quote.sources[3].start : quote.sources[3].end] == "will not survive the winter"


def test_different_speakers_are_not_merged_and_order_is_by_outlets():
    a = '"We need more time to prepare," said striker Leon Barr. "The pitch was terrible," said Barr.\n'
    b = '"We need more time to prepare," said coach Dana Barr-Hill.\n'
    c = '"The pitch was terrible," said Leon Barr after the match.\n'
    quotes = find_quotes(prepared(a, b, c))
    assert [(q.text, q.speaker, len(q.sources)) for q in quotes] == [
        ("The pitch was terrible", "Leon Barr", 2),
        ("We need more time to prepare", "Leon Barr", 1),
        ("We need more time to prepare", "Dana Barr-Hill", 1),
    ]


def test_attribution_forms_after_the_quotation():
    text = (
        '"The tide gauge failed two hours before the surge arrived," according to a coastguard officer.\n\n'
        '"We simply did not see the second wave coming in the dark," Ruth Amadi, a lifeboat volunteer '
        "from Hartsea, told the inquiry.\n\n"
        "The inquiry chair Sir Alan Pryce opened the hearing on Monday. "
        '"The families deserve answers and they will get them," the chairman said.\n'
    )
    quotes = find_quotes(prepared(text))
    assert [q.speaker for q in quotes] == ["a coastguard officer", "Ruth Amadi", "Alan Pryce"]


def test_inch_marks_and_titles_in_quotes_are_not_quotations():
    text = (
        'Rain gauges in the valley recorded 4" of rain overnight and another 2" on Tuesday morning.\n\n'
        'The council will discuss the "Valley Flood Resilience Action Plan" at its next meeting.\n\n'
        'Residents were told the drains were "being looked at" by contractors.\n'
    )
    assert find_quotes(prepared(text)) == ()


TRANSCRIPT = """Valley Radio - Evening News
TRANSCRIPT

PRESENTER (GWEN ATHERTON): Good evening. The Hollin Bridge reopened to traffic this afternoon after three weeks of repairs.

OUR REPORTER TOM BRAY: Thanks, Gwen. The first cars crossed just after four o'clock and the queue stretched back into the town.

HIGHWAYS MANAGER LIAM FOSSE: We finished the deck two days early, and the weather was kind to us for once.

RACHEL MOORE, SHOPKEEPER: Trade has been terrible since the closure. I am just glad it is over.

TOM BRAY: Traffic is expected to be heavy again tomorrow morning as the schools go back.

UPDATE: Police have asked drivers to allow extra time for the journey into town.

PRESENTER: Tom Bray reporting from Hollin.
"""


def test_transcript_lines_are_quotations_of_the_labelled_speaker():
    docs = prepared(TRANSCRIPT)
    quotes = find_quotes(docs)
    assert [(q.speaker, q.text) for q in quotes] == [
        ("Liam Fosse", "We finished the deck two days early, and the weather was kind to us for once."),
        ("Rachel Moore", "Trade has been terrible since the closure."),
        ("Rachel Moore", "I am just glad it is over."),
    ]  # presenters and reporters are the outlet itself; one quotation per sentence of a soundbite
    text = docs[0].document.text
    span = quotes[1].sources[0]
    assert text[span.start : span.end] == "Trade has been terrible since the closure."


def test_soundbite_sentence_is_matched_with_print_and_short_sentences_join():
    tv = (
        "ANNA LUND (PRESENTER): The ferry is back.\n\n"
        "OLAF BRENNER (HARBOUR MASTER): Yes. The ramp was repaired overnight by our own crew. Boats run at six.\n"
    )
    paper = '"The ramp was repaired overnight by our own crew," harbour master Olaf Brenner said.\n'
    quotes = find_quotes(prepared(tv, paper, ids=["tv", "paper"]))
    assert [(q.speaker, q.text, [s.document for s in q.sources]) for q in quotes] == [
        ("Olaf Brenner", "Yes. The ramp was repaired overnight by our own crew.", ["tv", "paper"]),
        ("Olaf Brenner", "Boats run at six.", ["tv"]),
    ]  # "Yes." is too short to stand alone; the label is the speaker, not the anchor


def test_she_said_points_to_the_person_who_opens_the_sentence_before():
    text = (
        '"We stay out until the pension is safe," union convenor Gareth Lloyd said. "Not one day less," he added.\n\n'
        "Machinist Joanne Pike, 52, has worked at the mill for thirty years. "
        '"My mother worked here and so did my grandmother," she said.\n'
    )
    quotes = find_quotes(prepared(text))
    assert by_text(quotes, "My mother worked here").speaker == "Joanne Pike"
    assert by_text(quotes, "We stay out until").speaker == "Gareth Lloyd"


def test_speaker_of_a_coordinated_verb_and_of_a_relative_clause():
    text = (
        "Outgoing mayor Helen Dahl congratulated her rival and said she would make the handover "
        '"as smooth as possible".\n\n'
        '"We saw this coming weeks ago," a party volunteer who asked not to be named said.\n\n'
        'One of them, a retired teacher from Elmsford, put it bluntly: "The buses never run on time here."\n'
    )
    quotes = find_quotes(prepared(text))
    assert [(q.text, q.speaker) for q in quotes] == [
        ("as smooth as possible", "Helen Dahl"),
        ("We saw this coming weeks ago", "a party volunteer"),
        ("The buses never run on time here.", "a retired teacher"),
    ]


def labelled_clusters():
    for path in [FIXTURES / "labelled" / "harbour-fire.labels.json", *sorted((FIXTURES / "labelled").glob("*/labels.json"))]:
        labels = json.loads(path.read_text(encoding="utf-8"))
        off = set(labels.get("off_event", []))
        docs = [d for d in read_inputs([REPO / labels["articles"]], []) if Path(d.id).name not in off]
        yield labels, [prepare(doc, i) for i, doc in enumerate(docs)]


@pytest.mark.skipif(not (FIXTURES / "labelled").exists(), reason="labelled fixtures not present")
def test_labelled_fixture_clusters():
    for labels, docs in labelled_clusters():
        quotes = find_quotes(docs)
        check_spans(quotes, docs)
        for label in labels["quotes"]:
            found = [q for q in quotes if label["contains"] in q.text.lower()]
            assert found, label
            q = found[0]
            assert q.speaker and label["speaker"].split()[-1].lower() in q.speaker.lower(), (label, q)
            assert set(label["outlets"]) <= {s.document for s in q.sources}, (label, q)
        # nothing beyond the labels but one transcript line the labels leave out (a soundbite is one
        # quote per sentence: its other sentences are no extra)
        texts = {p.document.id: p.document.text for p in docs}
        keys = [label["contains"] for label in labels["quotes"]]
        extra_lines = set()
        for q in quotes:
            if any(k in q.text.lower() for k in keys):
                continue
            span = q.sources[0]
            text = texts[span.document]
            line = text[text.rfind("\n", 0, span.start) + 1 : text.find("\n", span.end) % (len(text) + 1)]
            if not any(k in line.lower() for k in keys):
                extra_lines.add((span.document, line))
        assert len(extra_lines) <= 1, extra_lines


def test_no_quotes_no_items():
    assert find_quotes(prepared("The market reopened on Monday after a week of repairs to the roof.\n")) == ()
    assert find_quotes([]) == ()


def test_harbour_fire_labelled_quotes():
    docs = load(EXAMPLE)
    quotes = find_quotes(docs)
    check_spans(quotes, docs)
    ids = [p.document.id for p in docs]
    lucky = by_text(quotes, "We were very lucky")
    assert lucky.speaker == "Anna Brandt"
    assert [s.document for s in lucky.sources] == [ids[0], ids[1], ids[3]]
    crews = by_text(quotes, "My crews did an outstanding job")
    assert crews.speaker == "Anna Brandt" and len(crews.sources) == 3
    assert by_text(quotes, "Our investigators will look").speaker == "Anna Brandt"
    assert by_text(quotes, "It is far too early").speaker == "Anna Brandt"
    assert by_text(quotes, "This is a shock for the whole town").speaker == "Tom Reddick"
    assert by_text(quotes, "Nobody should be left out of pocket").speaker == "Tom Reddick"  # "he added"
    assert by_text(quotes, "as soon as it is safe").speaker == "Tom Reddick"  # "the mayor said"
    assert by_text(quotes, "People in this town").speaker == "Tom Reddick"
    assert by_text(quotes, "thoughts are with our neighbours").speaker == "Margaret Sowerby"
    assert by_text(quotes, "Our priority now").speaker == "Margaret Sowerby"  # "the statement said"
    assert by_text(quotes, "There was this orange glow").speaker == "Priya Nair"
    assert by_text(quotes, "The kids thought it was exciting").speaker == "Priya Nair"
    assert by_text(quotes, "It went up so fast").speaker == "Gary Lomax"
    assert by_text(quotes, "keeping an open mind").speaker == "Sam Okafor"
    assert not [q for q in quotes if q.text == "devastated"]  # one word: not a quotation of a speaker
    assert all(q.speaker for q in quotes)
    assert quotes[0] is lucky or quotes[0] is crews  # three outlets first


def test_syria_example_quotes():
    docs = load(shared_path("examples", "syria-2012"))
    quotes = find_quotes(docs)
    check_spans(quotes, docs)
    defection = by_text(quotes, "I announce today my defection")
    assert defection.speaker == "Riyad Hijab"
    assert [s.document[:3] for s in defection.sources] == ["000", "001"]
    assert by_text(quotes, "I announce that I am from today").speaker == "Riyad Hijab"
    for start in ("This is a sign that Assad", "The momentum is with the opposition"):
        q = by_text(quotes, start)
        assert q.speaker == "Jay Carney"
        assert [s.document[:3] for s in q.sources] == ["001", "002"]
    jordan = by_text(quotes, "Hijab is in Jordan with his family")
    assert jordan.speaker == "the Jordanian official source"
    assert by_text(quotes, "It stands to reason").speaker == "a U.S. official"
    assert by_text(quotes, "The impact of defections").speaker == "a U.S. official"
    assert by_text(quotes, "We secured his entry").speaker == "Khaled al Hbous"
    assert by_text(quotes, "I know for sure").text.endswith("out of the country soon.")  # two paragraphs
    assert not [q for q in quotes if q.text == "crumbling from within"]  # an institution's scare quote


def test_fast_enough():
    docs = load(EXAMPLE)
    find_quotes(docs)
    started = time.perf_counter()
    for _ in range(20):
        find_quotes(docs)
    assert (time.perf_counter() - started) / 20 < 0.05


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__, "-q"])
