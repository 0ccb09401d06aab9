"""A parent agency's office head and publishers follow their sub-agencies' documents in the back
office, read only (portal.access.FOLLOWING_ROLES): they list and open them, but never save,
delete or move them through the workflow, and never reach the sub-agency's information
requests. Staff of a sibling agency still see nothing of them."""

from __future__ import annotations

import pytest

from django.test import override_settings
from django.utils import timezone

from disclosure.models import Document
from portal.models import AgencyKind, StaffRole
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.disclosure.conftest import make_draft, pdf_upload
from tests.factories import AgencyFactory, staff
from tests.requests_app.conftest import enter

pytestmark = pytest.mark.django_db
Role = StaffRole.Role


@pytest.fixture
def department(agency_a):
    return AgencyFactory(
        parent=agency_a, name="丽水市财政局", code="331100101", kind=AgencyKind.DEPARTMENT
    )


@pytest.fixture
def dept_staff(department):
    return staff("dept_staff", department, Role.DRAFTER, Role.REVIEWER, Role.PUBLISHER)


@pytest.fixture
def dept_draft(department, dept_staff):
    return make_draft(department, dept_staff, title="财政局内部草稿")


@pytest.fixture
def dept_approved(department, dept_staff, django_capture_on_commit_callbacks):
    document = make_draft(department, dept_staff, title="财政局待发布文件")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(obj=document, user=dept_staff)
    reviewer = staff("dept_reviewer", department, Role.REVIEWER)
    return workflow.approve(obj=document, user=reviewer, review_result=ReviewResult.CLEAR)


def _listed(client, query: str = "") -> set[int]:
    response = client.get(f"/admin/disclosure/document/{query}")
    assert response.status_code == 200
    return {document.pk for document in response.context["cl"].result_list}


@pytest.mark.parametrize("role", [Role.PUBLISHER, Role.OFFICE_HEAD])
def test_a_parent_publisher_or_office_head_lists_the_sub_agencys_documents(
    client, agency_a, dept_draft, role
):
    own = make_draft(agency_a, staff("own_drafter", agency_a, Role.DRAFTER), title="本机关草稿")
    client.force_login(staff("parent", agency_a, role))
    assert _listed(client) == {own.pk, dept_draft.pk}
    response = client.get("/admin/disclosure/document/")
    assert "下级机关" in response.content.decode() or "Sub-agency" in response.content.decode()
    assert _listed(client, "?whose=followed") == {dept_draft.pk}
    assert _listed(client, "?whose=own") == {own.pk}


@pytest.mark.parametrize("role", [Role.DRAFTER, Role.REVIEWER, Role.HANDLER])
def test_other_roles_of_the_parent_stay_on_their_own_agency(client, agency_a, dept_draft, role):
    client.force_login(staff("parent", agency_a, role))
    assert dept_draft.pk not in _listed(client)
    url = f"/admin/disclosure/document/{dept_draft.pk}/change/"
    assert client.get(url).status_code == 404


def test_a_sibling_agencys_staff_see_nothing_of_the_sub_agency(client, dept_draft, staff_b):
    client.force_login(staff_b)
    assert dept_draft.pk not in _listed(client)
    for suffix in ("change/", "preview/", "screening/", "history/"):
        url = f"/admin/disclosure/document/{dept_draft.pk}/{suffix}"
        assert client.get(url).status_code in (302, 404), url
        if suffix == "change/":
            assert client.get(url).status_code == 404


def test_the_follower_opens_the_change_page_read_only(client, agency_a, dept_approved):
    client.force_login(staff("parent", agency_a, Role.PUBLISHER))
    response = client.get(f"/admin/disclosure/document/{dept_approved.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "财政局待发布文件" in page
    assert response.context["workflow_actions"] == []  # no 发布 although they are a publisher
    assert "/workflow/" not in page
    assert 'name="_save"' not in page and 'name="_continue"' not in page
    assert "/delete/" not in page
    assert not response.context["has_change_permission"]
    assert client.get(f"/admin/disclosure/document/{dept_approved.pk}/preview/").status_code == 200


def test_the_follower_of_a_draft_sees_its_files_read_only(client, agency_a, dept_draft):
    dept_draft.attachments.create(
        file=pdf_upload("附件.pdf"), original_name="附件.pdf", kind="pdf",
        content_type="application/pdf", size=10, sha256="0" * 64,
    )  # fmt: skip
    client.force_login(staff("parent", agency_a, Role.OFFICE_HEAD))
    response = client.get(f"/admin/disclosure/document/{dept_draft.pk}/change/")
    assert response.status_code == 200
    inline = next(
        f
        for f in response.context["inline_admin_formsets"]
        if f.opts.model.__name__ == "Attachment"
    )
    assert not inline.has_add_permission and not inline.has_change_permission
    assert not inline.has_delete_permission
    attachment = dept_draft.attachments.get()
    download = client.get(f"/admin/disclosure/document/attachment/{attachment.pk}/")
    assert download.status_code == 200


def _state(document: Document) -> dict:
    return Document.objects.filter(pk=document.pk).values().get()


def test_the_follower_can_never_act_for_the_sub_agency(client, agency_a, dept_draft, dept_approved):
    client.force_login(staff("parent", agency_a, Role.PUBLISHER, Role.OFFICE_HEAD))
    before = {d.pk: _state(d) for d in (dept_draft, dept_approved)}
    base = "/admin/disclosure/document"
    refused = {
        f"{base}/{dept_draft.pk}/change/": {"title": "改了", "body": "<p>x</p>"},
        f"{base}/{dept_draft.pk}/delete/": {"post": "yes"},
        f"{base}/{dept_draft.pk}/workflow/submit/": {},
        f"{base}/{dept_approved.pk}/workflow/publish/": {},
        f"{base}/{dept_approved.pk}/workflow/return/": {"note": "退回"},
        f"{base}/{dept_approved.pk}/validity/": {"validity": "invalid"},
        f"{base}/{dept_approved.pk}/change-notice/": {"note": "x"},
        f"{base}/{dept_draft.pk}/screening/": {"rerun": "1"},
    }
    for url, data in refused.items():
        response = client.post(url, data)
        assert response.status_code in (403, 404), f"{url}: {response.status_code}"
    # The steps' pages are not even shown to them.
    assert client.get(f"{base}/{dept_approved.pk}/workflow/publish/").status_code == 404
    assert {d.pk: _state(d) for d in (dept_draft, dept_approved)} == before
    dept_approved.refresh_from_db()
    assert dept_approved.status == Status.APPROVED
    # Nor through the list's bulk delete.
    response = client.post(
        f"{base}/",
        {"action": "delete_selected", "_selected_action": [dept_draft.pk], "post": "yes"},
    )
    assert Document.objects.filter(pk=dept_draft.pk).exists()


def test_a_role_held_in_the_sub_agency_itself_still_counts(
    client, agency_a, department, dept_approved
):
    """Someone who is publisher of the parent *and* of the department acts there as always."""
    both = staff("both", agency_a, Role.PUBLISHER)
    StaffRole.objects.create(user=both, agency=department, role=Role.PUBLISHER)
    client.force_login(both)
    response = client.get(f"/admin/disclosure/document/{dept_approved.pk}/change/")
    assert ("publish", "发布") in response.context["workflow_actions"] or any(
        action == "publish" for action, _label in response.context["workflow_actions"]
    )


def test_a_parent_office_head_cannot_open_the_sub_agencys_request(client, agency_a, department):
    """Requests carry applicants' personal data: following never widens access to them."""
    handler = staff("dept_handler", department, Role.HANDLER)
    info_request = enter(department, handler, timezone.localdate())
    client.force_login(staff("parent", agency_a, Role.OFFICE_HEAD, Role.PUBLISHER))
    listed = client.get("/admin/requests_app/informationrequest/")
    assert listed.status_code == 200
    assert info_request.id_number.encode() not in listed.content
    assert info_request.tracking_number.encode() not in listed.content
    response = client.get(f"/admin/requests_app/informationrequest/{info_request.pk}/change/")
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response["Location"] == "/admin/"
    assert info_request.id_number.encode() not in response.content


@override_settings(DEBUG=False)
def test_an_out_of_scope_document_gives_the_sites_own_404_page(client, dept_draft, staff_b):
    client.force_login(staff_b)
    response = client.get(f"/admin/disclosure/document/{dept_draft.pk}/change/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "页面不存在" in page
    assert "Technical" not in page and "Traceback" not in page and "URLconf" not in page
    assert "财政局内部草稿" not in page


@override_settings(DEBUG=True)
def test_with_debug_on_the_404_is_djangos_page_and_still_tells_nothing(client, dept_draft, staff_b):
    """Only a developer's machine runs with DEBUG: there Django shows its own 404 page (the
    URL patterns), which still says nothing of the document; production (DEBUG off) shows
    the site's page (above)."""
    client.force_login(staff_b)
    response = client.get(f"/admin/disclosure/document/{dept_draft.pk}/change/")
    assert response.status_code == 404
    assert "404.html" not in [t.name for t in response.templates]
    assert "财政局内部草稿" not in response.content.decode()
