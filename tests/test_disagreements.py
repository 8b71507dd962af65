"""Disagreements between outlets: counts, money, times and titles (fictional clusters)."""

from __future__ import annotations

import time

import pytest

from conftest import shared_path
from storyline.analyse.disagreements import find_disagreements
from storyline.ingest import read_inputs
from storyline.model import Document
from storyline.prepare import prepare


def cluster(*texts: str):
    return [prepare(Document(f"outlet-{i}", text), i) for i, text in enumerate(texts)]


def table(found, docs):
    """{about: {value: [(outlet, evidence text), ...]}} for readable assertions."""
    texts = {d.document.id: d.document.text for d in docs}
    return {
        d.about: {v.value: [(s.document, texts[s.document][s.start : s.end]) for s in v.sources] for v in d.values}
        for d in found
    }


# --------------------------------------------------------------------------- counts


def test_evacuation_count_conflict_across_wordings():
    docs = cluster(
        "Floodwater swept through the village of Marrow Bridge on Sunday. "
        "About 150 people were evacuated from the riverside estate as the water rose.",
        "The river burst its banks at Marrow Bridge. "
        "Some 250 residents were forced from their homes on the riverside estate, the county council said.",
        "Dozens of families were evacuated from the riverside estate at Marrow Bridge overnight.",
    )
    found = find_disagreements(docs)
    assert table(found, docs) == {
        "number of people evacuated": {
            "about 150": [("outlet-0", "About 150 people were evacuated from the riverside estate as the water rose")],
            "some 250": [("outlet-1", "Some 250 residents were forced from their homes on the riverside estate")],
        }
    }


def test_same_number_of_different_things_is_not_a_disagreement():
    docs = cluster(
        "Four fire engines were sent to the old mill on Canal Street after the alarm was raised.",
        "Three workers were rescued from the old mill on Canal Street by firefighters.",
        "Three fire engines were sent to the old mill on Canal Street, and two workers were rescued.",
    )
    found = table(find_disagreements(docs), docs)
    # engines: 4 vs 3 is a real conflict; workers rescued: 3 vs 2 too; engines vs workers never
    assert set(found) == {"number of fire engines sent", "number of workers rescued"}
    assert set(found["number of fire engines sent"]) == {"four", "three"}
    assert set(found["number of workers rescued"]) == {"three", "two"}


def test_classic_false_disagreement_three_of_one_thing_and_three_of_another():
    docs = cluster(
        "Three fire engines were first on the scene at the Canal Street mill.",
        "Three workers who had been on the night shift raised the alarm at the Canal Street mill.",
        "Rebels said shelling near the capital had killed three hostages they were holding.",
        "A bomb in the capital last month killed four senior officials, including the defence minister.",
    )
    assert find_disagreements(docs) == ()


def test_casualty_wordings_killed_dead_deaths():
    docs = cluster(
        "A gas explosion at the Velda street market killed 12 people on Friday, police said.",
        "The gas explosion at the Velda market left 12 dead and dozens injured.",
        "The toll from the gas explosion at the Velda market stood at 17 killed, a hospital spokesman said.",
    )
    found = table(find_disagreements(docs), docs)
    assert list(found) == ["number of people killed"]
    values = found["number of people killed"]
    assert list(values) == ["12", "17"]
    assert [outlet for outlet, _ in values["12"]] == ["outlet-0", "outlet-1"]
    assert values["12"][0][1] == "A gas explosion at the Velda street market killed 12 people on Friday"
    assert values["17"] == [("outlet-2", "The toll from the gas explosion at the Velda market stood at 17 killed")]


def test_bare_casualty_numbers_and_death_tolls():
    docs = cluster(
        "The blast at the Velda market killed 12.",
        "The death toll from the Velda market blast rose to 17 on Friday.",
        "The blast at the Velda market killed 12, injuring 40 others.",  # "40 others": an increment
    )
    found = table(find_disagreements(docs), docs)
    assert found == {
        "number of people killed": {
            "12": [("outlet-0", "The blast at the Velda market killed 12"),
                   ("outlet-2", "The blast at the Velda market killed 12")],
            "17": [("outlet-1", "The death toll from the Velda market blast rose to 17 on Friday")],
        }
    }


def test_vague_and_approximate_values_do_not_conflict_with_precise_ones():
    docs = cluster(
        "Dozens of people were evacuated from the Harlow Road flats after the gas leak.",
        "About 40 people were evacuated from the Harlow Road flats after the gas leak.",
        "Police said 41 people were evacuated from the Harlow Road flats after the gas leak.",
        "More than 35 people were evacuated from the Harlow Road flats after the gas leak.",
    )
    assert find_disagreements(docs) == ()


def test_bounds_conflict_only_when_they_exclude_the_other_value():
    rest = " people were evacuated from the valley as the wildfire spread towards Orlin"
    docs = cluster(f"More than 1,000{rest}.", f"Some 800{rest}.", f"About 1,200{rest}.")
    assert table(find_disagreements(docs), docs) == {
        "number of people evacuated": {
            "more than 1,000": [("outlet-0", f"More than 1,000{rest}")],
            "some 800": [("outlet-1", f"Some 800{rest}")],
            "about 1,200": [("outlet-2", f"About 1,200{rest}")],  # conflicts with 800, not with "more than 1,000"
        }
    }


def test_same_value_in_different_words_is_not_a_disagreement():
    docs = cluster(
        "Forty people were evacuated from the Harlow Road flats after the gas leak.",
        "40 people were evacuated from the Harlow Road flats after the gas leak.",
        "A dozen firefighters and forty residents were evacuated from Harlow Road.",
        "Twelve firefighters were sent to the gas leak on Harlow Road.",
    )
    assert find_disagreements(docs) == ()


def test_money_conflict_and_currencies_kept_apart():
    docs = cluster(
        "The new footbridge over the Lune will cost £12m, the city council said on Wednesday.",
        "The city council said the footbridge would cost 14 million pounds and open in 2027.",
        "The footbridge, which the city council approved on Wednesday, will cost $16 million.",
    )
    found = table(find_disagreements(docs), docs)
    assert list(found) == ["cost of the footbridge"]
    assert found["cost of the footbridge"] == {
        "£12m": [("outlet-0", "The new footbridge over the Lune will cost £12m")],
        "14 million pounds": [
            ("outlet-1", "The city council said the footbridge would cost 14 million pounds and open in 2027")
        ],
    }


def test_one_outlet_alone_never_makes_a_disagreement():
    docs = cluster(
        "About 40 people were evacuated from Ferry Lane. Later, some 60 people were evacuated from Ferry Lane.",
        "The fire at the port was brought under control before dawn.",
    )
    assert find_disagreements(docs) == ()


def test_a_key_one_outlet_gives_two_values_for_is_ambiguous():
    # outlet-0 reports two attacks; outlet-1 only one of them: not a disagreement
    docs = cluster(
        "A car bomb in Orsk killed 12 people on Monday. In Velda, a second bomb killed 20 people near the market.",
        "The car bomb in Orsk killed 12 people, and the bomb at the Velda market killed more.",
    )
    assert find_disagreements(docs) == ()


def test_values_of_different_magnitude_are_different_things():
    docs = cluster(
        "The shelling of the Velda market killed 12 people on Friday, activists said.",
        "The conflict in the region has killed 100,000 people since the Velda uprising, activists said.",
    )
    assert find_disagreements(docs) == ()


def test_identifiers_years_times_and_ages_are_not_counts():
    docs = cluster(
        "Firefighters were called to Quay 4 at 2 a.m.; the shed, built in 1970, burned for hours.",
        "Firefighters were called to Quay 5 at 2 a.m.; the shed, built in 1980, burned for hours.",
        "Gary Lomax, 52, who raised the alarm, said the shed on the quay burned for hours.",
        "Gary Lomax, 53, who raised the alarm, said the shed on the quay burned for hours.",
    )
    assert find_disagreements(docs) == ()


def test_parts_increments_joint_counts_and_other_moments_are_not_compared():
    docs = cluster(
        "Police said 150 more people were injured in the clashes in Orlin overnight. "
        "Some 2,000 people had previously been evacuated from Palue island. "
        "More than 300 people are dead or missing after the ferry sank off Orlin. "
        "Two of the three debates fall on the same nights as the cup final in Orlin.",
        "Police said 90 people were injured in the clashes in Orlin. "
        "Nearly 3,000 people were evacuated from Palue island. "
        "At least 187 people were killed when the ferry sank off Orlin. "
        "Two debates fall on the same nights as the cup final in Orlin.",
    )
    assert find_disagreements(docs) == ()


def test_ranges_and_durations():
    docs = cluster(
        "Between 30 and 40 people were evacuated from Ferry Lane after five days of unrest in the port.",
        "Some 35 people were evacuated from Ferry Lane after four days of unrest in the port.",
        "Police said 60 people were evacuated from Ferry Lane after four days of unrest in the port.",
    )
    found = table(find_disagreements(docs), docs)
    # durations depend on the day of writing: never compared; 35 lies inside 30-40, 60 outside both
    assert list(found) == ["number of people evacuated"]
    assert list(found["number of people evacuated"]) == ["between 30 and 40", "some 35", "60"]


def test_number_words_and_digits_show_the_digits():
    docs = cluster(
        "Eleven people were hurt when the Orlin ferry struck the pier. "
        "Harbour police later said 11 people were injured.",
        "The Orlin ferry struck the pier on Friday, injuring 16 people, harbour police said.",
    )
    found = table(find_disagreements(docs), docs)
    assert list(found["number of people injured"]) == ["11", "16"]  # not "eleven": one value, shown in digits
    assert [outlet for outlet, _ in found["number of people injured"]["11"]] == ["outlet-0", "outlet-0"]


def test_part_of_a_count_the_sentence_goes_on_to_complete():
    docs = cluster(
        "A gunman killed two people outside the Orlin library and then a third at a nearby cafe, police said.",
        "The gunman killed three people at two sites in Orlin, police said.",
    )
    assert find_disagreements(docs) == ()


# --------------------------------------------------------------------------- prices and rounded figures


def test_price_of_a_purchase_in_different_wordings():
    docs = cluster(
        "Harwick Foods has agreed to buy Tolland Dairies for £850m, the companies said on Friday. "
        "Harwick is offering £3.10 a share in cash.",
        "Harwick's £920m takeover of Tolland Dairies will create the region's largest dairy group. "
        "Harwick is paying £3.10 a share, and expects £30m a year in savings.",
        # a figure rounded as written fits both; another sale is another price
        "Harwick will pay £0.9bn for Tolland Dairies. Tolland sold its cheese arm to Brack for £400m in 2019.",
    )
    assert table(find_disagreements(docs), docs) == {
        "price of Tolland Dairies": {
            "£850m": [("outlet-0", "Harwick Foods has agreed to buy Tolland Dairies for £850m")],
            "£920m": [
                ("outlet-1", "Harwick's £920m takeover of Tolland Dairies will create the region's largest dairy group")
            ],
        }
    }


def test_same_sum_of_two_things_and_rounded_sums_are_not_conflicts():
    docs = cluster(
        "Harwick expects £30m a year in savings from the Tolland Dairies deal.",
        "Union members fear a £30m hole in the Tolland Dairies pension fund after the deal.",
        "Harwick agreed to buy Tolland Dairies for £2bn on Friday.",
        "Harwick agreed to buy Tolland Dairies for £2.1bn on Friday.",
    )
    assert find_disagreements(docs) == ()


# --------------------------------------------------------------------------- percentages of named quantities


def test_turnout_percentages_conflict_but_shares_of_the_vote_are_not_compared():
    docs = cluster(
        "Ilse Marr won the Velmar mayoral race with 55.2 per cent of the vote. Turnout was 44.3 per cent, "
        "the electoral commission said.",
        "Ilse Marr took 55.2 per cent of the vote in Velmar, and turnout stood at 47 per cent.",
        "Turnout, officials said, was 44.3%; her rival took 44.8 per cent in the Velmar race.",
    )
    assert table(find_disagreements(docs), docs) == {
        "turnout (per cent)": {
            "44.3 per cent": [("outlet-0", "Turnout was 44.3 per cent"),
                              ("outlet-2", "Turnout, officials said, was 44.3%")],
            "47 per cent": [("outlet-1", "turnout stood at 47 per cent")],
        }
    }


def test_rates_of_other_places_groups_moments_and_changes_are_not_compared():
    docs = cluster(
        "Unemployment in Orlin fell to 6.1 per cent in the third quarter, the statistics office said.",
        "In Orlin, unemployment fell to 6 per cent, down from 6.8 per cent.",  # 6 may be 6.1 rounded
        "Youth unemployment in Orlin was 14.2 per cent. Unemployment in Tarsk was 8.4 per cent.",
        "Unemployment in Orlin was 9 per cent last year. Unemployment in Orlin rose by 0.4 per cent.",
        "Unemployment in Orlin is expected to reach 5 per cent, the bank said.",
        "Turnout was 61 per cent in the first round. Turnout in the Velmar suburbs was 49 per cent.",
        "Turnout was 52 per cent in the runoff, officials said.",
    )
    assert find_disagreements(docs) == ()


def test_rate_scope_and_owner_make_the_key():
    docs = cluster(
        "In Orlin, unemployment was 7.5 per cent in the third quarter.",
        "Unemployment in Orlin fell to 6.1 per cent in the third quarter, the statistics office said.",
        "The Greens' share of the vote rose to 12.5 per cent, the Velmar council said.",
        "The Greens' vote share was 14 per cent. The vote share was 30 per cent, officials said.",
        "The vote share was 35 per cent, officials said.",  # whose? never compared
    )
    found = table(find_disagreements(docs), docs)
    assert set(found) == {"unemployment in Orlin in the third quarter (per cent)", "Greens' vote share (per cent)"}
    assert list(found["unemployment in Orlin in the third quarter (per cent)"]) == ["7.5 per cent", "6.1 per cent"]
    assert list(found["Greens' vote share (per cent)"]) == ["12.5 per cent", "14 per cent"]


def test_poll_figures_unowned_ratings_and_sums_each_are_not_compared():
    docs = cluster(
        "Mayor Dahl's approval rating stood at 41 per cent, a Karn Research poll found. "
        "A new study finds the approval rating at 30 per cent. "
        "The gang sold 40 stolen puppies for £500 each, police in Orlin said.",
        "Mayor Dahl's approval rating was 47 per cent, a survey by the Velmar Herald found. "
        "The approval rating was 35 per cent. "
        "The gang sold the stolen puppies for £1,200, police in Orlin said.",
    )
    assert find_disagreements(docs) == ()


# --------------------------------------------------------------------------- times and days


def test_time_of_the_same_event_conflicts_across_midnight():
    called = "Firefighters were called to the Halden warehouse on Quay 4"
    docs = cluster(
        f"{called} at about 11:40 p.m., and the blaze was out by dawn.",
        f"{called} shortly after midnight, the fire service said.",
        f"{called} at 11.45pm, according to the fire service.",
    )
    found = table(find_disagreements(docs), docs)
    assert len(found) == 1
    (about, values), = found.items()
    assert about == "when firefighters were called to the Halden warehouse on Quay 4"
    # 11:45 fits "about 11:40" but not "shortly after midnight": listed, with its own outlet
    assert values == {
        "at about 11:40 p.m.": [("outlet-0", f"{called} at about 11:40 p.m.")],
        "shortly after midnight": [("outlet-1", f"{called} shortly after midnight, the fire service said")],
        "at 11.45pm": [("outlet-2", f"{called} at 11.45pm, according to the fire service")],
    }


def test_day_of_the_same_event_conflicts_but_different_events_do_not():
    blaze = "The blaze at the Halden cold-storage warehouse broke out"
    docs = cluster(
        f"{blaze} on Monday, the fire service said.",
        f"{blaze} on Tuesday, the fire service said.",
        "On Thursday a Syldavian air force colonel defected in his jet after abandoning a mission.",
        "On Sunday a senior intelligence officer defected to the neighbouring kingdom, a broadcaster said.",
    )
    found = table(find_disagreements(docs), docs)
    assert list(found) == ["when the blaze at the Halden cold-storage warehouse broke out"]
    assert list(found.values())[0] == {
        "on Monday": [("outlet-0", f"{blaze} on Monday, the fire service said")],
        "on Tuesday": [("outlet-1", f"{blaze} on Tuesday, the fire service said")],
    }


# --------------------------------------------------------------------------- names and titles


def test_name_spelling_conflict_for_the_same_title_and_surname():
    docs = cluster(
        '"We were lucky," said Fire Chief Anna Brandt of the Elswick fire service.',
        "Fire Chief Anne Brandt said her crews would stay at the quay for two days.",
        "Chief Brandt said the cause was not known.",  # no given name: compared with neither
    )
    assert table(find_disagreements(docs), docs) == {
        "name of the fire chief": {
            "Anna Brandt": [("outlet-0", "Fire Chief Anna Brandt")],
            "Anne Brandt": [("outlet-1", "Fire Chief Anne Brandt")],
        }
    }


def test_title_conflict_for_the_same_person():
    docs = cluster(
        "The decree was signed by agriculture minister Lena Varga on Monday.",
        "Health minister Lena Varga signed the decree on Monday, state radio said.",
        "Lena Varga, the agriculture minister, signed the decree.",
    )
    assert table(find_disagreements(docs), docs) == {
        "title of Lena Varga": {
            "agriculture minister": [
                ("outlet-0", "agriculture minister Lena Varga"),
                ("outlet-2", "Lena Varga, the agriculture minister"),
            ],
            "Health minister": [("outlet-1", "Health minister Lena Varga")],
        }
    }


def test_compatible_titles_nicknames_and_former_posts_are_not_conflicts():
    docs = cluster(
        "Mayor Tom Reddick visited the rest centre. Fire Chief Anna Brandt was there too.",
        "Port Elswick's mayor, Thomas Reddick, visited the rest centre. Chief Anna Brandt said little.",
        "Former health minister Tom Reddick, now the mayor, visited. Deputy Fire Chief Sam Brandt spoke.",
        "Mayor Ted Reddick visited the rest centre with Fire Chief Anna Brandt.",  # Ted vs Tom: other person
        "Brigadier General Manaf Tolas, a Syldavian general, spoke to Colonel Jorge Amaral, a spokesman.",
        "General Manaf Tolas and Air Force Colonel Jorge Amaral spoke, and a major Syldavian offensive began.",
    )
    assert find_disagreements(docs) == ()


# --------------------------------------------------------------------------- the examples


def load(path):
    return [prepare(doc, i) for i, doc in enumerate(read_inputs([path], []))]


def test_harbour_fire_reports_only_the_evacuee_count(example_dir):
    docs = load(example_dir)
    found = find_disagreements(docs)
    assert len(found) == 1
    evacuees = found[0]
    assert evacuees.about == "number of people evacuated"
    assert [v.value for v in evacuees.values] == ["about 40", "some 60"]
    assert [s.document for s in evacuees.values[0].sources] == ["01-coastal-wire.txt", "02-the-harbour-gazette.txt"]
    assert [s.document for s in evacuees.values[1].sources] == ["04-northern-post.md"]
    texts = {d.document.id: d for d in docs}
    for value in evacuees.values:
        for span in value.sources:
            doc = texts[span.document]
            inside = [s for s in doc.sentences if s.start <= span.start and span.end <= s.end]
            assert inside, "evidence lies inside a kept sentence"
    assert doc.document.text[evacuees.values[1].sources[0].start :].startswith("Some 60 residents were forced")


def test_syria_example_reports_nothing_absurd():
    docs = load(shared_path("examples", "syria-2012"))
    found = find_disagreements(docs)
    # "three Iranians" killed vs "four senior officials" killed, "two ministers" vs "three army generals"
    # defected: different things; the outlets agree on everything they share.
    assert found == ()


def test_fast_enough(example_dir):
    docs = load(example_dir)
    find_disagreements(docs)
    start = time.perf_counter()
    for _ in range(10):
        find_disagreements(docs)
    assert (time.perf_counter() - start) / 10 < 0.05  # measured ~3 ms; generous for slow CI machines


@pytest.mark.parametrize("text", ["", "No numbers, names or times here at all."])
def test_empty_and_plain_documents(text):
    assert find_disagreements(cluster(text, text)) == ()
    assert find_disagreements([]) == ()
