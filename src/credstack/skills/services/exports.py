"""Exports: a framework as a CASE 1.0 package or as CSV (read-only; frameworks are public)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from .. import rules
from ..interchange.case_export import export_case
from ..interchange.csv_format import export_csv
from ..models import Framework, FrameworkItem
from .alignments import public_framework_url, public_item_url


def export_case_package(framework: Framework) -> dict[str, Any]:
    """The framework as a CASE CFPackage; CFItem uris are the items' own or their public pages."""

    def item_uri(item: FrameworkItem) -> str:
        # An ESCO URI names the concept, not the CASE item: it travels as exactMatchOf.
        if item.uri and not rules.is_esco_uri(item.uri):
            return item.uri
        return public_item_url(item)

    document_uri = framework.uri or public_framework_url(framework)
    package = export_case(framework, item_uri=item_uri, document_uri=document_uri)
    package["CFDocument"]["CFPackageURI"]["uri"] = settings.BASE_URL + reverse(
        "skills:export_case", kwargs={"framework_id": framework.pk}
    )
    return package


def export_csv_text(framework: Framework) -> str:
    """The framework's items as CSV (formula-leading cells escaped)."""
    return export_csv(framework)
