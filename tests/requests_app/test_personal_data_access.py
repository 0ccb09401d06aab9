"""Applicants' personal data reach only those who handle or supervise the request
(个人信息保护法 Art 6, 51): the assigned handler (any handler of the agency while nobody is
assigned), the office head and the privacy officer. Everyone else of the agency sees masked
values and cannot open the applicant's files, and every view in full is logged for the office
head."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.models import StaffRole
from requests_app import intake
from requests_app.models import PersonalDataAccess, RequestFile
from tests.factories import staff
from tests.requests_app.conftest import enter, new_request

pytestmark = pytest.mark.django_db

Role = StaffRole.Role
NAME, ID_NUMBER, PHONE = "王某某", "440524198001010013", "13812345678"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def change_url(request) -> str:
    return f"/admin/requests_app/informationrequest/{request.pk}/change/"


def shows_in_full(page: str) -> bool:
    return NAME in page and ID_NUMBER in page and PHONE in page


def shows_masked(page: str) -> bool:
    return "王*" in page and NAME not in page and ID_NUMBER not in page and PHONE not in page


def with_file(request) -> RequestFile:
    return RequestFile.objects.create(
        request=request,
        file=SimpleUploadedFile("身份证明.pdf", PDF),
        original_name="身份证明.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )


def file_url(upload: RequestFile) -> str:
    return f"/admin/requests_app/informationrequest/applicant-file/{upload.pk}/"


@pytest.fixture
def assigned(agency_a, handler_a):
    """Entered by handler_a, who is therefore its handler."""
    return enter(agency_a, handler_a, dt.date(2026, 9, 18))


@pytest.fixture
def unassigned(agency_a):
    """Submitted online, not yet registered: nobody handles it yet."""
    return intake.request_submit_online(info_request=new_request(agency_a)).request


@pytest.fixture
def other_handler_a(agency_a):
    return staff("other_handler_a", agency_a, Role.HANDLER)


@pytest.fixture
def privacy_a(agency_a):
    return staff("privacy_a", agency_a, Role.PRIVACY_OFFICER)


@pytest.mark.parametrize("role", [Role.DRAFTER, Role.REVIEWER, Role.PUBLISHER])
def test_drafters_reviewers_and_publishers_see_the_applicant_masked(
    client, agency_a, assigned, role
):
    client.force_login(staff(f"only_{role}", agency_a, role))
    response = client.get(change_url(assigned))
    assert response.status_code == 200
    assert shows_masked(response.content.decode())


@pytest.mark.parametrize("role", [Role.DRAFTER, Role.REVIEWER, Role.PUBLISHER])
def test_drafters_reviewers_and_publishers_cannot_open_the_applicants_file(
    client, agency_a, assigned, role
):
    upload = with_file(assigned)
    client.force_login(staff(f"only_{role}", agency_a, role))
    assert client.get(file_url(upload)).status_code == 403
    assert file_url(upload) not in client.get(change_url(assigned)).content.decode()


def test_the_assigned_handler_sees_the_applicant_in_full(client, assigned, handler_a):
    client.force_login(handler_a)
    assert shows_in_full(client.get(change_url(assigned)).content.decode())


def test_another_handler_of_the_agency_sees_an_assigned_request_masked(
    client, assigned, other_handler_a
):
    upload = with_file(assigned)
    client.force_login(other_handler_a)
    assert shows_masked(client.get(change_url(assigned)).content.decode())
    assert client.get(file_url(upload)).status_code == 403


def test_every_handler_of_the_agency_sees_an_unassigned_request_in_full(
    client, unassigned, handler_a, other_handler_a
):
    """Registration (Art 31) comes before assignment: whoever registers must check the
    applicant's identity."""
    upload = with_file(unassigned)
    for handler in (handler_a, other_handler_a):
        client.force_login(handler)
        assert shows_in_full(client.get(change_url(unassigned)).content.decode())
        assert client.get(file_url(upload)).status_code == 200


def test_registering_assigns_the_request_and_masks_it_for_the_other_handlers(
    client, unassigned, handler_a, other_handler_a
):
    intake.request_register(info_request=unassigned, user=handler_a, received_on=dt.date.today())
    client.force_login(other_handler_a)
    assert shows_masked(client.get(change_url(unassigned)).content.decode())


@pytest.mark.parametrize("fixture", ["head_a", "privacy_a"])
def test_office_head_and_privacy_officer_see_the_applicant_in_full(
    request, client, assigned, fixture
):
    upload = with_file(assigned)
    client.force_login(request.getfixturevalue(fixture))
    assert shows_in_full(client.get(change_url(assigned)).content.decode())
    assert client.get(file_url(upload)).status_code == 200


def test_a_privacy_officer_of_another_agency_sees_nothing(client, agency_b, assigned):
    client.force_login(staff("privacy_b", agency_b, Role.PRIVACY_OFFICER))
    assert client.get(change_url(assigned)).status_code in (302, 404)


def api_detail(user, request) -> dict:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    response = api.get(f"/api/v1/staff/requests/{request.pk}/")
    assert response.status_code == 200
    return response.json()


def test_the_staff_api_masks_the_applicant_for_a_drafter(agency_a, assigned):
    body = api_detail(staff("api_drafter", agency_a, Role.DRAFTER), assigned)
    assert body["applicant"] == "王**" and ID_NUMBER not in str(body) and PHONE not in str(body)


def test_the_staff_api_masks_the_applicant_for_another_handler(assigned, other_handler_a):
    body = api_detail(other_handler_a, assigned)
    assert body["applicant"] == "王**" and ID_NUMBER not in str(body)


# --- The access log -------------------------------------------------------------------------


def test_a_view_in_full_is_logged_with_who_which_request_and_page(client, assigned, handler_a):
    client.force_login(handler_a)
    client.get(change_url(assigned))
    entry = PersonalDataAccess.objects.get()
    assert (entry.user, entry.request, entry.what) == (handler_a, assigned, "details")
    assert entry.page == change_url(assigned)
    assert entry.at is not None


def test_opening_an_applicants_file_is_logged_with_the_file(client, assigned, handler_a):
    upload = with_file(assigned)
    client.force_login(handler_a)
    client.get(file_url(upload))
    entry = PersonalDataAccess.objects.get()
    assert (entry.what, entry.file, entry.page) == ("file", upload, file_url(upload))


def test_the_staff_api_detail_in_full_is_logged(assigned, handler_a):
    api_detail(handler_a, assigned)
    entry = PersonalDataAccess.objects.get()
    assert (entry.user, entry.what, entry.page) == (
        handler_a,
        "details",
        f"/api/v1/staff/requests/{assigned.pk}/",
    )


def test_a_masked_view_is_not_logged(client, agency_a, assigned):
    client.force_login(staff("log_drafter", agency_a, Role.DRAFTER))
    client.get(change_url(assigned))
    assert not PersonalDataAccess.objects.exists()


LOG = "/admin/requests_app/personaldataaccess/"


def test_the_office_head_reads_the_log_of_the_agency(client, assigned, handler_a, head_a):
    client.force_login(handler_a)
    client.get(change_url(assigned))
    client.force_login(head_a)
    page = client.get(LOG).content.decode()
    assert assigned.tracking_number in page and "handler_a" in page
    entry = PersonalDataAccess.objects.get(user=handler_a)
    assert client.get(f"{LOG}{entry.pk}/change/").status_code == 200


def test_the_office_head_of_another_agency_does_not_see_the_log(
    client, assigned, handler_a, agency_b
):
    client.force_login(handler_a)
    client.get(change_url(assigned))
    entry = PersonalDataAccess.objects.get()
    client.force_login(staff("head_b", agency_b, Role.OFFICE_HEAD))
    assert assigned.tracking_number not in client.get(LOG).content.decode()
    assert client.get(f"{LOG}{entry.pk}/change/").status_code == 404


@pytest.mark.parametrize("fixture", ["handler_a", "drafter_a"])
def test_handlers_and_drafters_cannot_read_the_log(request, client, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(LOG).status_code == 403


def test_nobody_edits_the_log(client, assigned, head_a):
    client.force_login(head_a)
    client.get(change_url(assigned))
    entry = PersonalDataAccess.objects.get()
    assert client.get(f"{LOG}add/").status_code == 403
    assert client.post(f"{LOG}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    page = client.post(f"{LOG}{entry.pk}/change/", {"page": "/x/"})
    assert page.status_code == 403
    entry.refresh_from_db()
    assert entry.page == change_url(assigned)
