"""``POST /api/v1/verify``: verify a credential given as JSON, a JWT, a URL or a file.

No account is needed. Each client is rate-limited (:mod:`.ratelimit`): past the limit the
answer is a 429 problem detail with ``Retry-After``. Bodies over 2 MB get a 413 problem detail
before they are read. The answer to anything that is not a valid credential is still a 200
report (``result: invalid`` with the reason): a failed verification is an answer, not an error.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from ninja import Router
from pydantic import ValidationError as PydanticError

from credstack.problems import InvalidInput, Problem

from .inputs import check_length, read_upload
from .models import Channel
from .ratelimit import take
from .schemas import ProblemOut, ReportOut, VerifyIn
from .services import verify_input, verify_url

router = Router(tags=["verification"])

_REQUEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": VerifyIn.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "A baked PNG or SVG, a JSON file or a JWT file.",
                        }
                    },
                    "required": ["file"],
                }
            },
        },
    }
}


def _problem(problem: Problem, **headers: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(problem.to_dict()),
        status=problem.status,
        content_type="application/problem+json",
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _loads(body: bytes) -> Any:
    """The request's JSON: orjson (several times faster on a credential-sized body), or the
    standard parser for what orjson refuses and JSON allows (integers beyond 64 bits)."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return json.loads(body)


def _subject(request: HttpRequest) -> tuple[str, Any]:
    """("url", url) or ("subject", credential | text | bytes) from the request body."""
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidInput(
                "Send the credential as a file field named “file”.", code="FILE_MISSING"
            )
        return "subject", read_upload(upload)
    if request.content_type not in ("application/json", ""):
        raise Problem(
            'Send JSON ({"credential": …}, {"jwt": …} or {"url": …}) or a multipart file.',
            code="UNSUPPORTED_MEDIA_TYPE",
            status=415,
        )
    try:
        given = VerifyIn.model_validate(_loads(request.body or b"{}"))
    except (ValueError, PydanticError) as e:
        raise InvalidInput(
            f"The body is not valid JSON of the expected shape: {e}", code="BODY_INVALID"
        ) from e
    present = [
        (k, v)
        for k, v in (("credential", given.credential), ("jwt", given.jwt), ("url", given.url))
        if v
    ]
    if len(present) != 1:
        raise InvalidInput(
            "Give exactly one of “credential”, “jwt” or “url”.", code="ONE_INPUT_REQUIRED"
        )
    name, value = present[0]
    return ("url", value) if name == "url" else ("subject", value)


@router.post(
    "/verify",
    auth=None,
    response={200: ReportOut, 413: ProblemOut, 415: ProblemOut, 422: ProblemOut, 429: ProblemOut},
    summary="Verify a credential",
    openapi_extra=_REQUEST_BODY,
)
def verify_credential(request: HttpRequest) -> Any:
    """Verify an Open Badges 3.0 / 2.0 credential (JSON, VC-JWT, baked PNG/SVG, or a URL).

    ``result`` is one of valid, invalid, revoked, suspended, expired, not_yet_valid,
    unverifiable; every check has a stable ``code`` and a plain-language ``message``.
    """
    decision = take(request)
    if not decision.allowed:
        return _problem(
            Problem(
                f"Too many verifications from this client; try again in {decision.retry_after} s.",
                code="RATE_LIMITED",
                status=429,
            ),
            Retry_After=str(decision.retry_after),
        )
    try:
        check_length(request.META.get("CONTENT_LENGTH"))
        kind, value = _subject(request)
    except Problem as e:
        return _problem(e)
    referer = request.headers.get("Referer")
    if kind == "url":
        verification = verify_url(value, channel=Channel.API, referer=referer)
    else:
        verification = verify_input(value, channel=Channel.API, referer=referer)
    # The report is built by our own code in ReportOut's shape (tests/verification check it
    # against the schema); validating it again per request with pydantic doubled the cost of
    # a verification's JSON, so it is written straight out.
    return HttpResponse(orjson.dumps(verification.to_dict()), content_type="application/json")
