"""The public verifier page, ``/verify``: no account needed.

A normal form (file input, text area, URL field) that works without JavaScript; the drop zone
is layered on top by verification.js. The answer comes first in plain words, then each check,
then what the credential certifies.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ..forms import IdentityForm, VerifyForm
from ..inputs import InputTooLarge, check_length, read_upload
from ..models import Channel
from ..ratelimit import take
from ..services import Verification, check_identity, verify_input, verify_url
from ..summary import summarise
from .presentation import report_context


def _identity_json(verification: Verification) -> str:
    credential = verification.report.credential or {}
    subject = credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    identifiers = subject.get("identifier") if isinstance(subject, dict) else None
    return json.dumps(identifiers) if identifiers else ""


@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        decision = take(request)
        if not decision.allowed:
            form.is_valid()
            form.add_error(
                None,
                f"You have checked many credentials in a short time; please wait "
                f"{decision.retry_after} seconds and try again.",
            )
            status = 429
        else:
            try:
                check_length(request.META.get("CONTENT_LENGTH"))
                if form.is_valid():
                    verification = _verify(request, form)
                    context.update(report_context(verification))
                    context["identity_form"] = IdentityForm(
                        initial={"identity": _identity_json(verification)}
                    )
            except InputTooLarge as e:
                form.is_valid()
                form.add_error(None, e.detail)
                status = 413
    else:
        form = VerifyForm()
    context["form"] = form
    return render(request, "verification/verify.html", context, status=status)


def _verify(request: HttpRequest, form: VerifyForm) -> Verification:
    referer = request.headers.get("Referer")
    data = form.cleaned_data
    if data.get("url"):
        return verify_url(data["url"], channel=Channel.PAGE, referer=referer)
    if data.get("file"):
        return verify_input(read_upload(data["file"]), channel=Channel.PAGE, referer=referer)
    return verify_input(data["text"], channel=Channel.PAGE, referer=referer)


@require_http_methods(["POST"])
def identity_check(request: HttpRequest) -> HttpResponse:
    """Check an e-mail address against the identity hash shown in a verification result."""
    form = IdentityForm(request.POST)
    answer: bool | None = None
    if form.is_valid():
        try:
            identifiers = json.loads(form.cleaned_data["identity"] or "null")
        except ValueError:
            identifiers = None
        credential = {"credentialSubject": {"identifier": identifiers}}
        answer = check_identity(credential, form.cleaned_data["email"])
    return render(
        request,
        "verification/identity.html",
        {"identity_form": form, "identity_answer": answer, "summary": summarise(None)},
        status=200 if form.is_valid() else 422,
    )
