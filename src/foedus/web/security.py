"""Request limits and protection against cross-site request forgery.

*Forms* (``application/x-www-form-urlencoded`` or ``multipart/form-data``
posts) must carry a hidden ``csrf_token`` equal to the ``foedus_csrf`` cookie,
and the token must bear this server's signature (HMAC-SHA-256): the
double-submit pattern, which a page on another site cannot imitate because it
can neither read the cookie nor forge the signature. *JSON API* posts must be
``application/json``, which a cross-site form cannot send and a cross-site
script cannot send without a CORS preflight that this app never grants.

Bodies larger than the limit are refused with 413 (a declared length at once, a
chunked body as soon as it passes the limit); every response carries the
Content-Security-Policy (:class:`SecurityHeaders`).
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

COOKIE = "foedus_csrf"
FIELD = "csrf_token"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class CsrfSigner:
    """Makes and checks signed anti-forgery tokens."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _sign(self, nonce: str) -> str:
        return hmac.new(self._secret, nonce.encode(), hashlib.sha256).hexdigest()[:32]

    def new(self) -> str:
        nonce = secrets.token_hex(16)
        return f"{nonce}.{self._sign(nonce)}"

    def valid(self, token: str | None) -> bool:
        if not token or token.count(".") != 1 or len(token) > 100:
            return False
        nonce, sig = token.split(".")
        return hmac.compare_digest(sig, self._sign(nonce))

    def matches(self, cookie: str | None, form_value: str | None) -> bool:
        """The form's token equals the cookie and is signed by this server."""
        return (self.valid(cookie) and form_value is not None
                and hmac.compare_digest(cookie or "", form_value))


#: Headers of every response (pages, errors, JSON, static files).
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
     b"script-src 'self' 'unsafe-eval'; connect-src 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
)


class SecurityHeaders:
    """ASGI middleware: the Content-Security-Policy and ``nosniff`` on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                have = {k.lower() for k, _ in msg.get("headers", [])}
                msg["headers"] = [*msg.get("headers", []),
                                  *(h for h in SECURITY_HEADERS if h[0] not in have)]
            await send(msg)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """ASGI middleware: 413 for request bodies over ``limit`` bytes (declared or, for a
    chunked body, counted while it is read in full before the app sees it), and 415
    for an API post that is not JSON (before its body is parsed)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        method = str(scope.get("method", "GET"))
        path = str(scope.get("path", ""))
        if method in ("POST", "PUT", "PATCH") and path.startswith("/api/"):
            ctype = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
            if ctype != b"application/json":
                await _answer(send, scope, 415, "POST bodies of the API must be JSON "
                                                "(Content-Type: application/json)")
                return
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.limit
            except ValueError:
                too_big = True
            if too_big:
                await _refuse(send, self.limit, scope)
                return
        if method not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        body = bytearray()
        while True:  # read the whole body (at most the limit) before the app parses it
            msg = await receive()
            if msg["type"] != "http.request":
                await self.app(scope, _replay(msg, receive), send)
                return
            body.extend(msg.get("body", b""))
            if len(body) > self.limit:
                await _refuse(send, self.limit, scope)
                return
            if not msg.get("more_body", False):
                break
        first = {"type": "http.request", "body": bytes(body), "more_body": False}
        await self.app(scope, _replay(first, receive), send)


def _replay(first: Message, receive: Receive) -> Receive:
    sent = False

    async def again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return first
        return await receive()

    return again


async def _refuse(send: Send, limit: int, scope: Scope) -> None:
    await _answer(send, scope, 413, f"the request body is larger than the limit of "
                                    f"{limit:,} bytes")


async def _answer(send: Send, scope: Scope, status: int, message: str) -> None:
    path = str(scope.get("path", ""))
    if path.startswith("/api/"):
        body = json.dumps({"error": message, "status": status}).encode()
        ctype = b"application/json"
    else:
        body = (f"<!doctype html><title>Error {status}</title><h1>Error {status}</h1>"
                f"<p>{html.escape(message)}.</p>").encode()
        ctype = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", ctype),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
