from __future__ import annotations

from datetime import datetime

import pytest

from storyline.analyse.timeline import document_dates, find_timeline, infer_document_date
from storyline.ingest import read_inputs
from storyline.model import Document
from storyline.prepare import prepare

from conftest import EXAMPLE, shared_path

WEDNESDAY = "2025-10-15"  # the date of most fictional test articles below


def _docs(*articles: tuple[str, str | None]) -> list:
    return [prepare(Document(id=f"outlet-{i}", text=text, date=date), i) for i, (text, date) in enumerate(articles)]


def _events(text: str, date: str | None = WEDNESDAY) -> list[tuple[str, str | None]]:
    return [(e.when, e.date) for e in find_timeline(_docs((text, date)))]


def _example() -> list:
    return [prepare(d, i) for i, d in enumerate(read_inputs([EXAMPLE], []))]


# --- one expression at a time (article dated Wednesday 15 October 2025) ------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The council met on Monday to discuss the bridge.", ("on Monday", "2025-10-13")),
        ("The fire broke out late on Monday night near the harbour.", ("late on Monday night", "2025-10-13")),
        ("The mayor visited the site on Tuesday morning with officials.", ("on Tuesday morning", "2025-10-14")),
        ("The council voted on Wednesday to approve the bridge.", ("on Wednesday", "2025-10-15")),  # same day
        ("The council met last Wednesday to discuss the bridge.", ("last Wednesday", "2025-10-08")),
        ("The road will reopen on Friday after repairs are done.", ("on Friday", "2025-10-17")),  # future
        ("The road is expected to stay closed until at least Friday.", ("until at least Friday", "2025-10-17")),
        ("The bridge opened on 14 October 2025 to great applause.", ("on 14 October 2025", "2025-10-14")),
        ("The bridge opened on October 14, 2025 to great applause.", ("on October 14, 2025", "2025-10-14")),
        ("The bridge opened on Oct 14 to great applause.", ("on Oct 14", "2025-10-14")),
        ("The plan was first proposed on June 5 by the mayor.", ("on June 5", "2025-06-05")),
        ("The plan was approved by the council in June after a long debate.", ("in June", "2025-06")),
        ("The campaign began in 2016 with a petition.", ("in 2016", "2016")),
        ("The records were published as 2025-10-01 drew to a close.", ("2025-10-01", "2025-10-01")),
        ("The mayor resigned yesterday after the vote.", ("yesterday", "2025-10-14")),
        ("The mayor said today that the bridge would go ahead.", ("today", "2025-10-15")),
        ("Crews were called out this morning to a flooded road.", ("this morning", "2025-10-15")),
        ("Residents said the smell was worse last night than ever.", ("last night", "2025-10-14")),
        ("The company was sold last month to a rival firm.", ("last month", "2025-09")),
        ("The mayor was elected earlier this year on a promise of change.", ("earlier this year", "2025")),
        ("The first cracks appeared two days ago in the old bridge.", ("two days ago", "2025-10-13")),
        ("The batteries arrived late last week by lorry.", ("late last week", "2025-10")),
        ("The survey found the sprinklers had been shut down earlier this month.", ("earlier this month", "2025-10")),
        ("The warehouse is due to be refitted next spring, the owners said.", ("next spring", "2026")),
    ],
)
def test_expression_is_found_and_placed(sentence, expected):
    assert _events(sentence) == [expected]


def test_month_after_the_article_month_is_last_years():
    assert _events("The plan was approved in June after a long debate.", "2025-03-10") == [("in June", "2024-06")]
    assert _events("The new bridge will open in June next to the old one.", "2025-03-10") == [("in June", "2025-06")]
    assert _events("The plan was approved in late August after a debate.", "2025-10-15") == [("in late August", "2025-08")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The 24-hour news channel showed the fire live.",
        "More than 2 million people watched the coverage.",
        "Residents may return home once the air has been tested.",
        "May God protect the firefighters, the priest said.",
        "Mr Assad is under intense pressure over the 15-month uprising.",
        "Monday's newspaper carried a picture of the fire.",
        "Today's vote was postponed, the clerk said.",
        "The warehouse was built in the 1970s by the port authority.",
        "The fund raised 2016 pounds from 300 donors.",
        "The shed, a long brick-and-steel building, stood for decades.",
        "A march through the town is planned, and the march will end at the hall.",
        "Beached boats lay in Galle after 2004 Tsunami warnings.",
        "The team spent the last week of June in training.",
        "Prices rose by 4.30 and then by 5.15 points.",
    ],
)
def test_not_event_times(sentence):
    assert _events(sentence) == []


def test_clock_time_takes_its_day_from_the_story_and_rolls_past_midnight():
    text = (
        "A fire broke out late on Monday night at the old mill.\n\n"
        "Crews arrived at about 11:40 p.m. and fought the flames for hours.\n\n"
        "The roof collapsed between 2 and 4 a.m., the fire service said.\n\n"
        "By first light the fire was under control.\n"
    )
    assert _events(text) == [
        ("late on Monday night", "2025-10-13"),
        ("at about 11:40 p.m.", "2025-10-13"),
        ("between 2 and 4 a.m.", "2025-10-14"),
        ("By first light", "2025-10-14"),
    ]


def test_clock_joined_to_a_day_and_lone_clocks():
    text = "Rebels said they moved him between 5.30 and 7.30 this morning across the border."
    assert _events(text) == [("between 5.30 and 7.30 this morning", "2025-10-15")]
    assert _events(text, None) == [("between 5.30 and 7.30 this morning", None)]
    # A clock with nothing to place it on, in a dated article, is left out.
    assert _events("The minute's silence was held at noon in the square.") == []
    # A clock naming another day ("on the day of the attack") does not take the story's day.
    text = "The attack came on Monday.\n\nA camera filmed him at 7:20 on the day of the attack."
    assert _events(text) == [("on Monday", "2025-10-13")]


def test_one_event_per_sentence_and_date():
    text = "Firefighters were called at about 11:40 p.m. on Monday, and the blaze was out shortly before dawn on Tuesday."
    assert _events(text) == [("at about 11:40 p.m. on Monday", "2025-10-13"), ("shortly before dawn on Tuesday", "2025-10-14")]
    assert _events("The council met on Monday and again on Monday evening to vote.") == [("on Monday", "2025-10-13")]


def test_undated_article_keeps_its_events_undated_in_reading_order():
    text = "The minister fled yesterday.\n\nThe army shelled the city on Sunday.\n\nHe was appointed in June."
    assert _events(text, None) == [("yesterday", None), ("on Sunday", None), ("in June", None)]


# --- article dates ---------------------------------------------------------------------------------


def test_infer_document_date_from_header_lines_and_dateline():
    docs = _example()
    by_id = {p.document.id: p for p in docs}
    assert infer_document_date(by_id["02-the-harbour-gazette.txt"]) == datetime(2025, 10, 14)  # "Tuesday 14 October 2025, 3:12pm"
    assert infer_document_date(by_id["04-northern-post.md"]) == datetime(2025, 10, 14)  # "*Tuesday 14 October 2025*"
    assert infer_document_date(by_id["03-channel-9-news.html"]).date() == datetime(2025, 10, 14).date()  # metadata
    wire = by_id["01-coastal-wire.txt"]  # only "PORT ELSWICK, Oct 14 (CPA) -": no year
    assert infer_document_date(wire) is None
    assert infer_document_date(wire, year=2025) == datetime(2025, 10, 14)


def test_date_line_glued_to_the_lead_is_the_date_not_an_event():
    docs = _docs(("Saturday, March 26, 2005 Up to four times as many women as men died in the floods.", None))
    assert infer_document_date(docs[0]) == datetime(2005, 3, 26)
    assert find_timeline(docs) == ()


def test_undated_articles_borrow_the_cluster_date_only_when_the_dated_ones_agree():
    undated = ("The council met on Monday to discuss the bridge.", None)
    agree = _docs(("Story one.", "2025-10-14"), ("Story two.", "2025-10-15"), undated)
    assert document_dates(agree)[2] == datetime(2025, 10, 15).date()
    disagree = _docs(("Story one.", "2025-10-01"), ("Story two.", "2025-10-15"), undated)
    assert document_dates(disagree)[2] is None
    assert document_dates(_docs(undated)) == [None]


# --- merging outlets and the examples ---------------------------------------------------------------


def test_same_event_in_several_outlets_is_one_event():
    wire = "Firefighters were called to the mill on Quay 2 late on Monday night, the fire service said."
    docs = _docs(
        (wire, "2025-10-14"),
        (wire.replace("the fire service said", "officials said"), "2025-10-14"),
        ("Firefighters were called to the mill on Quay 2 late on Monday night, the fire service said.", "2025-10-21"),
    )
    events = find_timeline(docs)
    assert [(e.when, e.date, [s.document for s in e.sources]) for e in events] == [
        ("late on Monday night", "2025-10-13", ["outlet-0", "outlet-1"]),
        ("late on Monday night", "2025-10-20", ["outlet-2"]),  # a week later: another Monday, another event
    ]
    for e in events:
        first = e.sources[0]
        assert docs[int(first.document[-1])].document.text[first.start : first.end] == e.text
        for span in e.sources:  # each outlet's own sentence
            assert docs[int(span.document[-1])].document.text[span.start : span.end].startswith("Firefighters")


def test_harbour_fire_example_timeline():
    docs = _example()
    events = find_timeline(docs)
    ids = [p.document.id for p in docs]
    found: dict = {}
    for e in events:
        found.setdefault((e.when, e.date), []).extend(ids.index(s.document) for s in e.sources)
    assert found[("late on Monday night", "2025-10-13")] == [0, 1, 2]
    monday_night = [[s.document for s in e.sources] for e in events if e.when == "late on Monday night"]
    assert monday_night == [[ids[0], ids[1]], [ids[2]]]  # wire copy and its reprint as one; 03's own sentence
    assert found[("at about 11:40 p.m.", "2025-10-13")] == [0, 1, 3]  # 04 has no day before it: dated by the others
    assert found[("shortly before dawn on Tuesday", "2025-10-14")] == [0, 1, 3]
    assert [e.sources[0].document for e in events if e.when == "between 2 and 4 a.m."] == [ids[0], ids[2]]
    assert {e.date for e in events if e.when == "between 2 and 4 a.m."} == {"2025-10-14"}
    assert found[("on Tuesday morning", "2025-10-14")]
    assert found[("until at least Wednesday", "2025-10-15")] == [2]
    assert found[("in June", "2025-06")] == [1]
    assert found[("late last week", "2025-10")] == [3]
    assert found[("in the early hours of Tuesday", "2025-10-14")] == [3]
    assert all(e.date is not None for e in events)
    dates = [e.date + "-01-01"[len(e.date) - 4 :] if len(e.date) < 10 else e.date for e in events]
    assert dates == sorted(dates)
    texts = {p.document.id: p.document.text for p in docs}
    for e in events:
        assert texts[e.sources[0].document][e.sources[0].start : e.sources[0].end] == e.text
        assert e.when in e.text


def test_syria_example_is_undated_but_keeps_its_time_expressions():
    folder = shared_path("examples", "syria-2012")
    docs = [prepare(d, i) for i, d in enumerate(read_inputs([folder], []))]
    events = find_timeline(docs)
    assert all(e.date is None for e in events)
    whens = [e.when for e in events]
    assert "Between 5.30 and 7.30 this morning" in whens and "on Monday" in whens and "in June" in whens
    assert not any("15-month" in w or "24" in w for w in whens)
    merged = [e for e in events if e.when == "in June"]
    assert len(merged) == 1 and len(merged[0].sources) == 2  # the appointment, told by two outlets


# --- reported futures, habits, names of days and seasons ---------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "would" after "said" is the future seen from the day of saying
        ("The union said it would meet the mill owners on Thursday.", [("on Thursday", "2025-10-16")]),
        # a time right after a reporting verb is when it was said, whatever follows
        ("The company said on Monday it would cut 300 jobs at the mill.", [("on Monday", "2025-10-13")]),
        ("Workers told reporters on Monday that the strike will go on.", [("on Monday", "2025-10-13")]),
        # "would have" looks back
        ("The mill would have reopened on Friday but for the flood.", [("on Friday", "2025-10-10")]),
        # habits and rules are not events
        ("The ferry usually sails on Friday from the north pier.", []),
        ("The rainy season generally starts in May in the valley.", []),
        # a capitalised season after a word names something; a lower-case one is a season
        ("The next Summer Games will be held in Orlin, officials said.", []),
        ("The refit of the mill is planned for next summer.", [("next summer", "2026")]),
        # "the last week in June" describes a week of June; "next week in Orlin" is a period
        ("Crews trained during the last week in June near the dam.", [("in June", "2025-06")]),
        ("The talks begin next week in Orlin, the ministry said.", [("next week", "2025-10")]),
        # the year given after the day
        ("The plane crashed on June 1 last year off the coast.", [("on June 1 last year", "2024-06-01")]),
    ],
)
def test_futures_habits_and_names(sentence, expected):
    assert _events(sentence) == expected


def test_date_without_year_takes_the_year_the_text_gives():
    # the article itself says which July 7
    text = "The Orlin bombings were carried out on July 7, 2023.\n\nThree of the July 7 bombers came from Velda."
    assert _events(text) == [("on July 7, 2023", "2023-07-07"), ("July 7", "2023-07-07")]
    # an anniversary piece: the plain date near the article's date is this year's; the name is 2023's
    text = ("Survivors of the July 7, 2023 attack gathered on July 7 at the Orlin memorial.\n\n"
            "The July 7 bombers were never caught.")
    assert _events(text, "2025-07-08") == [
        ("July 7, 2023", "2023-07-07"), ("July 7", "2023-07-07"), ("on July 7", "2025-07-07")
    ]
    # another outlet does: a date used as a name ("the 7 July link") takes it; a plain date does not
    docs = _docs(
        ("The Orlin bombings took place on 7 July 2023, police said.", WEDNESDAY),
        ("MPs called for an inquiry into the 7 July link.\n\nMourners gathered on 7 July in the square.", WEDNESDAY),
    )
    assert [(e.when, e.date, e.sources[0].document) for e in find_timeline(docs)] == [
        ("on 7 July 2023", "2023-07-07", "outlet-0"),
        ("the 7 July", "2023-07-07", "outlet-1"),
        ("on 7 July", "2025-07-07", "outlet-1"),
    ]


# --- times of day ------------------------------------------------------------------------------------


def test_lone_clock_takes_only_a_day_near_the_article_date():
    text = "The plane's last check was on April 16, 2025.\n\nAt 2:00 GMT the crew reported heavy turbulence."
    assert _events(text) == [("on April 16, 2025", "2025-04-16")]  # the check does not own the 2:00
    text = "The plane took off late on Monday night.\n\nAt 2:00 GMT the crew reported heavy turbulence."
    assert _events(text) == [("late on Monday night", "2025-10-13"), ("At 2:00", "2025-10-14")]


def test_oclock_times():
    text = "Voting in Velmar ended late on Monday.\n\nThe count finished at two o'clock in the morning."
    assert _events(text) == [("late on Monday", "2025-10-13"), ("at two o'clock in the morning", "2025-10-14")]


def test_time_of_writing_in_the_date_line_places_lone_clock_times():
    broadcast = (
        "VELMAR RADIO - Count Night\nSunday 12 October 2025, 22:00 - 02:00\n\n"
        "It's just gone one o'clock in the morning here at the count hall in Velmar."
    )
    assert _events(broadcast, None) == [("one o'clock in the morning", "2025-10-13")]  # the night ran into Monday
    article = (
        "Fire at the Velda mill\nTuesday 14 October 2025, 3:12pm\n\n"
        "Firefighters were called to the Velda mill at about 11:40 p.m. after a passer-by saw smoke.\n\n"
        "A vigil for the mill will be held at 8 p.m. in the square."
    )
    assert _events(article, None) == [("at about 11:40 p.m.", "2025-10-13"), ("at 8 p.m.", "2025-10-14")]


def test_outlet_that_cannot_place_a_time_takes_the_day_another_gives_for_the_same_moment():
    docs = _docs(
        ("The returning officer declared the result in Velmar just after 1 a.m. on Tuesday.", "2025-10-14"),
        ("The returning officer declared the Velmar result shortly after 1 a.m., later than expected.", "2025-10-14"),
        # the same words two months on: another night, not joined (and not placed)
        ("The returning officer declared the result in Velmar shortly after 1 a.m. after a recount.", "2025-12-20"),
    )
    events = find_timeline(docs)
    assert [(e.when, e.date, [s.document for s in e.sources]) for e in events] == [
        ("just after 1 a.m. on Tuesday", "2025-10-14", ["outlet-0", "outlet-1"]),
    ]
