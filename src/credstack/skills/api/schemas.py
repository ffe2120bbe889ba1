"""Request and response shapes of the skills API (pydantic via django-ninja).

Inputs name what a client may send (``...In``, ``...Patch``); outputs (``...Out``) add the
read-only fields the server owns: ids, identifiers, positions, URLs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

Kind = Literal["domain", "capability", "skill"]


class FrameworkIn(Schema):
    organisation_id: int
    title: str = Field(min_length=1, max_length=200)
    slug: str = Field(default="", max_length=80)
    version: str = Field(default="1.0", min_length=1, max_length=30)
    description: str = Field(default="", max_length=20_000)
    publisher: str = Field(default="", max_length=200)
    uri: str = Field(default="", max_length=500)
    over_coverage_threshold: int = Field(default=5, ge=0, le=10_000)


class FrameworkPatch(Schema):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=20_000)
    publisher: str | None = Field(default=None, max_length=200)
    uri: str | None = Field(default=None, max_length=500)
    over_coverage_threshold: int | None = Field(default=None, ge=0, le=10_000)


class FrameworkOut(Schema):
    id: int
    organisation_id: int | None
    title: str
    slug: str
    version: str
    description: str
    publisher: str
    uri: str
    source: str
    is_external: bool
    case_identifier: UUID
    previous_version_id: int | None
    is_current: bool
    over_coverage_threshold: int
    public_url: str
    created_at: datetime


class LevelIn(Schema):
    rank: int = Field(ge=1, le=100)
    name: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=5_000)


class LevelPatch(Schema):
    rank: int | None = Field(default=None, ge=1, le=100)
    name: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=5_000)


class LevelOut(Schema):
    id: int
    framework_id: int
    rank: int
    name: str
    description: str


class ItemIn(Schema):
    code: str = Field(min_length=1, max_length=60)
    title: str = Field(min_length=1, max_length=300)
    kind: Kind = "skill"
    parent_id: int | None = None
    description: str = Field(default="", max_length=10_000)
    uri: str = Field(default="", max_length=500)


class ItemPatch(Schema):
    """Only the fields sent change; ``parent_id: null`` moves the item to the root."""

    code: str | None = Field(default=None, min_length=1, max_length=60)
    title: str | None = Field(default=None, min_length=1, max_length=300)
    kind: Kind | None = None
    parent_id: int | None = None
    description: str | None = Field(default=None, max_length=10_000)
    uri: str | None = Field(default=None, max_length=500)


class ItemOut(Schema):
    id: int
    framework_id: int
    parent_id: int | None
    kind: str
    code: str
    title: str
    description: str
    uri: str
    position: int
    case_identifier: UUID
    case_item_type: str


class TreeItemOut(Schema):
    id: int
    parent_id: int | None
    kind: str
    code: str
    title: str
    description: str
    uri: str
    children: list[TreeItemOut] = []


TreeItemOut.model_rebuild()


class FrameworkDetailOut(FrameworkOut):
    levels: list[LevelOut]
    tree: list[TreeItemOut]


class VersionIn(Schema):
    version: str = Field(min_length=1, max_length=30)


class EscoSkillIn(Schema):
    uri: str = Field(min_length=1, max_length=500)
    title: str = Field(min_length=1, max_length=300)
    parent_id: int | None = None
    code: str = Field(default="", max_length=60)
    description: str = Field(default="", max_length=10_000)


class AlignmentIn(Schema):
    item_id: int
    proficiency_id: int | None = None


class AlignedItemOut(Schema):
    id: int
    code: str
    title: str
    kind: str
    framework_id: int
    framework_title: str
    framework_version: str


class AlignmentOut(Schema):
    id: int
    credential_id: int
    item: AlignedItemOut
    proficiency: LevelOut | None


class RowErrorOut(Schema):
    code: str
    column: str
    message: str


class ImportRowOut(Schema):
    ref: str
    code: str
    ok: bool
    errors: list[RowErrorOut]


class FileErrorOut(Schema):
    code: str
    message: str


class CsvImportOut(Schema):
    committed: bool
    created: int
    valid: int
    invalid: int
    file_error: FileErrorOut | None
    rows: list[ImportRowOut]


class CoverageItemOut(Schema):
    id: int
    code: str
    title: str
    kind: str
    direct: int
    subtree: int


class DomainCoverageOut(Schema):
    domain_id: int | None
    code: str
    title: str
    items: int
    covered: int
    uncovered: int
    credentials: int


class CoverageOut(Schema):
    framework_id: int
    threshold: int
    items: int
    covered: int
    uncovered_count: int
    over_covered_count: int
    uncovered: list[CoverageItemOut]
    over_covered: list[CoverageItemOut]
    domains: list[DomainCoverageOut]
