"""CSV import (all-or-nothing, valid rows only, dry run) and export, including hostile files."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credstack.accounts.models import AuditEntry
from credstack.skills import services
from credstack.skills.interchange.csv_format import neutralise, parse_csv

HEADER = "code,parent_code,kind,title,description,uri\n"


def codes(framework) -> set[str]:
    return set(framework.items.values_list("code", flat=True))


def errors_of(report) -> dict[str, set[str]]:
    return {row.ref: {e.code for e in row.errors} for row in report.rows if row.errors}


def test_it_imports_a_valid_file_under_new_and_existing_parents(framework, designer):
    data = (
        HEADER + "CS,,domain,Cyber Security,,\n"
        "CS.1,CS,capability,Secure configuration,,\n"
        'CS.1.1,CS.1,skill,Harden a Linux server,"Applies CIS benchmarks, ""in practice""",\n'
        "DA.1.3,DA.1,skill,Profile a data set,,\n"
    ).encode()
    report = services.import_csv(framework, data, designer)
    assert report.committed and report.created == 4
    assert framework.items.get(code="CS.1.1").parent.code == "CS.1"
    assert framework.items.get(code="CS.1.1").description == 'Applies CIS benchmarks, "in practice"'
    assert framework.items.get(code="DA.1.3").parent.code == "DA.1"
    assert AuditEntry.objects.filter(action="skills.framework.items_imported").count() == 1


def test_a_dry_run_reports_and_writes_nothing(framework, designer):
    before = codes(framework)
    report = services.import_csv(
        framework, (HEADER + "X1,,skill,A skill,,\n").encode(), designer, dry_run=True
    )
    assert report.valid == 1 and not report.committed
    assert codes(framework) == before


def test_one_invalid_row_means_nothing_is_imported(framework, designer):
    before = codes(framework)
    data = (HEADER + "OK1,,skill,Fine,,\nBAD,,capability,No parent,,\n").encode()
    report = services.import_csv(framework, data, designer)
    assert not report.committed
    assert errors_of(report) == {"line 3": {"INVALID_HIERARCHY"}}
    assert codes(framework) == before


def test_valid_rows_mode_imports_the_rest_and_skips_dependants(framework, designer):
    data = (
        HEADER + "OK1,,skill,Fine,,\nBADCAP,NOPE,capability,Unknown parent,,\n"
        "UNDER,BADCAP,skill,Under a bad row,,\n"
    ).encode()
    report = services.import_csv(framework, data, designer, mode="valid_rows")
    assert report.committed and report.created == 1
    assert errors_of(report) == {"line 3": {"UNKNOWN_PARENT"}, "line 4": {"PARENT_INVALID"}}
    assert "OK1" in codes(framework) and "UNDER" not in codes(framework)


@pytest.mark.parametrize(
    ("row", "code"),
    [
        ("DA.1.1,DA.1,skill,Exists already,,", "CODE_EXISTS"),
        ("N1,,planet,Bad kind,,", "INVALID_KIND"),
        ("N1,,skill,,,", "MISSING_TITLE"),
        ("N1,,skill,=cmd|' /C calc'!A0,,", "FORMULA_CELL"),
        ("N1,,skill,@SUM(1+1),,", "FORMULA_CELL"),
        ("N1,,skill,Fine,,http://data.europa.eu/esco/skill/nope", "INVALID_URI"),
        ("N1,,skill,Fine,,javascript:alert(1)", "INVALID_URI"),
        ("N1,DA.1.1,skill,Skill under skill,,", "INVALID_HIERARCHY"),
        ("N 1,,skill,Space in code,,", "INVALID_CODE"),
        ("N1,,skill,Too,many,cells,here", "WRONG_COLUMN_COUNT"),
        ("N1,N1,skill,Own parent,,", "CYCLE"),
    ],
)
def test_it_reports_each_bad_row_with_a_stable_code(framework, designer, row, code):
    before = codes(framework)
    report = services.import_csv(framework, (HEADER + row + "\n").encode(), designer)
    assert code in errors_of(report)["line 2"]
    assert codes(framework) == before


def test_it_reports_duplicate_codes_in_the_file(framework, designer):
    report = services.import_csv(
        framework, (HEADER + "N1,,skill,One,,\nN1,,skill,Two,,\n").encode(), designer
    )
    assert errors_of(report) == {"line 3": {"DUPLICATE_CODE"}}


def test_it_reports_a_cycle_and_the_rows_hanging_from_it(framework, designer):
    data = HEADER + "A,B,capability,A,,\nB,A,capability,B,,\nC,A,skill,Under the loop,,\n"
    report = services.import_csv(framework, data.encode(), designer, mode="valid_rows")
    assert errors_of(report) == {
        "line 2": {"CYCLE"},
        "line 3": {"CYCLE"},
        "line 4": {"PARENT_INVALID"},
    }
    assert not report.committed


def test_it_reports_chains_deeper_than_the_limit(framework, designer):
    lines = ["D0,,domain,D0,,"] + [
        f"C{n},{'D0' if n == 0 else f'C{n - 1}'},capability,C{n},," for n in range(5000 - 1)
    ]
    report = services.import_csv(framework, (HEADER + "\n".join(lines)).encode(), designer)
    assert not report.committed
    assert "TOO_DEEP" in errors_of(report)["line 10"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "CSV_EMPTY"),
        (HEADER.encode(), "CSV_EMPTY"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "CSV_BINARY"),
        ("code,kind,title\nX,skill,Caf\u00e9\n".encode("latin-1"), "CSV_ENCODING"),
        (b"name,age\nx,1\n", "CSV_HEADER"),
        (b"code,kind,title,code\n", "CSV_HEADER"),
        (HEADER.encode() + b'X,,skill,"unterminated\n', "CSV_MALFORMED"),
        (HEADER.encode() + b"x" * (2 * 1024 * 1024), "CSV_TOO_LARGE"),
        (
            (HEADER + "".join(f"S{n},,skill,Skill {n},,\n" for n in range(5001))).encode(),
            "CSV_TOO_MANY_ROWS",
        ),
    ],
)
def test_it_refuses_hostile_files_with_a_clear_file_error(framework, designer, data, code):
    before = codes(framework)
    report = services.import_csv(framework, data, designer)
    assert report.file_error is not None and report.file_error.code == code
    assert codes(framework) == before


def test_it_accepts_a_byte_order_mark_and_crlf(framework, designer):
    data = "\ufeff" + HEADER.replace("\n", "\r\n") + "B1,,skill,With BOM,,\r\n"
    assert services.import_csv(framework, data.encode("utf-8"), designer).created == 1


def test_export_neutralises_formula_cells_and_imports_back_unchanged(framework, designer, org):
    services.create_item(
        framework, designer, code="F1", title='=HYPERLINK("http://evil")', description="+1 more"
    )
    text = services.export_csv_text(framework)
    rows = list(csv.DictReader(io.StringIO(text)))
    f1 = next(r for r in rows if r["code"] == "F1")
    assert f1["title"].startswith("'=") and f1["description"] == "'+1 more"
    assert [r["code"] for r in rows][:2] == ["DA", "DA.1"]
    target = services.create_framework(org, designer, title="Copy", slug="copy")
    report = services.import_csv(target, text.encode(), designer)
    assert report.committed, report.as_dict()
    assert target.items.get(code="F1").title == '=HYPERLINK("http://evil")'
    assert sorted(target.items.values_list("code", "kind", "parent__code")) == sorted(
        framework.items.values_list("code", "kind", "parent__code")
    )


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=2000))
def test_parsing_arbitrary_bytes_never_crashes(data):
    parsed = parse_csv(data)
    assert parsed.error is not None or parsed.rows


@given(st.text(max_size=50))
@settings(max_examples=50)
def test_neutralised_cells_never_start_a_formula(value):
    assert not neutralise(value).startswith(("=", "+", "-", "@", "\t", "\r"))
