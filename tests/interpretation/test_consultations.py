"""Consultations (重大决策预公开): the comment period, public comments and their moderation, the
hidden contact, abuse controls, automatic closing and the adoption report."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from interpretation import consultations, tasks
from interpretation.models import Adoption, Comment, Consultation, Moderation, Phase
from publishing import workflow
from tests.interpretation.conftest import approve, make_consultation

pytestmark = pytest.mark.django_db

CONTACT = "13812345678"


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def publish(drafter_a, reviewer_a, publisher_a):
    def publish(consultation: Consultation) -> Consultation:
        approve(consultation, drafter=drafter_a, reviewer=reviewer_a)
        return workflow.publish(obj=consultation, user=publisher_a)

    return publish


@pytest.fixture
def open_consultation(agency_a, drafter_a, publish):
    return publish(make_consultation(agency_a, drafter_a, opens_on=days(-5), closes_on=days(25)))


def comment_data(**fields) -> dict:
    return {"name": "王先生", "contact": CONTACT, "body": "建议同步提高特困人员供养标准。",
            "website": "", **fields}  # fmt: skip


def post_comment(client, consultation, **fields):
    return client.post(consultation.get_absolute_url(), comment_data(**fields))


# --- The comment period ---------------------------------------------------------------------


def test_the_phase_follows_the_dates(agency_a, drafter_a):
    consultation = make_consultation(
        agency_a, drafter_a, opens_on=dt.date(2026, 11, 3), closes_on=dt.date(2026, 12, 2)
    )
    assert consultation.phase(dt.date(2026, 11, 2)) == Phase.UPCOMING
    assert consultation.phase(dt.date(2026, 11, 3)) == Phase.OPEN
    assert consultation.days_left(dt.date(2026, 11, 3)) == 30
    assert consultation.phase(dt.date(2026, 12, 2)) == Phase.OPEN
    assert consultation.days_left(dt.date(2026, 12, 2)) == 1  # the last day
    # Closed the day after, whether or not the daily task has run yet.
    assert consultation.phase(dt.date(2026, 12, 3)) == Phase.CLOSED


def test_the_page_shows_the_days_left(client, open_consultation):
    client.cookies["django_language"] = "en"  # chosen with the switch
    page = client.get(open_consultation.get_absolute_url())
    assert "26 days left" in page.content.decode()  # today and the 25 after it
    Consultation.objects.filter(pk=open_consultation.pk).update(closes_on=days(0))
    page = client.get(open_consultation.get_absolute_url())
    assert "Last day for comments" in page.content.decode()


def test_a_period_under_30_days_needs_a_published_reason(client, agency_a, drafter_a, publish):
    short = make_consultation(agency_a, drafter_a, opens_on=days(0), closes_on=days(14))
    with pytest.raises(ValidationError, match="needs a reason"):
        workflow.submit(obj=short, user=drafter_a)
    Consultation.objects.filter(pk=short.pk).update(short_period_reason="汛期前须完成调整")
    published = publish(Consultation.objects.get(pk=short.pk))
    assert "汛期前须完成调整" in client.get(published.get_absolute_url()).content.decode()


def test_a_consultation_whose_period_is_over_cannot_be_published(
    agency_a, drafter_a, reviewer_a, publisher_a
):
    late = make_consultation(agency_a, drafter_a, opens_on=days(-40), closes_on=days(-1))
    approve(late, drafter=drafter_a, reviewer=reviewer_a)
    with pytest.raises(ValidationError, match="already ended"):
        workflow.publish(obj=late, user=publisher_a)


def test_a_draft_consultation_is_not_public(client, agency_a, drafter_a):
    draft = make_consultation(agency_a, drafter_a)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.title not in client.get("/interpretation/consultations/").content.decode()


@pytest.mark.parametrize(("opens", "closes"), [(1, 31), (-40, -1)])
def test_no_comments_outside_the_period(client, agency_a, drafter_a, opens, closes):
    consultation = make_consultation(
        agency_a, drafter_a, opens_on=days(opens), closes_on=days(closes)
    )
    Consultation.objects.filter(pk=consultation.pk).update(status="published")
    assert client.get(consultation.get_absolute_url()).context["form"] is None
    assert post_comment(client, consultation).status_code == 403
    assert not Comment.objects.exists()
    with pytest.raises(ValidationError):
        consultations.comment_submit(
            consultation=Consultation.objects.get(pk=consultation.pk),
            name="",
            contact=CONTACT,
            body="过期的意见。",
        )


# --- Comments and moderation ----------------------------------------------------------------


def test_a_comment_waits_for_moderation(client, open_consultation):
    response = post_comment(client, open_consultation)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    comment = Comment.objects.get()
    assert comment.moderation == Moderation.PENDING
    assert (
        "建议同步提高特困人员供养标准"
        not in client.get(open_consultation.get_absolute_url()).content.decode()
    )


def test_the_contact_is_stored_encrypted(client, open_consultation):
    post_comment(client, open_consultation)
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact FROM interpretation_comment")
        (raw,) = cursor.fetchone()
    assert CONTACT not in str(raw)
    assert Comment.objects.get().contact == CONTACT


def test_an_approved_comment_is_published_without_its_contact(
    client, open_consultation, reviewer_a
):
    post_comment(client, open_consultation, name="")
    consultations.comment_moderate(comment=Comment.objects.get(), user=reviewer_a, approve=True)
    page = client.get(open_consultation.get_absolute_url()).content.decode()
    assert "建议同步提高特困人员供养标准" in page
    assert CONTACT not in page


def test_a_rejection_needs_a_reason_and_hides_the_comment(client, open_consultation, reviewer_a):
    post_comment(client, open_consultation, body="与本方案无关的广告内容。")
    comment = Comment.objects.get()
    with pytest.raises(ValidationError):
        consultations.comment_moderate(comment=comment, user=reviewer_a, approve=False)
    consultations.comment_moderate(
        comment=comment, user=reviewer_a, approve=False, reason="与征求意见内容无关"
    )
    assert Comment.objects.get().moderation == Moderation.REJECTED
    assert "广告内容" not in client.get(open_consultation.get_absolute_url()).content.decode()
    assert open_consultation.events.filter(action="comment_reject").exists()


def test_only_reviewers_and_publishers_of_the_agency_moderate(
    client, open_consultation, drafter_a, staff_b
):
    post_comment(client, open_consultation)
    comment = Comment.objects.get()
    for user in (drafter_a, staff_b):
        with pytest.raises(PermissionDenied):
            consultations.comment_moderate(comment=comment, user=user, approve=True)
    client.force_login(staff_b)
    url = f"/admin/interpretation/consultation/{open_consultation.pk}/comments/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"comment": comment.pk, "operation": "approve"}).status_code == 404
    assert Comment.objects.get().moderation == Moderation.PENDING


def test_moderating_in_the_admin(client, open_consultation, reviewer_a):
    post_comment(client, open_consultation)
    comment = Comment.objects.get()
    client.force_login(reviewer_a)
    url = f"/admin/interpretation/consultation/{open_consultation.pk}/comments/"
    page = client.get(url).content.decode()
    assert CONTACT in page  # staff of the agency see the contact, to ask back
    client.post(url, {"comment": comment.pk, "operation": "approve"})
    assert Comment.objects.get().moderation == Moderation.APPROVED


# --- The form: validation and abuse controls ----------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("contact", ""),
        ("contact", "随便写写"),
        ("contact", "someone@"),
        ("body", "太短"),
        ("body", "长" * 2001),
        ("name", "名" * 51),
    ],
)
def test_invalid_comments_are_refused_with_a_message(client, open_consultation, field, value):
    response = post_comment(client, open_consultation, **{field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Comment.objects.exists()


@pytest.mark.parametrize("contact", ["13812345678", "0578-2091521", "wang@example.com"])
def test_a_phone_or_e_mail_is_a_contact(client, open_consultation, contact):
    assert post_comment(client, open_consultation, contact=contact).status_code == 302


def test_the_bot_trap(client, open_consultation):
    response = post_comment(client, open_consultation, website="http://spam.example")
    assert response.status_code == 200
    assert not Comment.objects.exists()


def test_comments_need_the_csrf_token(open_consultation):
    strict = Client(enforce_csrf_checks=True)
    assert post_comment(strict, open_consultation).status_code == 403
    assert not Comment.objects.exists()


def test_comments_are_limited_per_connection(client, open_consultation):
    for number in range(5):
        response = post_comment(client, open_consultation, body=f"第{number}条意见内容。")
        assert response.status_code == 302
    response = post_comment(client, open_consultation, body="第六条意见内容。")
    assert response.status_code == 429
    assert Comment.objects.count() == 5


# --- Closing, reminders and the adoption report --------------------------------------------


@pytest.fixture
def ended(open_consultation, reviewer_a):
    """A consultation whose last day was yesterday, with one approved and one pending comment."""
    for body in ("建议增加分类施保的规定。", "请明确执行时间。"):
        consultations.comment_submit(
            consultation=open_consultation, name="", contact=CONTACT, body=body
        )
    first, _second = Comment.objects.order_by("pk")
    consultations.comment_moderate(comment=first, user=reviewer_a, approve=True)
    Consultation.objects.filter(pk=open_consultation.pk).update(
        opens_on=days(-31), closes_on=days(-1)
    )
    return Consultation.objects.get(pk=open_consultation.pk)


def test_the_daily_task_closes_ended_consultations_and_reminds_once(
    ended, agency_a, publisher_a, head_a, drafter_a
):
    publisher_a.email, head_a.email = "publisher@example.gov.cn", "head@example.gov.cn"
    publisher_a.save()
    head_a.save()
    still_open = make_consultation(agency_a, drafter_a, title="仍在征求意见的草案")
    Consultation.objects.filter(pk=still_open.pk).update(status="published")
    assert tasks.close_consultations.delay().get() == (1, 1)
    ended.refresh_from_db()
    assert ended.closed_at is not None
    assert ended.events.filter(action="close").count() == 1
    assert Consultation.objects.get(pk=still_open.pk).closed_at is None
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"publisher@example.gov.cn", "head@example.gov.cn"}
    assert ended.title in mail.outbox[0].subject
    # Safe to run twice: nothing closes again, nobody hears twice the same day.
    assert tasks.close_consultations.delay().get() == (0, 0)
    assert len(mail.outbox) == 1
    # A week later the report is still missing: a new reminder.
    later = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    assert tasks.close_consultations.delay(later).get() == (0, 1)


def test_the_report_needs_every_comment_moderated_and_decided(ended, reviewer_a, publisher_a):
    consultations.consultation_close(consultation=ended)
    with pytest.raises(ValidationError, match="await moderation"):
        consultations.report_publish(consultation=ended, user=publisher_a, report="采纳情况。")
    pending = Comment.objects.get(moderation=Moderation.PENDING)
    consultations.comment_moderate(comment=pending, user=reviewer_a, approve=True)
    consultations.comment_set_adoption(
        comment=Comment.objects.order_by("pk").first(), user=reviewer_a, adoption=Adoption.ADOPTED
    )
    with pytest.raises(ValidationError, match="whether they were adopted"):
        consultations.report_publish(consultation=ended, user=publisher_a, report="采纳情况。")
    with pytest.raises(ValidationError):  # not adopted needs a reason
        consultations.comment_set_adoption(
            comment=pending, user=reviewer_a, adoption=Adoption.NOT_ADOPTED
        )
    consultations.comment_set_adoption(
        comment=pending,
        user=reviewer_a,
        adoption=Adoption.NOT_ADOPTED,
        reason="执行时间以正式文件为准",
    )
    with pytest.raises(PermissionDenied):
        consultations.report_publish(consultation=ended, user=reviewer_a, report="采纳情况。")
    consultations.report_publish(consultation=ended, user=publisher_a, report="共收到意见2条。")
    assert consultations.adoption_summary(ended) == consultations.AdoptionSummary(
        received=2, approved=2, rejected=0, pending=0, adopted=1, partly=0, not_adopted=1
    )


def test_the_report_cannot_come_before_the_period_ends(open_consultation, publisher_a):
    with pytest.raises(ValidationError, match="after the comment period"):
        consultations.report_publish(
            consultation=open_consultation, user=publisher_a, report="采纳情况。"
        )


def test_the_published_report_is_on_the_page(client, ended, reviewer_a, publisher_a):
    pending = Comment.objects.get(moderation=Moderation.PENDING)
    consultations.comment_moderate(comment=pending, user=reviewer_a, approve=False, reason="重复")
    decided = Comment.objects.get(moderation=Moderation.APPROVED)
    consultations.comment_set_adoption(
        comment=decided, user=reviewer_a, adoption=Adoption.PARTLY, reason="已在第四条中体现"
    )
    consultations.report_publish(consultation=ended, user=publisher_a, report="共收到意见2条。")
    client.cookies["django_language"] = "en"  # chosen with the switch
    page = client.get(ended.get_absolute_url())
    text = page.content.decode()
    assert page.context["summary"].partly == 1
    assert "共收到意见2条。" in text
    assert "已在第四条中体现" in text
    assert "请明确执行时间" not in text  # the rejected comment stays unpublished
    assert page.context["form"] is None


def test_the_public_sees_the_messages_in_chinese(client, open_consultation):
    response = client.post(open_consultation.get_absolute_url(), comment_data(contact="", body=""))
    text = response.content.decode()
    assert "请填写电话号码或电子邮箱。" in text
    assert "请填写意见内容。" in text
