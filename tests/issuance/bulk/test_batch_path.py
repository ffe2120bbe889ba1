"""The bulk job's batch path: N awards exactly once, indices from the core permutation,
credentials that verify and re-sign byte for byte, and a per-chunk query count that does not
grow with the chunk."""

from __future__ import annotations

import pytest

from credstack.accounts.models import AuditEntry
from credstack.issuance.bulk.runner import claim_chunk, process_chunk
from credstack.issuance.bulk.services import confirm_job
from credstack.issuance.bulk.signing import BatchIssuer
from credstack.issuance.models import Award, BulkJob, StatusList
from credstack.vc.keys import Ed25519Key
from credstack.vc.resolve import KeyResolver
from credstack.vc.status import IndexAllocator
from credstack.vc.verify import verify

from .conftest import csv_bytes, people

pytestmark = pytest.mark.django_db

# Past the chunk sizes measured below, the query count may grow only by Django splitting a
# bulk_create into batches of 999 parameters on SQLite (about one query per 30 awards).
QUERY_BOUND = 40


def did_rows(n: int) -> list[str]:
    # DID subjects: an e-mail subject gets a fresh random salt at every build (by design),
    # so only a DID credential can be rebuilt byte for byte.
    return [f"Learner {i},{Ed25519Key.generate().did_key},Pass" for i in range(n)]


def test_the_batch_path_issues_exactly_n_awards_that_verify_and_re_sign_byte_for_byte(
    upload, cast, settings, quiet_queue, fetcher
):
    settings.BULK_CHUNK_SIZE = 7
    rows = 16
    job = upload(csv_bytes(did_rows(rows), header="name,did,result"), notify=False)
    confirm_job(cast["badge_issuer"], job.pk)
    while process_chunk(job.pk, "w1"):
        pass
    job.refresh_from_db()
    assert job.state == BulkJob.State.DONE
    assert (job.done_rows, job.failed_rows, job.skipped_rows) == (rows, 0, 0)
    awards = list(Award.objects.select_related("status_list").filter(source="csv"))
    assert len(awards) == rows and all(a.status == "issued" for a in awards)
    assert len({a.source_event for a in awards}) == rows
    # The indices are the list's keyed permutation of high-water marks 0..N-1: exactly what
    # N calls of the core allocator would have handed out.
    revocation = StatusList.objects.get(purpose="revocation")
    assert revocation.next_index == rows
    permutation = IndexAllocator(revocation.size, bytes(revocation.allocator_key))
    assert sorted(a.status_index for a in awards) == sorted(
        permutation.index_for(n) for n in range(rows)
    )
    for award in awards:
        document = award.credential_json
        report = verify(document, resolver=KeyResolver(fetcher), fetcher=fetcher)
        assert report.result == "valid", [
            c for c in report.to_dict()["checks"] if c["status"] != "pass"
        ]
        created = document["proof"][0]["created"]
        again = BatchIssuer(award.issuer, award.credential, created=created).sign(
            award, award.issued_at
        )
        # PostgreSQL's jsonb does not keep key order, so compare values: an equal proofValue
        # over equal content is the byte-identical signature.
        assert again.credential == document
        assert again.credential["proof"][0]["proofValue"] == document["proof"][0]["proofValue"]
    # One entry per award released at once: requested (by confirming the job) and issued in
    # one transaction, so the entry names the source event as well.
    entries = list(AuditEntry.objects.filter(action__startswith="issuance.award."))
    assert sorted(e.object_id for e in entries) == sorted(str(a.pk) for a in awards)
    assert {e.action for e in entries} == {"issuance.award.issued"}
    by_id = {a.pk: a for a in awards}
    for entry in entries:
        award = by_id[int(entry.object_id)]
        assert entry.after["source_event"] == award.source_event
        assert entry.after["status_index"] == award.status_index
        assert entry.actor == cast["badge_issuer"]


def test_a_chunk_claimed_twice_issues_each_award_once_and_never_reuses_an_index(
    upload, cast, settings, quiet_queue
):
    settings.BULK_CHUNK_SIZE = 10
    job = upload(csv_bytes(people(10)), notify=False)
    confirm_job(cast["badge_issuer"], job.pk)
    _job, claimed, _n = claim_chunk(job.pk, "dies")  # the worker dies before signing
    assert len(claimed) == 10 and not Award.objects.exists()  # awards are made when stored
    abandoned = {c.facts.status_index for c in claimed if c.facts}
    assert len(abandoned) == 10
    job.rows.update(claimed_at="2000-01-01T00:00:00Z")  # its lease ran out
    while process_chunk(job.pk, "survivor"):
        pass
    indices = set(Award.objects.values_list("status_index", flat=True))
    assert len(indices) == 10 and not indices & abandoned
    # The dead worker's reservations are gaps: the list's mark moved past them for good.
    assert StatusList.objects.get(purpose="revocation").next_index == 20
    assert Award.objects.filter(status="issued").count() == 10
    assert not AuditEntry.objects.filter(action="issuance.award.requested").exists()
    assert AuditEntry.objects.filter(action="issuance.award.issued").count() == 10
    job.refresh_from_db()
    assert (job.state, job.done_rows) == ("done", 10)


@pytest.mark.parametrize("chunk", [10, 100])
def test_a_chunk_costs_a_bounded_number_of_queries_whatever_its_size(
    chunk, upload, cast, settings, quiet_queue, django_assert_max_num_queries
):
    settings.BULK_CHUNK_SIZE = chunk
    job = upload(csv_bytes(people(chunk)), notify=False)
    confirm_job(cast["badge_issuer"], job.pk)
    with django_assert_max_num_queries(QUERY_BOUND):
        assert process_chunk(job.pk, "w1") is True
    assert Award.objects.filter(status="issued").count() == chunk
