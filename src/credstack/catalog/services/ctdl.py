"""Credential Engine CTDL (JSON-LD) for published credentials and the stacks they make up.

Terms follow the Credential Transparency Description Language (https://credreg.net/ctdl/terms):
``ceterms:MicroCredential`` for a product and ``ceterms:Certificate`` for the award a stack
leads to; durations as ``ceterms:DurationProfile``, costs as ``ceterms:CostProfile``, credit as
``ceterms:ValueProfile``, conditions (skills to demonstrate, prerequisite credentials) as
``ceterms:ConditionProfile`` with ``ceterms:targetCompetency`` / ``ceterms:targetCredential``,
onward credit as ``ceterms:isAdvancedStandingFor`` and other onward routes as
``ceterms:isPreparationFor``. Concept values use CTDL's vocabularies (``credentialStat:``,
``deliveryType:``, ``costType:``). Identifiers are CTIDs (``ce-`` + a UUID) derived
deterministically from each credential's lineage and version, so re-exporting is stable.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from credstack.accounts.models import Organisation
from credstack.skills.models import Alignment

from ..models import Lifecycle, MicroCredential, Pathway, Stack, StackMember

CONTEXT = "https://credreg.net/ctdl/schema/context/json"
_NAMESPACE = uuid.UUID("6f0c4b1e-8d55-4c8e-9d3a-2b8f6a0c1d17")

DELIVERY = {
    "online": "deliveryType:OnlineOnly",
    "face_to_face": "deliveryType:InPerson",
    "blended": "deliveryType:BlendedDelivery",
}
STATUS = {
    Lifecycle.PUBLISHED: ("credentialStat:Active", "Active"),
    Lifecycle.RETIRED: ("credentialStat:Deprecated", "Deprecated"),
}


def ctid(kind: str, key: str) -> str:
    """A stable CTID for one of our resources (``ce-`` followed by a UUID, as CTDL requires)."""
    return f"ce-{uuid.uuid5(_NAMESPACE, f'{kind}:{key}')}"


def _url(path: str) -> str:
    return f"{settings.BASE_URL}{path}"


def _lang(credential: MicroCredential, text: str) -> dict[str, str]:
    return {credential.language or "en": text}


def _concept(node: str, name: str, framework: str) -> dict[str, Any]:
    return {
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:targetNode": node,
        "ceterms:targetNodeName": {"en": name},
        "ceterms:framework": f"https://credreg.net/ctdl/terms/{framework}",
        "ceterms:frameworkName": {"en": framework},
    }


def organisation_id(organisation: Organisation) -> str:
    return _url(f"/api/v1/catalog/ctdl/organisations/{organisation.slug}")


def credential_id(credential: MicroCredential) -> str:
    return _url(f"/api/v1/catalog/ctdl/credentials/{credential.pk}")


def stack_id(stack: Stack) -> str:
    return _url(f"/api/v1/catalog/ctdl/stacks/{stack.slug}")


def organisation_node(organisation: Organisation) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": organisation_id(organisation),
        "@type": "ceterms:CredentialOrganization",
        "ceterms:ctid": ctid("organisation", organisation.slug),
        "ceterms:name": {"en": organisation.name},
    }
    if organisation.url:
        node["ceterms:subjectWebpage"] = organisation.url
    if organisation.description:
        node["ceterms:description"] = {"en": organisation.description}
    return node


def _competency(alignment: Alignment) -> dict[str, Any]:
    item = alignment.item
    target = item.uri or _url(f"/skills/items/{item.case_identifier}")
    node: dict[str, Any] = {
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:targetNode": target,
        "ceterms:targetNodeName": {"en": item.title},
        "ceterms:codedNotation": item.code,
        "ceterms:frameworkName": {"en": item.framework.title},
    }
    if item.framework.uri:
        node["ceterms:framework"] = item.framework.uri
    if item.description:
        node["ceterms:targetNodeDescription"] = {"en": item.description}
    return node


def _pathway_profile(pathway: Pathway) -> tuple[str, dict[str, Any]]:
    profile: dict[str, Any] = {
        "@type": "ceterms:ConditionProfile",
        "ceterms:name": {"en": pathway.title},
    }
    if pathway.description:
        profile["ceterms:description"] = {"en": pathway.description}
    if pathway.to_credential_id is not None:
        profile["ceterms:targetCredential"] = [credential_id(pathway.to_credential)]  # type: ignore[arg-type]
    elif pathway.to_stack_id is not None:
        profile["ceterms:targetCredential"] = [stack_id(pathway.to_stack)]  # type: ignore[arg-type]
    else:
        award = pathway.external_award
        if pathway.external_institution:
            award = f"{award} ({pathway.external_institution})"
        profile["ceterms:name"] = {"en": f"{pathway.title}: {award}"}
        if pathway.external_url:
            profile["ceterms:subjectWebpage"] = pathway.external_url
    if pathway.credit_granted is not None:
        profile["ceterms:creditValue"] = [
            {"@type": "ceterms:ValueProfile", "schema:value": float(pathway.credit_granted)}
        ]
        return "ceterms:isAdvancedStandingFor", profile
    return "ceterms:isPreparationFor", profile


def credential_node(credential: MicroCredential) -> dict[str, Any]:
    """One credential as a CTDL ``ceterms:MicroCredential`` (expects :func:`prefetched` rows)."""
    org = organisation_id(credential.organisation)
    page = _url(reverse("catalog:credential", args=[credential.organisation.slug, credential.slug]))
    node: dict[str, Any] = {
        "@id": credential_id(credential),
        "@type": "ceterms:MicroCredential",
        "ceterms:ctid": ctid("credential", f"{credential.lineage}:{credential.version}"),
        "ceterms:name": _lang(credential, credential.title),
        "ceterms:description": _lang(
            credential, credential.long_description or credential.short_description
        ),
        "ceterms:subjectWebpage": page,
        "ceterms:codedNotation": credential.code,
        "ceterms:ownedBy": [org],
        "ceterms:offeredBy": [org],
        "ceterms:inLanguage": [credential.language],
        "ceterms:versionIdentifier": [
            {
                "@type": "ceterms:IdentifierValue",
                "ceterms:identifierTypeName": {"en": "version"},
                "ceterms:identifierValueCode": str(credential.version),
            }
        ],
        "ceterms:estimatedDuration": [
            {
                "@type": "ceterms:DurationProfile",
                "ceterms:exactDuration": f"PT{credential.volume_hours}H",
                "ceterms:description": {"en": f"{credential.volume_hours} hours of learning"},
            }
        ],
        "ceterms:deliveryType": [
            _concept(
                DELIVERY[credential.delivery_mode],
                credential.get_delivery_mode_display(),
                "Delivery",
            )
        ],
        "ceterms:estimatedCost": [
            {
                "@type": "ceterms:CostProfile",
                "ceterms:directCostType": [
                    _concept("costType:AggregateCost", "Aggregate Cost", "CostType")
                ],
                "ceterms:price": float(credential.price),
                "ceterms:currency": credential.currency,
                "ceterms:description": {"en": "Tuition fee" if credential.price else "Free"},
            }
        ],
    }
    if credential.status in STATUS:
        code, name = STATUS[credential.status]  # type: ignore[index]
        node["ceterms:credentialStatusType"] = _concept(code, name, "CredentialStatus")
    if credential.published_at:
        node["ceterms:dateEffective"] = credential.published_at.date().isoformat()
    if credential.previous_version_id:
        node["ceterms:previousVersion"] = _url(
            f"/api/v1/catalog/ctdl/credentials/{credential.previous_version_id}"
        )
    if credential.fee_waivers:
        node["ceterms:financialAssistance"] = [
            {
                "@type": "ceterms:FinancialAssistanceProfile",
                "ceterms:name": {"en": "Fee waivers"},
                "ceterms:description": {"en": credential.fee_waivers},
            }
        ]
    if credential.credit_value is not None:
        node["ceterms:creditValue"] = [
            {
                "@type": "ceterms:ValueProfile",
                "schema:value": float(credential.credit_value),
                "schema:description": {
                    "en": f"{credential.credit_value} {credential.credit_system} credits"
                },
            }
        ]
    tags = [t.name for t in credential.tags.all()]
    if tags:
        node["ceterms:keyword"] = {credential.language or "en": tags}
    requires: list[dict[str, Any]] = []
    outcomes = [o.text for o in credential.outcomes.all()]
    competencies = [_competency(a) for a in credential.alignments.all()]
    if outcomes or competencies:
        earn: dict[str, Any] = {
            "@type": "ceterms:ConditionProfile",
            "ceterms:description": {
                "en": credential.assessment_methods
                or "Demonstrate every learning outcome against the assessment criteria."
            },
        }
        if outcomes:
            earn["ceterms:condition"] = {"en": outcomes}
        if competencies:
            earn["ceterms:targetCompetency"] = competencies
        requires.append(earn)
    prerequisites = list(credential.prerequisites.all())
    if prerequisites:
        requires.append(
            {
                "@type": "ceterms:ConditionProfile",
                "ceterms:description": {"en": "Earn these credentials first."},
                "ceterms:targetCredential": [credential_id(p) for p in prerequisites],
            }
        )
    if requires:
        node["ceterms:requires"] = requires
    stacks = [m.stack for m in credential.stack_memberships.all()]
    if stacks:
        node["ceterms:isPartOf"] = [stack_id(s) for s in stacks]
    for pathway in credential.pathways_out.all():
        term, profile = _pathway_profile(pathway)
        node.setdefault(term, []).append(profile)
    return node


def stack_node(stack: Stack, member_ids: list[str]) -> dict[str, Any]:
    """A stack as the ``ceterms:Certificate`` it leads to, with its members as parts."""
    rule = {
        Stack.Rule.ALL_OF: "Earn every credential in the stack.",
        Stack.Rule.N_OF: f"Earn {stack.required_count} of the credentials in the stack.",
        Stack.Rule.CREDIT_THRESHOLD: f"Earn at least {stack.credit_threshold} credits from the stack.",
    }[Stack.Rule(stack.rule)]
    node: dict[str, Any] = {
        "@id": stack_id(stack),
        "@type": "ceterms:Certificate",
        "ceterms:ctid": ctid("stack", stack.slug),
        "ceterms:name": {"en": stack.award_title},
        "ceterms:description": {"en": stack.description or stack.title},
        "ceterms:ownedBy": [organisation_id(stack.organisation)],
        "ceterms:hasPart": member_ids,
        "ceterms:requires": [
            {
                "@type": "ceterms:ConditionProfile",
                "ceterms:description": {"en": rule},
                "ceterms:targetCredential": member_ids,
            }
        ],
    }
    for pathway in stack.pathways_out.all():
        term, profile = _pathway_profile(pathway)
        node.setdefault(term, []).append(profile)
    return node


def prefetched(qs: QuerySet[MicroCredential]) -> QuerySet[MicroCredential]:
    """Everything :func:`credential_node` reads, in a fixed number of queries."""
    return qs.select_related("organisation").prefetch_related(
        "outcomes",
        "tags",
        "prerequisites",
        Prefetch("alignments", queryset=Alignment.objects.select_related("item__framework")),
        Prefetch("stack_memberships", queryset=StackMember.objects.select_related("stack")),
        Prefetch(
            "pathways_out",
            queryset=Pathway.objects.select_related("to_credential", "to_stack").order_by("title"),
        ),
    )


def credential_document(credential: MicroCredential) -> dict[str, Any]:
    """The CTDL document for one published credential: the credential and its owner."""
    full = prefetched(MicroCredential.objects.filter(pk=credential.pk)).get()
    return {
        "@context": CONTEXT,
        "@id": credential_id(full),
        "@graph": [credential_node(full), organisation_node(full.organisation)],
    }


def catalogue_document(organisation: Organisation | None = None) -> dict[str, Any]:
    """The whole published catalogue (optionally one organisation's) as one CTDL graph."""
    credentials = MicroCredential.objects.filter(status=Lifecycle.PUBLISHED).order_by("code")
    if organisation is not None:
        credentials = credentials.filter(organisation=organisation)
    rows = list(prefetched(credentials))
    live = {c.pk for c in rows}
    stacks = (
        Stack.objects.filter(memberships__credential__in=live)
        .distinct()
        .select_related("organisation")
        .prefetch_related(
            "memberships",
            Prefetch(
                "pathways_out",
                queryset=Pathway.objects.select_related("to_credential", "to_stack"),
            ),
        )
        .order_by("slug")
    )
    organisations = {c.organisation_id: c.organisation for c in rows}
    graph: list[dict[str, Any]] = [organisation_node(o) for o in organisations.values()]
    graph += [credential_node(c) for c in rows]
    base = _url("/api/v1/catalog/ctdl/credentials/")
    for stack in stacks:
        members = [
            f"{base}{m.credential_id}" for m in stack.memberships.all() if m.credential_id in live
        ]
        graph.append(stack_node(stack, members))
    return {"@context": CONTEXT, "@id": _url("/api/v1/catalog/ctdl"), "@graph": graph}
