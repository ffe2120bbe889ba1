"""No page, API response, log line, repr, admin screen or error ever shows a private key.

The issuer's seed is taken out of the key store and searched for, in every encoding a key
could leak in (raw hex, base64, base64url, secretKeyMultibase, JWK ``d``, PKCS#8 PEM body),
in every issuance page, public document, API answer, admin screen and in everything logged
while issuing, approving, revoking and serving.
"""

from __future__ import annotations

import base64
import logging

import pytest
from django.test import Client

from credstack.accounts.models import AuditEntry, OutboxMessage, User
from credstack.accounts.services.tokens import create_token
from credstack.issuance import keystore
from credstack.issuance.models import IssuerKey
from credstack.issuance.services import revoke_award, rotate_key

pytestmark = pytest.mark.django_db


def _encodings(key) -> list[str]:  # type: ignore[no-untyped-def]
    seed = key.seed
    pem_body = b"".join(key.to_pem().splitlines()[1:-1]).decode()
    return [
        seed.hex(),
        seed.hex().upper(),
        base64.b64encode(seed).decode().rstrip("="),
        base64.urlsafe_b64encode(seed).decode().rstrip("="),
        key.secret_multibase,
        key.private_jwk()["d"],
        pem_body,
    ]


def _secrets() -> list[str]:
    found = []
    for row in IssuerKey.objects.all():
        found += _encodings(keystore.unseal(row.encrypted_secret, row.public_multibase))
    return found


def _assert_clean(text: str, secrets: list[str], where: str) -> None:
    for secret in secrets:
        assert secret not in text, f"a private key encoding appeared in {where}"


def test_no_page_document_api_answer_or_admin_screen_shows_a_private_key(
    make_award, credential, set_rule, issuer, cast, client_for, caplog
):
    caplog.set_level(logging.DEBUG)
    set_rule(credential)
    award = make_award()
    rotate_key(None, issuer)
    revoke_award(cast["qa_manager"], award, "Issued to the wrong person")
    pending_rule = make_award(email="other@example.org")
    superuser = User.objects.create_superuser("root", "root@example.org", "x")
    admin = Client()
    admin.force_login(superuser)
    staff = client_for("administrator")
    token = create_token(cast["administrator"], "secrecy").secret
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    public = Client()
    uuid = award.credential_uuid
    seen: dict[str, str] = {}
    for path in [
        "/issuance/",
        f"/issuance/awards/{uuid}/",
        "/issuance/approvals/",
        "/issuance/award/new/",
        "/issuance/rules/",
        f"/issuance/rules/{credential.lineage}/",
        "/issuance/issuer/",
        f"/issuance/credentials/{uuid}/credential.json",
    ]:
        response = staff.get(path)
        assert response.status_code == 200, path
        seen[path] = response.content.decode()
    for path in [
        f"/issuers/{issuer.slug}",
        f"/issuers/{issuer.slug}/did.json",
        "/.well-known/did.json",
        f"/issuers/{issuer.slug}/status/revocation/1",
        f"/issuers/{issuer.slug}/status/suspension/1",
        f"/issuers/{issuer.slug}/achievements/{credential.lineage}",
    ]:
        seen[path] = public.get(path, HTTP_ACCEPT="application/json").content.decode()
        seen[path + " html"] = public.get(path, HTTP_ACCEPT="text/html").content.decode()
    for path in [
        "/api/v1/issuance/awards",
        f"/api/v1/issuance/awards/{uuid}",
        f"/api/v1/issuance/awards/{pending_rule.credential_uuid}",
        f"/api/v1/issuance/issuers/{issuer.slug}/keys",
        "/api/v1/issuance/rules",
        "/api/v1/openapi.json",
    ]:
        seen[path] = api.get(path).content.decode()
    seen["rotate"] = api.post(
        f"/api/v1/issuance/issuers/{issuer.slug}/keys/rotate"
    ).content.decode()
    key_row = IssuerKey.objects.first()
    for path in [
        "/admin/issuance/issuerkey/",
        f"/admin/issuance/issuerkey/{key_row.pk}/change/",
        "/admin/issuance/issuerprofile/",
        f"/admin/issuance/issuerprofile/{issuer.pk}/change/",
        "/admin/issuance/award/",
        f"/admin/issuance/award/{award.pk}/change/",
        "/admin/issuance/statuslist/",
        "/admin/issuance/webhooksource/",
    ]:
        response = admin.get(path)
        assert response.status_code == 200, path
        seen[path] = response.content.decode()
    secrets = _secrets()
    assert len(secrets) == 7 * IssuerKey.objects.count() >= 21
    for where, text in seen.items():
        _assert_clean(text, secrets, where)
    _assert_clean(caplog.text, secrets, "the log")
    for row in IssuerKey.objects.all():
        _assert_clean(repr(row) + str(row), secrets, "a key's repr")
        key = keystore.unseal(row.encrypted_secret, row.public_multibase)
        _assert_clean(repr(key) + str(key), secrets, "an Ed25519Key's repr")
    audit = " ".join(
        str((e.before, e.after, e.note, e.object_repr)) for e in AuditEntry.objects.all()
    )
    _assert_clean(audit, secrets, "the audit log")
    mail = " ".join(m.body_text + m.body_html for m in OutboxMessage.objects.all())
    _assert_clean(mail, secrets, "an email")


def test_keys_are_encrypted_at_rest_and_bound_to_their_row(issuer):
    row = IssuerKey.objects.get(issuer=issuer)
    key = keystore.unseal(row.encrypted_secret, row.public_multibase)
    assert key.seed not in bytes(row.encrypted_secret)
    other = rotate_key(None, issuer)
    with pytest.raises(Exception, match="cannot be decrypted"):
        keystore.unseal(row.encrypted_secret, other.public_multibase)


def test_a_wrong_key_encryption_key_fails_loudly_instead_of_signing(issuer, settings):
    row = IssuerKey.objects.get(issuer=issuer)
    settings.KEY_ENCRYPTION_KEY = "a-different-key-encryption-key-of-enough-length"
    with pytest.raises(Exception, match="CREDSTACK_KEK"):
        keystore.unseal(row.encrypted_secret, row.public_multibase)
