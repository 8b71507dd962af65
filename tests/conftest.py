from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "harbour-fire"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = REPO.parent / "shared"


@pytest.fixture
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not present: {path} (tests on ../shared/ run only where it is)")
    return path


def write_jsonl(path: Path, clusters: list[dict]) -> Path:
    path.write_text("".join(json.dumps(c) + "\n" for c in clusters), encoding="utf-8")
    return path


ARTICLE_A = """Council approves new bridge over the Lune

By Sam Field, City Desk

Share this article

LANCASTER (City News) - The city council on Wednesday approved a new footbridge over the river Lune, ending a decade of debate about how to link the two halves of the old town.

The bridge will cost 12 million pounds and is due to open in the spring of 2027, the council said in a statement.

"This is a great day for the city," said council leader Maria Hughes. "People have waited far too long."

Photo: An artist's impression of the new bridge / City Council

Opponents said the money would be better spent on repairing existing roads, and a petition against the plan gathered 3,000 signatures.

City News
"""

ARTICLE_B = """The city council on Wednesday approved a new footbridge over the river Lune, ending a decade of debate about how to link the two halves of the old town.

The bridge will cost 14 million pounds and is due to open in the spring of 2027, according to the local paper.

Construction crews are expected to start work on the riverbanks in early autumn, once the salmon season has ended.

Council leader Maria Hughes said the vote was a great day for the city and thanked residents for their patience.
"""

ARTICLE_C = """Local cyclists welcomed the approval of a new footbridge over the river Lune on Wednesday.

The city council approved the new footbridge over the river Lune on Wednesday, ending a decade of debate about how to link the two halves of the old town.

A cycling group said the bridge would cut many commutes by ten minutes and make the riverside safer for children.

The group had campaigned for the crossing since 2016 and collected letters of support from local schools.
"""


@pytest.fixture
def bridge_articles() -> list[str]:
    return [ARTICLE_A, ARTICLE_B, ARTICLE_C]


@pytest.fixture
def bridge_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "bridge"
    folder.mkdir()
    for name, text in zip(["city-news.txt", "the-courier.txt", "cycling-weekly.txt"], [ARTICLE_A, ARTICLE_B, ARTICLE_C]):
        (folder / name).write_text(text, encoding="utf-8")
    return folder
