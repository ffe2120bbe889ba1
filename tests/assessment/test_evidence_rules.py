"""Upload rules: content sniffing against the allow-list, size limits, safe names."""

from __future__ import annotations

import io
import zipfile

import pytest
from assessment_helpers import PDF_BYTES, PNG_BYTES, docx_bytes, upload
from hypothesis import given, settings
from hypothesis import strategies as st

from credstack.assessment.evidence import EvidenceTooLarge, check_total, check_upload, safe_name
from credstack.assessment.sniffing import FileRefused, sniff


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("chart.png", PNG_BYTES, "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20, "image/jpeg"),
        ("anim.gif", b"GIF89a" + b"\0" * 20, "image/gif"),
        ("pic.webp", b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 8, "image/webp"),
        ("report.pdf", PDF_BYTES, "application/pdf"),
        ("notes.txt", "Plain notes, with accents: café.".encode(), "text/plain"),
        (
            "essay.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "logo.svg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
            "image/svg+xml",
        ),
    ],
)
def test_it_recognises_allowed_kinds_by_their_content(
    name: str, data: bytes, expected: str
) -> None:
    assert sniff(name, data).content_type == expected


def test_it_recognises_a_renamed_png_by_its_content_not_its_extension() -> None:
    assert sniff("really-a-png.pdf", PNG_BYTES).content_type == "image/png"


def test_it_recognises_xlsx_pptx_and_odt() -> None:
    xlsx = docx_bytes(
        manifest='<Types><Override ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    )
    pptx = docx_bytes(
        manifest='<Types><Override ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    assert sniff("a.xlsx", xlsx).extension == "xlsx"
    assert sniff("a.pptx", pptx).extension == "pptx"
    assert sniff("a.odt", buffer.getvalue()).extension == "odt"


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("chart.png", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "web page"),
        ("chart.png", b"  <html><body onload=steal()>", "web page"),
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 100, "Windows program"),
        ("tool.txt", b"\x7fELF\x02\x01\x01" + b"\0" * 50, "Linux program"),
        ("data.pdf", b"\x00\x01\x02\x03binary", "binary"),
        ("archive.docx", docx_bytes(manifest="<Types/>"), "unsupported kind"),
        (
            "macro.docx",
            docx_bytes(
                manifest='<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
            ),
            "macro-enabled",
        ),
    ],
)
def test_it_refuses_disguised_and_unlisted_files_saying_what_they_look_like(
    name: str, data: bytes, says: str
) -> None:
    with pytest.raises(FileRefused) as info:
        sniff(name, data)
    assert info.value.code == "EVIDENCE_TYPE_REFUSED"
    assert says in info.value.detail
    assert name in info.value.detail


def test_it_refuses_a_zip_bomb_shaped_docx_without_inflating_it() -> None:
    bomb = docx_bytes(extra={"word/media/filler.bin": b"\0" * (30 * 1024 * 1024)})
    assert len(bomb) < 100_000  # highly compressible: this is the shape of a bomb
    with pytest.raises(FileRefused) as info:
        sniff("thesis.docx", bomb)
    assert "ZIP bomb" in info.value.detail


def test_it_refuses_an_empty_file() -> None:
    with pytest.raises(FileRefused) as info:
        sniff("empty.pdf", b"")
    assert info.value.code == "EVIDENCE_EMPTY"


def test_it_refuses_a_file_over_the_per_file_limit(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ASSESSMENT_MAX_FILE_BYTES = 1024
    with pytest.raises(EvidenceTooLarge) as info:
        check_upload(upload("big.pdf", PDF_BYTES + b"\0" * 2048))
    assert info.value.status == 413
    assert "big.pdf" in info.value.detail


def test_it_refuses_files_that_together_exceed_the_submission_limit(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ASSESSMENT_MAX_SUBMISSION_BYTES = 150
    checked = [check_upload(upload(f"{n}.pdf", PDF_BYTES)) for n in range(2)]
    with pytest.raises(EvidenceTooLarge) as info:
        check_total(checked)
    assert "a submission may carry at most" in info.value.detail


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\cv.pdf", "cv.pdf"),
        ('evil"; filename=x.html', "evil filename=x.html"),
        ("report\u202eFDP.exe", "reportFDP.exe"),
        ("", "evidence"),
        ("...", "evidence"),
    ],
)
def test_it_reduces_uploaded_names_to_harmless_ones(raw: str, clean: str) -> None:
    assert safe_name(raw) == clean


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=2048))
def test_sniffing_arbitrary_bytes_either_accepts_or_refuses_cleanly(data: bytes) -> None:
    try:
        kind = sniff("x.bin", data)
    except FileRefused as e:
        assert e.detail
    else:
        assert kind.content_type


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_safe_names_never_contain_path_separators_or_quotes(raw: str) -> None:
    name = safe_name(raw)
    assert name and "/" not in name and "\\" not in name and '"' not in name and len(name) <= 130
