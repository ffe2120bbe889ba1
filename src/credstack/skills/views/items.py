"""Staff pages for a framework's items: add, edit or move, delete, and add an ESCO skill."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from credstack.problems import Problem

from .. import services
from ..forms import EscoForm, ItemForm, show_problem
from ..models import FrameworkItem
from ._common import actor, framework_or_404


@login_required
def item_create(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = framework_or_404(framework_id)
    services.require_editable(framework, actor(request))
    initial: dict[str, object] = {}
    parent_id = request.GET.get("parent", "")
    if parent_id.isdigit():
        parent = framework.items.filter(pk=int(parent_id)).first()
        if parent is not None:
            initial = {
                "parent": parent,
                "kind": "capability" if parent.kind == "domain" else "skill",
            }
    form = ItemForm(framework, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_item(framework, actor(request), **form.cleaned_data)
        except Problem as e:
            show_problem(form, e)
        else:
            messages.success(request, f"Added {item.code} {item.title}.")
            return redirect("skills:framework_detail", framework_id=framework.pk)
    return render(request, "skills/item_form.html", {"form": form, "framework": framework})


@login_required
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(
        FrameworkItem.objects.select_related("framework__organisation"), pk=item_id
    )
    framework = item.framework
    services.require_editable(framework, actor(request))
    initial = {
        "kind": item.kind,
        "code": item.code,
        "title": item.title,
        "parent": item.parent,
        "description": item.description,
        "uri": item.uri,
    }
    form = ItemForm(framework, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(item, actor(request), **form.cleaned_data)
        except Problem as e:
            show_problem(form, e)
        else:
            messages.success(request, f"Saved {form.cleaned_data['code']}.")
            return redirect("skills:framework_detail", framework_id=framework.pk)
    return render(
        request, "skills/item_form.html", {"form": form, "framework": framework, "item": item}
    )


@login_required
@require_POST
def item_delete(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(
        FrameworkItem.objects.select_related("framework__organisation"), pk=item_id
    )
    try:
        services.delete_item(item, actor(request))
    except Problem as e:
        messages.error(request, e.detail)
    else:
        messages.success(request, f"Deleted {item.code}.")
    return redirect("skills:framework_detail", framework_id=item.framework_id)


@login_required
def esco_add(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = framework_or_404(framework_id)
    services.require_editable(framework, actor(request))
    form = EscoForm(framework, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.add_esco_skill(framework, actor(request), **form.cleaned_data)
        except Problem as e:
            if e.code == "INVALID_ESCO_URI":
                form.add_error("uri", e.detail)
            else:
                show_problem(form, e)
        else:
            messages.success(request, f"Added ESCO skill {item.title}.")
            return redirect("skills:framework_detail", framework_id=framework.pk)
    return render(request, "skills/esco_form.html", {"form": form, "framework": framework})
