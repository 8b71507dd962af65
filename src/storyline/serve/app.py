"""The web service: ``POST /api/briefs``, ``GET /api/health``, the page at ``/`` (docs/serve.md).

A thin shell over ``storyline.brief``: requests are parsed and checked here, on the event loop;
the summarizing runs in worker processes (``pool.py``), so a slow brief never holds up health
checks or other requests. Nothing here fetches a URL: articles arrive as text or as files.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import uuid
from contextlib import asynccontextmanager
from dataclasses import fields
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError, create_model, field_validator
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from .. import __version__
from ..errors import StorylineError
from ..model import Document
from ..options import BriefOptions, default, pydantic_fields
from ..sections import page_spec
from .limits import Limits, RequestError, check_document_count, check_documents, check_words_budget
from .pool import WorkerPool, safe_name

log = logging.getLogger("storyline.serve")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


# --- request models (also the OpenAPI schema) --------------------------------------------------


class DocumentIn(BaseModel):
    """One article, as in a cluster JSONL line of ``../shared/data/README.md``."""

    model_config = ConfigDict(extra="ignore")
    id: Any = Field(None, description="Source name (outlet); defaults to the title, else the position.", examples=["coastal-wire"])
    title: StrictStr | None = None
    date: StrictStr | None = Field(None, description="Publication date as written, e.g. 2024-03-05.")
    text: StrictStr = Field(description="The article as plain text; paragraphs separated by a blank line.")

    @field_validator("id")
    @classmethod
    def _id(cls, value: Any) -> Any:
        if value is None or (isinstance(value, (str, int)) and not isinstance(value, bool)):
            return value
        raise ValueError("id must be a string or a number")


# The options a request may set: every brief option except the limits, which are the server's.
REQUEST_OPTIONS = tuple(f.name for f in fields(BriefOptions) if not f.name.startswith("max_"))

BriefRequest = create_model(
    "BriefRequest",
    __config__=ConfigDict(extra="ignore"),
    documents=(list[DocumentIn], Field(description="The articles of one story.")),
    **pydantic_fields(REQUEST_OPTIONS),
)


def _inline_refs(schema: dict) -> dict:
    """Pydantic's schema with its ``$defs`` inlined, so it can sit anywhere in the OpenAPI document."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(defs[node["$ref"].rsplit("/", 1)[1]])
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


_UPLOAD_SCHEMA = {
    "type": "object",
    "required": ["files"],
    "properties": {
        "files": {"type": "array", "items": {"type": "string", "format": "binary"}, "description": "Article files: .txt, .md, .html"},
        "documents": {"type": "string", "description": "Optional: more articles as a JSON list of {id, title, date, text}."},
        **{name: _inline_refs(BriefRequest.model_json_schema())["properties"][name] for name in REQUEST_OPTIONS},
    },
}


def _options(values: dict, limits: Limits) -> BriefOptions:
    """The brief's options: what the request set, with the server's limit on article size."""
    try:
        return BriefOptions.make(**values, max_document_words=limits.max_document_words)
    except StorylineError as err:
        raise RequestError(422, "invalid_request", str(err)) from None

_ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "limit": {"type": "object", "properties": {"name": {"type": "string"}, "value": {"type": "number"}}},
            },
        }
    },
}


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ERROR_SCHEMA}}}


# --- parsing -----------------------------------------------------------------------------------


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def _validation_message(err: ValidationError | RequestValidationError) -> str:
    parts = []
    for e in err.errors()[:5]:
        msg = str(e.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{_where(tuple(e.get('loc', ())))}: {msg}")
    more = len(err.errors()) - 5
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def _documents_job(request_data: BriefRequest) -> list[Document]:
    return [Document.from_dict(d.model_dump(), str(i)) for i, d in enumerate(request_data.documents)]


def _parse_brief_request(data: Any, limits: Limits, *, where: str = "body") -> BriefRequest:
    if not isinstance(data, dict):
        raise RequestError(422, "invalid_request", f"the {where} must be a JSON object like {{\"documents\": [{{\"text\": \"...\"}}], \"words\": 100}}")
    if isinstance(data.get("documents"), list):  # refuse a huge list before validating every item
        check_document_count(len(data["documents"]), limits)
    try:
        parsed = BriefRequest.model_validate(data)
    except ValidationError as err:
        raise RequestError(422, "invalid_request", _validation_message(err)) from None
    check_words_budget(parsed.words, limits)
    return parsed


def _load_json(raw: bytes | str, what: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as err:
        raise RequestError(400, "invalid_json", f"{what} is not valid JSON: {err.msg} (line {err.lineno}, column {err.colno})") from None
    except UnicodeDecodeError:
        raise RequestError(400, "invalid_json", f"{what} is not UTF-8 text") from None
    except RecursionError:
        raise RequestError(400, "invalid_json", f"{what} is nested too deeply") from None
    except ValueError:  # a number the parser will not convert (over 4,300 digits)
        raise RequestError(400, "invalid_json", f"{what} is not valid JSON: a number too long to read") from None


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


def _form_bool(value: str | None, name: str, default: bool) -> bool:
    if value is None:
        return default
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise RequestError(422, "invalid_request", f"{name}: expected true or false, got {value[:40]!r}")


async def _json_job(request: Request, limits: Limits) -> dict:
    body = await request.body()
    if not body.strip():
        raise RequestError(400, "invalid_json", "the body is empty; send {\"documents\": [{\"text\": \"...\"}], \"words\": 100}")
    parsed = _parse_brief_request(_load_json(body, "the body"), limits)
    documents = _documents_job(parsed)
    check_documents(documents, limits)
    options = _options(parsed.model_dump(include=set(REQUEST_OPTIONS), exclude_unset=True), limits)
    return {"documents": documents, "files": [], "options": options}


async def _multipart_job(request: Request, limits: Limits) -> dict:
    try:
        form = await request.form(max_files=limits.max_documents, max_fields=50, max_part_size=limits.max_body_bytes)
    except StarletteHTTPException as err:
        if "Too many files" in str(err.detail):
            raise RequestError(
                422, "limit_exceeded",
                f"more than {limits.max_documents} files in one request (limit max_documents = {limits.max_documents})",
                ("max_documents", limits.max_documents),
            ) from None
        raise RequestError(400, "invalid_upload", f"could not read the upload: {err.detail}") from None
    try:
        files: list[tuple[str, bytes]] = []
        fields: dict[str, str] = {}
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                files.append((safe_name(value.filename, len(files)), await value.read()))
            elif key in fields:
                raise RequestError(422, "invalid_request", f"the form field {key!r} is given twice")
            else:
                fields[key] = value
    finally:
        await form.close()
    options = _options({name: _form_value(name, fields.get(name)) for name in REQUEST_OPTIONS}, limits)
    check_words_budget(options.words, limits)
    documents: list[Document] = []
    if fields.get("documents", "").strip():
        data = _load_json(fields["documents"], "the form field 'documents'")
        if isinstance(data, list):
            data = {"documents": data}
        documents = _documents_job(_parse_brief_request(data, limits, where="form field 'documents'"))
    if not files and not documents:
        raise RequestError(422, "no_documents", "no documents: upload article files (.txt, .md, .html) in the field 'files'")
    check_document_count(len(files) + len(documents), limits)
    if documents:
        check_documents(documents, limits)
    return {"documents": documents, "files": files, "options": options}


def _form_value(name: str, value: str | None) -> Any:
    """A form field as the type of option ``name`` (None: not given, or blank)."""
    if value is None or not value.strip():
        return None
    kind = type(default(name))
    if kind is bool:
        return _form_bool(value, name, None)
    if kind is int:
        try:
            return int(value.strip())
        except ValueError:
            raise RequestError(422, "invalid_request", f"{name}: expected a whole number, got {value[:40]!r}") from None
    return value


# --- middleware --------------------------------------------------------------------------------


class BodyTooLarge(RequestError):
    def __init__(self, limit: int) -> None:
        super().__init__(
            413, "limit_exceeded",
            f"the request body is larger than {limit:,} bytes (limit max_body_bytes = {limit}); send fewer or shorter articles",
            ("max_body_bytes", limit),
        )


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _host_name(value: bytes) -> str:
    """The name in a Host header, without its port: ``[::1]:8000`` -> ``::1``."""
    host = value.decode("latin-1").strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _is_ip(name: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class _Guard:
    """Pure ASGI middleware: the Host check, the body-size cap (before and while reading) and security headers.

    The Host check stops DNS rebinding: a page on ``evil.example`` whose name was pointed at 127.0.0.1
    reaches this server with ``Host: evil.example``, and is refused. A rebinding always uses a name, so an
    address in the Host header is always accepted; names only when allowed (``allowed_hosts``; ``*``: any).
    """

    def __init__(self, app, limits: Limits, allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS) -> None:
        self.app = app
        self.limit = limits.max_body_bytes
        self.any_host = "*" in allowed_hosts
        self.allowed = {h.strip("[]").lower() for h in allowed_hosts}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in SECURITY_HEADERS if h[0] not in names]
            await send(message)

        headers = dict(scope.get("headers") or [])
        host = _host_name(headers.get(b"host", b""))
        if host and not self.any_host and host not in self.allowed and not _is_ip(host):  # (HTTP/1.0 may send none)
            log.warning("refused a request for host %r (allowed: %s)", host[:100], ", ".join(sorted(self.allowed)))
            message = f"this server does not answer for host {host[:100]!r}; start it with --allowed-host {host[:100] or 'NAME'} to allow it"
            await _send_json(send_with_headers, 421, RequestError(421, "invalid_host", message).body())
            return
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_large = int(declared) > self.limit
            except ValueError:
                await _send_json(send_with_headers, 400, RequestError(400, "invalid_request", "bad Content-Length header").body())
                return
            if too_large:
                await _send_json(send_with_headers, 413, BodyTooLarge(self.limit).body())
                return
        received = 0

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, counted_receive, send_with_headers)


async def _send_json(send, status: int, body: dict) -> None:
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": data})


# --- the page ----------------------------------------------------------------------------------


def _page() -> tuple[bytes, str] | None:
    """The single page and its Content-Security-Policy (its one inline script and style, by hash)."""
    try:
        html = (resources.files(__package__) / "page.html").read_text(encoding="utf-8")
    except OSError as err:  # an install without the package data: the API still works
        log.error("the web page is missing (%s); serving the API only", err)
        return None

    # The registry of brief sections, which the page's renderer reads (JSON; "<" escaped inside <script>).
    spec = json.dumps(page_spec(), ensure_ascii=False).replace("<", "\\u003c")
    html = html.replace("__SECTIONS__", spec)

    def hashes(tag: str) -> str:
        found = re.findall(rf"<{tag}>(.*?)</{tag}>", html, flags=re.DOTALL)
        return " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in found)

    csp = (
        f"default-src 'none'; script-src {hashes('script')}; style-src {hashes('style')}; connect-src 'self'; "
        "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return html.encode("utf-8"), csp


# --- the application ---------------------------------------------------------------------------


def _brief_schema() -> dict:
    """The generated brief schema (data/brief.schema.json), its ``$defs`` inlined for the OpenAPI document."""
    data = json.loads((resources.files("storyline") / "data" / "brief.schema.json").read_text(encoding="utf-8"))
    return _inline_refs({k: v for k, v in data.items() if k not in ("$schema", "$id")})


def create_app(limits: Limits | None = None, allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS) -> FastAPI:
    """The application; ``allowed_hosts``: names the Host header may give besides addresses (``*``: any)."""
    limits = limits or Limits()
    page = _page()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        pool = WorkerPool(limits)
        app.state.pool = pool
        await pool.start()
        log.info("storyline serve: %d worker processes warming up; limits %s", pool.size, limits.public())
        try:
            yield
        finally:
            await pool.close()

    app = FastAPI(
        title="storyline",
        version=__version__,
        description="Turn a cluster of news articles about one story into a short, sourced brief. See docs/serve.md.",
        lifespan=lifespan,
    )
    app.state.limits = limits
    app.add_middleware(_Guard, limits=limits, allowed_hosts=tuple(allowed_hosts))

    @app.exception_handler(RequestError)
    async def _refused(request: Request, err: RequestError) -> JSONResponse:
        headers = {"Retry-After": "5"} if err.status == 503 else None
        return JSONResponse(err.body(), status_code=err.status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, err: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(err.status_code, "http_error")
        message = {404: f"no such page: {request.url.path}", 405: f"{request.method} is not allowed here"}.get(err.status_code, str(err.detail))
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=err.status_code, headers=getattr(err, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, err: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": {"code": "invalid_request", "message": _validation_message(err)}}, status_code=422)

    @app.exception_handler(ClientDisconnect)
    async def _gone(request: Request, err: ClientDisconnect) -> Response:
        log.info("client disconnected before sending the whole request: %s %s", request.method, request.url.path)
        return Response(status_code=499)  # never sent: there is no one to send it to

    @app.exception_handler(Exception)
    async def _crash(request: Request, err: Exception) -> JSONResponse:
        return _internal_error(f"{type(err).__name__} in {request.method} {request.url.path}", exc_info=err)

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    async def index() -> Response:
        if page is None:
            raise RequestError(404, "not_found", "the web page is not installed here; the API is at /api/briefs (see /docs)")
        return Response(page[0], media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": page[1], "Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response(status_code=204)

    @app.api_route("/api/health", methods=["GET", "HEAD"], summary="Is the service up, and how busy is it")
    async def health(request: Request) -> dict:
        pool: WorkerPool = request.app.state.pool
        status = pool.status()
        return {
            "status": "ok" if status["ready"] else "starting",
            "version": __version__,
            "workers": status,
            "limits": limits.public(),
            **({"problem": pool.problem} if pool.problem else {}),
        }

    @app.get("/api/brief.schema.json", summary="JSON schema of the brief that POST /api/briefs returns")
    async def schema() -> Response:
        data = (resources.files("storyline") / "data" / "brief.schema.json").read_bytes()
        return Response(data, media_type="application/schema+json")

    @app.post(
        "/api/briefs",
        summary="Make a brief from a cluster of articles",
        description=(
            "Send the articles as JSON (`{\"documents\": [{\"id\", \"title\", \"date\", \"text\"}], \"words\": 100}`, the cluster "
            "format) or as a multipart upload of article files (`files`: .txt, .md, .html). The answer is the brief JSON of "
            "`storyline brief --format json` (schema: `GET /api/brief.schema.json`). Errors are "
            "`{\"error\": {\"code\", \"message\", \"limit\"?}}`."
        ),
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": _inline_refs(BriefRequest.model_json_schema())},
                    "multipart/form-data": {"schema": _UPLOAD_SCHEMA},
                },
            }
        },
        responses={
            200: {"description": "The brief", "content": {"application/json": {"schema": _brief_schema()}}},
            400: _error_response("Malformed JSON or upload"),
            413: _error_response("The body is larger than max_body_bytes"),
            415: _error_response("Neither JSON nor multipart"),
            422: _error_response("Wrong types, no or empty documents, a limit exceeded, or unusable text"),
            503: _error_response("Too many requests waiting (max_queue)"),
        },
    )
    async def create_brief(request: Request) -> Response:
        await request.body()  # read whole (a refusal before the end would reset the client's upload) ...
        request.app.state.pool.check_room()  # ... but not parsed when the queue is full
        content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if content_type == "application/json" or content_type.endswith("+json"):
            job = await _json_job(request, limits)
        elif content_type == "multipart/form-data":
            job = await _multipart_job(request, limits)
        else:
            raise RequestError(
                415, "unsupported_media_type",
                f"send JSON with the header 'Content-Type: application/json', or a multipart/form-data upload of article files "
                f"(got {content_type or 'no Content-Type'!r})",
            )
        job["limits"] = limits
        result = await request.app.state.pool.run(job, gone=lambda: _disconnected(request))
        if result[0] == "gone":
            log.info("client disconnected while its request waited for a worker: dropped unstarted")
            return Response(status_code=499)
        if result[0] == "ok":
            return Response(result[1], media_type="application/json")
        if result[0] == "refused":
            return JSONResponse(result[1], status_code=result[2])
        if result[0] == "died":  # the worker was killed (the OOM killer, an operator): not the client's fault
            log.error("worker process died during a request: %s; a fresh one is starting", result[1])
            return JSONResponse(
                {"error": {"code": "worker_lost", "message": "the worker summarizing this request stopped; try again shortly"}},
                status_code=503, headers={"Retry-After": "5"},
            )
        return _internal_error("the summarizer failed", detail=result[1])

    return app


async def _disconnected(request: Request) -> None:
    """Returns once the client has gone (the body is read: the next ASGI message is the disconnect)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


def _internal_error(what: str, *, detail: str | None = None, exc_info: BaseException | None = None) -> JSONResponse:
    """Log everything, tell the client nothing but a reference to the log line."""
    reference = uuid.uuid4().hex[:12]
    if exc_info is not None:
        log.error("internal error %s: %s", reference, what, exc_info=exc_info)
    else:
        log.error("internal error %s: %s\n%s", reference, what, detail or "")
    return JSONResponse(
        {"error": {"code": "internal_error", "message": f"internal error; the server logged it (reference {reference})"}},
        status_code=500,
    )


def run(
    host: str = "127.0.0.1",
    port: int = 8000,
    limits: Limits | None = None,
    log_level: str = "info",
    *,
    allowed_hosts: tuple[str, ...] = (),
) -> None:
    """Serve under uvicorn until interrupted. ``allowed_hosts`` adds to loopback names and ``host``;
    the connection limits (timeouts, ``limit_concurrency``) are ``limits``'."""
    import uvicorn

    from .protocol import protocol_class

    limits = limits or Limits()
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s:     %(name)s: %(message)s")
    limit_concurrency = _within_descriptors(limits.limit_concurrency, limits.worker_count)
    logging.getLogger("asyncio").addFilter(_OncePerMinute("out of system resource"))
    hosts = tuple(dict.fromkeys((*LOOPBACK_HOSTS, host, *allowed_hosts)))
    uvicorn.run(
        create_app(limits, allowed_hosts=hosts), host=host, port=port, log_level=log_level, server_header=False,
        proxy_headers=False, timeout_graceful_shutdown=10, timeout_keep_alive=limits.timeout_keep_alive,
        http=protocol_class(limits.header_timeout, limits.body_timeout, limit_concurrency), backlog=BACKLOG,
    )


BACKLOG = 128  # asyncio accepts up to this many connections at once, before any is turned away


class _OncePerMinute(logging.Filter):
    """Let one record containing ``text`` through a minute: asyncio logs every failed accept()."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text, self.last = text, float("-inf")

    def filter(self, record: logging.LogRecord) -> bool:
        if self.text not in record.getMessage():
            return True
        import time

        now = time.monotonic()
        if now - self.last < 60:
            return False
        self.last = now
        return True


def _within_descriptors(limit: int, workers: int) -> int:
    """Connections the process can hold: raise the soft descriptor limit to the hard one, and keep
    ``limit`` below it (with room for a burst of accepts, the workers' pipes and the log), so
    accept() does not run out of descriptors."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
    except (ImportError, ValueError, OSError):
        return limit
    room = soft - 32 - 4 * workers - BACKLOG
    if soft != resource.RLIM_INFINITY and limit > room:
        log.warning("limit_concurrency %d is above what %d file descriptors allow; using %d", limit, soft, max(1, room))
        return max(1, room)
    return limit
