"""The public catalogue: search and filters over published credentials, and one product page.

Search is a portable ``icontains`` across title, descriptions, code, outcomes and tags (each
list relation through ``EXISTS``, so rows are not duplicated and the plan is the same on
SQLite and PostgreSQL). Every page is a fixed number of queries whatever the catalogue's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from credstack.accounts.models import Organisation
from credstack.problems import NotFound
from credstack.skills.models import Alignment, FrameworkItem

from ..models import Level, Lifecycle, MicroCredential, Offering, Pathway, Stack, StackMember

PAGE_SIZE = 20
MAX_QUERY = 200


@dataclass
class CatalogueFilters:
    """The filters of a catalogue search, read from (and written back to) a query string."""

    q: str = ""
    skill: int | None = None
    level: int | None = None
    min_hours: int | None = None
    max_hours: int | None = None
    mode: str = ""
    free: bool = False
    max_price: Decimal | None = None
    partner: int | None = None
    language: str = ""

    @classmethod
    def from_query(cls, params: QueryDict | dict[str, Any]) -> CatalogueFilters:
        """Read filters leniently: a malformed value is ignored rather than an error page."""

        def integer(name: str) -> int | None:
            try:
                value = int(str(params.get(name, "")).strip())
            except ValueError:
                return None
            return value if 0 <= value < 2**31 else None

        max_price: Decimal | None = None
        try:
            price = Decimal(str(params.get("max_price", "")).strip())
        except InvalidOperation:
            price = None
        if price is not None and price.is_finite() and price >= 0:
            max_price = price
        return cls(
            q=str(params.get("q", "")).strip()[:MAX_QUERY],
            skill=integer("skill"),
            level=integer("level"),
            min_hours=integer("min_hours"),
            max_hours=integer("max_hours"),
            mode=str(params.get("mode", "")).strip()[:20],
            free=str(params.get("price", "")) == "free",
            max_price=max_price,
            partner=integer("partner"),
            language=str(params.get("language", "")).strip()[:10],
        )

    @property
    def active(self) -> bool:
        return any(v not in (None, "", False) for v in vars(self).values())


def published() -> QuerySet[MicroCredential]:
    return MicroCredential.objects.filter(status=Lifecycle.PUBLISHED)


def search(filters: CatalogueFilters) -> QuerySet[MicroCredential]:
    """Published credentials matching ``filters``, ready to paginate and list."""
    qs = published()
    if filters.q:
        from ..models import LearningOutcome, Tag

        text = filters.q
        outcome_hit = LearningOutcome.objects.filter(
            credential=OuterRef("pk"), text__icontains=text
        )
        tag_hit = Tag.objects.filter(credentials=OuterRef("pk"), name__icontains=text)
        qs = qs.filter(
            Q(title__icontains=text)
            | Q(code__icontains=text)
            | Q(short_description__icontains=text)
            | Q(long_description__icontains=text)
            | Exists(outcome_hit)
            | Exists(tag_hit)
        )
    if filters.skill is not None:
        # A domain or capability matches credentials aligned to any skill beneath it.
        aligned = Alignment.objects.filter(credential=OuterRef("pk")).filter(
            Q(item_id=filters.skill)
            | Q(item__parent_id=filters.skill)
            | Q(item__parent__parent_id=filters.skill)
        )
        qs = qs.filter(Exists(aligned))
    if filters.level is not None:
        qs = qs.filter(level_id=filters.level)
    if filters.min_hours is not None:
        qs = qs.filter(volume_hours__gte=filters.min_hours)
    if filters.max_hours is not None:
        qs = qs.filter(volume_hours__lte=filters.max_hours)
    if filters.mode:
        qs = qs.filter(delivery_mode=filters.mode)
    if filters.free:
        qs = qs.filter(price=0)
    if filters.max_price is not None:
        qs = qs.filter(price__lte=filters.max_price)
    if filters.partner is not None:
        partnered = MicroCredential.industry_partners.through.objects.filter(
            microcredential_id=OuterRef("pk"), organisation_id=filters.partner
        )
        qs = qs.filter(Exists(partnered))
    if filters.language:
        qs = qs.filter(language=filters.language)
    return (
        qs.select_related("organisation", "level", "level__scale")
        .prefetch_related("tags")
        .order_by("title", "pk")
    )


def filter_options() -> dict[str, Any]:
    """The choices the filter sidebar offers, drawn from what is published (four queries)."""
    live = published()
    skill_ids = Alignment.objects.filter(credential__in=live).values("item_id")
    return {
        "skills": list(
            FrameworkItem.objects.filter(pk__in=skill_ids)
            .select_related("framework")
            .order_by("title")
        ),
        "levels": list(
            Level.objects.filter(pk__in=live.values("level_id")).select_related("scale")
        ),
        "partners": list(
            Organisation.objects.filter(co_designed_credentials__in=live)
            .distinct()
            .order_by("name")
        ),
        "languages": sorted(set(live.values_list("language", flat=True).distinct())),
    }


def upcoming_offerings(today: date | None = None) -> QuerySet[Offering]:
    """Open runs that have not ended, and cancelled ones, kept so learners see what happened."""
    today = today or timezone.localdate()
    return Offering.objects.filter(
        Q(is_open=True) | Q(cancelled_at__isnull=False), ends_on__gte=today
    ).select_related("facilitator")


def published_credential(organisation_slug: str, slug: str) -> MicroCredential:
    """One published credential with everything its public page shows, in a fixed query count."""
    credential = (
        published()
        .filter(organisation__slug=organisation_slug, slug=slug)
        .select_related("organisation", "level", "level__scale")
        .prefetch_related(
            "outcomes",
            "criteria",
            "tags",
            "industry_partners",
            Prefetch(
                "prerequisites", queryset=MicroCredential.objects.select_related("organisation")
            ),
            Prefetch("offerings", queryset=upcoming_offerings(), to_attr="upcoming"),
            Prefetch(
                "alignments",
                queryset=Alignment.objects.select_related("item__framework", "proficiency"),
            ),
        )
        .first()
    )
    if credential is None:
        raise NotFound("There is no published credential at this address.")
    return credential


@dataclass
class WhereItLeads:
    """The onward routes from a credential: stacks it counts toward and pathways out."""

    stacks: list[Stack]
    pathways: list[Pathway]


def where_it_leads(credential: MicroCredential) -> WhereItLeads:
    """Stacks ``credential`` counts toward and pathways from it or from those stacks."""
    stack_ids = StackMember.objects.filter(credential=credential).values("stack_id")
    stacks = list(
        Stack.objects.filter(pk__in=stack_ids).prefetch_related(
            Prefetch(
                "memberships",
                queryset=StackMember.objects.select_related("credential").order_by("position"),
            )
        )
    )
    pathways = list(
        Pathway.objects.filter(Q(from_credential=credential) | Q(from_stack__in=stack_ids))
        .select_related("to_credential", "to_stack", "from_stack", "to_credential__organisation")
        .order_by("title")
    )
    return WhereItLeads(stacks=stacks, pathways=pathways)
