"""Options: one frozen, validated object per task, the only home of their defaults and bounds.

Every shell takes its defaults and validation from ``BriefOptions``: ``storyline.brief`` (keyword
arguments are folded into it), the CLI's flags, the server's request model (``pydantic_fields``),
batch (which passes it whole to its workers). Adding an option is one field here; the shells pick it
up. ``StoryOptions`` does the same for story detection (``storyline stories``, its Dask workers, the
online clusterer). Invalid values raise ``StorylineError`` naming the option.

Plain frozen dataclasses checked against their field metadata, not pydantic models: every
``storyline brief`` imports this module, and pydantic's import and model building cost more start-up
time than the whole of the rest of the command's imports (about 80 ms of CPU on this machine). The
server, which has pydantic loaded anyway, builds its request model from these fields.
"""

from __future__ import annotations

import dataclasses
import types
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from .errors import StorylineError

SOLVERS = ("auto", "ilp", "greedy")
BOUNDS = ("ge", "gt", "le", "lt")  # the bounds an option may have (pydantic's names)
Solver = Literal["auto", "ilp", "greedy"]


def option(default: Any = dataclasses.MISSING, help: str = "", *, factory: Any = dataclasses.MISSING, **bounds: float) -> Any:
    """A field with its help text and bounds (``ge``, ``gt``, ``le``, ``lt``), which validation and the shells read."""
    metadata = {"help": help, **bounds}
    if factory is not dataclasses.MISSING:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


@cache
def _rules(cls: type) -> tuple[tuple[str, Any, bool, tuple], ...]:
    """Per field, worked out once: (name, type or the tuple of a Literal's choices, None allowed, bounds)."""
    rules = []
    for f in fields(cls):
        kind = _hints(cls)[f.name]
        args = get_args(kind)
        optional = get_origin(kind) in (Union, types.UnionType) and type(None) in args
        if optional:  # the first other type: what a normalised value is (BriefOptions.query: str)
            kind = next(a for a in args if a is not type(None))
        if get_origin(kind) is Literal:
            kind = get_args(kind)
        bounds = tuple((k, f.metadata[k]) for k in BOUNDS if k in f.metadata)
        rules.append((f.name, kind, optional, bounds))
    return tuple(rules)


_TYPE_ERRORS = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}


def _check(name: str, value: Any, kind: Any, bounds: tuple) -> None:
    if type(kind) is tuple:  # a Literal's choices
        if value not in kind:
            choices = [repr(c) for c in kind]
            raise StorylineError(f"{name} must be {', '.join(choices[:-1])} or {choices[-1]}, got {value!r}")
        return
    if kind is float:
        ok = type(value) in (float, int)
    elif kind in _TYPE_ERRORS:
        ok = type(value) is kind
    else:
        ok = isinstance(value, kind)
    if not ok:
        what = _TYPE_ERRORS.get(kind) or f"a {kind.__name__}"
        raise StorylineError(f"{name} must be {what}, got {value!r}")
    for bound, limit in bounds:
        if bound == "ge" and value < limit:
            what = "a positive whole number" if kind is int and limit == 1 else f"at least {limit}"
            raise StorylineError(f"{name} must be {what}, got {value!r}")
        if bound == "gt" and not value > limit:
            raise StorylineError(f"{name} must be greater than {limit}, got {value!r}")
        if bound == "le" and not value <= limit:
            raise StorylineError(f"{name} must be at most {limit}, got {value!r}")
        if bound == "lt" and not value < limit:
            raise StorylineError(f"{name} must be less than {limit}, got {value!r}")


@dataclass(frozen=True)
class Options:
    def __post_init__(self) -> None:
        for name, kind, optional, bounds in _rules(type(self)):
            value = getattr(self, name)
            if not (optional and value is None):
                _check(name, value, kind, bounds)

    @classmethod
    def make(cls, base: Options | None = None, **changes: Any) -> Options:
        """``base`` (or the defaults) with ``changes`` (None values: not given), validated."""
        given = {k: v for k, v in changes.items() if v is not None}
        names = _names(cls)
        if not names.issuperset(given):
            unknown = sorted(set(given) - names)
            raise StorylineError(f"{unknown[0]}: no such option (options: {', '.join(sorted(names))})")
        if base is None:
            return cls(**given) if given else _default(cls)
        return dataclasses.replace(base, **given) if given else base

    def changed(self) -> dict[str, Any]:
        """The options that differ from their defaults."""
        defaults = type(self)()
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) != getattr(defaults, f.name)}


@dataclass(frozen=True)
class BriefOptions(Options):
    """What a caller may choose about one brief."""

    words: int = option(100, "Hard budget: whole sentences, at most this many words.", ge=1)
    solver: Solver = option("auto", "auto: exact on large clusters, greedy on small; ilp: always exact; greedy: fastest.")
    analysis: bool = option(True, "Add quotes, claims, disagreements, entities, timeline.")
    keep_all: bool = option(False, "Keep articles about a different event in the summary.")
    # A string, or a DUC-style topic {"title", "narrative"}: read as one string (query.query_text, which
    # also caps its length), so after construction ``query`` is a str or None.
    query: str | dict | None = option(
        None, 'A question or keywords the brief should answer, or a DUC-style {"title", "narrative"} (read together).'
    )
    # A longer "article" is most likely not one (a book, a log, a dump) and costs seconds and hundreds
    # of MB per megabyte; the server's per-article limit defaults to this too.
    max_document_words: int = option(20_000, "Most whitespace-separated words in one article; a longer one is refused.", ge=1)

    def __post_init__(self) -> None:
        if self.query is not None:
            from .query import query_text  # only when asked: the plain brief does not import it

            object.__setattr__(self, "query", query_text(self.query))
        super().__post_init__()


@dataclass(frozen=True)
class FeatureOptions(Options):
    """How an article becomes a term vector for story detection (``stories/features.py``)."""

    max_tokens: int = option(400, "tokens of the text read (the lead and body, not the tail of related links)", ge=1)
    title_weight: float = option(2.0, "weight of a title word against a text word", ge=0.0)
    max_terms: int = option(80, "an article's vector keeps its strongest terms only", ge=1)
    name_weight: float = option(1.5, "Weight of shared names (capitalised words) against shared words; 0: words only.", ge=0.0)
    date_weight: float = option(0.3, "Weight of shared mentioned dates against shared words; 0: none.", ge=0.0)
    max_names: int = option(30, "an article's name vector keeps its strongest names only", ge=1)
    max_dates: int = option(6, "an article's date vector keeps its strongest dates only", ge=1)


@dataclass(frozen=True)
class StoryOptions(Options):
    """Story detection (``storyline stories``). threshold, margin, noise and second_chance were tuned on
    the first half of the Multi-News validation clusters (benchmarks/stories.py, docs/stories.md)."""

    threshold: float = option(0.225, "group-average cosine needed to join a story (runner-up at noise) or merge two", gt=0.0, le=1.0)
    margin: float = option(0.5, "the threshold to join rises by margin x (runner-up's similarity - noise); 0: fixed", ge=0.0)
    noise: float = option(0.16, "the runner-up similarity at which the threshold to join is threshold itself", ge=0.0, le=1.0)
    window_days: float | None = option(None, "A hard window: a story closes when its newest article is this many days older than the feed; none (0 on the command line): the decay alone.", gt=0.0)
    half_life_days: float | None = option(7.0, "Decay: a quiet story's similarity halves after this many days (and it closes at close_at, a quarter); none (0 on the command line): no decay.", gt=0.0)
    close_at: float = option(0.25, "a quiet story closes when its decay factor falls below this (a quarter: ~10 days at the default half-life)", gt=0.0, lt=1.0)
    decay_shape: float = option(2.0, "the decay 0.5 ** (quiet / half-life) ** decay_shape; 2: Gaussian, 1: exponential", gt=0.0, le=8.0)
    corroborate: float | None = option(2.0, "names and dates add at most this x the words' similarity (they confirm a link, cannot make one); None: no cap", ge=0.0)
    density: float = option(0.0, "the threshold moves by density x log10(open stories / density_ref); 0: fixed", ge=0.0)
    density_ref: float = option(1500.0, "open stories at which the density rule leaves the threshold as it is", gt=0.0)
    max_active: int = option(20_000, "open stories at most; the least recently updated closes first (the bound without dates)", ge=1)
    reorder: int = option(1_000, "articles held back to put out-of-order dates back in order", ge=0)
    features: FeatureOptions = option(factory=FeatureOptions, help="how an article becomes a term vector")
    query_terms: int = option(16, "an item looks up stories under this many of its strongest terms that list one", ge=1)
    index_terms: int = option(12, "...and is listed under this many", ge=1)
    candidates: int = option(12, "stories compared exactly per item", ge=1)
    max_posting: int = option(2_000, "a term listing more open stories than this proposes no candidates", ge=1)
    merge: bool = option(True, "a story that grows is merged into another candidate when the two now reach the threshold")
    second_chance: float = option(0.8, "a lone item the decay (or window) closes joins its best open story at this x the threshold; 0: off", ge=0.0, le=1.0)

    @property
    def window(self) -> float | None:
        """The time window in seconds (what the clusterer compares timestamps with)."""
        return None if self.window_days is None else self.window_days * 86400.0

    @property
    def half_life(self) -> float | None:
        """The decay's half-life in seconds."""
        return None if self.half_life_days is None else self.half_life_days * 86400.0


@cache
def _names(cls: type[Options]) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


@cache
def _default(cls: type[Options]) -> Options:
    return cls()


def _field(name: str, options: type[Options]) -> dataclasses.Field:
    return next(f for f in fields(options) if f.name == name)


def default(name: str, options: type[Options] = BriefOptions) -> Any:
    """The default of option ``name`` (what the CLI and the server show and use)."""
    f = _field(name, options)
    return f.default_factory() if f.default is dataclasses.MISSING else f.default


def help_text(name: str, options: type[Options] = BriefOptions) -> str:
    return _field(name, options).metadata.get("help", "")


def lower_bound(name: str, options: type[Options] = BriefOptions) -> float | None:
    """The smallest value option ``name`` takes (its ``ge``), for shells that check it themselves."""
    return _field(name, options).metadata.get("ge")


def pydantic_fields(names: tuple[str, ...], options: type[Options] = BriefOptions) -> dict[str, tuple]:
    """``create_model`` arguments for options ``names``: strict types, defaults, bounds and help (the
    server's request model and the brief's schema; pydantic is imported only here)."""
    from pydantic import Field, StrictBool, StrictFloat, StrictInt, StrictStr

    strict = {int: StrictInt, bool: StrictBool, float: StrictFloat | StrictInt, str: StrictStr}
    result = {}
    for name in names:
        f = _field(name, options)
        kind = _hints(options)[name]
        args = get_args(kind)
        if type(None) in args:
            kind = Union[tuple(strict.get(a, a) for a in args if a is not type(None)) + (type(None),)]  # noqa: UP007
        else:
            kind = strict.get(kind, kind)
        bounds = {k: v for k, v in f.metadata.items() if k in BOUNDS}
        result[name] = (kind, Field(default(name, options), description=f.metadata.get("help") or None, **bounds))
    return result
