from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter

import pytest

from storyline.analyse import entities
from storyline.analyse.entities import (
    _clean,
    _groups,
    _is_name,
    _label,
    _merge,
    _Mention,
    _model_text,
    _repeats,
    _vote,
    find_entities,
    load_model,
    name_key,
)
from storyline.errors import StorylineError
from storyline.ingest import read_inputs
from storyline.model import Document
from storyline.prepare import prepare

from conftest import EXAMPLE, shared_path

# Fictional articles written for these tests.
SUMMIT_A = """President Elena Varga of Moldavia met U.S. officials in Geneva on Monday.

Ms Varga said the talks with the United States had been frank. Varga's spokesman, Tomas Reiner, said the Red Cross would be invited.

Mr Reiner told the Daily Courier that Geneva was chosen because it is neutral.
"""
SUMMIT_B = """Elena Varga, the president, flew to Geneva for talks with US envoys.

The International Committee of the Red Cross welcomed the meeting. Varga thanked the people of Geneva.

Neighbours said the city was quiet, and the neighbours of the venue agreed. Reiner declined to comment.
"""

# A wire story and a radio transcript of one election night.
ELECTION_A = """Nora Vance of Renew Tressel won the race for mayor on Sunday, ending ten years in office for Mayor Greta Solheim of the Harbour League.

"Tressel wanted a change," Vance told supporters at the Wool Hall. Solheim congratulated her.

Vance, 44, a former nurse, studied at the University of Tressel.
"""
ELECTION_B = """PRESENTER (IDA KOSKINEN): Good evening from the count, where the result in the race for mayor has just been declared.

COUNCILLOR BRAM OSTERGAARD: I declare that Nora Vance has been duly elected as Mayor of Tressel for the next four years.

"Tressel wanted a change," Vance said. Greta Solheim did not attend. The Tressel Herald said turnout was low.
"""


def _prepare(*texts: str) -> list:
    return [prepare(Document(id=f"outlet-{i}", text=t), i) for i, t in enumerate(texts)]


def _by_name(found) -> dict:
    return {e.name: e for e in found}


def _check_spans(found, docs) -> None:
    texts = {p.document.id: p.document.text for p in docs}
    for e in found:
        assert [s.document for s in e.sources] == list(e.documents)
        for span in e.sources:
            written = texts[span.document][span.start : span.end]
            assert written and written == written.strip()
            assert name_key(written) in name_key(e.name) or len(written) <= 6  # a variant, a surname or acronym


# --- pure helpers ---------------------------------------------------------------------------------


def test_name_keys_merge_spellings():
    assert name_key("U.S.") == name_key("US") == name_key("United States") == name_key("USA")
    assert name_key("Bashar al-Assad") == name_key("Bashar Assad") == "bashar assad"
    assert name_key("al-Assad") == name_key("Assad") == "assad"
    assert name_key("U.N.") == name_key("United Nations")


@pytest.mark.parametrize(
    ("written", "label", "expected", "titled"),
    [
        ("President Bashar al-Assad's", "PERSON", "Bashar al-Assad", True),
        ("Mr Hijab", "ORG", "Hijab", True),  # honorifics go whatever the label
        ("General Motors", "ORG", "General Motors", False),  # ranks only leave PERSON mentions
        ("the White House", "ORG", "White House", False),
        ("“Fire Chief Anna Brandt", "PERSON", "Anna Brandt", True),
        ("Assad’s", "PERSON", "Assad", False),
        ("U.S.", "GPE", "U.S.", False),
        ("Mayor Greta Solheim", "ORG", "Greta Solheim", True),  # a rank before a full name, whatever the label
        ("President Bashar al-Assad", "GPE", "Bashar al-Assad", True),
        ("Major League Baseball", "ORG", "Major League Baseball", False),  # "League" is no one's name
        ("Queen Mary Hospital", "FAC", "Queen Mary Hospital", False),
    ],
)
def test_clean_strips_titles_articles_possessives(written, label, expected, titled):
    text = f"Yesterday {written} spoke."
    start = text.index(written)
    cleaned = _clean(text, start, start + len(written), label)
    assert cleaned is not None
    s, e, has_title = cleaned
    assert text[s:e] == expected
    assert has_title is titled


def test_clean_sees_a_title_just_before_the_mention():
    text = "Officials said Mr Hijab fled."
    start = text.index("Hijab")
    assert _clean(text, start, start + 5, "ORG") == (start, start + 5, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("COUNCILLOR BRAM OSTERGAARD: I declare", "Councillor Bram Ostergaard: I declare"),
        ("PRESENTER (IDA KOSKINEN): It's late", "PRESENTER (Ida Koskinen): It's late"),  # a lone word may be an acronym
        ("IT'S O'BRIEN AGAIN", "It's O'brien Again"),
        ("the US FDA and KBC Radio", "the US FDA and KBC Radio"),  # runs of short acronyms stay
        ("Nothing to change here.", "Nothing to change here."),
    ],
)
def test_model_text_title_cases_runs_of_capitals_keeping_offsets(text, expected):
    assert _model_text(text) == expected
    assert len(_model_text(text)) == len(text)


@pytest.mark.parametrize(
    ("label", "name", "context", "expected"),
    [
        ("PERSON", "University of Tressel", {}, "ORG"),  # organisation words
        ("PERSON", "Tressel Borough Council", {}, "ORG"),
        ("GPE", "Dunhallow Police", {}, "ORG"),
        ("GPE", "West Bank", {}, "GPE"),  # ... but not these in place names
        ("GPE", "Soviet Union", {}, "GPE"),
        ("PERSON", "Renew Tressel", {"after_person": True}, "ORG"),  # "Nora Vance of Renew Tressel"
        ("ORG", "Ida Koskinen", {"speaker": True}, "PERSON"),  # "PRESENTER (IDA KOSKINEN): ..."
        ("ORG", "Tressel Police", {"speaker": True}, "ORG"),
        ("ORG", "Greta Solheim", {"titled": True}, "PERSON"),
        ("PERSON", "Greta Solheim", {}, "PERSON"),
    ],
)
def test_vote_corrects_the_model(label, name, context, expected):
    titled = context.pop("titled", False)
    assert _vote(label, name, titled, False, **context) == expected


def _mention(doc, start, name, label, **kw) -> _Mention:
    return _Mention(doc, start, start + len(name), name, label, kw.pop("titled", False), False, **kw)


def test_a_place_is_not_merged_into_an_organisation_named_after_it():
    # One article: "... the University of Tressel ... Renew Tressel ... Tressel ..." in that order.
    mentions = [
        _mention(0, 10, "University of Tressel", "ORG"),
        _mention(0, 24, "Tressel", "GPE", place=True),  # inside it: "University of Tressel"
        _mention(0, 50, "Renew Tressel", "ORG"),
        _mention(0, 90, "Tressel", "PERSON"),  # the model's guess on a sentence-initial word
        _mention(0, 120, "Tressel", ""),  # found again by _repeats: no vote
    ]
    clusters = {c[0].key: c for c in _merge(_groups(mentions))}
    assert set(clusters) == {"university of tressel", "renew tressel", "tressel"}
    assert _label(clusters["tressel"]) == "GPE"  # named as a place by its context, 1 GPE vote to 1 PERSON
    assert _label(clusters["university of tressel"]) == "ORG"


def test_a_short_form_still_joins_the_name_it_ends_or_starts():
    mentions = [
        _mention(0, 0, "Dunhallow Cold Storage", "ORG"),
        _mention(0, 40, "Dunhallow", "GPE"),  # the company's short name, read as a place by the model
        _mention(0, 60, "Port Dunhallow Harbour Board", "ORG"),
        _mention(0, 100, "Harbour Board", "ORG"),
        _mention(0, 130, "Ministry of Fisheries", "ORG"),
        _mention(0, 160, "Fisheries", "ORG"),  # not a place: "of" does not keep it apart
    ]
    clusters = {c[0].key: [g.key for g in c] for c in _merge(_groups(mentions))}
    assert clusters == {
        "port dunhallow harbour board": ["port dunhallow harbour board", "harbour board"],
        "dunhallow cold storage": ["dunhallow cold storage", "dunhallow"],
        "ministry of fisheries": ["ministry of fisheries", "fisheries"],
    }


def test_a_title_makes_a_person_whatever_the_other_mentions_say():
    mentions = [_mention(0, 0, "Greta Solheim", "PERSON", titled=True)]
    mentions += [_mention(0, 20 * i, "Greta Solheim", "ORG") for i in (1, 2, 3)]
    (cluster,) = _merge(_groups(mentions))
    assert _label(cluster) == "PERSON"
    # A lone name after a title is weaker evidence: "Mr Jordan" does not make the country a person.
    mentions = [_mention(0, 0, "Jordan", "PERSON", titled=True)] + [_mention(0, 20 * i, "Jordan", "GPE") for i in (1, 2)]
    (cluster,) = _merge(_groups(mentions))
    assert _label(cluster) == "GPE"


def test_a_found_name_counts_where_else_the_cluster_writes_it():
    text = (
        "Dunhallow voted on Sunday. “Dunhallow is tired,” she said. On Monday Dunhallow woke up. In Dunhallow "
        "it rained. Mr Dunhallow disagreed. The Dunhallow Rovers lost. East Dunhallow was quiet. Dunhallow’s "
        "mayor spoke. Vance met Dunhallowers and Dunhallow-born fans."
    )
    docs = _prepare(text)
    found = [_mention(0, 0, "Dunhallow", "GPE")]
    repeats = _repeats(docs, [text], [True], found, Counter())
    assert [text[m.start - 5 : m.end + 2] for m in repeats] == [
        "ay. “Dunhallow i",
        "nday Dunhallow w",
        ". In Dunhallow i",
        "iet. Dunhallow’s",
    ]
    assert all(m.label == "" and text[m.start : m.end] == "Dunhallow" for m in repeats)  # they cast no vote
    assert [m.opens_sentence for m in repeats] == [True, False, False, True]
    assert _repeats(docs, [text], [True], found, Counter({"dunhallow": 1})) == []  # a common word here
    assert _repeats(docs, [text], [False], found, Counter()) == []  # lower-cased text: letters are no evidence


@pytest.mark.parametrize(
    "junk",
    [
        "lorry late", "the regime", "2012", "100,000", "pro-Assad", "A", "One Two Three Four Five Six Seven",
        "Sgt", "February 27", "July 7, 2005",  # a lone title, dates read as names
    ],
)
def test_junk_is_not_a_name(junk):
    assert not _is_name(junk)


def test_particles_and_uncased_text_are_names():
    assert _is_name("al-Hamade")
    assert _is_name("bashar assad", cased=False)


# --- model loading ----------------------------------------------------------------------------------


def test_spacy_is_not_imported_until_entities_are_asked_for():
    code = "import sys, storyline, storyline.analyse.entities; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_model_loads_once_with_ner_only():
    nlp = load_model()
    assert load_model() is nlp
    assert nlp.pipe_names == ["ner"]
    assert entities.load_seconds is not None


def test_missing_model_is_one_clear_error(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(entities, "_nlp", None)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name in entities.MODELS else real(name, *a))
    with pytest.raises(StorylineError, match="pip install") as err:
        find_entities(_prepare(SUMMIT_A))
    assert "\n" not in str(err.value)


def test_official_model_is_preferred(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    loaded = []
    monkeypatch.setattr(entities, "_nlp", None)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object() if name == "en_core_web_sm" else real(name, *a))
    import spacy

    monkeypatch.setattr(spacy, "load", lambda name, **kw: loaded.append((name, kw)) or "nlp")
    assert load_model() == "nlp"
    assert loaded[0][0] == "en_core_web_sm" and "parser" in loaded[0][1]["exclude"]


# --- finding entities --------------------------------------------------------------------------------


def test_no_sentences_no_entities():
    assert find_entities([]) == ()
    assert find_entities(_prepare("Share:\n")) == ()


def test_variants_merge_into_one_entity_with_outlets_and_spans():
    docs = _prepare(SUMMIT_A, SUMMIT_B)
    found = find_entities(docs)
    names = _by_name(found)
    varga = names["Elena Varga"]
    assert varga.type == "PERSON" and varga.documents == ("outlet-0", "outlet-1") and varga.mentions >= 4
    assert not {"Varga", "Ms Varga", "President Elena Varga", "Elena Varga's"} & names.keys()
    us = names["United States"]
    assert us.type == "GPE" and us.mentions == 3 and us.documents == ("outlet-0", "outlet-1")
    assert [docs[i].document.text[s.start : s.end] for i, s in enumerate(us.sources)] == ["U.S.", "US"]
    assert names["Tomas Reiner"].type == "PERSON" and names["Tomas Reiner"].documents == ("outlet-0", "outlet-1")
    assert names["Geneva"].type == "GPE"
    assert "Neighbours" not in names  # a capitalised common word opening a sentence
    assert "Reiner" not in names and "Mr Reiner" not in names
    _check_spans(found, docs)


def test_order_is_documents_then_mentions():
    found = find_entities(_prepare(SUMMIT_A, SUMMIT_B))
    keys = [(-len(e.documents), -e.mentions) for e in found]
    assert keys == sorted(keys)


def test_harbour_fire_example():
    docs = [prepare(d, i) for i, d in enumerate(read_inputs([EXAMPLE], []))]
    found = find_entities(docs)
    names = _by_name(found)
    every = tuple(p.document.id for p in docs)
    assert names["Halden Cold Storage"].type == "ORG"  # spaCy says EVENT; "Halden" alone joins it
    assert names["Halden Cold Storage"].documents == every
    for person in ("Tom Reddick", "Anna Brandt"):
        assert names[person].type == "PERSON" and names[person].documents == every
    assert names["Margaret Sowerby"].type == "PERSON"
    assert names["Port Elswick"].type == "GPE"
    assert names["Ferry Lane"].type == "FAC"  # spaCy says PERSON
    assert names["Harbour Leisure Centre"].type == "FAC"
    assert names["Quay Road"].type == "FAC" and names["Quay Road"].documents == every  # paragraph-initial too
    assert "Neighbours" not in names and "Brandt" not in names and "Reddick" not in names
    assert all(any(c.isupper() for c in e.name) for e in found)
    _check_spans(found, docs)


def test_syria_example_people_places_and_organisations():
    folder = shared_path("examples", "syria-2012")
    docs = [prepare(d, i) for i, d in enumerate(read_inputs([folder], []))]
    ids = [p.document.id for p in docs]
    names = _by_name(find_entities(docs))
    expected = {
        "Riyad Hijab": ("PERSON", [0, 1, 2, 3]),
        "Bashar al-Assad": ("PERSON", [0, 1, 2, 3, 4]),
        "Jay Carney": ("PERSON", [1, 2]),
        "Jordan": ("GPE", [0, 1, 2, 3, 4]),
        "Syria": ("GPE", [0, 1, 2, 3, 4]),
        "Damascus": ("GPE", [0, 1, 2, 3, 4]),
        "Aleppo": ("GPE", [0, 1]),
        "White House": ("ORG", [1, 2, 4]),
        "Syrian National Council": ("ORG", [0, 1, 3]),
        "Free Syrian Army": ("ORG", [0, 3]),
        "United States": ("GPE", [2, 4]),
    }
    for name, (label, outlets) in expected.items():
        assert names[name].type == label, name
        assert names[name].documents == tuple(ids[i] for i in outlets), name
    # Surnames and titled forms joined the full names; nationalities are not entities.
    assert not {"Assad", "Hijab", "Mr Hijab", "Carney", "Syrian", "Jordanian", "Salem"} & names.keys()
    assert not {"Alawite", "Alawites", "Sunni"} & names.keys()  # groups, whatever label some mentions got
    assert names["Riyad Hijab"].mentions >= 20


def test_election_night_places_parties_and_transcript_speakers():
    docs = _prepare(ELECTION_A, ELECTION_B)
    found = find_entities(docs)
    names = _by_name(found)
    # The city: named as a place ("Mayor of Tressel", "University of Tressel"), found again where the
    # model misses it ("Tressel wanted ..."), and kept apart from the party and university named after it.
    tressel = names["Tressel"]
    assert tressel.type == "GPE" and tressel.documents == ("outlet-0", "outlet-1")
    assert tressel.mentions == 4  # not "Renew Tressel" nor "Tressel Herald"
    assert names["Renew Tressel"].type == "ORG"  # "Nora Vance of Renew Tressel": a person's party
    assert names["University of Tressel"].type == "ORG"
    assert names["Greta Solheim"].type == "PERSON" and names["Greta Solheim"].documents == ("outlet-0", "outlet-1")
    # Names in capitals, read from a title-cased copy; the spans point at the original capitals.
    assert names["Bram Ostergaard"].type == "PERSON" and names["Ida Koskinen"].type == "PERSON"
    text = docs[1].document.text
    assert [text[s.start : s.end] for s in names["Bram Ostergaard"].sources] == ["BRAM OSTERGAARD"]
    assert not {"Mayor Greta Solheim", "Councillor Bram Ostergaard", "COUNCILLOR BRAM", "Solheim", "Vance"} & names.keys()
    _check_spans(found, docs)


def test_lower_cased_text_keeps_lower_case_names():
    """Multi-News style copies are lower-cased with sentence-initial capitals restored: case is no evidence."""

    def lower(text: str) -> str:
        return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text.lower(), flags=re.M)

    names = _by_name(find_entities(_prepare(lower(SUMMIT_A), lower(SUMMIT_B))))
    assert names["elena varga"].type == "PERSON" and len(names["elena varga"].documents) == 2
    assert names["geneva"].type == "GPE"


# Fictional wire copy for the context cues: a dateline, "in X", a list of places, "X said".
FLOOD_A = """BRESKA, Ovaldia, March 3 (Wirepost) - Floods cut roads across the north on Monday.

A red warning covers the districts of Dorn, Velka, Istrany, Morvath and Quillen until Wednesday. In Morvath, the river burst its banks.

"We have never seen water this high," said Anton Pelleska, who runs a bakery in Quillen. Pelleska said the army had not arrived.

Ovaldia's government said it would send boats.
"""
FLOOD_B = """Rescuers in Breska said on Monday that hundreds of homes were flooded in Morvath and Quillen.

The Red Cross said it had sent teams to Dorn, Velka and Istrany.
"""


def test_context_cues_type_places():
    docs = _prepare(FLOOD_A, FLOOD_B)
    names = _by_name(find_entities(docs))
    places = ("Breska", "Ovaldia", "Dorn", "Velka", "Istrany", "Morvath", "Quillen")
    for place in places:
        assert place in names and names[place].type in ("GPE", "LOC"), (place, names.get(place))
    assert names["Anton Pelleska"].type == "PERSON"
    assert "Pelleska" not in names  # "Pelleska said": the surname joins the person, whatever the model read
    _check_spans(names.values(), docs)


def test_dateline_and_place_cues_need_their_context():
    """A heading with a dash is no dateline; "from X" and a possessive after "in X" cast no place vote."""
    heading = "TRANSCRIPT — MONDAY, MAY 12\n\nDana Okafor said the fire started at night."
    assert entities._DATELINE.search(heading) is None or not (
        entities._DATELINE.search(heading).group(2) or entities._DATELINE.search(heading).group(3)
    )
    match = entities._DATELINE.search("LONDON (Wirepost) - Prices rose.")
    assert match and match.group(1) == "LONDON" and match.group(3)
    assert not entities._PLACE_BEFORE.search("a statement from ")
    assert entities._PLACE_BEFORE.search("at his home in ")
    assert not entities._PLACE_AFTER.match("Keswin's plant", len("Keswin"))
    assert entities._PLACE_AFTER.match("in Dorn at dawn", len("in Dorn"))


def test_list_votes_only_turn_misread_names_into_places():
    texts = ["Teams went to Dorn, Velka, Quillen, Istrany and Morvath. Smith, Jones and Brown spoke. Dorn, Velka, Istrany."]
    def m(name, label):
        start = texts[0].index(name)
        return _Mention(0, start, start + len(name), name, label, False, False)
    found = [m("Dorn", "GPE"), m("Velka", "GPE"), m("Quillen", "LOC"), m("Istrany", "PERSON"), m("Morvath", "ORG"),
             m("Smith", "PERSON"), m("Jones", "ORG"), m("Brown", "PERSON")]
    tail = texts[0].rindex("Dorn")  # a second list, of two places read as organisations and one person
    found += [_Mention(0, tail, tail + 4, "Dorn", "ORG", False, False),
              _Mention(0, tail + 6, tail + 11, "Velka", "ORG", False, False),
              _Mention(0, tail + 13, tail + 20, "Istrany", "PERSON", False, False)]
    entities._list_votes(found, texts)
    assert [x.label for x in found[:8]] == ["GPE", "GPE", "LOC", "GPE", "GPE", "PERSON", "ORG", "PERSON"]
    assert [x.label for x in found[8:]] == ["GPE", "GPE", "GPE"]  # each name's usual kind over the cluster


def test_an_officer_named_after_the_organisation_is_split_off():
    """The model reads "Halvern Chair Ida Moritz" as one organisation: the firm, then its officer."""
    match = entities._ORG_ROLE_NAME.fullmatch("Halvern Chair Ida Moritz")
    assert match and match.group(1) == "Halvern" and match.group(2) == "Ida Moritz"
    match = entities._ORG_ROLE_NAME.fullmatch("Trevane Mining Chief Executive Marcus Feld")
    assert match and match.group(1) == "Trevane Mining" and match.group(2) == "Marcus Feld"
    assert entities._ORG_ROLE_NAME.fullmatch("Chair Ida Moritz") is None  # a title alone is no organisation
    assert entities._ORG_ROLE_NAME.fullmatch("Halvern Manager Services") is None  # no name after the role
