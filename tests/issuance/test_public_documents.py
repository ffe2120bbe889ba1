"""Public issuer documents: the Profile/controller document, did:web documents, achievements."""

from __future__ import annotations

import json

import pytest

from credstack.issuance.services import rotate_key
from credstack.vc.jsonld import expand_safe
from credstack.vc.resolve import KeyResolver

pytestmark = pytest.mark.django_db


def _json(response):  # type: ignore[no-untyped-def]
    return json.loads(response.content)


def test_the_profile_is_an_ob_profile_and_a_controller_document(client, issuer, fetcher):
    old = issuer.keys.get().public_multibase
    new = rotate_key(None, issuer).public_multibase
    response = client.get(f"/issuers/{issuer.slug}", HTTP_ACCEPT="application/ld+json")
    assert response["Content-Type"].startswith("application/ld+json")
    assert "max-age" in response["Cache-Control"] and response["ETag"]
    document = _json(response)
    assert document["id"] == "https://credstack.test/issuers/northbridge"
    assert document["type"] == ["Profile"] and document["name"] == issuer.name
    ids = [m["id"] for m in document["verificationMethod"]]
    assert ids == [f"{document['id']}#{new}", f"{document['id']}#{old}"]
    assert document["assertionMethod"] == ids
    assert {m["type"] for m in document["verificationMethod"]} == {"Multikey"}
    assert expand_safe(document)  # every term is defined: nothing dropped by JSON-LD
    resolved = KeyResolver(fetcher).resolve(f"{document['id']}#{old}")
    assert resolved.public_key.multibase == old and "assertionMethod" in resolved.purposes


def test_browsers_get_an_html_page_and_json_clients_get_json(client, issuer):
    html = client.get(f"/issuers/{issuer.slug}", HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert html["Content-Type"].startswith("text/html") and issuer.name in html.content.decode()
    assert client.get(f"/issuers/{issuer.slug}", HTTP_ACCEPT="application/json")[
        "Content-Type"
    ].startswith("application/json")
    assert client.get("/issuers/nobody", HTTP_ACCEPT="application/json").status_code == 404


def test_did_web_documents_name_the_host_and_percent_encode_a_port(client, issuer, settings):
    settings.BASE_URL = "https://credstack.test:8443"
    document = _json(client.get(f"/issuers/{issuer.slug}/did.json"))
    assert document["id"] == "did:web:credstack.test%3A8443:issuers:northbridge"
    assert document["verificationMethod"][0]["controller"] == document["id"]
    assert document["assertionMethod"] == [document["verificationMethod"][0]["id"]]
    platform = client.get("/.well-known/did.json")
    assert platform["Content-Type"].startswith("application/did+ld+json")
    assert _json(platform)["id"] == "did:web:credstack.test%3A8443"


def test_the_achievement_id_dereferences_to_the_achievement(client, issuer, credential):
    response = client.get(f"/issuers/{issuer.slug}/achievements/{credential.lineage}")
    document = _json(response)
    assert (
        document["id"]
        == f"https://credstack.test/issuers/northbridge/achievements/{credential.lineage}"
    )
    assert document["achievementType"] == "MicroCredential" and document["creditsAvailable"] == 2.5
    assert "Chooses a chart" in document["criteria"]["narrative"]
