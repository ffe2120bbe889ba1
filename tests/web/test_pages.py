from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from credstack.web.views import error_500


def test_the_home_page_says_what_credstack_is_and_offers_sign_up(client, db):
    html = client.get("/").content.decode()
    assert "<h1" in html and "Open Badges 3.0" in html
    assert 'href="/accounts/signup/"' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html and '<nav class="nav-main" aria-label="Main">' in html


def test_the_home_page_greets_a_signed_in_person_with_their_profile(client_for, cast):
    html = client_for("learner").get("/").content.decode()
    assert 'href="/accounts/profile/"' in html
    assert 'action="/accounts/logout/"' in html


def test_the_404_page_says_what_happened_and_where_to_go(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We cannot find that page" in html and "/no/such/page/" in html
    assert 'href="/"' in html


def test_the_403_page_explains_and_offers_a_way_forward(client_for, cast):
    response = client_for("learner").get("/accounts/audit/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "administrators and analysts" in html
    assert "Ask an administrator" in html


def test_the_403_page_offers_anonymous_visitors_a_login(client, db):
    from django.contrib.auth.models import AnonymousUser

    from credstack.web.views import error_403

    request = RequestFactory().get("/secret/")
    request.user = AnonymousUser()
    request.session = {}
    html = error_403(request, PermissionError("Staff only.")).content.decode()
    assert "Staff only." in html and "/accounts/login/?next=/secret/" in html


@pytest.mark.django_db
def test_the_500_page_renders_without_touching_the_database():
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as queries:
        response = error_500(request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert len(queries) == 0


def test_a_crashing_view_gets_the_500_page(db, settings):
    from django.urls import path

    def boom(request):
        raise RuntimeError("deliberate")

    import credstack.urls as root

    settings.ROOT_URLCONF = type(
        "U",
        (),
        {
            "urlpatterns": [path("boom/", boom), *root.urlpatterns],
            "handler500": root.handler500,
        },
    )
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_the_stylesheet_defines_every_shared_class():
    from pathlib import Path

    import credstack.web

    css = (Path(credstack.web.__file__).parent / "static/web/site.css").read_text()
    shared = [
        ".page-header",
        ".card",
        ".cards",
        ".btn",
        ".btn-primary",
        ".btn-danger",
        ".btn-link",
        ".table",
        ".table-wrap",
        ".form",
        ".field",
        ".field-error",
        ".help",
        ".pill",
        ".pill-ok",
        ".pill-warn",
        ".pill-bad",
        ".muted",
        ".progress",
        ".empty",
        ".filters",
        ".split",
        ".kpi",
    ]
    for name in shared:
        assert f"{name} " in css or f"{name}," in css or f"{name}{{" in css, name
