"""Typed facts and the one comparison, on text written for these tests."""

from __future__ import annotations

import storyline
from storyline import Document
from storyline.analyse.disagreements import find_disagreements
from storyline.analyse.facts import all_facts, number
from storyline.analyse.nlp import parse
from storyline.prepare import prepare


def cluster(*texts: str, dates=None):
    return [prepare(Document(f"outlet-{i}", t, date=(dates[i] if dates else None)), i) for i, t in enumerate(texts)]


def values(found):
    return {d.about: sorted(v.value for v in d.values) for d in found}


def test_parse_gives_one_doc_per_document_with_the_documents_offsets():
    docs = cluster("A fire in Brellum killed 12 people on Monday.\n\nIt spread fast.", "Rain fell.")
    parsed = parse(docs)
    assert len(parsed) == 2 and parsed[0].text == docs[0].document.text
    ents = {e.text: e.label_ for e in parsed[0].ents}
    assert ents.get("12") == "CARDINAL" and ents.get("Monday") == "DATE"
    assert parse(docs)[0] is parsed[0]  # one reading per text


def test_number_normalisation():
    assert number("1.2 million")[0] == 1_200_000
    assert number("twelve hundred")[0] == 1200
    assert number("2,100,000")[0] == 2_100_000
    assert number("forty-two")[0] == 42


def test_counts_killed_vs_different_figure_and_dead_vs_injured_apart():
    docs = cluster(
        "A gas blast in the town of Orlov killed 12 people and injured 30 on Friday, officials said.",
        "The gas blast in Orlov killed 15 people, rescuers said, and 30 were injured.",
    )
    found = find_disagreements(docs)
    assert values(found) == {"people killed": ["12", "15"]}


def test_lower_bound_against_a_different_figure_is_a_disagreement_but_not_its_own_figure():
    docs = cluster(
        "At least 14 people died when the ferry sank off Kessa, the coastguard said.",
        "Seventeen people died when the ferry sank off Kessa, the port authority said.",
        "At least 14 people have died after the ferry sank off Kessa.",
    )
    found = find_disagreements(docs)
    assert len(found) == 1
    by_value = {v.value: v for v in found[0].values}
    assert by_value["at least 14"].bound == "at least" and len(by_value["at least 14"].sources) == 2


def test_update_is_marked_with_the_newest_value():
    docs = cluster(
        "Twelve people were killed in the landslide in Varo, the mayor said.",
        "The death toll from the landslide in Varo rose to 15 from 12 on Tuesday, the mayor said.",
    )
    (d,) = find_disagreements(docs)
    assert d.update and {v.value: v.newest for v in d.values} == {"twelve": False, "15": True}


def test_money_currencies_and_same_sum_written_two_ways():
    docs = cluster(
        "Hollin agreed to pay a ransom of $15 million to the hackers, the firm said.",
        "Hollin agreed to pay a ransom of $20 million to the hackers, a source said.",
        "Hollin agreed to pay a ransom of 15 million euros to the hackers.",
    )
    found = find_disagreements(docs)
    assert len(found) == 1 and sorted(v.value for v in found[0].values) == ["$15 million", "$20 million"]


def test_same_figure_written_two_ways_is_not_a_disagreement():
    docs = cluster(
        "The port of Ambrel handled 2.1 million containers last year, the port authority said in its report.",
        "The port of Ambrel handled 2,100,000 containers last year, the port authority said in its report.",
    )
    assert find_disagreements(docs) == ()


def test_percentages_of_one_thing_conflict():
    docs = cluster(
        "Turnout in the Brask regional election was 38 percent, the electoral commission said on Monday.",
        "Turnout in the Brask regional election was 45 percent, the electoral commission said on Monday.",
    )
    assert [d.kind for d in find_disagreements(docs)] == ["percent"]


def test_temperatures_in_two_units_and_clock_times_in_two_zones_are_apart():
    docs = cluster(
        "The temperature at Dessa airport reached 46.2C on Wednesday afternoon, the weather service said. "
        "The match ended at 21:50 local time in Dornburg.",
        "The temperature at Dessa airport reached 115 F on Wednesday afternoon, the weather service said. "
        "The match ended at 19:50 GMT in Dornburg.",
    )
    assert find_disagreements(docs) == ()


def test_clock_times_of_one_event_conflict_and_notations_agree():
    docs = cluster(
        "The explosion at the Tarn refinery happened at 9:50 p.m. on the night shift.",
        "The explosion at the Tarn refinery happened at 21:50 on the night shift.",
        "The explosion at the Tarn refinery happened at 10:40 p.m. on the night shift.",
    )
    found = find_disagreements(docs)
    assert [d.kind for d in found] == ["clock"] and len(found[0].values) == 2


def test_dates_and_weekdays_of_one_event_conflict():
    docs = cluster(
        "Brannock rejected the second private proposal from Trevane on 28 May, the board said in a filing.",
        "Brannock rejected the second private proposal from Trevane on 21 May, the board said in a filing.",
    )
    assert [d.kind for d in find_disagreements(docs)] == ["date"]
    docs = cluster(
        "The cyberattack hit the port's computer systems on Sunday, shutting the container terminal.",
        "The cyberattack hit the port's computer systems on Saturday, shutting the container terminal.",
    )
    assert [d.kind for d in find_disagreements(docs)] == ["weekday"]


def test_ages_of_one_person_conflict_but_age_then_does_not():
    docs = cluster(
        "The mayor, Desmond Alcott, 61, was arrested at his home on Tuesday.",
        "Desmond Alcott, 62, was arrested at his home on Tuesday. Alcott was 57 when he first took office.",
    )
    found = find_disagreements(docs)
    assert values(found) == {"age of Alcott": ["61", "62"]}


def test_corroboration_needs_the_same_value():
    texts = [
        "At least 15 people have died in the floods in the Varn valley, officials said on Monday.",
        "At least 15 people have died in the floods in the Varn valley, officials said on Monday night.",
        "At least 12 people have died in the floods in the Varn valley, officials said on Monday.",
    ]
    b = storyline.brief([Document(f"o{i}", t + " Roads were closed.") for i, t in enumerate(texts)], words=30)
    for f in b.facts:
        if "15 people" in f.text:
            assert {s.document for s in f.sources} == {"o0", "o1"}
    assert all(f.text for f in b.facts)


def test_no_past_event_after_its_article_and_extreme_dates_do_not_crash():
    texts = [
        ("The wall of mud came down late on Saturday night. It hit the village at around 4 a.m., police said.", "2005-03-06"),
        ("The party split a few months before elections in July, officials said.", "1998-11-16"),
        ("Residents said the river rose 1000000 days ago, in the valley town of Brisk.", "2020-01-01"),
        ("The council will meet tomorrow to vote on the budget plan for Brisk.", "9999-12-31"),
        ("The settlement of Brisk was founded 10000 years ago by farmers.", "2024-05-05"),
    ]
    for text, day in texts:
        b = storyline.brief([Document("a", text, date=day), Document("b", text + " More follows.", date=day)], words=40)
        for t in b.timeline:
            assert t.date is None or (t.date[:1].isdigit() and t.date[:10] <= day or "will" in t.text), (t, day)
    b = storyline.brief([Document("a", texts[1][0], date="1998-11-16")], words=40)
    assert [t.date for t in b.timeline] == ["1998-07"]


def test_facts_have_kind_slots_value_and_span():
    docs = cluster("Police arrested four men in Kell on Tuesday after the raid, a spokesman said.")
    (f,) = [f for f in all_facts(docs) if f.kind == "count"]
    assert f.slots == ("people", "arrested") and f.value == 4
    assert docs[0].document.text[f.start:f.end] == "four"


def test_name_spellings_and_titles_of_one_person():
    docs = cluster(
        "Trevane chief executive Marcus Feld said the offer was fair. Feld spoke in London on Monday.",
        "Trevane chief executive Marcus Feldt said the offer was too low for the board. Feldt declined to comment.",
        "Sen. Carla Dunleavy visited the plant on Tuesday with local officials.",
        "U.S. Rep. Carla Dunleavy visited the plant on Tuesday with local officials.",
    )
    kinds = {d.kind: sorted(v.value for v in d.values) for d in find_disagreements(docs)}
    assert kinds["name"] == ["Marcus Feld", "Marcus Feldt"]
    assert sorted(v.split()[-1] for v in kinds["title"]) == ["Rep.", "Sen."]


def test_an_outlet_writing_both_spellings_is_not_a_disagreement():
    docs = cluster(
        "Anna Berg and her cousin Anna Bergh opened the new bakery in Tolm on Saturday morning.",
        "Anna Bergh opened the new bakery in Tolm on Saturday morning, the town's paper said.",
    )
    assert [d for d in find_disagreements(docs) if d.kind == "name"] == []


def test_parts_rates_and_seriously_injured_are_other_things():
    docs = cluster(
        "The storm in Parv killed 40 people, including 12 children, and injured 30, officials said on Sunday.",
        "The storm in Parv killed 40 people, officials said on Sunday. Three people were seriously injured.",
        "The storm in Parv killed a family of six and 34 others, officials said on Sunday.",
    )
    assert find_disagreements(docs) == ()
    docs = cluster(
        "The gang sold 40 stolen puppies for £500 each, police in Orlin said on Friday.",
        "The gang sold the stolen puppies for £1,200, police in Orlin said on Friday.",
    )
    assert find_disagreements(docs) == ()


def test_event_phrases_and_estimates():
    docs = cluster(
        "About 40 people were evacuated from homes on Ferry Lane during the warehouse fire.",
        "Some 60 residents were forced from their homes on Ferry Lane during the warehouse fire.",
        "Around 42 people were evacuated from homes on Ferry Lane during the warehouse fire.",
    )
    (d,) = find_disagreements(docs)
    assert d.about == "people evacuated"
    assert sorted(len(v.sources) for v in d.values) == [1, 2]  # about 40 and around 42 agree


def test_renderings_show_bounds_and_updates():
    import json
    from pathlib import Path

    import jsonschema

    from storyline.render import to_html, to_json, to_markdown

    texts = [
        "Twelve people were killed in the landslide in Varo on Monday, the mayor of Varo said.",
        "The death toll from the landslide in Varo on Monday rose to 15 from 12, the mayor of Varo said.",
        "At least 14 people were killed in the landslide in Varo on Monday, rescuers in Varo said.",
    ]
    b = storyline.brief([Document(f"o{i}", t) for i, t in enumerate(texts)], words=40)
    assert not any(d.off_event for d in b.documents)
    data = json.loads(to_json(b))
    schema = json.loads((Path(storyline.__file__).parent / "data" / "brief.schema.json").read_text())
    jsonschema.validate(data, schema)
    (d,) = data["disagreements"]
    assert d["update"] is True and d["kind"] == "count"
    assert {v["value"]: (v["bound"], v["newest"]) for v in d["values"]} == {
        "twelve": (None, False), "15": (None, True), "at least 14": ("at least", False)}
    for page in (to_markdown(b), to_html(b)):
        assert "(updated figure)" in page and "newest" in page and "at least: a bound or estimate" in page


def test_entities_and_facts_share_one_pass():
    from storyline.analyse import nlp

    docs = cluster("Mayor Ines Varga of Brellum said 12 people were hurt on Monday.")
    nlp._cache.clear()
    first = parse(docs)
    from storyline.analyse.entities import find_entities

    find_entities(docs)
    all_facts(docs)
    assert parse(docs)[0] is first[0] and len(nlp._cache) == 1


def test_bodies_recovered_are_their_own_count_and_an_event_past_a_dash_is_read():
    docs = cluster(
        "Divers recovered 28 bodies from the river near Tolvan after the bridge collapsed on Sunday.",
        "The bridge collapse at Tolvan on Sunday killed 30 people, the regional governor said. "
        "Rescuers have recovered 31 bodies from the river so far.",
        "At the Tolvan bridge, 28 people — most of them commuters — were killed when it fell.",
    )
    facts = {(f.doc, f.written): f.slots for f in all_facts(docs) if f.kind == "count"}
    assert facts[0, "28"] == ("bodies", "recovered") and facts[1, "30"] == ("people", "killed")
    assert facts[2, "28"] == ("people", "killed")
    found = values(find_disagreements(docs))
    assert found["people killed"] == ["28", "30"]  # the dead, not the bodies found so far
    assert found["bodies recovered"] == ["28", "31"]


def test_named_counts_written_independently_compare_when_of_the_same_order():
    same_order = cluster(
        "Nonfarm employment grew by a seasonally adjusted 432,000 jobs last month, the labour ministry said.",
        "Unemployment fell to its lowest level since 2008 as employers added 288,000 jobs in April.",
    )
    assert values(find_disagreements(same_order)) == {"jobs employed": ["288,000", "432,000"]}
    far_apart = cluster(  # two different counts of one noun: a month's gain and a recession's loss
        "Employers added 288,000 jobs in April, the labour ministry said.",
        "The recession cost the country 8,700,000 jobs, and employers are still hiring slowly.",
    )
    assert find_disagreements(far_apart) == ()
    no_context = cluster(  # nothing in common but the noun
        "The festival drew 1,200 visitors on its opening night in Marn.",
        "Organisers of the hill race counted 1,500 visitors.",
    )
    assert find_disagreements(no_context) == ()


def test_bodies_in_a_grave_are_bodies_found_not_a_toll():
    docs = cluster(
        "A grave outside Vessa contained 30 bodies, but the remains are too damaged to identify, officials said.",
        "Police opened fire on the students' buses outside Vessa, killing six people, officials said.",
    )
    slots = {f.written: f.slots for f in all_facts(docs) if f.kind == "count"}
    assert slots["30"] == ("bodies", "recovered") and slots["six"] == ("people", "killed")
    assert find_disagreements(docs) == ()


def test_bounds_written_after_the_figure():
    docs = cluster(
        "Inspectors found that the nuggets from the Kallo plant were 52 percent or less chicken meat, the report said.",
        "The report said the nuggets from the Kallo plant were 50 percent chicken meat.",
        "Twenty or more people were hurt when the stand at Oster fell.",
        "At Oster, 18 people were hurt when the stand fell.",
    )
    facts = {f.written: f for f in all_facts(docs) if f.kind in ("percent", "count")}
    assert facts["52 percent"].bound == "or less" and facts["52 percent"].low == 0 and facts["52 percent"].high == 52
    assert facts["Twenty"].bound == "or more" and facts["Twenty"].slots == ("people", "injured")
    found = find_disagreements(docs)
    shown = {d.about: sorted(v.value for v in d.values) for d in found}
    assert shown["percentage chicken"] == ["50 percent", "52 percent or less"]
    assert shown["people injured"] == ["18", "twenty or more"]  # a bound agrees only with the figure it names


def test_ranges_are_one_fact_and_conflict_when_one_end_differs():
    docs = cluster(
        "Divers said the van sank in 8 to 10 feet of water off the Harle jetty on Sunday.",
        "The van ended up in 8-to-15 feet of water off the Harle jetty, divers said.",
        "A judge at Harle gave the driver's brother 30 to 62 years in prison for the fraud.",
        "The brother of the driver was sentenced to between 30 and 60 years in prison in Harle.",
        "Traffic at the Harle jetty fell 8 percent to 10 percent on average.",
        "At the Harle jetty, traffic fell 8 to 10 percent.",
    )
    ranges = {(f.doc, f.written): (f.slots, f.low, f.high) for f in all_facts(docs) if f.kind == "range"}
    assert ranges[0, "8 to 10 feet"] == (("ft",), 8, 10) and ranges[1, "8-to-15 feet"] == (("ft",), 8, 15)
    assert ranges[4, "8 percent to 10 percent"] == (("percent",), 8, 10)
    assert not [f for f in all_facts(docs) if f.kind == "measure" and f.slots == ("ft",)]  # no end on its own
    found = values(find_disagreements(docs))
    assert found["range (ft)"] == ["8 to 10 feet", "8-to-15 feet"]
    assert found["range (year)"] == ["30 to 62 years", "between 30 and 60 years"]
    assert "range (percent)" not in found  # the same range written two ways


def test_people_made_ill_are_one_casualty_count_apart_from_the_hospitalised():
    docs = cluster(
        "Health officials said 75 people in 31 states have been infected by salmonella linked to Brisco cereal.",
        "A salmonella outbreak linked to Brisco cereal has caused illness in 73 people across 31 states; 24 were hospitalized.",
        "In the outbreak tied to Brisco cereal, 19 people — nearly all of them children under the age of ten — were sickened.",
    )
    slots = {(f.doc, f.written): f.slots for f in all_facts(docs) if f.kind == "count"}
    assert slots[0, "75"] == ("people", "ill") and slots[1, "73"] == ("people", "ill") and slots[2, "19"] == ("people", "ill")
    found = values(find_disagreements(docs))
    assert found == {"people ill": ["19", "73", "75"]}


def test_a_number_in_a_name_is_not_a_count():
    docs = cluster(
        "The Airbus carrying 228 people from Rio to Paris is reported missing off the coast.",
        "A false bomb threat was made days before Fight 447 went missing, and Apollo 13 flew in 1970.",
    )
    counts = [(f.written, f.slots) for f in all_facts(docs) if f.kind == "count"]
    assert counts == [("228", ("people", "missing"))]  # the event past the place names is read; 447 is a name
    assert find_disagreements(docs) == ()
