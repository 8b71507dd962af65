from __future__ import annotations

from conftest import ARTICLE_A
from storyline.model import Document
from storyline.prepare import paragraphs, prepare, sentence_is_noise


def test_offsets_point_into_the_original_text(example_dir):
    from storyline.ingest import read_inputs

    for doc in read_inputs([example_dir], []):
        prepared = prepare(doc)
        assert prepared.sentences
        for s in prepared.sentences:
            assert doc.text[s.start : s.end] == s.text
            assert s.text == s.text.strip()


def test_scraper_boilerplate_is_dropped_and_recorded():
    doc = Document("city-news", ARTICLE_A)
    prepared = prepare(doc)
    texts = [s.text for s in prepared.sentences]
    dropped = [doc.text[a:b] for a, b in prepared.dropped]
    assert texts[0].startswith("The city council on Wednesday approved")  # dateline cut, headline gone
    for junk in ("Council approves new bridge over the Lune", "By Sam Field, City Desk", "Share this article", "City News"):
        assert junk in dropped
        assert junk not in texts
    assert any(d.startswith("Photo:") for d in dropped)
    assert not any("Photo" in t for t in texts)


def test_sentences_are_split_and_numbered_in_order():
    prepared = prepare(Document("a", ARTICLE_A))
    assert [s.position for s in prepared.sentences] == list(range(len(prepared.sentences)))
    quote = [s.text for s in prepared.sentences if s.text.startswith('"This is a great day')]
    assert quote and quote[0].endswith("said council leader Maria Hughes.")


def test_headline_equal_to_title_is_dropped():
    doc = Document("a", "Storm hits the coast\n\nA storm hit the coast on Friday, cutting power to thousands of homes.", title="Storm hits the coast")
    assert [s.text for s in prepare(doc).sentences] == ["A storm hit the coast on Friday, cutting power to thousands of homes."]


def test_pull_quote_repeated_from_the_body_is_dropped():
    text = (
        "The minister resigned on Monday after a week of pressure over the budget.\n\n"
        "I have done my duty\n\n"
        '"I have done my duty and I leave with my head high," she told reporters outside the ministry.\n'
    )
    texts = [s.text for s in prepare(Document("a", text)).sentences]
    assert "I have done my duty" not in texts
    assert len(texts) == 2


def test_hard_wrapped_text_is_joined_into_paragraphs():
    para = (
        "The harbour authority said on Thursday that it would dredge the channel\n"
        "next spring so that larger ferries can dock, a move that local fishermen\n"
        "have opposed for years because of the damage to the seabed.\n"
    )
    text = "\n".join([para, para.replace("Thursday", "Friday"), para.replace("spring", "summer")])
    spans = paragraphs(text)
    assert len(spans) == 3
    sentences = prepare(Document("a", text)).sentences
    assert len(sentences) == 3 and "channel\nnext spring" in sentences[0].text


def test_broadcast_furniture_is_noise_but_prose_is_not():
    assert sentence_is_noise("I am Audie Cornish.")
    assert sentence_is_noise("From Radio Ten this is THE EVENING REPORT.")
    assert sentence_is_noise("Jane Smith Radio Ten News Paris.")
    assert not sentence_is_noise("The mayor said the bridge would open in May.")
    assert not sentence_is_noise('"We will rebuild," said Mayor Tom Reddick.')


def test_date_is_parsed_when_given():
    assert prepare(Document("a", "Text here.", date="Saturday, January 8, 2005")).parsed_date.year == 2005
    assert prepare(Document("a", "Text here.", date="not a date")).parsed_date is None


def test_transcript_speaker_labels_are_kept():
    assert not sentence_is_noise("RETURNING OFFICER JANE ROE: Every vote was counted.")
    assert sentence_is_noise("From Radio Ten this is THE EVENING REPORT.")
