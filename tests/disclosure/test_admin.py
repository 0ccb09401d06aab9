"""The staff back office: scoping by agency, workflow buttons, screening override, dashboard."""

from __future__ import annotations

import datetime as dt

import pytest

from disclosure.models import Document, DocumentEvent
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.disclosure.conftest import make_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(agency_a, drafter_a):
    return make_draft(agency_a, drafter_a)


@pytest.fixture
def submitted(draft, drafter_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return workflow.submit(obj=draft, user=drafter_a)


def admin_url(document: Document, suffix: str = "change/") -> str:
    return f"/admin/disclosure/document/{document.pk}/{suffix}"


def test_drafter_files_a_document_in_the_admin(client, agency_a, drafter_a):
    client.force_login(drafter_a)
    response = client.post(
        "/admin/disclosure/document/add/",
        {
            "agency": agency_a.pk,
            "title": "关于公布2026年行政事业性收费目录清单的通知",
            "doc_number": "丽政办发[2026] 12号",
            "date_formed": "2026-11-02",
            "disclosure_attribute": "proactive",
            "scope": "public",
            "validity": "valid",
            "body": "<p>现予公布。</p><script>alert(1)</script>",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    document = Document.objects.get()
    assert document.status == Status.DRAFT
    assert document.drafter == drafter_a
    assert document.doc_number_key == "丽政办发〔2026〕12号"
    assert "script" not in document.body
    assert document.publish_due is not None


def test_staff_of_another_agency_get_404_for_every_document_page(client, draft, staff_b):
    client.force_login(staff_b)
    for suffix in ("change/", "preview/", "screening/", "workflow/approve/", "validity/"):
        assert client.get(admin_url(draft, suffix)).status_code == 404, suffix
    assert client.post(admin_url(draft, "workflow/submit/")).status_code == 404
    changelist = client.get("/admin/disclosure/document/")
    assert draft.title not in changelist.content.decode()


def test_reviewer_sees_approve_and_return_buttons(client, submitted, reviewer_a):
    client.force_login(reviewer_a)
    page = client.get(admin_url(submitted)).content.decode()
    assert "workflow/approve/" in page and "workflow/return/" in page
    assert "workflow/publish/" not in page


def test_a_submitted_document_cannot_be_edited_in_the_admin(client, submitted, drafter_a):
    client.force_login(drafter_a)
    page = client.get(admin_url(submitted))
    assert b'name="_save"' not in page.content
    response = client.post(admin_url(submitted), {"title": "偷改"})
    assert response.status_code == 403
    assert Document.objects.get(pk=submitted.pk).title != "偷改"


def test_reviewer_approves_through_the_admin(client, submitted, reviewer_a):
    client.force_login(reviewer_a)
    response = client.post(
        admin_url(submitted, "workflow/approve/"),
        {"review_result": ReviewResult.CLEAR, "review_notes": "", "override_reason": ""},
    )
    assert response.status_code == 302
    assert Document.objects.get(pk=submitted.pk).status == Status.APPROVED


def test_screening_hits_block_approval_until_overridden_with_a_reason(
    client, agency_a, drafter_a, reviewer_a, django_capture_on_commit_callbacks
):
    document = make_draft(agency_a, drafter_a, body="<p>联系人手机13812345678。</p>")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(obj=document, user=drafter_a)
    client.force_login(reviewer_a)
    url = admin_url(document, "workflow/approve/")
    page = client.post(url, {"review_result": "clear"}, follow=True).content.decode()
    assert "138****5678" in page  # the hit is shown, masked
    assert Document.objects.get(pk=document.pk).status == Status.IN_REVIEW
    client.post(url, {"review_result": "clear", "override_reason": "单位公开的咨询电话"})
    assert Document.objects.get(pk=document.pk).status == Status.APPROVED
    event = DocumentEvent.objects.get(document=document, action="approve")
    assert "单位公开的咨询电话" in event.note


def test_dashboard_counts_own_agency_documents(client, agency_a, drafter_a, draft, staff_b):
    make_draft(agency_a, drafter_a, title="早已成文", date_formed=dt.date(2025, 1, 6))
    client.force_login(drafter_a)
    page = client.get("/admin/disclosure/document/dashboard/")
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [(r["agency__name"], r["drafts"], r["late"]) for r in rows] == [(agency_a.name, 2, 1)]
    assert [d.title for d in page.context["late_documents"]] == ["早已成文"]
    client.force_login(staff_b)
    assert client.get("/admin/disclosure/document/dashboard/").context["rows"] == []
