"""The small typed data model every stage shares.

Offsets always point into ``Document.text`` as given (the original text), so every
summary sentence can be traced back to the exact characters it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class Document:
    """One article. ``id`` names the outlet/source (file name or JSONL id/title)."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None

    @classmethod
    def from_dict(cls, record: Any, fallback_id: str, where: str = "document", *, require_text: bool = True) -> Document:
        """A document from a ``{id, title, date, text}`` object (the cluster JSONL format; other keys
        are ignored): every reader's one rule. The id is ``id`` as a string, else the title, else
        ``fallback_id``; a title or date that is not a string is dropped. ``InputError`` names ``where``."""
        from .errors import InputError

        if not isinstance(record, dict):
            raise InputError(f"{where}: expected a JSON object {{id, title, date, text}}, got {type(record).__name__}")
        text = record.get("text")
        if not isinstance(text, str):
            if text is not None:
                raise InputError(f"{where}: 'text' must be a string, got {type(text).__name__}")
            if require_text:
                raise InputError(f"{where} has no 'text' string")
            text = ""
        raw_id = record.get("id")
        if isinstance(raw_id, (dict, list)):
            raise InputError(f"{where}: 'id' must be a string or a number")
        title, date = record.get("title"), record.get("date")
        title = title if isinstance(title, str) else None
        return cls(
            id=str(raw_id) if raw_id not in (None, "") else (title or fallback_id),
            text=text,
            title=title,
            date=date if isinstance(date, str) else None,
        )


@dataclass(frozen=True)
class Sentence:
    """A sentence of a prepared document: ``document.text[start:end] == text``."""

    doc: int  # index of the document in its cluster
    position: int  # index among the document's kept sentences (0 = lead)
    paragraph: int  # index of the paragraph it sits in
    start: int
    end: int
    text: str

    @cached_property
    def words(self) -> int:
        """Whitespace-separated words, as the budget counts them (computed once)."""
        return len(self.text.split())


@dataclass(frozen=True)
class PreparedDocument:
    document: Document
    sentences: tuple[Sentence, ...]
    dropped: tuple[tuple[int, int], ...] = ()  # spans removed as boilerplate
    parsed_date: datetime | None = None

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sentences)


@dataclass(frozen=True)
class Cluster:
    """Articles about one story (plus reference summaries when read from an evaluation file)."""

    id: str
    documents: tuple[Document, ...]
    references: tuple[str, ...] = ()
    query: str | None = None  # a question the brief should answer (DUC title and narrative joined)


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of the document with id ``document``."""

    document: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class SummarySentence:
    text: str
    sources: tuple[Span, ...]  # first the one the text was taken from, then near-duplicates
    support: tuple[Span, ...] = ()  # every outlet that makes the statement (paraphrases too), one span each
    hedge: str | None = None  # the cue of an outlet that marks the statement unverified (a Claim's cue)

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    title: str | None
    date: str | None
    words: int
    off_event: bool = False
    relatedness: float | None = None  # share of its lead's concepts other articles carry, 0..1
    reason: str | None = None  # why it was judged off-event; with off_event False, why it may be (kept)
    text: str = ""  # the text that offsets point into


@dataclass(frozen=True)
class Fact:
    """A statement several outlets make: ``support`` outlets, one span in each."""

    text: str
    sources: tuple[Span, ...]

    @property
    def support(self) -> int:
        return len({s.document for s in self.sources})


@dataclass(frozen=True)
class Quote:
    text: str  # the quoted words, without the quotation marks
    speaker: str | None  # a name where the text gives one
    sources: tuple[Span, ...]  # the quotation in each outlet that carries it


@dataclass(frozen=True)
class Claim:
    """A statement its own outlet hedges or attributes without confirmation."""

    text: str
    cue: str  # the words that triggered it ("could not immediately be verified")
    sources: tuple[Span, ...]


@dataclass(frozen=True)
class DisagreementValue:
    value: str
    sources: tuple[Span, ...]
    bound: str | None = None  # "at least", "about", "up to" ...: the value is a bound or an estimate
    newest: bool = False  # the figure an update gives ("the toll rose to 15"): the latest one reported


@dataclass(frozen=True)
class Disagreement:
    about: str  # what the values are of ("people evacuated")
    values: tuple[DisagreementValue, ...]
    kind: str = ""  # count, money, percent, measure, range, age, date, weekday, clock, place, name, title
    update: bool = False  # an outlet reports the figure as updated ("rose to 15", "revised")


@dataclass(frozen=True)
class Entity:
    name: str
    type: str  # PERSON, ORG, GPE, LOC, NORP, FAC, EVENT
    mentions: int
    documents: tuple[str, ...]
    sources: tuple[Span, ...] = ()  # first mention in each document


@dataclass(frozen=True)
class TimelineEvent:
    when: str  # the expression as written ("on Monday", "last month")
    date: str | None  # ISO date (or YYYY-MM) when it can be placed on a calendar
    text: str  # the sentence
    sources: tuple[Span, ...]


@dataclass(frozen=True)
class Brief:
    summary: tuple[SummarySentence, ...]
    documents: tuple[DocumentInfo, ...]
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    entities: tuple[Entity, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    query: str | None = None  # the question the brief answers (title and narrative joined)

    @property
    def text(self) -> str:
        """The summary sentences joined by newlines."""
        return "\n".join(s.text for s in self.summary)

    @property
    def words(self) -> int:
        return sum(s.words for s in self.summary)
