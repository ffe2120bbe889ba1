"""The badge designer (designers only): pick colours, shape, icon and text, see the badge and
its accessibility findings live, save. Views parse input, call one service, render."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from credstack.accounts.models import Role
from credstack.accounts.permissions import has_role, require_role, staff_organisations
from credstack.catalog.models import MicroCredential
from credstack.problems import Problem

from . import services
from .badge import render_svg
from .badge.icons import LABELS as ICON_LABELS
from .badge.shapes import SHAPES
from .services import DesignChoices


def _credential(request: HttpRequest, lineage: UUID) -> MicroCredential:
    credential = services.current_version(lineage)
    if credential is None:
        raise Http404("No such credential.")
    require_role(request.user, credential.organisation_id, Role.DESIGNER)
    return credential


def _preview_context(credential: MicroCredential, choices: DesignChoices) -> dict[str, Any]:
    spec = services.resolve_spec(credential, choices)
    return {
        "svg": render_svg(spec, id_prefix="preview"),
        "pairs": services.contrast_pairs(spec),
        "findings": services.check_spec(spec, alt_text=choices.alt_text),
        "spec": spec,
    }


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    # staff_organisations(user, roles) joins memberships twice, so it also returns organisations
    # where *someone else* is a designer; has_role checks this user's own memberships.
    organisations = [
        o for o in staff_organisations(request.user) if has_role(request.user, o, Role.DESIGNER)
    ]
    if not organisations:
        raise PermissionDenied("The badge designer needs the designer role.")
    latest: dict[UUID, MicroCredential] = {}
    for credential in (
        MicroCredential.objects.filter(organisation__in=organisations)
        .select_related("organisation", "level__scale")
        .order_by("title", "-version")
    ):
        latest.setdefault(credential.lineage, credential)
    designs = {d.credential_lineage: d for d in services.design_for_many(list(latest))}
    rows = [(c, designs.get(c.lineage)) for c in latest.values()]
    return render(request, "design/index.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def designer(request: HttpRequest, lineage: UUID) -> HttpResponse:
    credential = _credential(request, lineage)
    design = services.design_for(credential)
    choices = DesignChoices.of(design)
    if design is None:
        # Offer the automatic description to edit; it is saved only when the designer saves.
        choices = DesignChoices(alt_text=services.resolve_spec(credential, choices).alt_text)
    errors: dict[str, str] = {}
    message = ""
    status = 200
    if request.method == "POST":
        try:
            choices = services.parse_choices(request.POST, require_alt_text=True)
            if request.POST.get("action") != "preview":
                services.save_design(request.user, credential, choices)  # type: ignore[arg-type]
                return redirect(f"{request.path}?saved=1")
        except Problem as e:
            errors = {str(err["field"]): str(err["message"]) for err in e.errors} or {
                "__all__": e.detail
            }
            status = 422
            choices = DesignChoices(**_safe_choices(request.POST))
    elif request.GET.get("saved"):
        message = "Badge design saved."
    context = {
        "credential": credential,
        "design": design,
        "choices": choices,
        "errors": errors,
        "message": message,
        "shapes": SHAPES,
        "icons": ICON_LABELS,
        **_preview_context(credential, choices),
    }
    return render(request, "design/designer.html", context, status=status)


def _safe_choices(data: Any) -> dict[str, str]:
    """The submitted fields that are well-formed on their own, to redisplay a form with errors."""
    out: dict[str, str] = {}
    for name in DesignChoices.__dataclass_fields__:
        try:
            parsed = services.parse_choices({name: data.get(name, "")}, require_alt_text=False)
        except Problem:
            continue
        out[name] = getattr(parsed, name)
    return out


@login_required
@require_GET
def preview(request: HttpRequest, lineage: UUID) -> HttpResponse:
    """The live preview fragment: the badge and its findings for the unsaved field values."""
    credential = _credential(request, lineage)
    try:
        choices = services.parse_choices(request.GET, require_alt_text=False)
    except Problem as e:
        return render(request, "design/_preview_error.html", {"problem": e}, status=422)
    return render(request, "design/_preview.html", _preview_context(credential, choices))


@login_required
@require_GET
def staff_badge(request: HttpRequest, lineage: UUID) -> HttpResponse:
    """The saved badge of any product, drafts included, for its organisation's designers."""
    credential = _credential(request, lineage)
    image = services.credential_image(credential, "svg")
    response = HttpResponse(image.content, content_type=image.content_type)
    response["Cache-Control"] = "private, max-age=60"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
    )
    return response
