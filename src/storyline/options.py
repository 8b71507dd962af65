"""Options: one frozen, validated object per task, the only home of their defaults and bounds.

Every shell takes its defaults and validation from ``BriefOptions``: ``storyline.brief`` (keyword
arguments are folded into it), the CLI's flags, the server's request model, batch (which passes it
whole to its workers). Adding an option is one field here; the shells pick it up. ``StoryOptions``
does the same for story detection (``storyline stories``, its Dask workers, the online clusterer).
Invalid values raise ``StorylineError`` naming the option.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError

from .errors import StorylineError

SOLVERS = ("auto", "ilp", "greedy")
Solver = Literal["auto", "ilp", "greedy"]


class Options(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as err:
            raise StorylineError(describe_error(err)) from None

    @classmethod
    def make(cls, base: Options | None = None, **changes: Any) -> Options:
        """``base`` (or the defaults) with ``changes`` (None values: not given), validated."""
        given = {k: v for k, v in changes.items() if v is not None}
        if base is None:
            return cls(**given)
        return cls(**{**base.model_dump(exclude_unset=True), **given}) if given else base


class BriefOptions(Options):
    """What a caller may choose about one brief."""

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


class FeatureOptions(Options):
    """How an article becomes a term vector for story detection (``stories/features.py``)."""

    max_tokens: int = Field(400, ge=1, description="tokens of the text read (the lead and body, not the tail of related links)")
    title_weight: float = Field(2.0, ge=0.0)
    max_terms: int = Field(80, ge=1, description="an article's vector keeps its strongest terms only")


class StoryOptions(Options):
    """Story detection (``storyline stories``). threshold, margin, noise and second_chance were tuned on
    the first half of the Multi-News validation clusters (benchmarks/stories.py, docs/stories.md)."""

    threshold: float = Field(0.225, gt=0.0, le=1.0, description="group-average cosine needed to join a story (runner-up at noise) or merge two")
    margin: float = Field(0.5, ge=0.0, description="the threshold to join rises by margin x (runner-up's similarity - noise); 0: a fixed threshold")
    noise: float = Field(0.16, ge=0.0, le=1.0, description="the runner-up similarity at which the threshold to join is threshold itself")
    window_days: float | None = Field(3.0, gt=0.0, description="a story closes when its newest article is this many days older than the feed; None: no time window")
    max_active: int = Field(20_000, ge=1, description="open stories at most; the least recently updated closes first (the bound without dates)")
    reorder: int = Field(1_000, ge=0, description="articles held back to put out-of-order dates back in order")
    features: FeatureOptions = Field(default_factory=FeatureOptions)
    query_terms: int = Field(16, ge=1, description="an item looks up stories under this many of its strongest terms that list one")
    index_terms: int = Field(12, ge=1, description="...and is listed under this many")
    candidates: int = Field(12, ge=1, description="stories compared exactly per item")
    max_posting: int = Field(2_000, ge=1, description="a term listing more open stories than this proposes no candidates")
    merge: bool = Field(True, description="a story that grows is merged into another candidate when the two now reach the threshold")
    second_chance: float = Field(0.8, ge=0.0, le=1.0, description="a lone item the window closes joins its best open story at this x the threshold; 0: off")

    @property
    def window(self) -> float | None:
        """The time window in seconds (what the clusterer compares timestamps with)."""
        return None if self.window_days is None else self.window_days * 86400.0


def default(name: str, options: type[Options] = BriefOptions) -> Any:
    """The default of option ``name`` (what the CLI and the server show and use)."""
    return options.model_fields[name].default


def help_text(name: str, options: type[Options] = BriefOptions) -> str:
    return options.model_fields[name].description or ""


def lower_bound(name: str, options: type[Options] = BriefOptions) -> int | None:
    """The smallest value option ``name`` takes (its ``ge``), for shells that check it themselves."""
    return next((m.ge for m in options.model_fields[name].metadata if getattr(m, "ge", None) is not None), None)


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
