"""Issuer profiles, their Ed25519 keys, and the public documents that publish the keys.

An issuer is identified by the https URL of its profile, ``<BASE_URL>/issuers/<slug>``; that
URL serves an OB 3.0 ``Profile`` which is also a controller document (CID 1.0 §2), listing
every key the issuer ever signed with as a ``Multikey`` under ``verificationMethod`` and
``assertionMethod`` (OB3-BRIEF §2.5: strict verifiers dereference
``<issuer id>#<publicKeyMultibase>`` there). Retired keys stay listed, so credentials signed
before a rotation still verify; only the current key signs.

The same keys are published as ``did:web:<host>:issuers:<slug>`` (did:web §3.2) at
``/issuers/<slug>/did.json``. Private keys exist in clear only in memory while signing.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from credstack.accounts.audit import record, snapshot
from credstack.accounts.models import Organisation, User
from credstack.problems import Conflict, InvalidInput, NotFound
from credstack.vc.did import CONTROLLER_CONTEXT, multikey
from credstack.vc.keys import Ed25519Key
from credstack.vc.model import OB_CONTEXT, VC_V2_CONTEXT

from .. import keystore
from ..models import IssuerKey, IssuerProfile
from .access import ADMIN_ROLES, require

MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"


def base_url() -> str:
    return str(settings.BASE_URL).rstrip("/")


def platform_host() -> str:
    """The host of BASE_URL as did:web writes it: a port's colon percent-encoded (did:web §3.1)."""
    parts = urlsplit(base_url())
    host = parts.hostname or "localhost"
    return f"{host}%3A{parts.port}" if parts.port else host


def absolute(path: str) -> str:
    return f"{base_url()}{path}"


def issuer_url(issuer: IssuerProfile) -> str:
    """The issuer's id in every credential it signs."""
    return absolute(f"/issuers/{issuer.slug}")


def issuer_did(issuer: IssuerProfile) -> str:
    return f"did:web:{platform_host()}:issuers:{quote(issuer.slug, safe='')}"


def platform_did() -> str:
    return f"did:web:{platform_host()}"


def verification_method(issuer: IssuerProfile, public_multibase: str) -> str:
    """The DID URL of one of ``issuer``'s keys (did:web fragment, VC Data Integrity §2.1)."""
    return f"{issuer_url(issuer)}#{public_multibase}"


def published_keys(issuer: IssuerProfile) -> list[IssuerKey]:
    """Every key of ``issuer``, current first: all stay published after rotation."""
    return sorted(issuer.keys.all(), key=lambda k: (not k.is_current, -k.pk))


def _new_key(issuer: IssuerProfile) -> IssuerKey:
    key = Ed25519Key.generate()
    return IssuerKey.objects.create(
        issuer=issuer,
        public_multibase=key.public_multibase,
        encrypted_secret=keystore.seal(key),
        is_current=True,
    )


@transaction.atomic
def create_issuer_profile(
    actor: User | None,
    organisation: Organisation,
    *,
    name: str = "",
    slug: str = "",
    url: str = "",
    email: str = "",
    description: str = "",
    parent: IssuerProfile | None = None,
) -> IssuerProfile:
    """Create ``organisation``'s issuer profile with a first signing key.

    ``actor`` None is the platform itself (the demo loader, a management command). Fields left
    empty come from the organisation; the parent defaults to the parent organisation's profile.
    """
    if actor is not None:
        require(actor, organisation, ADMIN_ROLES)
    if IssuerProfile.objects.filter(organisation=organisation).exists():
        raise Conflict(f"{organisation} already has an issuer profile.", code="ISSUER_EXISTS")
    slug = slugify(slug or organisation.slug)[:80]
    if not slug:
        raise InvalidInput(
            "The issuer needs a slug (letters, digits, hyphens).", code="SLUG_INVALID"
        )
    if IssuerProfile.objects.filter(slug=slug).exists():
        raise Conflict(f"The issuer address “{slug}” is taken.", code="SLUG_TAKEN")
    if parent is None and organisation.parent_id is not None:
        parent = IssuerProfile.objects.filter(organisation_id=organisation.parent_id).first()
    issuer = IssuerProfile.objects.create(
        organisation=organisation,
        slug=slug,
        name=(name or organisation.name).strip(),
        url=url or organisation.url,
        email=email or organisation.email,
        description=description or organisation.description,
        parent=parent,
    )
    key = _new_key(issuer)
    from .status_lists import create_lists  # status lists build on this module's URLs

    create_lists(issuer, 1)
    record(
        actor,
        "issuance.issuer.created",
        issuer,
        organisation=organisation,
        after={**snapshot(issuer), "key": key.public_multibase},
    )
    return issuer


@transaction.atomic
def rotate_key(actor: User | None, issuer: IssuerProfile) -> IssuerKey:
    """Make a new current key; the old one is retired but stays published.

    The issuer row is locked so two rotations at once cannot leave two current keys (the
    partial unique constraint would refuse the second anyway).
    """
    if actor is not None:
        require(actor, issuer.organisation_id, ADMIN_ROLES)
    issuer = IssuerProfile.objects.select_for_update().get(pk=issuer.pk)
    old = list(IssuerKey.objects.filter(issuer=issuer, is_current=True))
    IssuerKey.objects.filter(issuer=issuer, is_current=True).update(
        is_current=False, retired_at=timezone.now()
    )
    key = _new_key(issuer)
    record(
        actor,
        "issuance.key.rotated",
        issuer,
        organisation=issuer.organisation,
        before={"current": [k.public_multibase for k in old]},
        after={"current": key.public_multibase},
    )
    return key


def signing_key(issuer: IssuerProfile) -> tuple[IssuerKey, Ed25519Key]:
    """The issuer's current key, decrypted for signing (keep the result in memory only)."""
    row = IssuerKey.objects.filter(issuer=issuer, is_current=True).first()
    if row is None:
        raise Conflict(f"{issuer} has no current signing key.", code="NO_SIGNING_KEY")
    return row, keystore.unseal(row.encrypted_secret, row.public_multibase)


def issuer_for(organisation_id: int) -> IssuerProfile:
    """The issuer profile of an organisation; ``Conflict`` when it has none yet."""
    issuer = IssuerProfile.objects.filter(organisation_id=organisation_id).first()
    if issuer is None:
        raise Conflict(
            "This organisation has no issuer profile yet; an administrator creates one first.",
            code="NO_ISSUER",
        )
    return issuer


def issuer_by_slug(slug: str) -> IssuerProfile:
    issuer = IssuerProfile.objects.select_related("parent").filter(slug=slug).first()
    if issuer is None:
        raise NotFound(f"There is no issuer “{slug}”.", code="ISSUER_NOT_FOUND")
    return issuer


def profile_json(issuer: IssuerProfile, *, nested: bool = False) -> dict[str, Any]:
    """The OB 3.0 ``Profile`` of ``issuer`` (OB 3.0 §B.2.3), as embedded in credentials."""
    profile: dict[str, Any] = {"id": issuer_url(issuer), "type": ["Profile"], "name": issuer.name}
    if issuer.url:
        profile["url"] = issuer.url
    if issuer.email:
        profile["email"] = issuer.email
    if issuer.description and not nested:
        profile["description"] = issuer.description
    if issuer.image:
        profile["image"] = {"id": absolute(issuer.image.url), "type": "Image"}
    if issuer.parent is not None and not nested:
        profile["parentOrg"] = profile_json(issuer.parent, nested=True)
    return profile


def profile_document(issuer: IssuerProfile) -> dict[str, Any]:
    """The issuer's profile URL document: OB Profile + controller document (CID 1.0 §2)."""
    controller = issuer_url(issuer)
    methods = [multikey(controller, k.public_multibase) for k in published_keys(issuer)]
    return {
        # did/v1 defines verificationMethod and assertionMethod at the top level; without it a
        # JSON-LD processor would drop them (checked with vc.jsonld.expand_safe in the tests).
        "@context": [VC_V2_CONTEXT, OB_CONTEXT, CONTROLLER_CONTEXT[0], MULTIKEY_CONTEXT],
        **profile_json(issuer),
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }


def did_document(issuer: IssuerProfile) -> dict[str, Any]:
    """``did:web:<host>:issuers:<slug>``: the same keys, controlled by the DID (did:web §3.2)."""
    did = issuer_did(issuer)
    methods = [multikey(did, k.public_multibase) for k in published_keys(issuer)]
    ids = [m["id"] for m in methods]
    return {
        "@context": list(CONTROLLER_CONTEXT),
        "id": did,
        "alsoKnownAs": [issuer_url(issuer)],
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }


def platform_did_document() -> dict[str, Any]:
    """``did:web:<host>``: the platform itself signs nothing, so it lists no keys of its own.

    It names the issuers it hosts as services, each pointing at its own did:web document, so a
    resolver that starts at the host finds every issuer (and never mistakes one issuer's key
    for another's).
    """
    did = platform_did()
    issuers = IssuerProfile.objects.order_by("slug").only("slug")
    return {
        "@context": [CONTROLLER_CONTEXT[0]],
        "id": did,
        "service": [
            {
                "id": f"{did}#issuer-{issuer.slug}",
                "type": "LinkedDomains",
                "serviceEndpoint": issuer_url(issuer),
            }
            for issuer in issuers
        ],
    }
