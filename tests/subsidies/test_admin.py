"""The back office: lists scoped to the user's agencies, the file uploaded with the list and
refused with every problem in Chinese, the masked rows shown to the drafter and the reviewer
(what will be published), and the file as uploaded shown and served to nobody."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine

from django.conf import settings
from django.urls import reverse

from portal.models import StaffRole
from publishing import workflow
from subsidies.models import BeneficiaryList, SourceFile
from tests.factories import staff
from tests.security.matrix_urls import all_patterns
from tests.subsidies.conftest import CLEAR, ROWS, ZHANG_ID, draft, publish, upload, xlsx

pytestmark = pytest.mark.django_db
Role = StaffRole.Role
ADD = reverse("admin:subsidies_beneficiarylist_add")
FORM = {
    "title": "紫金街道2026年10月城乡最低生活保障对象名单", "kind": "dibao",
    "period": "2026年10月", "notice_start": "2026-10-08", "notice_end": "",
    "supervision_phone": "0578-2123120", "notes": "",
    "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
}  # fmt: skip


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_drafter_adds_a_list_with_its_file_and_sees_it_masked(client, agency_a, drafter_a):
    client.force_login(drafter_a)
    response = client.post(ADD, {**FORM, "agency": agency_a.pk, "upload": upload()})
    assert response.status_code == 302, response.content.decode()[:3000]
    item = BeneficiaryList.objects.get()
    assert item.notice_end.isoformat() == "2026-10-14"  # the default period
    assert item.rows.count() == 3 and item.drafter == drafter_a
    change = _page(client, reverse("admin:subsidies_beneficiarylist_change", args=[item.pk]))
    preview = _page(client, reverse("admin:subsidies_beneficiarylist_preview", args=[item.pk]))
    for page in (change, preview):
        assert "张**" in page and "440524********0013" in page
        assert not [value for value in CLEAR if value in page]


def test_a_file_with_problems_is_refused_with_each_problem_and_nothing_saved(
    client, agency_a, drafter_a
):
    rows = [list(row) for row in ROWS]
    rows[1][2] = ZHANG_ID[:-1] + "4"
    rows[2][8] = "一千"
    client.force_login(drafter_a)
    response = client.post(ADD, {**FORM, "agency": agency_a.pk, "upload": upload(xlsx(rows=rows))})
    assert response.status_code == 200
    page = response.content.decode()
    assert "第3行「身份证号」：身份证号的校验位不正确，请核对" in page
    assert "第4行「金额（元）」：金额不是数字" in page
    assert ZHANG_ID[:-1] + "4" not in page
    assert not BeneficiaryList.objects.exists() and not SourceFile.objects.exists()


def test_a_new_list_needs_its_file(client, agency_a, drafter_a):
    client.force_login(drafter_a)
    response = client.post(ADD, {**FORM, "agency": agency_a.pk})
    assert response.status_code == 200 and not BeneficiaryList.objects.exists()


def test_the_reviewer_sees_the_masked_rows_on_the_approval_page(
    client, agency_a, drafter_a, reviewer_a
):
    item = draft(agency_a, drafter_a)
    workflow.submit(obj=item, user=drafter_a)
    client.force_login(reviewer_a)
    url = reverse("admin:subsidies_beneficiarylist_workflow", args=[item.pk, "approve"])
    page = _page(client, url)
    assert "欧阳**" in page and "0578-***3456" in page and "备注" in page
    assert not [value for value in CLEAR if value in page]
    assert client.post(url, {"review_result": "clear"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "approved"


def test_a_published_list_opens_read_only_with_its_masked_rows(
    client, agency_a, drafter_a, reviewer_a, publisher_a
):
    with time_machine.travel(dt.datetime(2026, 10, 9, 2, tzinfo=dt.UTC), tick=False):
        item = publish(draft(agency_a, drafter_a), drafter_a, reviewer_a, publisher_a)
    client.force_login(publisher_a)
    page = _page(client, reverse("admin:subsidies_beneficiarylist_change", args=[item.pk]))
    assert "张**" in page and 'name="upload"' not in page
    assert not [value for value in CLEAR if value in page]


def test_nobody_may_end_the_notice_period_from_the_admin(client, agency_a, drafter_a):
    item = draft(agency_a, drafter_a)
    BeneficiaryList.objects.filter(pk=item.pk).update(status="published")
    publisher = staff("publisher_x", agency_a, Role.PUBLISHER)
    client.force_login(publisher)
    url = reverse("admin:subsidies_beneficiarylist_workflow", args=[item.pk, "expire"])
    response = client.post(url, {})
    assert response.status_code == 200  # the step's page again, with the refusal
    item.refresh_from_db()
    assert item.status == "published"


def test_another_agencys_staff_cannot_reach_a_list(client, agency_a, drafter_a, staff_b):
    item = draft(agency_a, drafter_a)
    client.force_login(staff_b)
    for name in ("change", "preview"):
        response = client.get(reverse(f"admin:subsidies_beneficiarylist_{name}", args=[item.pk]))
        assert response.status_code in (302, 404), name
    listing = _page(client, reverse("admin:subsidies_beneficiarylist_changelist"))
    assert item.title not in listing


def test_a_drafter_drafts_only_for_their_own_agency(client, agency_a, agency_b, staff_b):
    client.force_login(staff_b)
    page = _page(client, ADD)
    assert agency_b.name in page and agency_a.name not in page
    response = client.post(ADD, {**FORM, "agency": agency_a.pk, "upload": upload()})
    assert response.status_code == 200 and not BeneficiaryList.objects.exists()


def test_the_file_as_uploaded_is_served_by_no_url_and_stored_outside_media(
    client, agency_a, drafter_a
):
    media = Path(settings.MEDIA_ROOT)
    before = set(media.rglob("*")) if media.exists() else set()
    item = draft(agency_a, drafter_a)
    after = set(media.rglob("*")) if media.exists() else set()
    assert after == before  # nothing written under MEDIA_ROOT
    routes = [pattern.route for pattern in all_patterns()]
    assert not [route for route in routes if "sourcefile" in route or "source" in route]
    superuser = staff("root", agency_a)
    superuser.is_superuser = True
    superuser.save()
    client.force_login(superuser)
    index = _page(client, "/admin/subsidies/")
    assert "sourcefile" not in index.lower()
    page = _page(client, reverse("admin:subsidies_beneficiarylist_change", args=[item.pk]))
    assert "名单.xlsx" not in page and not [value for value in CLEAR if value in page]
