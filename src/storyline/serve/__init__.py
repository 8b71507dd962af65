"""``storyline serve``: a REST API and a web page for briefs (docs/serve.md).

``create_app(limits)`` builds the FastAPI application; ``run(host, port, limits)`` serves it under
uvicorn. Both import the web stack lazily, so worker processes (``pool.py``) stay light.
"""

from __future__ import annotations

from typing import Any

from .limits import Limits

__all__ = ["Limits", "create_app", "run"]


def __getattr__(name: str) -> Any:
    if name in ("create_app", "run"):
        from . import app

        return getattr(app, name)
    raise AttributeError(name)
