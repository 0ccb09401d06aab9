"""Processing fees charged once and counted right (国办函〔2020〕109号 Art 3 and 4; domain-spec §8;
issue 13 §3): one charge per application; the 按件 count by the Art 31 receipt date in the
natural month in Asia/Shanghai, per charging agency, over registered applications only; each
piece of a split application counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from requests_app import handling, intake
from requests_app.models import FeeNotice, InformationRequest, Status
from tests.requests_app.conftest import enter, new_request

pytestmark = pytest.mark.django_db
D = dt.date
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(moment: dt.datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def charge_by_count(info_request: InformationRequest, user, sent_on: dt.date) -> FeeNotice:
    handling.request_fee_notice(
        info_request=info_request, user=user, method="by_count", sent_on=sent_on
    )
    return info_request.fees.get()


def ten_in(agency, handler, month_day: dt.date) -> None:
    for _ in range(10):
        enter(agency, handler, month_day)


def test_fee_rules_art3_a_second_notice_on_a_charged_application_is_refused(received, handler_a):
    handling.request_fee_notice(
        info_request=received, user=handler_a, method="by_volume", pages=50, sent_on=D(2026, 9, 21)
    )
    handling.request_fee_paid(info_request=received, user=handler_a, paid_on=D(2026, 9, 22))
    with pytest.raises(ValidationError, match="charged once") as error:
        handling.request_fee_notice(
            info_request=received, user=handler_a, method="by_count", sent_on=D(2026, 9, 23)
        )
    assert "2026-09-21" in str(error.value)
    assert received.fees.count() == 1


def test_fee_rules_art3_a_waived_fee_is_not_charged_again(received, handler_a, head_a):
    handling.request_fee_notice(
        info_request=received, user=handler_a, method="by_volume", pages=50, sent_on=D(2026, 9, 21)
    )
    handling.request_fee_waived(info_request=received, user=head_a, reason="申请人经济困难")
    with pytest.raises(ValidationError, match="waived"):
        handling.request_fee_notice(
            info_request=received, user=handler_a, method="by_volume", pages=80,
            sent_on=D(2026, 9, 23),
        )  # fmt: skip


def test_fee_rules_art4_a_letter_received_on_30_november_counts_in_november(agency_a, handler_a):
    ten_in(agency_a, handler_a, D(2026, 11, 16))
    december = enter(agency_a, handler_a, D(2026, 12, 1))
    # Received on Monday 30 November, entered by staff on Thursday 3 December.
    with at(dt.datetime(2026, 12, 3, 10, 0, tzinfo=SHANGHAI)):
        letter = enter(agency_a, handler_a, D(2026, 11, 30))
        notice = charge_by_count(letter, handler_a, D(2026, 12, 3))
    assert (notice.quantity, notice.amount) == (11, Decimal(100))
    # December's first application does not count the November letter.
    with pytest.raises(ValidationError, match="No fee is due"):
        charge_by_count(december, handler_a, D(2026, 12, 3))


def test_fee_rules_art4_the_month_starts_at_midnight_beijing_time(agency_a, handler_a):
    ten_in(agency_a, handler_a, D(2026, 11, 16))
    # Submitted online at 07:30 on 1 December in Beijing (23:30 on 30 November in UTC).
    with at(dt.datetime(2026, 12, 1, 7, 30, tzinfo=SHANGHAI)):
        online = intake.request_submit_online(info_request=new_request(agency_a)).request
    assert timezone.localdate(online.submitted_at) == D(2026, 12, 1)
    with at(dt.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)):
        intake.request_register(info_request=online, user=handler_a, received_on=D(2026, 12, 1))
        online.refresh_from_db()
        with pytest.raises(ValidationError, match=r"No fee is due \(1\)"):
            charge_by_count(online, handler_a, D(2026, 12, 1))


def test_fee_rules_art4_counts_only_applications_to_the_charging_agency(
    agency_a, agency_b, handler_a
):
    handler_a.staff_roles.create(agency=agency_b, role="handler")
    ten_in(agency_b, handler_a, D(2026, 9, 18))
    to_a = enter(agency_a, handler_a, D(2026, 9, 21))
    with pytest.raises(ValidationError, match=r"No fee is due \(1\)"):
        charge_by_count(to_a, handler_a, D(2026, 9, 22))


@override_settings(REQUESTS_FEE_COUNT_SCOPE="all")
def test_fee_rules_art4_the_count_may_be_widened_to_every_agency_by_setting(
    agency_a, agency_b, handler_a
):
    handler_a.staff_roles.create(agency=agency_b, role="handler")
    ten_in(agency_b, handler_a, D(2026, 9, 18))
    to_a = enter(agency_a, handler_a, D(2026, 9, 21))
    notice = charge_by_count(to_a, handler_a, D(2026, 9, 22))
    assert (notice.quantity, notice.amount) == (11, Decimal(100))


def test_fee_rules_art4_unregistered_withdrawn_submissions_do_not_count(agency_a, handler_a):
    with at(dt.datetime(2026, 9, 14, 10, 0, tzinfo=SHANGHAI)):
        for _ in range(10):
            withdrawn = intake.request_submit_online(info_request=new_request(agency_a)).request
            handling.request_withdraw(info_request=withdrawn, user=None)
    assert InformationRequest.objects.filter(status=Status.CLOSED).count() == 10
    registered = enter(agency_a, handler_a, D(2026, 9, 18))
    with pytest.raises(ValidationError, match=r"No fee is due \(1\)"):
        charge_by_count(registered, handler_a, D(2026, 9, 21))


def test_fee_rules_art4_each_piece_of_a_split_application_counts(agency_a, handler_a):
    for _ in range(9):
        enter(agency_a, handler_a, D(2026, 9, 14))
    several = enter(agency_a, handler_a, D(2026, 9, 18))
    pieces = handling.request_split(
        info_request=several, user=handler_a,
        matters=["2025年财政预算", "2025年财政决算", "2025年三公经费"],
    )  # fmt: skip
    assert [piece.split_from for piece in pieces] == [several, several]
    notice = charge_by_count(pieces[-1], handler_a, D(2026, 9, 21))
    assert (notice.quantity, notice.amount) == (12, Decimal(100))
