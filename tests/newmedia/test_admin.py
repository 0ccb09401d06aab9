"""The back office of 政务新媒体: scoped to the agency, the QR upload checked in the form, and
the page recording updates, inspection and closure."""

from __future__ import annotations

import pytest

from django.urls import reverse

from newmedia.models import Account
from tests.newmedia.conftest import png_bytes, qr_upload

pytestmark = pytest.mark.django_db

ADD = reverse("admin:newmedia_account_add")


def _form(**extra):
    return {
        "agency": "", "platform": "wechat", "platform_name": "", "name": "丽水发布",
        "handle": "lishuifabu", "link": "", "description": "", "verification": "verified",
        "opened_on": "2020-01-01", "closed_on": "", "closure_reason": "",
        "last_updated_on": "2026-10-01", "inspection_status": "not_inspected",
        "inspected_on": "", "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    } | extra  # fmt: skip


def test_a_drafter_adds_an_account_with_its_qr_code(client, agency_a, drafter_a):
    client.force_login(drafter_a)
    data = _form(agency=agency_a.pk, qr_upload=qr_upload())
    response = client.post(ADD, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    account = Account.objects.get()
    assert account.drafter == drafter_a and account.qr_content_type == "image/png"


def test_a_file_that_is_not_a_picture_is_refused_in_the_form(client, agency_a, drafter_a):
    client.force_login(drafter_a)
    upload = qr_upload("码.png", b"%PDF-1.4 not a picture" + png_bytes()[:0])
    response = client.post(ADD, _form(agency=agency_a.pk, qr_upload=upload))
    assert response.status_code == 200
    assert not Account.objects.exists()


def test_another_agencys_account_is_not_found(client, published, staff_b):
    client.force_login(staff_b)
    for name in ("change", "preview"):
        url = reverse(f"admin:newmedia_account_{name}", args=[published.pk])
        assert client.get(url).status_code in (302, 404)
    url = reverse("admin:newmedia_account_activity", args=[published.pk])
    assert client.get(url).status_code == 404


def test_the_activity_page_records_the_last_update(client, published, drafter_a):
    client.force_login(drafter_a)
    url = reverse("admin:newmedia_account_activity", args=[published.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"last_updated_on": "2026-11-30",
                                 "inspection_status": "not_inspected"})  # fmt: skip
    assert response.status_code == 302
    published.refresh_from_db()
    assert str(published.last_updated_on) == "2026-11-30"
