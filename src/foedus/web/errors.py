"""The one error a route raises for a request it cannot serve."""

from __future__ import annotations


class RequestError(Exception):
    """A request the app cannot serve: the HTTP ``status`` and the ``message`` to answer.

    Raised for a request outside the app's limits (408 too slow, 413 too large,
    429 too busy), one it will not accept (403 bad form token, 415 not JSON)
    and one whose values it cannot use (404, 422). The app answers it as JSON
    under ``/api/`` and as an error page elsewhere.
    """

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        #: Seconds after which to try again (the ``Retry-After`` header of a 429).
        self.retry_after = retry_after
