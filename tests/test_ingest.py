from __future__ import annotations

import gzip
import json

import pytest

from conftest import write_jsonl
from storyline.errors import InputError
from storyline.ingest import find_cluster, markdown_to_text, read_clusters, read_inputs, split_articles


def test_directory_reads_supported_files_in_name_order(example_dir):
    warnings: list[str] = []
    docs = read_inputs([example_dir], warnings)
    assert [d.id for d in docs] == [
        "01-coastal-wire.txt",
        "02-the-harbour-gazette.txt",
        "03-channel-9-news.html",
        "04-northern-post.md",
    ]
    assert warnings == []


def test_html_page_is_reduced_to_the_article(example_dir):
    (doc,) = read_inputs([example_dir / "03-channel-9-news.html"], [])
    assert "<p>" not in doc.text and "<nav" not in doc.text
    assert "Ferry Lane" in doc.text
    assert "cookie" not in doc.text.lower()  # footer notice is not article text
    assert doc.title and "Port Elswick" in doc.title


def test_markdown_loses_markup_and_gives_title():
    text, title = markdown_to_text("# Big news\n\nThe *mayor* said [hello](http://x.test) **twice**.\n")
    assert title == "Big news"
    assert "The mayor said hello twice." in text
    assert "#" not in text and "*" not in text and "http" not in text


def test_multi_news_separator_splits_articles(fixtures):
    docs = read_inputs([fixtures / "multi.txt"], [])
    assert [d.id for d in docs] == ["multi.txt#1", "multi.txt#2", "multi.txt#3"]
    assert all("|||||" not in d.text for d in docs)


def test_split_articles_without_separator_keeps_one_document():
    assert len(split_articles("One article only.", "x")) == 1


def test_missing_path_and_empty_directory_are_clear_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_inputs([tmp_path / "nope.txt"], [])
    with pytest.raises(InputError, match="no article files"):
        read_inputs([tmp_path], [])


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary"):
        read_inputs([path], [])


def test_non_utf8_text_is_read_with_a_warning(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\xe9 owners in Lyon said business was good this summer.".encode("latin-1"))
    warnings: list[str] = []
    (doc,) = read_inputs([path], warnings)
    assert "Café" in doc.text
    assert warnings and "UTF-8" in warnings[0] and "latin.txt" in warnings[0]


def test_same_file_name_twice_stays_two_sources(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text("A sentence about the story.", encoding="utf-8")
    import storyline  # brief() makes the ids unique, whatever read them

    result = storyline.brief([tmp_path / "a", tmp_path / "b"], analysis=False)
    assert [d.id for d in result.documents] == ["story.txt", "story.txt~2"]


def test_cluster_jsonl_streaming_and_lookup(tmp_path):
    path = write_jsonl(
        tmp_path / "c.jsonl",
        [
            {"id": "x1", "documents": [{"id": "0", "title": None, "date": None, "text": "First."}], "references": ["R"]},
            {"id": "x2", "documents": [{"text": "Second."}]},
        ],
    )
    clusters = list(read_clusters(path))
    assert [c.id for c in clusters] == ["x1", "x2"]
    assert clusters[0].references == ("R",)
    assert clusters[1].documents[0].id == "0"  # falls back to the position
    assert find_cluster(path, "x2").documents[0].text == "Second."
    with pytest.raises(InputError, match="no cluster with id 'zz'.*2 clusters"):
        find_cluster(path, "zz")
    with pytest.raises(InputError, match="choose one with --id"):
        find_cluster(path, None)


def test_gzipped_jsonl(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "g", "documents": [{"text": "Zipped text."}]}) + "\n")
    assert [c.id for c in read_clusters(path)] == ["g"]


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "expected a JSON object"),
        ('{"id": "a", "documents": "text"}', "'documents' must be a list"),
        ('{"id": "a", "documents": [{"title": "no text"}]}', "document 0 has no 'text'"),
    ],
)
def test_malformed_jsonl_line_names_file_and_line(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "ok", "documents": [{"text": "Fine."}]}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        list(read_clusters(path))
    assert "bad.jsonl:3" in str(err.value) and message in str(err.value)
