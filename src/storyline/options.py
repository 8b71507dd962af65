"""The options of a brief: one frozen, validated object, the only home of their defaults and bounds.

Every shell takes its defaults and validation from ``BriefOptions``: ``storyline.brief`` (keyword
arguments are folded into it), the CLI's flags, the server's request model, batch (which passes it
whole to its workers). Adding an option is one field here; the shells pick it up.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError

from .errors import StorylineError

SOLVERS = ("auto", "ilp", "greedy")
Solver = Literal["auto", "ilp", "greedy"]


class BriefOptions(BaseModel):
    """What a caller may choose about one brief."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    words: StrictInt = Field(100, ge=1, description="Hard budget: whole sentences, at most this many words.")
    solver: Solver = Field(
        "auto", description="auto: exact on large clusters, greedy on small; ilp: always exact; greedy: fastest."
    )
    analysis: StrictBool = Field(True, description="Add quotes, claims, disagreements, entities, timeline.")
    keep_all: StrictBool = Field(False, description="Keep articles about a different event in the summary.")
    query: StrictStr | None = Field(None, description="Accepted and ignored for now (the brief covers the whole cluster).")
    max_document_words: StrictInt = Field(
        20_000, ge=1, description="Most whitespace-separated words in one article; a longer one is refused."
    )

    @classmethod
    def make(cls, base: BriefOptions | None = None, **changes: Any) -> BriefOptions:
        """``base`` (or the defaults) with ``changes`` (None values ignored), validated; errors as ``StorylineError``."""
        given = {k: v for k, v in changes.items() if v is not None}
        try:
            if base is None:
                return cls(**given)
            return cls(**{**base.model_dump(exclude_unset=True), **given}) if given else base
        except ValidationError as err:
            raise StorylineError(describe_error(err)) from None


def default(name: str) -> Any:
    """The default of option ``name`` (what the CLI and the server show and use)."""
    return BriefOptions.model_fields[name].default


def help_text(name: str) -> str:
    return BriefOptions.model_fields[name].description or ""


def lower_bound(name: str) -> int | None:
    """The smallest value option ``name`` takes (its ``ge``), for shells that check it themselves."""
    return next((m.ge for m in BriefOptions.model_fields[name].metadata if getattr(m, "ge", None) is not None), None)


def describe_error(err: ValidationError) -> str:
    """One clause per problem, naming the option: ``words must be a positive whole number, got 0``."""
    parts = []
    for e in err.errors()[:5]:
        where = ".".join(str(p) for p in e.get("loc", ())) or "options"
        kind = e.get("type")
        if kind == "extra_forbidden":
            parts.append(f"{where}: no such option")
            continue
        if kind == "greater_than_equal" and e["ctx"]["ge"] == 1:
            message = "must be a positive whole number"
        elif kind == "int_type":
            message = "must be a whole number"
        elif kind == "bool_type":
            message = "must be true or false"
        else:
            message = str(e.get("msg", "is invalid")).removeprefix("Value error, ").replace("Input should be", "must be")
        parts.append(f"{where} {message}, got {e.get('input')!r}")
    return "; ".join(parts)
