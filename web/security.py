"""Security headers on every response, and a plain error page instead of a traceback.

A pure ASGI middleware (not Starlette's BaseHTTPMiddleware, which buffers streaming bodies): it
adds the headers to every response start, and when the application raises before it started a
response it sends a 500 page itself, with the same headers; the traceback goes to the log.
"""
from __future__ import annotations

import logging
from typing import Callable

log = logging.getLogger("planatlas.web")

# No script at all: the pages are forms, links and CSS. Inline SVG is markup, not script.
CSP = ("default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
_OURS = {name for name, _ in HEADERS}


class SecurityMiddleware:
    def __init__(self, app, error_page: Callable[[], str]):
        self.app = app
        self.error_page = error_page

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _OURS]
                message = {**message, "headers": headers + HEADERS}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("error serving %s", scope.get("path"))
            if started:  # the response is under way: nothing sensible can be sent any more
                raise
            try:
                body = self.error_page().encode("utf-8")
            except Exception:  # the error page itself failed
                body = "服务器内部错误 Internal error".encode("utf-8")
            await send_with_headers({"type": "http.response.start", "status": 500,
                                     "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                                 (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
