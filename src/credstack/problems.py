"""RFC 9457 problem details: the one shape every API error takes.

An error has an HTTP status, a stable machine ``code`` (what clients branch on), a title and a
human ``detail`` naming the bad value. Services raise :class:`Problem` (or a subclass); the API
layer turns it into ``application/problem+json`` and pages turn it into a form message.
"""

from __future__ import annotations

from typing import Any


class Problem(Exception):
    """A client error with a stable code. ``status`` is the HTTP status to answer with."""

    status = 400
    code = "BAD_REQUEST"
    title = "The request cannot be processed"

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        status: int | None = None,
        errors: list[dict[str, Any]] | None = None,
    ):
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code
        if status:
            self.status = status
        self.errors = errors or []

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": f"https://credstack.org/problems/{self.code.lower().replace('_', '-')}",
            "title": self.title,
            "status": self.status,
            "code": self.code,
            "detail": self.detail,
        }
        if self.errors:
            body["errors"] = self.errors
        return body


class NotFound(Problem):
    status = 404
    code = "NOT_FOUND"
    title = "Not found"


class Forbidden(Problem):
    status = 403
    code = "FORBIDDEN"
    title = "You do not have permission to do this"


class Conflict(Problem):
    status = 409
    code = "CONFLICT"
    title = "The request conflicts with the current state"


class InvalidInput(Problem):
    status = 422
    code = "INVALID_INPUT"
    title = "The input is not valid"
