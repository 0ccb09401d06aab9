"""Retention: requests closed longer ago than REQUEST_RETENTION_YEARS lose the applicant's
identity and contacts (个人信息保护法 Art 19, 47); the statistics and annual reports do not
change."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from pathlib import Path

import pytest

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from reports import tables
from requests_app import privacy, retention, tasks
from requests_app.models import (
    Answer,
    FeeNotice,
    InformationRequest,
    Outcome,
    Pause,
    RequestEvent,
    RequestFile,
    Review,
    Status,
    ThirdPartyNotice,
    VolumeInquiry,
)
from tests.requests_app.conftest import new_request

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 3)
LONG_AGO = dt.date(2021, 12, 2)  # five years and a day before TODAY
RECENTLY = dt.date(2021, 12, 3)  # exactly five years: not yet
NAME, ID_NUMBER, PHONE = "王某某", "440524198001010013", "13812345678"
EMAIL, ADDRESS = "applicant@example.com", "丽水市莲都区某某路1号"
_numbers = itertools.count(1)


def closed(agency, closed_on: dt.date, *, outcome: str = Outcome.DISCLOSED, **fields):
    """A request received, answered and closed (``closed_on``) in the same year."""
    received = closed_on.replace(month=1, day=10) if closed_on.month > 1 else closed_on
    request = new_request(
        agency,
        tracking_number=f"R{next(_numbers):08d}",
        channel="in_person",
        access_code_hash="x",
        received_on=received,
        answered_on=closed_on,
        closed_on=closed_on,
        status=fields.pop("status", Status.CLOSED),
        outcome=outcome,
        address=ADDRESS,
        applicant_key=privacy.keyed_hash(ID_NUMBER),
        email_key=privacy.keyed_hash(EMAIL),
        **fields,
    )
    request.save()
    return request


def sweep(years: int = 5) -> int:
    return retention.pseudonymise_expired(today=TODAY, years=years)


def test_identity_and_contacts_go_once_the_retention_period_is_over(agency_a):
    request = closed(
        agency_a,
        LONG_AGO,
        applicant_type="organisation",
        organisation_type="business",
        credit_code="91330100MA2XXXXX0X",
        legal_representative="张某某",
        contact_person="李某某",
        postcode="323000",
    )
    assert sweep() == 1
    request = InformationRequest.objects.get(pk=request.pk)
    assert request.name == retention.PSEUDONYM
    assert request.id_number is None and request.credit_code == ""
    assert request.legal_representative is None and request.contact_person is None
    assert request.phone == retention.REMOVED and request.email is None and request.address is None
    assert request.postcode == "" and request.email_key == ""
    assert request.pseudonymised_on == TODAY
    # What the statistics count stays.
    assert (request.applicant_type, request.organisation_type) == ("organisation", "business")
    assert (request.outcome, request.closed_on, request.agency) == (
        Outcome.DISCLOSED,
        LONG_AGO,
        agency_a,
    )


def test_a_request_closed_within_the_period_keeps_its_data(agency_a):
    request = closed(agency_a, RECENTLY)
    assert sweep() == 0
    request.refresh_from_db()
    assert (request.name, request.id_number, request.pseudonymised_on) == (NAME, ID_NUMBER, None)


@pytest.mark.parametrize("status", [Status.ANSWERED, Status.IN_PROGRESS])
def test_a_request_not_closed_is_kept_however_old(agency_a, status):
    request = closed(agency_a, LONG_AGO, status=status)
    assert sweep() == 0
    request.refresh_from_db()
    assert request.name == NAME


def test_a_pending_reconsideration_keeps_the_data_until_it_is_decided(agency_a):
    request = closed(agency_a, LONG_AGO)
    review = Review.objects.create(request=request, kind="reconsideration", filed_on=LONG_AGO)
    assert sweep() == 0
    review.result, review.decided_on = Review.Result.UPHELD, LONG_AGO
    review.save()
    assert sweep() == 1


def test_the_applicants_files_are_deleted(agency_a, django_capture_on_commit_callbacks):
    request = closed(agency_a, LONG_AGO)
    upload = RequestFile.objects.create(
        request=request,
        file=SimpleUploadedFile("身份证.pdf", b"%PDF-1.4 id card"),
        original_name="身份证.pdf",
        content_type="application/pdf",
        size=16,
    )
    stored = Path(upload.file.path)
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    assert not RequestFile.objects.filter(request=request).exists()
    assert not stored.exists()


def test_the_applicant_leaves_the_letter_the_timeline_and_the_free_text(agency_a):
    request = closed(
        agency_a,
        LONG_AGO,
        description=f"本人{NAME}，电话{PHONE}，请公开低保资金使用情况。",
        purpose=f"联系邮箱 {EMAIL}",
    )
    Answer.objects.create(
        request=request,
        outcome=Outcome.DISCLOSED,
        letter_html=f"<p class='letter-addressee'>{NAME}：</p><p>已寄至{ADDRESS}。</p>",
        answered_on=LONG_AGO,
        answered_by=_handler(agency_a),
    )
    RequestEvent.objects.create(
        request=request, action="answer", note=f"电话通知{NAME}（{PHONE}）", public_note="已答复"
    )
    sweep()
    request.refresh_from_db()
    texts = [
        request.description,
        request.purpose,
        request.answer.letter_html,
        *RequestEvent.objects.filter(request=request).values_list("note", flat=True),
    ]
    for text in texts:
        for personal in (NAME, PHONE, EMAIL, ADDRESS):
            assert personal not in text, (personal, text)
    assert "低保资金使用情况" in request.description  # what was asked for stays


def _handler(agency):
    from tests.factories import staff

    return staff("retention_handler", agency, "handler")


def test_the_request_no_longer_links_to_the_applicants_other_requests(agency_a):
    old = closed(agency_a, LONG_AGO)
    current = closed(agency_a, RECENTLY)
    sweep()
    old.refresh_from_db()
    current.refresh_from_db()
    assert current.applicant_key == privacy.keyed_hash(ID_NUMBER)
    assert old.applicant_key not in ("", current.applicant_key)


def test_running_twice_changes_nothing_more(agency_a):
    request = closed(agency_a, LONG_AGO)
    assert sweep() == 1
    request.refresh_from_db()
    key, updated = request.applicant_key, request.updated_at
    assert sweep() == 0
    request.refresh_from_db()
    assert (request.applicant_key, request.updated_at) == (key, updated)


def test_the_annual_reports_are_the_same_before_and_after(agency_a, agency_b):
    """Every table of the report of the year the requests were closed in (and the next)."""
    year = LONG_AGO.year
    kinds = [
        {},
        {"applicant_type": "organisation", "organisation_type": "business"},
        {"applicant_type": "organisation", "organisation_type": "research"},
        {"applicant_type": "organisation", "organisation_type": "legal_service"},
    ]
    outcomes = [Outcome.DISCLOSED, Outcome.PARTIAL, Outcome.UNABLE_NOT_HELD, Outcome.OTHER]
    for kind, outcome in itertools.product(kinds, outcomes):
        request = closed(agency_a, dt.date(year, 3, 15), outcome=outcome, **kind)
    closed(agency_b, dt.date(year, 6, 1))
    # A year-end request carried over, a review and a fee.
    carried = closed(agency_a, dt.date(year, 1, 20))
    carried.received_on = dt.date(year - 1, 12, 28)
    carried.save()
    Review.objects.create(
        request=request, kind="reconsideration", filed_on=dt.date(year, 5, 1),
        result=Review.Result.UPHELD, decided_on=dt.date(year, 7, 1),
    )  # fmt: skip
    FeeNotice.objects.create(
        request=request, method="by_count", quantity=11, amount=100,
        sent_on=dt.date(year, 3, 1), received_on=dt.date(year, 3, 1), pay_by=dt.date(year, 3, 30),
        paid_on=dt.date(year, 3, 5),
    )  # fmt: skip
    reports = [(agency, y) for agency in (agency_a, agency_b) for y in (year - 1, year, year + 1)]
    before = [tables.compute(agency, y) for agency, y in reports]
    assert before[1]["table3"] != before[0]["table3"]  # the data are in the year's report
    assert sweep() == len(kinds) * len(outcomes) + 2
    assert [tables.compute(agency, y) for agency, y in reports] == before


def test_the_command_counts_with_dry_run_and_then_pseudonymises(agency_a, settings):
    settings.REQUEST_RETENTION_YEARS = 1
    request = closed(agency_a, dt.date(2020, 5, 1))
    out = io.StringIO()
    call_command("pseudonymise_requests", "--dry-run", stdout=out)
    assert out.getvalue().startswith("1 requests due")
    request.refresh_from_db()
    assert request.name == NAME
    call_command("pseudonymise_requests", stdout=io.StringIO())
    request.refresh_from_db()
    assert request.name == retention.PSEUDONYM


def test_beat_runs_the_sweep_every_day(agency_a):
    entry = settings.CELERY_BEAT_SCHEDULE["requests-pseudonymise-expired"]
    assert entry["task"] == "requests_app.tasks.pseudonymise_expired_requests"
    request = closed(agency_a, LONG_AGO)
    assert tasks.pseudonymise_expired_requests.delay(TODAY.isoformat()).get() == 1
    request.refresh_from_db()
    assert request.pseudonymised_on == TODAY


def test_the_default_retention_period_is_five_years():
    assert settings.REQUEST_RETENTION_YEARS == 5


def test_a_closing_date_on_29_february_counts_from_28_february():
    assert retention.cutoff(dt.date(2028, 2, 29), 5) == dt.date(2023, 2, 27)
    assert retention.cutoff(TODAY, 5) == LONG_AGO


def test_the_applicant_leaves_the_art35_inquiry_and_the_art32_notice(agency_a):
    request = closed(agency_a, LONG_AGO, description=f"本人{NAME}申请公开某工程合同")
    handler = _handler(agency_a)
    VolumeInquiry.objects.create(
        request=request,
        asked_on=LONG_AGO,
        question=f"请{NAME}说明理由",
        reply=f"我是{NAME}，电话{PHONE}",
    )
    pause = Pause.objects.create(
        request=request, kind=Pause.Kind.THIRD_PARTY, started_on=LONG_AGO, ended_on=LONG_AGO,
        party="某建设公司", reply="objection",
    )  # fmt: skip
    ThirdPartyNotice.objects.create(
        request=request, pause=pause, third_party="某建设公司", public_interest_reason="公共安全",
        letter_html=f"<p>决定公开的政府信息为：“本人{NAME}申请公开某工程合同”。</p>",
        decided_on=LONG_AGO, decided_by=handler,
    )  # fmt: skip
    sweep()
    inquiry = VolumeInquiry.objects.get(request=request)
    notice = ThirdPartyNotice.objects.get(request=request)
    for text in (inquiry.question, inquiry.reply, notice.letter_html):
        assert NAME not in text and PHONE not in text, text
    assert "某工程合同" in notice.letter_html


def test_a_pseudonymised_request_cannot_be_reopened(agency_a):
    from requests_app import handling
    from tests.factories import staff

    request = closed(agency_a, LONG_AGO, outcome=Outcome.OTHER_FEE_UNPAID)
    sweep()
    head = staff("retention_head", agency_a, "office_head")
    request.refresh_from_db()
    assert not handling.machine.applies(request, "reopen")
    with pytest.raises(ValidationError, match="pseudonymised"):
        handling.request_reopen(info_request=request, user=head, reason="有正当理由")
