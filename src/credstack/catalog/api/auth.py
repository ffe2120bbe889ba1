"""Session sign-in for the catalog's staff endpoints, refusing oversize bodies before parsing.

The size check lives in the authentication step because ninja runs it before it reads and
parses the body: an oversize request is answered 413 without being loaded into memory.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import SessionAuth

from credstack.problems import Problem

MAX_BODY_BYTES = 256 * 1024


class StaffSession(SessionAuth):
    def __call__(self, request: HttpRequest) -> Any:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY_BYTES:
            raise Problem(
                f"The request body is {length} bytes; the limit is {MAX_BODY_BYTES}.",
                code="PAYLOAD_TOO_LARGE",
                status=413,
            )
        return super().__call__(request)


staff = StaffSession()
