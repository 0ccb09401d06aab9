"""Recording accounts: the QR code checked by its bytes, the dates, the drafter's agency, what a
submission needs, and what is recorded on a published account (update, inspection, closure)."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from newmedia import drafting
from newmedia.models import Account, InspectionStatus, Platform
from publishing import workflow
from publishing.models import Status
from tests.newmedia.conftest import draft, qr_upload

pytestmark = pytest.mark.django_db


def test_a_qr_code_is_checked_by_its_bytes_not_its_name(agency_a, drafter_a):
    with pytest.raises(ValidationError, match="not an accepted"):
        drafting.account_save(
            account=Account(agency=agency_a, platform=Platform.WEIBO, name="微博",
                            opened_on=dt.date(2020, 1, 1)),
            user=drafter_a, qr_upload=qr_upload("伪装.png", b"<svg onload=alert(1)>"),
        )  # fmt: skip
    assert not Account.objects.filter(name="微博").exists()


def test_a_png_qr_code_is_kept_with_its_type_under_a_generated_name(agency_a, drafter_a):
    account = draft(agency_a, drafter_a)
    assert account.qr_content_type == "image/png"
    assert account.qr_name == "二维码.png"
    assert "二维码" not in account.qr_code.name


def test_drafters_of_another_agency_cannot_record_an_account(agency_a, staff_b):
    with pytest.raises(ValidationError, match="drafter"):
        draft(agency_a, staff_b)


def test_an_account_cannot_close_before_it_opened_nor_without_a_reason(agency_a, drafter_a):
    with pytest.raises(ValidationError) as error:
        draft(agency_a, drafter_a, opened_on=dt.date(2020, 1, 1), closed_on=dt.date(2019, 1, 1))
    assert set(error.value.message_dict) == {"closed_on", "closure_reason"}


def test_submission_needs_an_id_or_address_and_a_qr_code(agency_a, drafter_a):
    account = draft(agency_a, drafter_a, handle="", qr=False)
    with pytest.raises(ValidationError) as error:
        workflow.submit(obj=account, user=drafter_a)
    assert len(error.value.messages) == 2


def test_updates_inspection_and_closure_are_recorded_on_a_published_account(published, drafter_a):
    drafting.account_record_activity(
        account=published, user=drafter_a, last_updated_on=dt.date(2026, 10, 10),
        inspection_status=InspectionStatus.PASSED, inspected_on=dt.date(2026, 10, 9),
        closed_on=None, today=dt.date(2026, 10, 15),
    )  # fmt: skip
    drafting.account_record_activity(
        account=published, user=drafter_a, last_updated_on=dt.date(2026, 10, 10),
        inspection_status=InspectionStatus.PASSED, inspected_on=dt.date(2026, 10, 9),
        closed_on=dt.date(2026, 10, 12), closure_reason="并入丽水发布", today=dt.date(2026, 10, 15),
    )  # fmt: skip
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED and published.is_closed
    actions = list(published.events.values_list("action", flat=True))
    assert actions[-2:] == ["record", "close"]
    with pytest.raises(ValidationError, match="stays closed"):
        drafting.account_record_activity(
            account=published, user=drafter_a, last_updated_on=dt.date(2026, 10, 10),
            inspection_status=InspectionStatus.PASSED, inspected_on=dt.date(2026, 10, 9),
            closed_on=None, today=dt.date(2026, 10, 15),
        )  # fmt: skip


def test_only_drafters_of_the_agency_record_activity(published, staff_b, reviewer_a):
    for user in (staff_b, reviewer_a):
        with pytest.raises(PermissionDenied):
            drafting.account_record_activity(
                account=published, user=user, last_updated_on=dt.date(2026, 10, 10),
                inspection_status=InspectionStatus.NOT_INSPECTED, inspected_on=None,
                closed_on=None, today=dt.date(2026, 10, 15),
            )  # fmt: skip


def test_the_last_update_does_not_move_back(published, drafter_a):
    with pytest.raises(ValidationError, match="earlier"):
        drafting.account_record_activity(
            account=published, user=drafter_a, last_updated_on=dt.date(2026, 9, 1),
            inspection_status=InspectionStatus.NOT_INSPECTED, inspected_on=None,
            closed_on=None, today=dt.date(2026, 10, 15),
        )  # fmt: skip
