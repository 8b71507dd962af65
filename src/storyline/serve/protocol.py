"""The HTTP connection limits uvicorn lacks: a deadline for a request's headers and one for its body,
a cap on open connections, and JSON (the service's error shape) for a malformed request.

uvicorn closes an idle keep-alive connection (``timeout_keep_alive``) but never one that sends
nothing, or a byte every few seconds, or a body that never ends; at the file-descriptor limit such
sockets starve health checks. This subclass of its h11 protocol arms a deadline when a connection
opens (and after each response) for the request line and headers, another for the body once the
headers are in, and turns away connections beyond ``limit_concurrency`` with a JSON 503 at once,
before they cost more than a moment.
"""

from __future__ import annotations

import json
import logging

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("storyline.serve")


def _error_bytes(status: int, reason: bytes, code: str, message: str) -> bytes:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    head = (
        b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n"
        % (status, reason, len(body))
    )
    return head + body


def protocol_class(header_timeout: float, body_timeout: float, limit_concurrency: int) -> type[H11Protocol]:
    """An ``H11Protocol`` with these limits, for ``uvicorn.run(http=...)``."""
    turned_away = [0, float("-inf")]  # since the last warning; when it was logged

    class Protocol(H11Protocol):
        _deadline = None
        _stage = ""

        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if len(self.connections) > limit_concurrency:
                turned_away[0] += 1
                if self.loop.time() - turned_away[1] >= 10:  # one line per 10 s, however hard the flood
                    log.warning("%d connections open (limit_concurrency = %d): %d turned away with 503",
                                len(self.connections) - 1, limit_concurrency, turned_away[0])
                    turned_away[:] = [0, self.loop.time()]
                transport.write(_error_bytes(
                    503, b"Service Unavailable", "busy",
                    f"the server has {limit_concurrency} connections open; try again shortly (limit limit_concurrency = {limit_concurrency})",
                ))
                transport.close()
                return
            self._arm("headers")

        def _arm(self, stage: str) -> None:
            self._disarm()
            self._stage = stage
            seconds = header_timeout if stage == "headers" else body_timeout
            self._deadline = self.loop.call_later(seconds, self._expired)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _expired(self) -> None:
            self._deadline = None
            if self.transport.is_closing():
                return
            client = "%s:%d" % self.client if self.client else "a client"
            if self._stage == "headers":
                if self.conn.their_state is h11.IDLE and not self.conn.trailing_data[0]:
                    # nothing sent since the last response: an idle keep-alive connection, closed quietly
                    self.transport.close()
                    return
                log.info("%s: request headers not complete in %g s (header_timeout): connection closed", client, header_timeout)
                self.transport.write(_error_bytes(
                    408, b"Request Timeout", "request_timeout",
                    f"the request headers did not arrive within {header_timeout:g} s (limit header_timeout = {header_timeout:g})",
                ))
            else:
                log.info("%s: request body not complete in %g s (body_timeout): connection closed", client, body_timeout)
            self.transport.close()  # the app, if it is reading the body, sees a disconnect

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            self._follow()

        def _follow(self) -> None:
            """Move the deadline along with the request: headers, then body, then none while answering."""
            if self.transport.is_closing():
                self._disarm()
                return
            state = self.conn.their_state
            if state is h11.SEND_BODY and self._stage != "body":
                self._arm("body")
            elif state is not h11.IDLE and state is not h11.SEND_BODY and self._stage != "answering":
                self._disarm()
                self._stage = "answering"

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm("headers")  # the next request's headers (uvicorn's keep-alive timer runs too)
                self._follow()  # a pipelined request already read

        def connection_lost(self, exc) -> None:
            self._disarm()
            super().connection_lost(exc)

        def send_400_response(self, msg: str) -> None:
            self._disarm()
            if not self.transport.is_closing():
                self.transport.write(_error_bytes(
                    400, b"Bad Request", "invalid_http", "malformed HTTP request: could not parse the request line or headers",
                ))
                self.transport.close()

    return Protocol
