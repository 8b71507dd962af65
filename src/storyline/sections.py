"""The registry of brief sections: each entry names its analyser, its item type and how one item
renders. ``brief()`` runs the analysers from it; Markdown, JSON and HTML (``render.py``), the JSON
schema (``schema.py``) and the web page's JavaScript (``serve/page.html``, which gets ``page_spec()``)
all render from it. A new section is its analyser, its item type in ``model.py`` and one entry here.

How an item renders is a short list of parts, the same for every format:
- a string: literal text;
- ``Field(name, role)``: the item's field (``template`` fills it in: ``"{} outlets"``; a template
  without ``{}`` is shown as is when the field is set, for a flag: ``" (updated figure)"``; an empty
  or false field shows ``default``); the role says what it is, each format says how that looks:
  ``plain``, ``strong`` (a speaker, a date), ``value`` (a contested value), ``cue`` and ``note``
  (asides that follow the text);
- ``Marks(field)``: source marks for the item's spans;
- ``Each(field, separator, parts)``: the parts for every sub-item (a disagreement's values).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from .model import Claim, Disagreement, Entity, Fact, Quote, TimelineEvent

ROLES = ("plain", "strong", "value", "cue", "note")


@dataclass(frozen=True)
class Field:
    name: str
    role: str = "plain"
    default: str | None = None  # shown when the field is empty
    template: str | None = None  # "{} outlets": the text around the value (no "{}": the text for a set flag)


@dataclass(frozen=True)
class Marks:
    field: str = "sources"
    documents: str | None = None  # a field of document ids: the outlets, where the spans are not given


@dataclass(frozen=True)
class Each:
    field: str
    separator: str
    parts: tuple = ()


@dataclass(frozen=True)
class Column:
    heading: str
    parts: tuple


@dataclass(frozen=True)
class Section:
    name: str  # the Brief field and the JSON key
    title: str  # the heading
    item: type  # the item type (model.py)
    find: str | None  # "module:function" of the analyser, called with the cluster view; None: brief() makes it
    parts: tuple = ()  # one item, in a list
    columns: tuple[Column, ...] = ()  # ...or one row of a table
    keys: tuple[str, ...] = ()  # JSON keys in order (default: the item's fields); properties may be named
    description: str = ""

    def json_keys(self) -> tuple[str, ...]:
        return self.keys or tuple(f.name for f in fields(self.item))

    def analyser(self) -> Callable[[Any], tuple]:
        module, _, function = (self.find or "").partition(":")
        return getattr(importlib.import_module(module, __package__), function)


SECTIONS: tuple[Section, ...] = (
    Section(
        "facts", "Most corroborated", Fact, None,
        parts=(Field("text"), " ", Marks(), Field("support", "note", template="{} outlets")),
        keys=("text", "support", "sources"),
        description="statements several outlets make, most widely reported first",
    ),
    Section(
        "quotes", "Quotes", Quote, ".analyse.quotes:find_quotes",
        parts=("“", Field("text"), "” — ", Field("speaker", "strong", default="unattributed"), " ", Marks()),
        description="direct quotations, with the speaker where the text names one",
    ),
    Section(
        "claims", "Treat with care", Claim, ".analyse.claims:find_claims",
        parts=(Field("text"), " ", Marks(), Field("cue", "cue")),
        description="statements their own outlet hedges or attributes without confirmation",
    ),
    Section(
        "disagreements", "Disagreements", Disagreement, ".analyse.disagreements:find_disagreements",
        parts=(
            Field("about"), Field("update", template=" (updated figure)"), ": ",
            Each("values", "; ", (
                Field("value", "value"), Field("bound", template=" ({}: a bound or estimate)"),
                Field("newest", template=" (newest)"), " ", Marks(),
            )),
        ),
        description="values that outlets give differently for the same thing",
    ),
    Section(
        "entities", "People, organisations and places", Entity, ".analyse.entities:find_entities",
        columns=(
            Column("name", (Field("name"),)),
            Column("type", (Field("type"),)),
            Column("mentions", (Field("mentions"),)),
            Column("outlets", (Marks("sources", documents="documents"),)),
        ),
        description="people, organisations and places, most widely reported first",
    ),
    Section(
        "timeline", "Timeline", TimelineEvent, ".analyse.timeline:find_timeline",
        parts=(Field("date", "strong", default="undated"), " (", Field("when"), "): ", Field("text"), " ", Marks()),
        description="dated or datable events, earliest first",
    ),
)


def analyse(view: Any) -> dict[str, tuple]:
    """Every section that has an analyser, from the cluster view (the kept documents)."""
    return {s.name: s.analyser()(view) for s in SECTIONS if s.find}


def value(item: Any, part: Field) -> str:
    """A field's text as shown: the value (template filled in), or the default when it is empty or false."""
    raw = getattr(item, part.name)
    if raw is None or raw == "" or raw is False:
        return part.default or ""
    return part.template.format(raw) if part.template else str(raw)


def page_spec() -> list[dict]:
    """The registry as data, for the page's JavaScript."""

    def part(p: Any) -> Any:
        if isinstance(p, str):
            return p
        if isinstance(p, Field):
            return {"field": p.name, "role": p.role, "default": p.default, "template": p.template}
        if isinstance(p, Marks):
            return {"marks": p.field, "documents": p.documents}
        return {"each": p.field, "separator": p.separator, "parts": [part(q) for q in p.parts]}

    return [
        {
            "name": s.name, "title": s.title, "parts": [part(p) for p in s.parts],
            "columns": [{"heading": c.heading, "parts": [part(p) for p in c.parts]} for c in s.columns],
        }
        for s in SECTIONS
    ]
