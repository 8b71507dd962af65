"""The service's limits, their defaults, and the checks that enforce them.

Every refusal names the limit it hit (``limit.name``) so a client can tell "too big" from "wrong".
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass

from ..options import default

MB = 1_000_000  # decimal, as --max-body-mb says (not MiB)


def default_workers() -> int:
    """One worker process per CPU this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = 5 * MB  # whole request body, JSON or multipart (413 beyond)
    max_documents: int = 50  # articles per request (422 beyond)
    max_document_words: int = default("max_document_words")  # words per article (422 beyond); the library's limit
    max_summary_words: int = 1_000  # the largest ``words`` budget a request may ask for (422 beyond)
    timeout_seconds: float = 30.0  # summarizing time per request, counted from when a worker takes it (422 beyond)
    max_queue: int = 100  # requests waiting for a worker; more are turned away with 503
    workers: int = 0  # worker processes; 0 = one per CPU
    # Connection limits (serve/protocol.py): a slow or silent client cannot hold a connection for ever.
    header_timeout: float = 10.0  # seconds to send a request line and headers (408 beyond)
    body_timeout: float = 60.0  # seconds to send a body once its headers are in (connection closed beyond)
    timeout_keep_alive: float = 5.0  # seconds an idle keep-alive connection stays open
    limit_concurrency: int = 1000  # open connections; more are turned away with 503 at once

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if value < 0 or (value == 0 and name != "workers"):
                raise ValueError(f"{name} must be positive, got {value!r}")

    @property
    def worker_count(self) -> int:
        return self.workers or default_workers()

    def public(self) -> dict:
        """What ``GET /api/health`` reports."""
        data = asdict(self)
        data["workers"] = self.worker_count
        return data


class RequestError(Exception):
    """A request the service refuses: HTTP status, a stable code, a message for people, the limit hit."""

    def __init__(self, status: int, code: str, message: str, limit: tuple[str, float] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.limit = limit

    def body(self) -> dict:
        error: dict = {"code": self.code, "message": self.message}
        if self.limit is not None:
            error["limit"] = {"name": self.limit[0], "value": self.limit[1]}
        return {"error": error}


def over_limit(name: str, value: float, message: str, status: int = 422) -> RequestError:
    return RequestError(status, "limit_exceeded", f"{message} (limit {name} = {value:g})", (name, value))


def check_words_budget(words: int, limits: Limits) -> None:
    if words > limits.max_summary_words:
        raise over_limit(
            "max_summary_words", limits.max_summary_words,
            f"words = {words} is larger than this server allows for a summary ({limits.max_summary_words})",
        )


def check_document_count(count: int, limits: Limits) -> None:
    if count > limits.max_documents:
        raise over_limit(
            "max_documents", limits.max_documents,
            f"{count} documents in one request; this server takes at most {limits.max_documents}",
        )


def check_documents(documents, limits: Limits) -> None:
    """Raise for no documents, an empty one, too many, or one with too many words."""
    if not documents:
        raise RequestError(422, "no_documents", "no documents: send at least one article with some text")
    check_document_count(len(documents), limits)
    for i, doc in enumerate(documents):
        label = f"document {i + 1} ({doc.id!r})"
        if not doc.text.strip():
            raise RequestError(422, "empty_document", f"{label} has no text; remove it or paste the article")
        words = len(doc.text.split())
        if words > limits.max_document_words:
            raise over_limit(
                "max_document_words", limits.max_document_words,
                f"{label} has {words:,} words; this server takes at most {limits.max_document_words:,} per article",
            )
