"""The back office: a drafter makes an issue with its PDF and table of contents in one form
(documents named by index number, document number or address), is told in words what is
wrong, and nothing is half-saved; another agency's staff never reach the issue; reviewers open
its PDF and preview before it is public."""

from __future__ import annotations

import pytest

from django.urls import reverse

from gazette.models import Entry, Issue
from tests.disclosure.conftest import make_draft
from tests.gazette.conftest import PDF_3_PAGES, draft_issue, issue_with, pdf_upload, section

pytestmark = pytest.mark.django_db
ADD = "admin:gazette_issue_add"


@pytest.fixture
def english(client):
    """The back office in English (the language switch's cookie): its messages are asserted by
    their msgids, whatever the Chinese catalog holds."""
    client.cookies["django_language"] = "en"
    return client


def form_data(gazette, *entries: dict, number: int = 5, **fields) -> dict:
    data = {
        "gazette": gazette.pk, "year": "2026", "number": str(number), "total_number": "",
        "publication_date": "2026-05-31", "summary": "本期导读", "pdf": pdf_upload(),
        "entries-TOTAL_FORMS": str(len(entries)), "entries-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0", **fields,
    }  # fmt: skip
    for i, entry in enumerate(entries):
        values = {"section": "", "order": str(i + 1), "document": "", "text": "", "page": ""}
        values.update(entry)
        data |= {f"entries-{i}-{name}": value for name, value in values.items()}
    return data


def test_a_drafter_makes_an_issue_with_its_pdf_and_contents(
    client, gazette_a, document_a, drafter_a
):
    client.force_login(drafter_a)
    data = form_data(
        gazette_a,
        {
            "section": section(gazette_a, "市政府文件").pk,
            "document": "丽政发〔2026〕1号",
            "page": "2",
        },
        {"section": section(gazette_a, "人事任免").pk, "text": "关于李某某等同志职务任免的通知"},
    )
    response = client.post(reverse(ADD), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    issue = Issue.objects.get()
    assert (issue.status, issue.agency_id, issue.drafter) == ("draft", gazette_a.agency_id,
                                                             drafter_a)  # fmt: skip
    assert issue.pdf.read() == PDF_3_PAGES and issue.pdf_pages == 3
    assert [(e.document, e.text, e.page) for e in issue.entries.order_by("section__order")] == [
        (document_a, "", 2), (None, "关于李某某等同志职务任免的通知", None),
    ]  # fmt: skip
    change = client.get(reverse("admin:gazette_issue_change", args=[issue.pk])).content.decode()
    assert "331100000/2026-90001" in change  # the document shown by its index number


def test_an_unpublished_document_is_refused_on_the_form_and_nothing_is_saved(
    english, client, gazette_a, agency_a, drafter_a
):
    draft = make_draft(agency_a, drafter_a, title="送审稿", doc_number="丽政发〔2026〕7号")
    client.force_login(drafter_a)
    data = form_data(gazette_a, {"section": section(gazette_a, "市政府文件").pk,
                                 "document": "丽政发〔2026〕7号"})  # fmt: skip
    response = client.post(reverse(ADD), data)
    assert response.status_code == 200
    assert "“送审稿” is not published" in response.content.decode()
    assert not Issue.objects.exists() and not Entry.objects.exists()
    assert draft.status == "draft"


def test_the_same_number_twice_is_refused_on_the_form(english, client, gazette_a, drafter_a):
    draft_issue(gazette_a, drafter_a, number=5)
    client.force_login(drafter_a)
    response = client.post(reverse(ADD), form_data(gazette_a, number=5))
    assert response.status_code == 200
    assert "already has issue no. 5 of 2026" in response.content.decode()
    assert Issue.objects.count() == 1


def test_the_same_document_twice_on_the_form_is_refused(
    english, client, gazette_a, document_a, drafter_a
):
    client.force_login(drafter_a)
    line = {"section": section(gazette_a, "市政府文件").pk, "document": "331100000/2026-90001"}
    response = client.post(reverse(ADD), form_data(gazette_a, line, dict(line)))
    assert response.status_code == 200
    assert "is listed twice in the table of contents" in response.content.decode()
    assert not Issue.objects.exists()


def test_a_file_that_is_not_a_pdf_is_refused_on_the_form(client, gazette_a, drafter_a):
    client.force_login(drafter_a)
    data = form_data(gazette_a, pdf=pdf_upload("公报.pdf", b"GIF89a not a pdf"))
    response = client.post(reverse(ADD), data)
    assert response.status_code == 200
    # The upload checks' own message, already in Chinese.
    assert "“公报.pdf”的内容与扩展名.pdf不符" in response.content.decode()
    assert not Issue.objects.exists()


def test_another_agencys_staff_never_reach_the_issue(client, gazette_a, document_a, drafter_a,
                                                    staff_b):  # fmt: skip
    issue = issue_with(gazette_a, drafter_a, document_a, summary="甲机关的草稿导读")
    client.force_login(staff_b)
    for url in (reverse("admin:gazette_issue_change", args=[issue.pk]),
                reverse("admin:gazette_issue_preview", args=[issue.pk]),
                reverse("admin:gazette_issue_pdf", args=[issue.pk])):  # fmt: skip
        assert client.get(url).status_code in (302, 404), url
    listing = client.get(reverse("admin:gazette_issue_changelist")).content.decode()
    assert "甲机关的草稿导读" not in listing and "2026年第5期" not in listing
    # Nor offered their gazette to make issues of.
    page = client.get(reverse(ADD)).content.decode()
    assert "丽水市人民政府公报" not in page


def test_a_reviewer_opens_the_draft_pdf_and_the_preview(client, gazette_a, document_a, drafter_a,
                                                      reviewer_a):  # fmt: skip
    issue = issue_with(gazette_a, drafter_a, document_a)
    client.force_login(reviewer_a)
    pdf = client.get(reverse("admin:gazette_issue_pdf", args=[issue.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    preview = client.get(reverse("admin:gazette_issue_preview", args=[issue.pk])).content.decode()
    assert document_a.title in preview
    assert reverse("admin:gazette_issue_pdf", args=[issue.pk]) in preview


def test_the_admin_workflow_buttons_move_an_issue(client, gazette_a, document_a, drafter_a,
                                                 reviewer_a):  # fmt: skip
    issue = issue_with(gazette_a, drafter_a, document_a)
    client.force_login(drafter_a)
    url = reverse("admin:gazette_issue_workflow", args=[issue.pk, "submit"])
    assert client.post(url).status_code == 302
    client.force_login(reviewer_a)
    url = reverse("admin:gazette_issue_workflow", args=[issue.pk, "approve"])
    assert client.post(url, {"review_result": "clear"}).status_code == 302
    issue.refresh_from_db()
    assert issue.status == "approved"
