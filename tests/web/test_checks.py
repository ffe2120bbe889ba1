from __future__ import annotations

import os
import stat

import pytest

from credstack.web import checks


def ids(messages) -> list[str]:
    return [m.id for m in messages]


@pytest.fixture
def production(settings, tmp_path):
    settings.DEBUG = False
    settings.BASE_URL = "https://badges.northbridge.example.edu"
    settings.ALLOWED_HOSTS = ["badges.northbridge.example.edu"]
    settings.SECRET_KEY = "q8v2-Jx3mZr7yTq0Lw5nB1cK9sD4fG6hA2eP0oU8iY3tR5"
    settings.DATA_DIR = tmp_path
    return settings


def test_a_sound_production_configuration_passes_every_check(production):
    found = (
        checks.base_url_is_https()
        + checks.secret_key_is_not_a_default()
        + checks.allowed_hosts_include_base_url()
        + checks.data_dir_is_writable()
    )
    assert found == []


def test_it_requires_https_for_the_base_url_when_debug_is_off(production):
    production.BASE_URL = "http://badges.northbridge.example.edu"
    assert ids(checks.base_url_is_https()) == ["credstack.E001"]


def test_http_is_fine_in_development(production):
    production.DEBUG = True
    production.BASE_URL = "http://127.0.0.1:8000"
    assert checks.base_url_is_https() == []


@pytest.mark.parametrize(
    "key", ["django-insecure-abcdefghijklmnopqrstuvwxyz0123456789", "changeme", "short", "a" * 60]
)
def test_it_refuses_a_default_or_weak_secret_key_in_production(production, key):
    production.SECRET_KEY = key
    assert ids(checks.secret_key_is_not_a_default()) == ["credstack.E002"]


def test_a_weak_secret_key_is_tolerated_in_development(production):
    production.DEBUG = True
    production.SECRET_KEY = "changeme"
    assert checks.secret_key_is_not_a_default() == []


@pytest.mark.parametrize(
    ("hosts", "ok"),
    [
        (["badges.northbridge.example.edu"], True),
        ([".northbridge.example.edu"], True),
        (["*"], True),
        (["localhost"], False),
        ([], False),
    ],
)
def test_allowed_hosts_must_include_the_base_url_host(production, hosts, ok):
    production.ALLOWED_HOSTS = hosts
    assert ids(checks.allowed_hosts_include_base_url()) == ([] if ok else ["credstack.E004"])


def test_a_base_url_without_a_host_is_an_error(production):
    production.BASE_URL = "https://"
    assert ids(checks.allowed_hosts_include_base_url()) == ["credstack.E003"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_it_reports_a_data_directory_it_cannot_write(production, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    production.DATA_DIR = locked
    try:
        assert ids(checks.data_dir_is_writable()) == ["credstack.E005"]
    finally:
        locked.chmod(stat.S_IRWXU)


def test_it_reports_a_data_directory_that_is_a_file(production, tmp_path):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    production.DATA_DIR = not_a_dir
    assert ids(checks.data_dir_is_writable()) == ["credstack.E005"]


def test_the_checks_are_registered_with_django(production):
    from django.core.checks import run_checks

    production.BASE_URL = "http://badges.northbridge.example.edu"
    assert "credstack.E001" in ids(run_checks(tags=["credstack"]))
