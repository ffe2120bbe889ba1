"""Staff pages for frameworks: the list, the tree, create/edit, versions, proficiency levels."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from credstack.accounts.models import Role
from credstack.accounts.permissions import staff_organisations
from credstack.problems import Problem

from .. import services
from ..forms import FrameworkEditForm, FrameworkForm, LevelForm, VersionForm, show_problem
from ..models import Framework, ProficiencyLevel
from ._common import actor, design_context, framework_or_404, staff_frameworks


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    if not staff_organisations(request.user):
        raise PermissionDenied("The skills frameworks pages are for staff.")
    frameworks = staff_frameworks(request.user).select_related("organisation", "next_version")
    design_orgs = staff_organisations(request.user, [Role.DESIGNER])
    return render(
        request,
        "skills/framework_list.html",
        {"frameworks": frameworks, "can_create": bool(design_orgs)},
    )


@login_required
def framework_create(request: HttpRequest) -> HttpResponse:
    organisations = staff_organisations(request.user, [Role.DESIGNER])
    if not organisations:
        raise PermissionDenied("Creating a framework needs the designer role.")
    form = FrameworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            framework = services.create_framework(
                organisations[0], actor(request), **form.cleaned_data
            )
        except Problem as e:
            show_problem(form, e)
        else:
            messages.success(request, f"Created {framework}.")
            return redirect("skills:framework_detail", framework_id=framework.pk)
    return render(
        request, "skills/framework_form.html", {"form": form, "organisation": organisations[0]}
    )


@login_required
def framework_detail(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = framework_or_404(framework_id)
    if framework.organisation is not None:
        services.require_staff(actor(request), framework.organisation)
    elif not staff_organisations(request.user):
        raise PermissionDenied("The skills frameworks pages are for staff.")
    roots = services.framework_tree(framework)
    context = {
        **design_context(request.user, framework),
        "roots": roots,
        "count": len(services.flatten(roots)),
        "levels": framework.levels.all(),
        "versions": Framework.objects.filter(slug=framework.slug).order_by("created_at"),
        "version_form": VersionForm(),
    }
    return render(request, "skills/framework_detail.html", context)


@login_required
def framework_edit(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = framework_or_404(framework_id)
    services.require_editable(framework, actor(request))
    initial = {name: getattr(framework, name) for name in services.frameworks.FRAMEWORK_FIELDS}
    form = FrameworkEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_framework(framework, actor(request), **form.cleaned_data)
        except Problem as e:
            show_problem(form, e)
        else:
            messages.success(request, "Framework saved.")
            return redirect("skills:framework_detail", framework_id=framework.pk)
    return render(request, "skills/framework_form.html", {"form": form, "framework": framework})


@login_required
@require_POST
def framework_version(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = framework_or_404(framework_id)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            copy = services.create_version(
                framework, actor(request), version=form.cleaned_data["version"]
            )
        except Problem as e:
            messages.error(request, e.detail)
        else:
            messages.success(
                request,
                f"Created {copy}; version {framework.version} is kept for existing alignments.",
            )
            return redirect("skills:framework_detail", framework_id=copy.pk)
    else:
        messages.error(request, "Give the new version a name, e.g. 2.0.")
    return redirect("skills:framework_detail", framework_id=framework.pk)


@login_required
def level_form(
    request: HttpRequest, framework_id: int, level_id: int | None = None
) -> HttpResponse:
    framework = framework_or_404(framework_id)
    services.require_editable(framework, actor(request))
    level = (
        get_object_or_404(ProficiencyLevel, pk=level_id, framework=framework) if level_id else None
    )
    initial = (
        {"rank": level.rank, "name": level.name, "description": level.description}
        if level
        else {"rank": (framework.levels.count() + 1)}
    )
    form = LevelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if level is None:
                services.create_level(framework, actor(request), **form.cleaned_data)
            else:
                services.update_level(level, actor(request), **form.cleaned_data)
        except Problem as e:
            show_problem(form, e)
        else:
            messages.success(request, "Proficiency level saved.")
            return redirect("skills:framework_detail", framework_id=framework.pk)
    return render(
        request, "skills/level_form.html", {"form": form, "framework": framework, "level": level}
    )


@login_required
@require_POST
def level_delete(request: HttpRequest, framework_id: int, level_id: int) -> HttpResponse:
    framework = framework_or_404(framework_id)
    level = get_object_or_404(ProficiencyLevel, pk=level_id, framework=framework)
    try:
        services.delete_level(level, actor(request))
    except Problem as e:
        messages.error(request, e.detail)
    else:
        messages.success(request, f"Deleted level {level.name}.")
    return redirect("skills:framework_detail", framework_id=framework.pk)
