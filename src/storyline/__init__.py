"""storyline: turn a cluster of news articles about one story into a short, sourced brief."""

from .api import brief
from .errors import InputError, StorylineError
from .model import Brief, Cluster, Document, DocumentInfo, Sentence, Span, SummarySentence
from .options import BriefOptions

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
