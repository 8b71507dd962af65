"""The JSON schema of a brief (``render.to_dict``), generated from the data model and the registry of
sections, so it cannot drift from the output. ``src/storyline/data/brief.schema.json`` is this
module's output, committed so the server can serve it as is; a test checks that the two agree and
that real briefs validate against it. Regenerate it after changing the model:

    .venv/bin/python -m storyline.schema > src/storyline/data/brief.schema.json
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Annotated, Any, get_args, get_type_hints

from pydantic import Field, TypeAdapter, create_model

from .model import Brief, DocumentInfo, Span, SummarySentence
from .options import pydantic_fields
from .sections import LEADS, SECTIONS

SpanList = tuple[Span, ...]

# The summary's JSON keys: a SummarySentence attribute, or the type of a value render.to_dict works out.
SUMMARY_KEYS: dict[str, str | Any] = {
    "text": "text",
    "words": Annotated[int, Field(ge=1)],
    "support": Annotated[int, Field(ge=1, description="how many outlets make this statement (verbatim, near-duplicate or close paraphrase)")],
    "sources": Annotated[SpanList, Field(min_length=1, description="the document the text was taken from, then every document carrying the same sentence or a near-duplicate")],
    "supporting": Annotated[SpanList, Field(description="one span in every outlet that makes the statement, paraphrases included")],
    "hedge": Annotated[str | None, Field(description="the cue with which an outlet marks this statement as unverified (a claim's cue); null when none")],
}
# Document keys whose JSON says more than their DocumentInfo annotation (bounds, what they mean).
DOCUMENT_KEYS: dict[str, Any] = {
    "relatedness": Annotated[float | None, Field(ge=0, le=1, description="share of its lead's concepts and content words that other articles carry (null under three articles)")],
    "reason": Annotated[str | None, Field(description="why it was judged off-event, in words; with off_event false, why it may be about another event (kept: mixed evidence); null otherwise")],
}
# What a section item's field means, where its name and type do not say it (item type, field).
FIELD_DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("Disagreement", "kind"): "count, money, percent, measure, range, age, date, weekday, clock, place, name or title",
    ("Disagreement", "update"): "an outlet reports its figure as an update (\"the toll rose to 15\")",
    ("DisagreementValue", "bound"): "\"at least\", \"more than\", \"about\", \"up to\" ...: the value is a bound or an estimate; null: an exact figure",
    ("DisagreementValue", "newest"): "the new figure of an update: the latest reported",
}
OPTIONAL = {"documents": {"text"}, "summary": {"supporting"}}  # keys to_dict may leave out


def _type_of(cls: type, name: str) -> Any:
    """The annotation of a field, or the return annotation of a property."""
    hints = get_type_hints(cls, include_extras=True)
    if name in hints:
        return hints[name]
    prop = getattr(cls, name)
    getter = getattr(prop, "fget", None) or getattr(prop, "func", None)  # property or cached_property
    return get_type_hints(getter, include_extras=True)["return"]


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def schema(self, kind: Any) -> dict:
        """JSON schema of a type; dataclasses become ``$defs`` (every field required: to_dict writes them all)."""
        data = TypeAdapter(kind).json_schema(ref_template="#/$defs/{model}")
        for name, definition in data.pop("$defs", {}).items():
            definition.pop("title", None)
            for key, prop in definition.get("properties", {}).items():
                prop.pop("title", None)
                if (name, key) in FIELD_DESCRIPTIONS:
                    prop["description"] = FIELD_DESCRIPTIONS[name, key]
            definition["required"] = list(definition.get("properties", {}))
            if name == "Span":
                definition["additionalProperties"] = False
            self.defs[name] = definition
        data.pop("title", None)
        return data

    def item(self, cls: type, keys: dict[str, Any], optional: set[str] = frozenset(), description: str = "") -> dict:
        properties = {}
        for key, source in keys.items():
            kind = _type_of(cls, source) if isinstance(source, str) else source
            properties[key] = self.schema(kind)
            if (cls.__name__, key) in FIELD_DESCRIPTIONS:
                properties[key]["description"] = FIELD_DESCRIPTIONS[cls.__name__, key]
        item = {"type": "object", "required": [k for k in keys if k not in optional], "properties": properties}
        array = {"type": "array", "items": item}
        if description:
            array["description"] = description
        return array


def brief_schema() -> dict:
    b = _Builder()
    properties = {
        "summary": b.item(SummarySentence, SUMMARY_KEYS, OPTIONAL["summary"], "the summary sentences, in reading order"),
        "documents": b.item(
            DocumentInfo, {f.name: DOCUMENT_KEYS.get(f.name, f.name) for f in fields(DocumentInfo)}, OPTIONAL["documents"],
            "the articles, in input order; text is left out of batch output",
        ),
    }
    for section in SECTIONS:
        properties[section.name] = b.item(section.item, {k: k for k in section.json_keys()}, description=section.description)
    options = create_model("Settings", **pydantic_fields(("words", "solver", "analysis", "keep_all"))).model_json_schema()["properties"]
    properties["settings"] = {
        "type": "object",
        "description": "the options and selection settings the brief was made with",
        "properties": {
            **{k: {key: v for key, v in options[k].items() if key in ("type", "enum", "minimum")} for k in ("words", "solver", "analysis", "keep_all")},
            "elapsed_ms": {"type": "number"},
        },
    }
    properties["warnings"] = {"type": "array", "items": {"type": "string"}}
    required = list(properties)
    for lead in LEADS:  # to_dict writes a lead only when it is set: its type without None, not required
        kind = _type_of(Brief, lead.name)
        properties[lead.name] = {**b.schema(next((a for a in get_args(kind) if a is not type(None)), kind)), "description": lead.description}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://storyline.example/brief.schema.json",
        "title": "storyline brief",
        "description": (
            "Output of `storyline brief --format json` and of storyline.render.to_dict, generated from the data model "
            "(storyline/schema.py). Every span's start/end are character offsets into the text of the document it "
            "names (documents[].text)."
        ),
        "type": "object",
        "required": required,
        "$defs": dict(sorted(b.defs.items())),
        "properties": properties,
    }


def schema_text() -> str:
    return json.dumps(brief_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")
