"""Public, read-only framework pages: what a badge's alignment targetUrl points at."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .. import services
from ..models import Framework, FrameworkItem


def public_index(request: HttpRequest) -> HttpResponse:
    superseded = Framework.objects.filter(previous_version__isnull=False).values("previous_version")
    frameworks = Framework.objects.exclude(pk__in=superseded).select_related("organisation")
    return render(request, "skills/public_index.html", {"frameworks": frameworks})


def public_framework(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    framework = get_object_or_404(
        Framework.objects.select_related("organisation"), slug=slug, version=version
    )
    context = {
        "framework": framework,
        "superseded": framework.is_superseded,
        "roots": services.framework_tree(framework),
        "levels": framework.levels.all(),
    }
    return render(request, "skills/public_framework.html", context)


def public_item(request: HttpRequest, slug: str, version: str, code: str) -> HttpResponse:
    item = get_object_or_404(
        FrameworkItem.objects.select_related("framework", "parent"),
        framework__slug=slug,
        framework__version=version,
        code=code,
    )
    children = item.children.order_by("position", "code")
    return render(
        request,
        "skills/public_item.html",
        {"item": item, "framework": item.framework, "children": children},
    )
