"""The audit log page: administrators and analysts browse what staff did, and how."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..audit_search import AuditFilter, diff, search
from ..forms import AuditFilterForm
from ..models import AuditEntry, Role
from ..permissions import has_role
from ..tenancy import current_organisation

PAGE_SIZE = 50


@login_required
@require_GET
def audit_log_view(request: HttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    if organisation is None or not has_role(request.user, organisation, Role.ANALYST):
        raise PermissionDenied(
            "The audit log is open to administrators and analysts of an organisation."
        )
    form = AuditFilterForm(request.GET or None)
    wanted = AuditFilter()
    if form.is_bound and form.is_valid():
        wanted = AuditFilter(**{k: v for k, v in form.cleaned_data.items() if v})
    page = Paginator(search(organisation, wanted), PAGE_SIZE).get_page(request.GET.get("page"))
    entries: list[tuple[AuditEntry, list]] = [
        (entry, diff(entry.before, entry.after)) for entry in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "organisation": organisation,
        "form": form,
        "page": page,
        "entries": entries,
        "query": query.urlencode(),
    }
    return render(request, "accounts/audit_log.html", context, status=400 if form.errors else 200)
