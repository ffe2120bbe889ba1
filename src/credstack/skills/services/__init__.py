"""The skills app's service layer: every change to frameworks, items, levels and alignments.

Each function runs in one transaction, checks the actor's role, and writes an audit entry.
Other apps (catalog, issuance) call these, never the models directly.
"""

from ._access import can_design, require_designer, require_editable, require_staff
from .alignments import (
    achievement_alignments,
    align,
    alignments_for,
    copy_alignments,
    public_framework_url,
    public_item_url,
    target_type,
    unalign,
)
from .coverage import CoverageReport, DomainCoverage, ItemCoverage, coverage
from .exports import export_case_package, export_csv_text
from .frameworks import (
    create_framework,
    create_level,
    create_version,
    delete_level,
    update_framework,
    update_level,
)
from .imports import ALL_OR_NOTHING, VALID_ROWS, CsvImportReport, import_case, import_csv
from .items import (
    TreeNode,
    add_esco_skill,
    create_item,
    delete_item,
    flatten,
    framework_tree,
    search_items,
    update_item,
)

__all__ = [
    "ALL_OR_NOTHING",
    "VALID_ROWS",
    "CoverageReport",
    "CsvImportReport",
    "DomainCoverage",
    "ItemCoverage",
    "TreeNode",
    "achievement_alignments",
    "add_esco_skill",
    "align",
    "alignments_for",
    "can_design",
    "copy_alignments",
    "coverage",
    "create_framework",
    "create_item",
    "create_level",
    "create_version",
    "delete_item",
    "delete_level",
    "export_case_package",
    "export_csv_text",
    "flatten",
    "framework_tree",
    "import_case",
    "import_csv",
    "public_framework_url",
    "public_item_url",
    "require_designer",
    "require_editable",
    "require_staff",
    "search_items",
    "target_type",
    "unalign",
    "update_framework",
    "update_item",
    "update_level",
]
