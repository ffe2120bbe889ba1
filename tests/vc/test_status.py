"""W3C Bitstring Status List 1.0: the bitstring, its encoding, list credentials, entries,
index allocation and the verifier's status check."""

from __future__ import annotations

import base64
import gzip
import json
import tracemalloc
import zlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credstack.vc import errors
from credstack.vc._bitstring import decode_bitstring, encode_bitstring, read_entry
from credstack.vc.fetch import FetchResult, MappingFetcher
from credstack.vc.status import (
    MIN_ENTRIES,
    IndexAllocator,
    StatusList,
    check_status,
    status_entry,
    status_list_credential,
)

EXAMPLES = 50
LIST_URL = "https://issuer.example/status/1"
ISSUER = "https://issuer.example/issuers/1"
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)

# BSL 1.0 REC, Example "BitstringStatusListCredential": an all-zero list of 131,072 entries.
W3C_EXAMPLE_LIST = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"
# 1EdTech validator, inspector-vc/src/test/resources/ob30/bit-string-list/testlist: bit 23 set.
VALIDATOR_TEST_LIST = "uH4sIAAAAAAAA_-3BMQEAAAzDoMy_6cnoA9QFAAAAAAAAAAAAAAAAAAAAbD3uPa2cAEAAAA"


def gzip_bomb(expanded_bytes: int) -> bytes:
    """A GZIP member of ``expanded_bytes`` zeros, built in slices so the test stays small."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(expanded_bytes // len(block))]
    return b"".join(parts) + compressor.flush()


def multibase(data: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def list_document(status_list: StatusList, **overrides: Any) -> dict[str, Any]:
    document = status_list_credential(
        LIST_URL, issuer=ISSUER, status_list=status_list, valid_from=NOW - timedelta(days=1)
    )
    document.update(overrides)
    return document


def credential_with(status: object) -> dict[str, Any]:
    return {"id": "urn:uuid:1", "issuer": ISSUER, "credentialStatus": status}


def fetcher_for(*documents: dict[str, Any]) -> MappingFetcher:
    return MappingFetcher({d["id"]: json.dumps(d) for d in documents})


# --- the bitstring -----------------------------------------------------------------------


def test_index_zero_is_the_left_most_bit_of_the_first_byte() -> None:
    status_list = StatusList()
    status_list.set(0)
    status_list.set(7)
    status_list.set(8)
    raw = status_list.to_bytes()
    assert raw[0] == 0b1000_0001
    assert raw[1] == 0b1000_0000
    assert status_list.set_indices() == [0, 7, 8]


def test_it_clears_a_bit_without_touching_its_neighbours() -> None:
    status_list = StatusList()
    for index in (9, 10, 11):
        status_list.set(index)
    status_list.set(10, False)
    assert (status_list.get(9), status_list.get(10), status_list.get(11)) == (True, False, True)


def test_a_new_list_has_the_spec_minimum_of_131072_entries() -> None:
    assert StatusList().size == MIN_ENTRIES == 131_072
    assert StatusList(MIN_ENTRIES * 4).size == 524_288


@pytest.mark.parametrize("size", [MIN_ENTRIES - 8, MIN_ENTRIES + 3, "131072", True, 0])
def test_it_refuses_a_list_size_below_the_minimum_or_not_whole_bytes(size: object) -> None:
    with pytest.raises(errors.StatusError):
        StatusList(size)  # type: ignore[arg-type]


@pytest.mark.parametrize("index", [-1, MIN_ENTRIES, 1.0, True, "3"])
def test_it_refuses_an_index_outside_the_list(index: object) -> None:
    with pytest.raises(errors.StatusError):
        StatusList().get(index)  # type: ignore[arg-type]


def test_it_expands_the_w3c_example_list_to_16_kib_of_zeros() -> None:
    assert decode_bitstring(W3C_EXAMPLE_LIST) == bytes(16384)


def test_it_reads_bit_23_of_the_1edtech_validator_test_list() -> None:
    assert StatusList.decode(VALIDATOR_TEST_LIST).set_indices() == [23]


def test_encoding_is_gzip_then_unpadded_base64url_with_the_u_prefix() -> None:
    status_list = StatusList()
    status_list.set(23)
    encoded = status_list.encode()
    assert encoded.startswith("uH4sI")  # 'u' + base64 of the GZIP magic 1f 8b 08
    assert "=" not in encoded
    raw = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    assert gzip.decompress(raw) == status_list.to_bytes()


def test_encoding_an_unchanged_list_twice_gives_identical_text() -> None:
    assert StatusList().encode() == StatusList().encode()


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.sets(st.integers(min_value=0, max_value=MIN_ENTRIES - 1), max_size=64))
def test_encode_then_decode_keeps_exactly_the_set_bits(indices: set[int]) -> None:
    status_list = StatusList()
    for index in indices:
        status_list.set(index)
    assert StatusList.decode(status_list.encode()).set_indices() == sorted(indices)


@pytest.mark.parametrize(
    "encoded",
    [
        "zH4sIAAAA",  # base58btc prefix, not base64url
        "uH4sI+AAA",  # standard base64 alphabet
        "uH4sIAA=",  # padding
        "uH",  # impossible base64 length
        multibase(zlib.compress(bytes(16384))),  # zlib wrapper, not GZIP
        multibase(gzip.compress(bytes(16384), mtime=0)[:-12]),  # truncated member
        multibase(gzip.compress(bytes(16384), mtime=0) + b"junk"),  # bytes after the member
        multibase(b"\x1f\x8b\x08\x00garbage-after-the-magic"),
    ],
)
def test_it_rejects_an_encoded_list_that_is_not_one_gzip_member_in_base64url(encoded: str) -> None:
    with pytest.raises(errors.StatusListMalformed):
        decode_bitstring(encoded)


def test_it_rejects_an_encoded_list_that_is_not_a_string() -> None:
    with pytest.raises(errors.StatusListMalformed):
        decode_bitstring(b"uH4sI")  # type: ignore[arg-type]


def test_it_rejects_a_decoded_list_shorter_than_the_minimum() -> None:
    with pytest.raises(errors.StatusListMalformed):
        StatusList.decode(encode_bitstring(bytes(1024)))


def test_a_gzip_bomb_stops_at_the_cap_within_bounded_memory() -> None:
    bomb = multibase(gzip_bomb(64 * 1024 * 1024))  # 64 MiB of zeros in about 64 KB
    tracemalloc.start()
    try:
        with pytest.raises(errors.StatusListTooLarge):
            decode_bitstring(bomb, max_bytes=1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024


def test_it_refuses_an_encoded_list_longer_than_any_honest_encoding_of_the_cap() -> None:
    with pytest.raises(errors.StatusListTooLarge):
        decode_bitstring("u" + "A" * 20000, max_bytes=4096)


def test_it_reads_multi_bit_entries_most_significant_bit_first() -> None:
    assert read_entry(bytes([0b0110_0000]), 0, 2) == 0b01
    assert read_entry(bytes([0b0110_0000]), 1, 2) == 0b10
    assert read_entry(bytes([0b0000_0001, 0b1000_0000]), 2, 3) == 0b011  # bits 6, 7, 8


# --- the list credential and the entry ---------------------------------------------------


def test_the_status_list_credential_has_the_shape_bsl_requires() -> None:
    status_list = StatusList()
    status_list.set(5)
    document = status_list_credential(
        LIST_URL,
        issuer={"id": ISSUER, "type": ["Profile"]},
        status_list=status_list,
        valid_from=datetime(2026, 1, 1, 9, 30, 15, 123456, tzinfo=UTC),
        valid_until=datetime(2026, 2, 1, tzinfo=UTC),
        purpose="suspension",
        ttl=300_000,
    )
    assert document == {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": LIST_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": ISSUER, "type": ["Profile"]},
        "validFrom": "2026-01-01T09:30:15Z",
        "validUntil": "2026-02-01T00:00:00Z",
        "credentialSubject": {
            "id": f"{LIST_URL}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "suspension",
            "encodedList": status_list.encode(),
            "ttl": 300_000,
        },
    }
    assert "proof" not in document


@pytest.mark.parametrize(
    "kwargs",
    [
        {"purpose": "deletion"},
        {"ttl": 0},
        {"ttl": True},
        {"valid_from": datetime(2026, 1, 1)},  # naive: no time zone
        {"valid_until": NOW - timedelta(days=30)},
    ],
)
def test_it_refuses_a_list_credential_with_bad_options(kwargs: dict[str, Any]) -> None:
    options: dict[str, Any] = {"issuer": ISSUER, "status_list": StatusList(), "valid_from": NOW}
    options.update(kwargs)
    with pytest.raises(errors.StatusError):
        status_list_credential(LIST_URL, **options)


def test_it_refuses_a_list_credential_without_a_url() -> None:
    with pytest.raises(errors.StatusError):
        status_list_credential("", issuer=ISSUER, status_list=StatusList(), valid_from=NOW)


def test_the_entry_carries_a_string_index_and_an_id_distinct_from_the_list() -> None:
    entry = status_entry(LIST_URL, 94567, "suspension")
    assert entry == {
        "id": f"{LIST_URL}#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "suspension",
        "statusListIndex": "94567",
        "statusListCredential": LIST_URL,
    }


@pytest.mark.parametrize(
    ("url", "index", "purpose"),
    [
        ("", 1, "revocation"),
        (LIST_URL, -1, "revocation"),
        (LIST_URL, True, "revocation"),
        (LIST_URL, 1, "message"),
    ],
)
def test_it_refuses_an_entry_with_a_bad_url_index_or_purpose(
    url: str, index: Any, purpose: Any
) -> None:
    with pytest.raises(errors.StatusError):
        status_entry(url, index, purpose)


# --- index allocation --------------------------------------------------------------------


def test_the_allocator_never_repeats_an_index_over_the_whole_list() -> None:
    allocator = IndexAllocator(5000, key=b"k" * 32)
    indices = [allocator.index_for(n) for n in range(5000)]
    assert sorted(indices) == list(range(5000))


def test_keyed_allocation_does_not_follow_issue_order() -> None:
    allocator = IndexAllocator(MIN_ENTRIES, key=bytes(range(32)))
    first = [allocator.index_for(n) for n in range(100)]
    assert first != list(range(100))
    assert len(set(first)) == 100
    assert max(first) > 10_000  # spread over the list, not clustered at the start


def test_the_same_key_and_mark_give_the_same_index_after_a_restart() -> None:
    before = IndexAllocator(MIN_ENTRIES, key=b"s" * 16).allocate(41)
    after = IndexAllocator(MIN_ENTRIES, key=b"s" * 16).allocate(41)
    assert before == after
    assert before.high_water == 42


def test_without_a_key_indices_are_sequential() -> None:
    allocator = IndexAllocator(MIN_ENTRIES)
    assert [allocator.allocate(n).index for n in range(3)] == [0, 1, 2]


def test_a_bulk_allocation_returns_fresh_indices_and_the_new_mark() -> None:
    allocator = IndexAllocator(1000, key=b"b" * 32)
    first, mark = allocator.allocate_many(0, 600)
    second, mark = allocator.allocate_many(mark, 400)
    assert mark == 1000
    assert sorted(first + second) == list(range(1000))


def test_a_full_list_raises_status_list_full() -> None:
    allocator = IndexAllocator(10, key=b"f" * 16)
    with pytest.raises(errors.StatusListFull):
        allocator.allocate(10)
    with pytest.raises(errors.StatusListFull):
        allocator.allocate_many(5, 6)


@pytest.mark.parametrize(
    ("size", "key"), [(0, None), (True, None), (10, b"short"), (10, "k" * 16), (10, b"k" * 65)]
)
def test_it_refuses_a_bad_allocator_size_or_key(size: Any, key: Any) -> None:
    with pytest.raises(errors.StatusError):
        IndexAllocator(size, key)


@pytest.mark.parametrize("mark", [-1, True, "3"])
def test_it_refuses_a_bad_high_water_mark(mark: Any) -> None:
    with pytest.raises(errors.StatusError):
        IndexAllocator(10).allocate(mark)


def test_it_refuses_a_bad_bulk_count() -> None:
    with pytest.raises(errors.StatusError):
        IndexAllocator(10).allocate_many(0, -1)
    assert IndexAllocator(10).size == 10


# --- check_status ------------------------------------------------------------------------


def test_a_clear_bit_means_not_revoked() -> None:
    document = list_document(StatusList())
    [result] = check_status(
        credential_with(status_entry(LIST_URL, 42)), fetcher=fetcher_for(document), now=NOW
    )
    assert (result.ok, result.code, result.set, result.purpose, result.index) == (
        True,
        "STATUS_CLEAR",
        False,
        "revocation",
        42,
    )
    assert result.list_verified is False
    assert result.to_dict()["list_url"] == LIST_URL


def test_a_set_bit_means_revoked_and_the_list_proof_check_is_recorded() -> None:
    status_list = StatusList()
    status_list.set(42)
    seen: list[dict[str, Any]] = []

    def verify_list(document: dict[str, Any]) -> bool:
        seen.append(document)
        return True

    [result] = check_status(
        credential_with(status_entry(LIST_URL, 42)),
        fetcher=fetcher_for(list_document(status_list)),
        verify_list=verify_list,
        now=NOW,
    )
    assert (result.ok, result.code, result.set, result.value) == (True, "STATUS_SET", True, 1)
    assert result.list_verified is True
    assert seen[0]["id"] == LIST_URL
    assert "revocation" in result.message


def test_it_checks_every_entry_of_an_array_and_fetches_each_list_once() -> None:
    suspended = StatusList()
    suspended.set(7)
    suspension_url = "https://issuer.example/status/2"
    revocation_doc = list_document(StatusList())
    suspension_doc = status_list_credential(
        suspension_url, issuer=ISSUER, status_list=suspended, valid_from=NOW, purpose="suspension"
    )
    inner = fetcher_for(revocation_doc, suspension_doc)
    calls: list[str] = []

    def counting_fetcher(url: str, *, accept: str = "application/json") -> FetchResult:
        calls.append(url)
        return inner(url, accept=accept)

    results = check_status(
        credential_with(
            [
                status_entry(LIST_URL, 7),
                status_entry(suspension_url, 7, "suspension"),
                status_entry(LIST_URL, 8),
            ]
        ),
        fetcher=counting_fetcher,
        now=NOW,
    )
    assert [(r.purpose, r.set) for r in results] == [
        ("revocation", False),
        ("suspension", True),
        ("revocation", False),
    ]
    assert sorted(calls) == [LIST_URL, suspension_url]


def test_it_reads_the_1edtech_validator_fixture_with_its_integer_index() -> None:
    url = "https://example.com/credentials/status/3"
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": "https://1edtech.edu/issuers/565049",
        "validFrom": "2021-04-05T14:27:40Z",
        "credentialSubject": {
            "id": "https://example.com/status/3#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": VALIDATOR_TEST_LIST,
        },
    }
    entry = {
        "id": f"{url}#23",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": 23,
        "statusListCredential": url,
    }
    [result] = check_status(credential_with(entry), fetcher=fetcher_for(document), now=NOW)
    assert result.set is True


def test_a_credential_without_status_has_no_results() -> None:
    fetcher = MappingFetcher({})
    assert check_status({"id": "urn:uuid:1"}, fetcher=fetcher) == []
    assert check_status("not a credential", fetcher=fetcher) == []


def check_one(entry: object, *documents: dict[str, Any], **kwargs: Any) -> tuple[bool, str]:
    [result] = check_status(
        credential_with(entry), fetcher=fetcher_for(*documents), now=NOW, **kwargs
    )
    return result.ok, result.code


@pytest.mark.parametrize(
    ("entry", "code"),
    [
        ("https://issuer.example/status/1#3", "MALFORMED_VALUE_ERROR"),
        ({**status_entry(LIST_URL, 3), "type": "1EdTechRevocationList"}, "UNSUPPORTED_STATUS_TYPE"),
        ({**status_entry(LIST_URL, 3), "statusPurpose": ""}, "MALFORMED_VALUE_ERROR"),
        ({**status_entry(LIST_URL, 3), "statusListIndex": "-3"}, "MALFORMED_VALUE_ERROR"),
        ({**status_entry(LIST_URL, 3), "statusListIndex": "3.0"}, "MALFORMED_VALUE_ERROR"),
        ({**status_entry(LIST_URL, 3), "statusListIndex": " 3"}, "MALFORMED_VALUE_ERROR"),
        ({**status_entry(LIST_URL, 3), "statusListIndex": "\u0663"}, "MALFORMED_VALUE_ERROR"),
        ({**status_entry(LIST_URL, 3), "statusListIndex": "9" * 40}, "MALFORMED_VALUE_ERROR"),
        ({**status_entry(LIST_URL, 3), "statusListIndex": True}, "MALFORMED_VALUE_ERROR"),
        ({**status_entry(LIST_URL, 3), "statusListCredential": None}, "MALFORMED_VALUE_ERROR"),
        ({**status_entry(LIST_URL, 3), "statusSize": 0}, "MALFORMED_VALUE_ERROR"),
        ({**status_entry(LIST_URL, 3), "statusSize": 1000}, "MALFORMED_VALUE_ERROR"),
        ({**status_entry(LIST_URL, 3), "statusPurpose": "suspension"}, "STATUS_VERIFICATION_ERROR"),
        (status_entry(LIST_URL, MIN_ENTRIES), "RANGE_ERROR"),
        (status_entry("https://elsewhere.example/list", 3), "STATUS_RETRIEVAL_ERROR"),
    ],
)
def test_a_bad_entry_gives_a_failed_result_with_a_stable_code(entry: object, code: str) -> None:
    assert check_one(entry, list_document(StatusList())) == (False, code)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"type": ["VerifiableCredential"]}, "STATUS_VERIFICATION_ERROR"),
        ({"validUntil": "2026-01-01T00:00:00Z"}, "STATUS_LIST_EXPIRED"),
        ({"validFrom": "2026-06-01T00:00:00+02:00"}, "STATUS_LIST_NOT_YET_VALID"),
        ({"validFrom": "yesterday"}, "MALFORMED_VALUE_ERROR"),
        ({"validFrom": 1700000000}, "MALFORMED_VALUE_ERROR"),
        ({"validFrom": "2026-01-01T00:00:00"}, "MALFORMED_VALUE_ERROR"),
        ({"credentialSubject": "nope"}, "MALFORMED_VALUE_ERROR"),
    ],
)
def test_a_bad_list_credential_gives_a_failed_result(overrides: dict[str, Any], code: str) -> None:
    assert check_one(status_entry(LIST_URL, 3), list_document(StatusList(), **overrides)) == (
        False,
        code,
    )


def test_a_list_with_several_purposes_serves_each_of_them() -> None:
    document = list_document(StatusList())
    document["credentialSubject"]["statusPurpose"] = ["revocation", "suspension"]
    assert check_one(status_entry(LIST_URL, 3, "suspension"), document) == (True, "STATUS_CLEAR")


def test_a_list_served_under_another_id_fails_verification() -> None:
    document = list_document(StatusList())
    fetcher = MappingFetcher({LIST_URL: json.dumps({**document, "id": "https://evil.example/l"})})
    [result] = check_status(credential_with(status_entry(LIST_URL, 3)), fetcher=fetcher, now=NOW)
    assert result.code == "STATUS_VERIFICATION_ERROR"


@pytest.mark.parametrize("body", [b"<html>", b"[1, 2]", b"[" * 100_000, b"\xff\xfe"])
def test_a_list_that_is_not_a_json_object_is_a_retrieval_error(body: bytes) -> None:
    fetcher = MappingFetcher({LIST_URL: body})
    [result] = check_status(credential_with(status_entry(LIST_URL, 3)), fetcher=fetcher, now=NOW)
    assert result.code == "STATUS_RETRIEVAL_ERROR"


def test_a_fetcher_that_raises_anything_is_a_retrieval_error() -> None:
    def broken(url: str, *, accept: str = "application/json") -> FetchResult:
        raise OSError("connection reset")

    [result] = check_status(credential_with(status_entry(LIST_URL, 3)), fetcher=broken, now=NOW)
    assert (result.ok, result.code) == (False, "STATUS_RETRIEVAL_ERROR")
    assert "connection reset" in result.message


def test_a_list_whose_proof_fails_is_a_verification_error() -> None:
    document = list_document(StatusList())

    def rejects(doc: dict[str, Any]) -> bool:
        return False

    def explodes(doc: dict[str, Any]) -> bool:
        raise ValueError("no proof")

    assert check_one(status_entry(LIST_URL, 3), document, verify_list=rejects) == (
        False,
        "STATUS_VERIFICATION_ERROR",
    )
    assert check_one(status_entry(LIST_URL, 3), document, verify_list=explodes) == (
        False,
        "STATUS_VERIFICATION_ERROR",
    )


def test_a_list_shorter_than_the_minimum_is_a_length_error() -> None:
    document = list_document(StatusList())
    document["credentialSubject"]["encodedList"] = encode_bitstring(bytes(1024))
    assert check_one(status_entry(LIST_URL, 3), document) == (False, "STATUS_LIST_LENGTH_ERROR")


def test_a_multi_bit_list_too_short_for_its_status_size_is_a_length_error() -> None:
    entry = {**status_entry(LIST_URL, 3), "statusSize": 2}
    assert check_one(entry, list_document(StatusList())) == (False, "STATUS_LIST_LENGTH_ERROR")


def test_a_multi_bit_entry_reports_its_value() -> None:
    bits = bytearray(2 * MIN_ENTRIES // 8)
    bits[0] = 0b0010_0000  # entry 1 of a two-bit list holds 0b10
    document = list_document(StatusList())
    document["credentialSubject"]["encodedList"] = encode_bitstring(bytes(bits))
    [result] = check_status(
        credential_with({**status_entry(LIST_URL, 1), "statusSize": 2}),
        fetcher=fetcher_for(document),
        now=NOW,
    )
    assert (result.value, result.set) == (2, True)


def test_a_gzip_bomb_list_is_refused_as_too_large() -> None:
    document = list_document(StatusList())
    document["credentialSubject"]["encodedList"] = multibase(gzip_bomb(8 * 1024 * 1024))
    assert check_one(status_entry(LIST_URL, 3), document, max_list_bytes=1024 * 1024) == (
        False,
        "STATUS_LIST_TOO_LARGE",
    )


def test_a_garbled_encoded_list_is_a_malformed_value() -> None:
    document = list_document(StatusList())
    document["credentialSubject"]["encodedList"] = "not multibase"
    assert check_one(status_entry(LIST_URL, 3), document) == (False, "MALFORMED_VALUE_ERROR")


def test_it_uses_the_current_time_when_none_is_given() -> None:
    document = list_document(StatusList(), validUntil="2000-01-01T00:00:00Z")
    [result] = check_status(
        credential_with(status_entry(LIST_URL, 3)), fetcher=fetcher_for(document)
    )
    assert result.code == "STATUS_LIST_EXPIRED"


def test_a_list_signed_with_the_engine_verifies_through_verify_proofs() -> None:
    proofs = pytest.importorskip("credstack.vc.proofs")
    keys = pytest.importorskip("credstack.vc.keys")
    resolve = pytest.importorskip("credstack.vc.resolve")
    key = keys.Ed25519Key.from_seed(bytes(range(32)))
    status_list = StatusList()
    status_list.set(99)
    unsigned = status_list_credential(
        LIST_URL, issuer=key.did_key, status_list=status_list, valid_from=NOW - timedelta(hours=1)
    )
    method = f"{key.did_key}#{key.public_multibase}"
    signed = proofs.sign(unsigned, key, verification_method=method)
    resolver = resolve.KeyResolver()

    def verify_list(document: dict[str, Any]) -> bool:
        results = proofs.verify_proofs(document, resolver=resolver, issuer_id=key.did_key)
        return bool(results) and all(r.ok for r in results)

    assert check_one(status_entry(LIST_URL, 99), signed, verify_list=verify_list) == (
        True,
        "STATUS_SET",
    )
    tampered = json.loads(json.dumps(signed))
    tampered["credentialSubject"]["encodedList"] = StatusList().encode()
    assert check_one(status_entry(LIST_URL, 99), tampered, verify_list=verify_list) == (
        False,
        "STATUS_VERIFICATION_ERROR",
    )


def test_the_tabulated_rounds_give_the_same_permutation_as_hashing_each_round(
    monkeypatch,
) -> None:
    from credstack.vc import _bitstring_alloc

    key = bytes(range(32))
    tabulated = IndexAllocator(131_072, key)
    expected = [tabulated.index_for(n) for n in range(0, 131_072, 997)]
    monkeypatch.setattr(_bitstring_alloc, "_TABLE_BITS", 0)  # every round hashed on the spot
    hashed = IndexAllocator(131_072, key)
    assert [hashed.index_for(n) for n in range(0, 131_072, 997)] == expected
    assert hashed._rounds is None
