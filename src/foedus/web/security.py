"""Request limits and protection against cross-site request forgery.

*Forms* (``application/x-www-form-urlencoded`` or ``multipart/form-data``
posts) must carry a hidden ``csrf_token`` equal to the ``foedus_csrf`` cookie,
and the token must bear this server's signature (HMAC-SHA-256): the
double-submit pattern, which a page on another site cannot imitate because it
can neither read the cookie nor forge the signature. *JSON API* posts must be
``application/json``, which a cross-site form cannot send and a cross-site
script cannot send without a CORS preflight that this app never grants.

Bodies larger than the limit are refused with 413 before they are read in full.
"""

from __future__ import annotations

import hashlib
import hmac
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


class BodyLimit:
    """ASGI middleware: 413 for request bodies over ``limit`` bytes."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.limit
            except ValueError:
                too_big = True
            if too_big:
                await _refuse(send, self.limit, scope)
                return
        seen = 0
        started = False

        async def limited() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    raise _TooLargeError()
            return msg

        async def tracking_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, limited, tracking_send)
        except _TooLargeError:
            if not started:
                await _refuse(send, self.limit, scope)


class _TooLargeError(Exception):
    pass


async def _refuse(send: Send, limit: int, scope: Scope) -> None:
    message = f"the request body is larger than the limit of {limit:,} bytes"
    path = str(scope.get("path", ""))
    if path.startswith("/api/"):
        body = json.dumps({"error": message, "status": 413}).encode()
        ctype = b"application/json"
    else:
        body = (f"<!doctype html><title>Too large</title><h1>Request too large</h1>"
                f"<p>{message}.</p>").encode()
        ctype = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", ctype),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
