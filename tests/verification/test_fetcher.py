"""The guarded fetcher: address rules, redirects, limits, media types, caching, own host."""

from __future__ import annotations

import time
from typing import Any

import pytest

from credstack.issuance.models import IssuerProfile
from credstack.verification.fetcher import (
    AddressRefused,
    ConnectionFailed,
    ContentTypeRefused,
    FetchLimits,
    FetchTimeout,
    GuardedFetcher,
    HttpStatusError,
    SchemeRefused,
    TooLarge,
    TooManyRedirects,
)

from .servers import LoopbackServer, serve, slow

JSON = "application/json"

PRIVATE_URLS = [
    "https://10.0.0.8/doc.json",
    "https://192.168.1.20/doc.json",
    "https://172.16.5.4/doc.json",
    "https://169.254.169.254/latest/meta-data/",
    "https://127.0.0.1/doc.json",
    "https://[::1]/doc.json",
    "https://[::ffff:127.0.0.1]/doc.json",
    "https://[fe80::1]/doc.json",
    "https://[fd00::1]/doc.json",
    "https://224.0.0.1/doc.json",
    "https://240.0.0.1/doc.json",
    "https://0.0.0.0/doc.json",
    "https://100.64.0.1/doc.json",
    "https://localhost/doc.json",
]


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_it_refuses_private_loopback_link_local_multicast_and_reserved_addresses(url: str) -> None:
    started = time.monotonic()
    with pytest.raises(AddressRefused) as refused:
        GuardedFetcher()(url)
    assert refused.value.code == "FETCH_ADDRESS_REFUSED"
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(
    "url",
    [
        "https://169.254.169.254/latest/meta-data/",
        "https://[fe80::1]/x",
        "https://224.0.0.1/x",
        "https://0.0.0.0/x",
    ],
)
def test_it_refuses_link_local_and_multicast_even_when_private_addresses_are_allowed(
    url: str, allow_loopback: None
) -> None:
    with pytest.raises(AddressRefused):
        GuardedFetcher()(url)


def test_it_refuses_plain_http_and_user_info_unless_allowed() -> None:
    with pytest.raises(SchemeRefused):
        GuardedFetcher()("http://example.org/doc.json")
    with pytest.raises(SchemeRefused):
        GuardedFetcher()("https://user:secret@example.org/doc.json")
    with pytest.raises(SchemeRefused):
        GuardedFetcher()("file:///etc/passwd")
    with pytest.raises(SchemeRefused):
        GuardedFetcher()("https://example.org:22/doc.json")


def test_it_fetches_json_from_a_loopback_server_when_allowed(
    allow_loopback: None, loopback: LoopbackServer
) -> None:
    loopback.route("/doc.json", body='{"ok": true}', Content_Type="application/ld+json")
    result = GuardedFetcher()(loopback.url("/doc.json"), accept=JSON)
    assert result.content == b'{"ok": true}'
    assert result.content_type == "application/ld+json"
    _path, headers = loopback.log[0]
    assert headers["host"] == f"127.0.0.1:{loopback.port}"
    assert headers["accept"] == JSON


def test_it_refuses_a_redirect_to_the_metadata_address_before_connecting(
    allow_loopback: None, loopback: LoopbackServer
) -> None:
    loopback.route("/hop", status=302, Location="http://169.254.169.254/latest/meta-data/")
    with pytest.raises(AddressRefused):
        GuardedFetcher()(loopback.url("/hop"))
    assert [p for p, _ in loopback.log] == ["/hop"]


def test_it_never_contacts_a_loopback_server_when_private_addresses_are_not_allowed(
    settings: Any, loopback: LoopbackServer
) -> None:
    settings.CREDSTACK_FETCH_ALLOW_HTTP = True
    with pytest.raises((AddressRefused, SchemeRefused)):
        GuardedFetcher()(loopback.url("/doc.json"))
    assert loopback.log == []


def test_it_follows_three_redirects_and_refuses_a_fourth(
    allow_loopback: None, loopback: LoopbackServer
) -> None:
    loopback.route("/r1", status=301, Location="/r2")
    loopback.route("/r2", status=302, Location="/r3")
    loopback.route("/r3", status=307, Location="/doc")
    loopback.route("/doc", body="{}", Content_Type=JSON)
    assert GuardedFetcher()(loopback.url("/r1")).url == loopback.url("/doc")
    loopback.route("/r0", status=308, Location="/r1")
    with pytest.raises(TooManyRedirects):
        GuardedFetcher()(loopback.url("/r0"))


def test_it_stops_reading_a_body_larger_than_the_cap(
    allow_loopback: None, loopback: LoopbackServer
) -> None:
    big = b"[" + b"0," * 600_000 + b"0]"
    loopback.route("/declared", body=big, Content_Type=JSON)
    loopback.route("/streamed", body=big, Content_Type=JSON, X_No_Length="1")
    fetcher = GuardedFetcher(FetchLimits(max_bytes=1_000_000))
    with pytest.raises(TooLarge):
        fetcher(loopback.url("/declared"))
    with pytest.raises(TooLarge):
        fetcher(loopback.url("/streamed"))


def test_it_gives_up_on_a_slow_server_within_the_time_limit(
    allow_loopback: None, loopback: LoopbackServer
) -> None:
    loopback.routes["/slow"] = slow(5.0)
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as timeout:
        GuardedFetcher(FetchLimits(connect_timeout=1, read_timeout=1, total_timeout=1))(
            loopback.url("/slow")
        )
    assert time.monotonic() - started < 2.5
    assert timeout.value.code == "FETCH_TIMEOUT"


def test_it_refuses_a_media_type_the_caller_did_not_ask_for(
    allow_loopback: None, loopback: LoopbackServer
) -> None:
    loopback.route("/page", body="<html></html>", Content_Type="text/html")
    with pytest.raises(ContentTypeRefused):
        GuardedFetcher()(loopback.url("/page"), accept=JSON)
    loopback.route("/missing", status=404, Content_Type="text/plain")
    with pytest.raises(HttpStatusError):
        GuardedFetcher()(loopback.url("/missing"))


def test_it_serves_fresh_copies_from_cache_and_never_stores_no_store(
    allow_loopback: None, loopback: LoopbackServer
) -> None:
    loopback.route("/kept", body="{}", Content_Type=JSON, Cache_Control="public, max-age=60")
    loopback.route("/private", body="{}", Content_Type=JSON, Cache_Control="no-store, max-age=60")
    for _ in range(3):
        GuardedFetcher()(loopback.url("/kept"))
        GuardedFetcher()(loopback.url("/private"))
    paths = [p for p, _ in loopback.log]
    assert paths.count("/kept") == 1
    assert paths.count("/private") == 3


def test_it_revalidates_a_stale_copy_with_its_etag(
    allow_loopback: None, loopback: LoopbackServer
) -> None:
    loopback.route(
        "/list", body='{"v": 1}', Content_Type=JSON, ETag='"v1"', Cache_Control="no-cache"
    )
    first = GuardedFetcher()
    first(loopback.url("/list"))
    loopback.route("/list", status=304, ETag='"v1"', Cache_Control="no-cache")
    second = GuardedFetcher()
    assert second(loopback.url("/list")).content == b'{"v": 1}'
    assert loopback.log[1][1]["if-none-match"] == '"v1"'
    assert second.sources[0].origin == "revalidated"


def test_it_fetches_over_tls_from_a_server_whose_certificate_it_trusts(
    allow_loopback: None, settings: Any
) -> None:
    server = serve(tls=True)
    try:
        server.route("/doc.json", body="{}", Content_Type=JSON)
        with pytest.raises(ConnectionFailed):
            GuardedFetcher()(server.url("/doc.json"))
        settings.CREDSTACK_FETCH_CA_FILE = server.ca_file
        assert GuardedFetcher()(server.url("/doc.json")).content == b"{}"
        assert server.log[-1][1]["host"] == f"127.0.0.1:{server.port}"
    finally:
        server.stop()


def test_it_serves_the_platforms_own_documents_without_the_network(issuer: IssuerProfile) -> None:
    fetcher = GuardedFetcher()
    result = fetcher("https://credstack.test/issuers/northbridge", accept=JSON)
    assert b'"assertionMethod"' in result.content
    assert fetcher.sources[0].origin == "internal"
    with pytest.raises(HttpStatusError):
        fetcher("https://credstack.test/issuers/nobody", accept=JSON)
