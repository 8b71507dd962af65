"""Quotes, speakers, hedges and names as real reporting writes them (issue 13), on text written here."""

from __future__ import annotations

import json

import pytest

from storyline import Document, brief
from storyline.analyse.claims import find_claims, hedges
from storyline.analyse.entities import find_entities
from storyline.analyse.quotes import find_quotes
from storyline.model import Span
from storyline.prepare import prepare, sentence_spans, title_names
from storyline.render import render


def prepared(*texts: str, ids: list[str] | None = None):
    ids = ids or [f"outlet-{i}" for i in range(len(texts))]
    return [prepare(Document(doc_id, text), i) for i, (doc_id, text) in enumerate(zip(ids, texts))]


def speakers(*texts: str) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in find_quotes(prepared(*texts))]


def speaker_of(text: str, start: str) -> str | None:
    found = [q for q in find_quotes(prepared(text)) if q.text.startswith(start)]
    assert len(found) == 1, [q.text for q in find_quotes(prepared(text))]
    return found[0].speaker


# --- sentence splitting at titles ---------------------------------------------------------------


def split(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text, title_names(text))]


@pytest.mark.parametrize(
    "text",
    [
        "U.S. Lt. Col. Steven Jordan will be tried in May.",
        "Investigators do not know why, highway patrol spokesman lt. Greg bueno told reporters.",
        "The former warden, Maj. David Dinenna, said he attended.",
        "He hit it off with then-sen. John Edwards of North Carolina.",
        "Sen. Maria Ortiz, D-Ore., and Rep. Jerry Nadler, D-N.Y., met Gov. Ann Lee and Sgt. Al Roe.",
        "Mr. Clyburn, Mrs. May and Dr. Sasha Mirek went to St. Louis with the Rev. Al Sharpton.",
    ],
)
def test_no_sentence_break_after_a_title_before_a_name(text):
    assert split(text) == [text]


def test_a_name_written_like_a_title_ends_its_sentence():
    assert split("He met Hun Sen. The talks ended.") == ["He met Hun Sen.", "The talks ended."]
    assert split("Main St. The road was shut.") == ["Main St.", "The road was shut."]
    text = "Prime Minister Hun Sen. Key ministers attended. Hun Sen said the deal would hold."
    assert split(text)[0] == "Prime Minister Hun Sen."  # the text writes "Hun Sen said": a name


def test_title_splits_keep_offsets():
    text = "Intro.\n\nLt. Col. Mark Bell said the base was safe. Hun Sen arrived. He met Hun Sen. Then he left.\n"
    doc = prepare(Document("a", text))
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text
    assert "Lt. Col. Mark Bell said the base was safe." in [s.text for s in doc.sentences]
    assert "He met Hun Sen." in [s.text for s in doc.sentences]


# --- names with titles ---------------------------------------------------------------------------


def test_ap_style_names_titles_and_initials():
    text = (
        '"We will hold hearings," said Sen. Maria Ortiz, D-Ore., on Monday.\n\n'
        '"The money is already spent," Rep. Jerry Nadler (D-N.Y.) told reporters.\n\n'
        'Donald J. Trump said: "Nobody has done more for this state than I have."\n\n'
        'Rep. James E. Clyburn spoke first. "We have the votes for it," Mr. Clyburn said.\n\n'
        '"This is a moral question for the whole city," the Rev. Al Sharpton said.\n'
    )
    assert speakers(text) == [
        ("Maria Ortiz", "We will hold hearings"),
        ("Jerry Nadler", "The money is already spent"),
        ("Donald J. Trump", "Nobody has done more for this state than I have."),
        ("James E. Clyburn", "We have the votes for it"),
        ("Al Sharpton", "This is a moral question for the whole city"),
    ]


def test_british_titles_without_stops_and_title_after_said():
    text = (
        "Riyad Hijab fled to Jordan on Monday.\n\n"
        '"I have joined the ranks of the revolution," Mr Hijab said.\n\n'
        '"Every climate projection for this region was wrong," said Dr. Sasha Mirek, who leads the study.\n'
    )
    assert [s for s, _ in speakers(text)] == ["Riyad Hijab", "Sasha Mirek"]


# --- speakers -------------------------------------------------------------------------------------


def test_speaker_constructions():
    text = (
        '"The bridge will reopen in May," said Ana Duarte, the head of roads at Pellworth council.\n\n'
        'Tomas Ek told Reuters: "We lost two boats in one night and nobody came to help."\n\n'
        'The repairs were "far more expensive than anyone planned for," according to Lena Moss, the treasurer.\n\n'
        'Pellworth University, which owns the quay, said in a statement that it "deeply regrets the delay".\n\n'
        '"We have waited long enough for this," a council spokeswoman said.\n\n'
        'Forty-one percent of residents said the quay was "a danger to everyone who uses it every day".\n\n'
        '"The water came up through the floor in minutes," Carl Brand, 61, who has lived on the quay since 1990, said on Monday.\n'
    )
    found = dict((t, s) for s, t in speakers(text))
    assert found["The bridge will reopen in May"] == "Ana Duarte"
    assert found["We lost two boats in one night and nobody came to help."] == "Tomas Ek"
    assert found["far more expensive than anyone planned for"] == "Lena Moss"
    assert found["We have waited long enough for this"] == "a council spokeswoman"
    assert found["The water came up through the floor in minutes"] == "Carl Brand"
    # a figure is no speaker
    assert found.get("a danger to everyone who uses it every day") in (None, "")


def test_inverted_attribution_after_a_clause():
    text = (
        'Embassy staff were "literally in the dark for most of the night" after the storm, said State '
        "Department spokesman P. J. Crowley.\n\n"
        '"They reported a lot of walls down," he said.\n'
    )
    assert [s for s, _ in speakers(text)] == ["P. J. Crowley", "P. J. Crowley"]


def test_according_to_after_an_attribution_is_no_speaker():
    text = (
        "Film director Ida Marr praised the young singer.\n\n"
        '"She is very good and sings well, too," she said according to a transcript of the news conference. '
        '"I was moved every time we rehearsed."\n'
    )
    assert [s for s, _ in speakers(text)] == ["Ida Marr", "Ida Marr"]


def test_he_wrote_after_a_described_name_and_split_quotes():
    text = (
        "One reader, Dario Kessler, was on the stairs with his brother.\n\n"
        '"You could feel it before you could see it," he wrote. "There was nowhere for it to go."\n\n'
        '"We will rebuild," he wrote later, "and we will do it quickly."\n'
    )
    assert speakers(text) == [
        ("Dario Kessler", "You could feel it before you could see it"),
        ("Dario Kessler", "There was nowhere for it to go."),
        ("Dario Kessler", "We will rebuild … and we will do it quickly."),
    ]


def test_pronoun_takes_the_last_named_person_of_that_gender():
    text = (
        'Fire Chief Raymond Oakes said the site had been handed to investigators. "We are treating the '
        'dock as a recovery site," Oakes said.\n\n'
        "Dr. Anita Flores said the autopsies would be finished by Friday, and that her office had asked "
        "for the shift records.\n\n"
        '"Not one person sets foot in that unit until it is safe," he added.\n'
    )
    assert speaker_of(text, "Not one person") == "Raymond Oakes"


def test_statement_read_on_someones_behalf():
    text = (
        "Mayor Desmond Alcott was arrested on Tuesday.\n\n"
        "Reading from a sheet of paper, his solicitor Nadia Perrin said the mayor had asked her to read "
        "out a brief statement on his behalf. \"I have never asked for or accepted a bribe,\" it said.\n\n"
        'Keswin chief executive Janet L. Okafor said in a statement read by a spokesman: "Our hearts are '
        'with the families."\n'
    )
    assert [s for s, _ in speakers(text)] == ["Desmond Alcott", "Janet L. Okafor"]


def test_continuation_paragraphs_and_soundbites():
    text = (
        '"We heard the first bang at about six," said crane operator Lotte Fairweather.\n\n'
        '"Then the whole yard went dark and the alarms started."\n\n'
        "MIKE SALAZAR (REPORTER): I spoke to one driver at the gates.\n\n"
        "MARCO REIS (TRUCK DRIVER): Thirty hours I have been in this line. Nobody tells us anything.\n\n"
        "SALAZAR: The port says it is working at a third of its pace.\n"
    )
    found = speakers(text)
    assert found == [
        ("Lotte Fairweather", "We heard the first bang at about six"),
        ("Lotte Fairweather", "Then the whole yard went dark and the alarms started."),
        ("Marco Reis", "Thirty hours I have been in this line."),
        ("Marco Reis", "Nobody tells us anything."),
    ]  # the reporter's lines are the outlet's own, the label's role is not the speaker


# --- precision -------------------------------------------------------------------------------------


def test_unbalanced_marks_and_scare_quotes_are_no_quotes():
    text = (
        'The minister called the report "unethical" and left.\n\n'
        'He said the plan "would never work in a town like this one, not in a hundred years.\n\n'
        "The council met again on Friday.\n"
    )
    assert find_quotes(prepared(text)) == ()


# --- hedges ------------------------------------------------------------------------------------------


HEDGED_A = (
    "Rebels seized the northern border crossing on Sunday, the opposition said.\n\n"
    "The opposition council said three generals had defected with the governor. The claim could not "
    "immediately be verified.\n\n"
    "Fighting continued in the south of the country through the night.\n"
)
HEDGED_B = (
    "Rebels took the northern border crossing on Sunday.\n\n"
    "Three generals have reportedly defected with the governor, according to the opposition council.\n\n"
    "Heavy fighting went on in the south of the country overnight.\n"
)


def test_claims_hedged_with_different_words_are_merged():
    claims = find_claims(prepared(HEDGED_A, HEDGED_B, ids=["a", "b"]))
    generals = [c for c in claims if "generals" in c.text]
    assert len(generals) == 1
    assert [s.document for s in generals[0].sources] == ["a", "b"]
    assert generals[0].cue == "could not immediately be verified"


@pytest.mark.parametrize(
    "sentence, cue",
    [
        ("Video shared online appeared to show officers carrying boxes out of the office.", "appeared to show"),
        ("The board is weighing a sale, according to people familiar with the matter.", "people familiar with"),
        ("It is also rumoured that the officer has been helping detectives. We cannot confirm it.", "cannot confirm"),
        ("Two investors have privately urged the board to open talks, the same people said.", "the same people said"),
    ],
)
def test_more_hedge_cues(sentence, cue):
    claims = find_claims(prepared(f"The port reopened on Monday after a week.\n\n{sentence}\n"))
    assert [c.cue for c in claims] == [cue]


def test_summary_sentence_carries_its_outlets_hedge_in_every_format():
    docs = [Document("a", HEDGED_A), Document("b", HEDGED_B)]
    result = brief(docs, words=200)
    hedged = [s for s in result.summary if "generals" in s.text]
    assert hedged and all(s.hedge for s in hedged)
    assert all(s.hedge is None for s in result.summary if "generals" not in s.text)
    data = json.loads(render(result, "json"))
    assert {s["hedge"] for s in data["summary"] if "generals" in s["text"]} <= {
        "could not immediately be verified",
        "reportedly",
    }
    assert all("hedge" in s for s in data["summary"])
    cue = hedged[0].hedge
    assert f"(unverified: {cue})" in render(result, "text")
    assert f"*unverified: {cue}*" in render(result, "markdown")
    assert f'<span class="hedge">unverified: {cue}</span>' in render(result, "html")
    # without the analysis sections the summary still carries it (claims are cheap)
    assert any(s.hedge for s in brief(docs, words=200, analysis=False).summary)


def test_hedges_of_spans():
    docs = prepared(HEDGED_A, ids=["a"])
    generals = next(s for s in docs[0].sentences if "generals" in s.text)
    first = docs[0].sentences[0]
    assert hedges(docs, [[Span("a", generals.start, generals.end)], [Span("a", first.start, first.end)]]) == [
        "could not immediately be verified",
        None,
    ]


# --- entities ------------------------------------------------------------------------------------------


CAMBODIA_A = (
    "Prime Minister Hun Sen met Prince Norodom Ranariddh on Tuesday. Key figures from both parties attended.\n\n"
    "Ranariddh said the coalition would hold after the meeting with Hun Sen. Hun Sen said the talks were useful.\n"
)
CAMBODIA_B = (
    "Cambodia's Prime Minister Hun Sen and Prince Norodom Ranariddh agreed on Tuesday to keep their "
    "coalition government.\n\nRanariddh, the head of the royalist party, said he was satisfied.\n"
)


def test_one_entity_per_person():
    entities = find_entities(prepared(CAMBODIA_A, CAMBODIA_B))
    names = {e.name: e.type for e in entities}
    assert names.get("Norodom Ranariddh") == "PERSON"
    assert names.get("Hun Sen") == "PERSON"
    assert not {"Ranariddh", "Hun", "Sen", "Hun Sen. Key", "Key"} & set(names)


def test_middle_initials_and_first_names_join_the_person():
    text = (
        "Senator Carla M. Dunleavy visited the plant on Monday. Carla Dunleavy said the site was safe.\n\n"
        "DANA PRICE (ANCHOR): Good evening. Our reporter Mike Salazar is at the plant. Mike, what can you tell us?\n\n"
        "MIKE SALAZAR (REPORTER): Dana, the flames are lower now. I spoke to Dunleavy and to Dana Price earlier.\n"
    )
    names = [e.name for e in find_entities(prepared(text)) if e.type == "PERSON"]
    assert sum("Dunleavy" in n for n in names) == 1
    assert "Mike" not in names and "Dana" not in names
    assert "Reporter" not in names and "Anchor" not in names


def test_places_named_by_their_context():
    text = (
        "Power cuts hit Velmar and Ostrin provinces on Monday, and a care home in Ostrin province was evacuated.\n\n"
        "The cyberattack shut the port of Calvado early on Sunday. Ships bound for Calvado waited offshore.\n"
    )
    types = {e.name: e.type for e in find_entities(prepared(text))}
    assert types.get("Ostrin") == "GPE"
    assert types.get("Velmar") == "GPE"
    assert types.get("Calvado") == "GPE"


def test_lower_cased_copies_name_their_speakers():
    """Multi-News style text: lower-cased with sentence capitals restored. The speaker rules read a copy
    whose person names (a known first name and a surname) are capitalised, and the surname elsewhere."""
    text = (
        'The harbour at pellworth will close for a month, officials said on monday. " we have no other choice '
        'this winter, " said marta lindqvist, a spokeswoman for the port authority, in a statement. '
        'the bill passed the council on tuesday.\n\n'
        '" nobody wanted this, " lindqvist said. Joe ferris, who runs a ferry, told reporters the closure was '
        '" a disaster for every family on the island. "\n\n'
        '" we will be back in the spring, " ferris said.\n'
    )
    found = dict((t, s) for s, t in speakers(text))
    assert found["we have no other choice this winter"] == "Marta Lindqvist"
    assert found["nobody wanted this"] == "Marta Lindqvist"
    assert found["we will be back in the spring"] == "Joe Ferris"
    assert found["a disaster for every family on the island."] == "Joe Ferris"
    from storyline.analyse.quotes import _names_in_lower_case

    copy = _names_in_lower_case(text)
    assert len(copy) == len(text)
    assert "the bill passed" in copy  # a first name after a determiner is a word, not a name
    assert "officials said on monday" in copy
