"""The staff and public pages render, and their forms show service errors as messages."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from credstack.skills.models import Alignment

from .factories import item, level


def test_the_tree_page_shows_every_item_nested(framework, client_for):
    html = client_for("designer").get(f"/skills/frameworks/{framework.pk}/").content.decode()
    assert html.count('class="skills-tree"') == 5  # the root list and one per parent with children
    assert "Clean tabular data" in html and "Add ESCO skill by URI" in html


def test_staff_without_the_designer_role_browse_without_edit_links(framework, client_for):
    html = client_for("analyst").get(f"/skills/frameworks/{framework.pk}/").content.decode()
    assert "Clean tabular data" in html and "Add item" not in html


def test_a_hierarchy_error_shows_on_the_form(framework, client_for):
    response = client_for("designer").post(
        f"/skills/frameworks/{framework.pk}/items/new/",
        {"kind": "capability", "code": "X1", "title": "Orphan"},
    )
    assert response.status_code == 200
    assert "needs a parent" in response.content.decode()


def test_a_bad_esco_uri_shows_on_the_uri_field(framework, client_for):
    response = client_for("designer").post(
        f"/skills/frameworks/{framework.pk}/esco/",
        {"uri": "http://data.europa.eu/esco/skill/x", "title": "x"},
    )
    assert "not an ESCO skill URI" in response.content.decode()


def test_the_csv_page_previews_then_imports_from_the_session(framework, client_for):
    c = client_for("designer")
    path = f"/skills/frameworks/{framework.pk}/import-csv/"
    preview = c.post(
        path,
        {"file": SimpleUploadedFile("x.csv", b"code,parent_code,kind,title\nN1,DA.1,skill,New\n")},
    )
    html = preview.content.decode()
    assert "1 valid row" in html and not framework.items.filter(code="N1").exists()
    digest = preview.context["digest"]
    done = c.post(path, {"digest": digest, "mode": "all"})
    assert done.status_code == 302 and framework.items.filter(code="N1").exists()


def test_the_csv_page_explains_a_file_error(framework, client_for):
    response = client_for("designer").post(
        f"/skills/frameworks/{framework.pk}/import-csv/",
        {"file": SimpleUploadedFile("x.csv", b"\x00\x01binary")},
    )
    assert response.status_code == 422 and "CSV_BINARY" in response.content.decode()


def test_the_case_page_lists_the_problems(client_for):
    response = client_for("designer").post(
        "/skills/frameworks/import-case/", {"file": SimpleUploadedFile("x.json", b"{broken")}
    )
    assert response.status_code == 422 and "not valid JSON" in response.content.decode()


def test_the_alignment_page_searches_and_aligns(framework, credential, client_for):
    c = client_for("designer")
    path = f"/skills/credentials/{credential.pk}/alignments/"
    html = c.get(path, {"q": "tests"}).content.decode()
    assert "Write unit tests" in html and "Clean tabular data" not in html
    response = c.post(
        path, {"item": item(framework, "SE.1.1").pk, "proficiency": level(framework, 2).pk}
    )
    assert response.status_code == 302
    assert Alignment.objects.get(credential=credential).proficiency.name == "Developing"
    assert "Write unit tests" in c.get(path).content.decode()


def test_the_alignment_page_reports_a_level_from_the_wrong_framework(
    framework, org, designer, credential, client_for
):
    from credstack.skills import services

    other = services.create_framework(org, designer, title="Other")
    foreign = services.create_level(other, designer, rank=1, name="One")
    c = client_for("designer")
    response = c.post(
        f"/skills/credentials/{credential.pk}/alignments/",
        {"item": item(framework, "DA.1.1").pk, "proficiency": foreign.pk},
        follow=True,
    )
    assert "not on" in response.content.decode() and not Alignment.objects.exists()


def test_the_coverage_page_shows_gaps(framework, client_for):
    html = (
        client_for("analyst").get(f"/skills/frameworks/{framework.pk}/coverage/").content.decode()
    )
    assert "Not covered by any credential" in html and "Join data sets" in html


def test_the_public_pages_show_items_without_staff_links(framework):
    html = Client().get(f"/skills/public/{framework.slug}/1.0/").content.decode()
    assert "Clean tabular data" in html and "Edit" not in html
    item_page = Client().get(f"/skills/public/{framework.slug}/1.0/SE.1.1/").content.decode()
    assert "data.europa.eu/esco/skill" in item_page
    assert Client().get(f"/skills/public/{framework.slug}/9.9/").status_code == 404
