"""POST /api/v1/verify: inputs, stable codes, limits, rate limiting; no account needed."""

from __future__ import annotations

import io
import json
from typing import Any

from django.test import Client
from PIL import Image

from credstack.issuance.models import Award
from credstack.vc.baking import bake_png
from credstack.verification.models import VerificationEvent

URL = "/api/v1/verify"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), "navy").save(out, format="PNG")
    return out.getvalue()


def test_an_anonymous_client_verifies_json_and_gets_a_documented_report(issued: Award) -> None:
    response = Client().post(
        URL, {"credential": issued.credential_json}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["result"] == "valid"
    assert body["public_url"] == f"https://credstack.test/credentials/{issued.credential_uuid}"
    assert {c["code"] for c in body["checks"]} >= {"PROOF_VALID", "NOT_REVOKED"}
    assert VerificationEvent.objects.get().channel == "api"


def test_a_baked_png_upload_of_a_revoked_credential_is_revoked(revoked: Award) -> None:
    baked = bake_png(_png(), revoked.credential_json)
    upload = io.BytesIO(baked)
    upload.name = "badge.png"
    response = Client().post(URL, {"file": upload})
    assert response.status_code == 200
    assert response.json()["result"] == "revoked"


def test_hostile_inputs_get_clear_answers_never_a_500(db: Any) -> None:
    client = Client()
    cases: list[tuple[bytes, str]] = [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "IMAGE_MALFORMED"),
        (
            b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
            "UNSAFE_XML",
        ),
        (b"{not json", "FORMAT_UNKNOWN"),
        (b"\xff\xfe\x00garbage", "FORMAT_UNKNOWN"),
        (b"[" * 100_000, "FORMAT_UNKNOWN"),
    ]
    for data, code in cases:
        upload = io.BytesIO(data)
        upload.name = "x.bin"
        response = client.post(URL, {"file": upload})
        assert response.status_code == 200, data[:20]
        body = response.json()
        assert body["result"] == "invalid"
        assert code in {c["code"] for c in body["checks"]}, (code, body["checks"])


def test_a_body_over_the_limit_is_refused_with_413(db: Any) -> None:
    upload = io.BytesIO(b"{" + b" " * (3 * 1024 * 1024) + b"}")
    upload.name = "huge.json"
    response = Client().post(URL, {"file": upload})
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "PAYLOAD_TOO_LARGE"


def test_bad_bodies_are_problem_details(db: Any) -> None:
    client = Client()
    assert (
        client.post(URL, "{nope", content_type="application/json").json()["code"] == "BODY_INVALID"
    )
    both = client.post(
        URL, {"jwt": "a.b.c", "url": "https://x.example"}, content_type="application/json"
    )
    assert (both.status_code, both.json()["code"]) == (422, "ONE_INPUT_REQUIRED")
    wrong = client.post(URL, "x", content_type="text/csv")
    assert (wrong.status_code, wrong.json()["code"]) == (415, "UNSUPPORTED_MEDIA_TYPE")


def test_a_url_on_a_private_address_is_answered_without_fetching(db: Any) -> None:
    response = Client().post(
        URL, {"url": "https://169.254.169.254/latest/meta-data/"}, content_type="application/json"
    )
    body = response.json()
    assert (response.status_code, body["result"]) == (200, "unverifiable")
    assert body["checks"][0]["code"] == "FETCH_ADDRESS_REFUSED"


def test_each_client_is_rate_limited_with_retry_after(issued: Award, settings: Any) -> None:
    settings.CREDSTACK_VERIFY_BURST = 2
    settings.CREDSTACK_VERIFY_RATE_PER_MINUTE = 1
    client = Client()
    payload = json.dumps({"credential": issued.credential_json})
    codes = [
        client.post(URL, payload, content_type="application/json").status_code for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    limited = client.post(URL, payload, content_type="application/json")
    assert limited.json()["code"] == "RATE_LIMITED"
    assert int(limited["Retry-After"]) >= 1
    other = Client(REMOTE_ADDR="10.9.9.9").post(URL, payload, content_type="application/json")
    assert other.status_code == 200
    assert VerificationEvent.objects.count() == 3
