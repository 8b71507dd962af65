"""storyline: turn a cluster of news articles about one story into a short, sourced brief."""

from .errors import InputError, StorylineError

__all__ = [
    "brief",
    "Brief",
    "BriefOptions",
    "Cluster",
    "Document",
    "DocumentInfo",
    "InputError",
    "Sentence",
    "Span",
    "StorylineError",
    "SummarySentence",
]
__version__ = "0.1.0"

# The rest is imported on first use: ``storyline --help`` and the other commands that do not
# summarize (or summarize later) need not pay for the pipeline's imports.
_LAZY = {"brief": "api", **{name: "model" for name in ("Brief", "Cluster", "Document", "DocumentInfo", "Sentence", "Span", "SummarySentence")}, "BriefOptions": "options"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
