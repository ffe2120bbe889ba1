"""Set-up pages: release rules per micro-credential, and the issuer's profile and keys."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from credstack.catalog.models import MicroCredential
from credstack.problems import Problem

from ..forms import ReleaseRuleForm
from ..models import IssuerProfile
from ..services import (
    RuleInput,
    create_issuer_profile,
    issuer_url,
    latest_credential,
    published_keys,
    rotate_key,
    rule_for,
    save_release_rule,
)
from ..services.access import ADMIN_ROLES, RULE_ROLES, may, organisations_for


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    orgs = organisations_for(request.user, RULE_ROLES)  # type: ignore[arg-type]
    if not orgs:
        raise PermissionDenied("Release rules are set by designers and QA/release managers.")
    latest: dict[UUID, MicroCredential] = {}
    for credential in MicroCredential.objects.filter(organisation__in=orgs).order_by(
        "title", "version"
    ):
        latest[credential.lineage] = credential
    rows = [(c, rule_for(c)) for c in latest.values()]
    return render(request, "issuance/rules.html", {"rows": rows})


@login_required
def rule(request: HttpRequest, lineage: UUID) -> HttpResponse:
    try:
        credential = latest_credential(lineage)
    except Problem as e:
        raise PermissionDenied(e.detail) from e
    if not may(request.user, credential.organisation_id, RULE_ROLES):  # type: ignore[arg-type]
        raise PermissionDenied("Release rules are set by designers and QA/release managers.")
    current = rule_for(credential)
    initial = {
        "allowed_sources": current.allowed_sources,
        "requires_approval": current.requires_approval,
        "validity_months": current.validity_months,
        "evidence_sharing": current.evidence_sharing,
        "include_result": current.include_result,
    }
    form = ReleaseRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_release_rule(request.user, credential, RuleInput(**form.cleaned_data))  # type: ignore[arg-type]
        except Problem as e:
            form.add_error(None, e.detail)
        else:
            messages.success(request, "The release rule was saved.")
            return redirect("issuance:rule", lineage=credential.lineage)
    return render(
        request,
        "issuance/rule.html",
        {"credential": credential, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def issuer(request: HttpRequest) -> HttpResponse:
    """The organisation's issuer profile and keys (public halves only); administrators."""
    orgs = organisations_for(request.user, ADMIN_ROLES)  # type: ignore[arg-type]
    if not orgs:
        raise PermissionDenied("Issuer settings are for administrators.")
    profiles = {p.organisation_id: p for p in IssuerProfile.objects.filter(organisation__in=orgs)}
    rows = [
        (
            org,
            profiles.get(org.pk),
            published_keys(profiles[org.pk]) if org.pk in profiles else [],
            issuer_url(profiles[org.pk]) if org.pk in profiles else "",
        )
        for org in orgs
    ]
    return render(request, "issuance/issuer.html", {"rows": rows})


@login_required
@require_POST
def create_issuer(request: HttpRequest, organisation_id: int) -> HttpResponse:
    orgs = {o.pk: o for o in organisations_for(request.user, ADMIN_ROLES)}  # type: ignore[arg-type]
    if organisation_id not in orgs:
        raise PermissionDenied("Issuer settings are for administrators.")
    try:
        create_issuer_profile(request.user, orgs[organisation_id])  # type: ignore[arg-type]
    except Problem as e:
        messages.error(request, e.detail)
    else:
        messages.success(request, "The issuer profile and its first signing key were created.")
    return redirect("issuance:issuer")


@login_required
@require_POST
def rotate(request: HttpRequest, slug: str) -> HttpResponse:
    found = IssuerProfile.objects.filter(slug=slug).first()
    if found is None or not may(request.user, found.organisation_id, ADMIN_ROLES):  # type: ignore[arg-type]
        raise PermissionDenied("Key rotation is for administrators.")
    key = rotate_key(request.user, found)  # type: ignore[arg-type]
    messages.success(
        request,
        f"New signing key {key.public_multibase[:16]}… is current; old keys stay published.",
    )
    return redirect("issuance:issuer")
