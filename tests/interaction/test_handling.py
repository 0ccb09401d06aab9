"""Handling a message: routing (转办), lead and assisting offices with their notes, the reply in
the review-and-publish workflow, publication only with consent, masking, and what the public
site, the API, the feeds and the search show of it."""

from __future__ import annotations

import pytest

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from interaction import handling
from interaction.models import MessageStatus, OfficeRole
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.factories import staff
from tests.interaction.conftest import Role, submit

pytestmark = pytest.mark.django_db


def publish_reply(message, drafter, reviewer, publisher, *, text="您好，答复如下。", public=True):
    reply = handling.reply_draft(message=message, user=drafter, text=text, show_publicly=public)
    workflow.submit(obj=reply, user=drafter)
    workflow.approve(obj=reply, user=reviewer, review_result=ReviewResult.CLEAR)
    return workflow.publish(obj=reply, user=publisher)


def test_routing_needs_a_reason_and_a_target_that_takes_messages_or_is_below(
    desk_a, desk_b, agency_a, agency_b, office_a, handler_a, staff_b, province
):
    message = submit(agency_a).message
    with pytest.raises(ValidationError, match="Say why"):
        handling.message_route(message=message, user=handler_a, to=agency_b, reason=" ")
    with pytest.raises(ValidationError, match="does not take messages"):
        handling.message_route(message=message, user=handler_a, to=province, reason="上级办理")
    with pytest.raises(PermissionDenied):
        handling.message_route(message=message, user=staff_b, to=agency_b, reason="归口")
    routed = handling.message_route(message=message, user=handler_a, to=office_a, reason="归口住建")
    assert routed.agency == office_a and routed.first_agency == agency_a
    assert routed.due_on == message.due_on  # the clock keeps running
    seen = routed.events.get(action="route")
    assert seen.visible and office_a.name in seen.public_note and "归口住建" in seen.note
    # Agency A's handler no longer sees it; the sub-agency's staff do.
    assert not handling.visible_messages(handler_a).filter(pk=message.pk).exists()
    office_handler = staff("office_handler", office_a, Role.HANDLER)
    assert handling.visible_messages(office_handler).filter(pk=message.pk).exists()


def test_lead_and_assisting_offices_write_their_own_notes(
    desk_a, agency_a, agency_b, office_a, handler_a, office_staff, staff_b
):
    message = submit(agency_a).message
    with pytest.raises(ValidationError, match="sub-agencies"):
        handling.message_assign(message=message, user=handler_a, lead=agency_b)
    assigned = handling.message_assign(
        message=message, user=handler_a, lead=office_a, assisting=[agency_b]
    )
    assert assigned.status == MessageStatus.IN_PROGRESS
    roles = dict(assigned.offices.values_list("agency_id", "role"))
    assert roles == {office_a.pk: OfficeRole.LEAD, agency_b.pk: OfficeRole.ASSIST}
    handling.note_add(message=message, user=office_staff, office=office_a, text="已现场核实。")
    handling.note_add(message=message, user=staff_b, office=agency_b, text="提供补助标准。")
    with pytest.raises(PermissionDenied):
        handling.note_add(message=message, user=staff_b, office=office_a, text="代写")
    assert list(message.notes.values_list("office__name", "text")) == [
        (office_a.name, "已现场核实。"),
        (agency_b.name, "提供补助标准。"),
    ]
    # The assisting office sees the message; the lead office drafts the reply.
    assert handling.visible_messages(staff_b).filter(pk=message.pk).exists()
    assert handling.lead_office(message) == office_a
    reply = handling.reply_draft(
        message=message, user=office_staff, text="答复", show_publicly=True
    )
    assert reply.agency == office_a


def test_the_reply_is_reviewed_and_published_with_the_question_masked(
    client, desk_a, agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    message = submit(
        agency_a, text="我叫张三丰，电话13800138000，请问公积金贷款额度如何计算？"
    ).message
    reply = handling.reply_draft(
        message=message, user=drafter_a, text="最高五十万元。", show_publicly=True
    )
    message.refresh_from_db()
    assert "13800138000" not in message.public_text and "138****8000" in message.public_text
    assert "张三丰" not in message.public_text and "张**" in message.public_text
    workflow.submit(obj=reply, user=drafter_a)
    with pytest.raises(PermissionDenied):
        workflow.approve(obj=reply, user=drafter_a, review_result=ReviewResult.CLEAR)
    workflow.approve(obj=reply, user=reviewer_a, review_result=ReviewResult.CLEAR)
    page = reverse("interaction:message", args=[message.tracking_number])
    assert client.get(page).status_code == 404  # approved is not yet published
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(obj=reply, user=publisher_a)
    message.refresh_from_db()
    assert message.status == MessageStatus.REPLIED and message.replied_on is not None
    notice = [
        m for m in mail.outbox if message.tracking_number in m.subject and "答复" in m.subject
    ]
    assert notice and notice[0].to == ["zhang@example.com"]
    text = client.get(page).content.decode()
    assert "最高五十万元" in text and "138****8000" in text
    for private in ("张三丰", "13800138000", "zhang@example.com"):
        assert private not in text
    listing = client.get(reverse("interaction:messages")).content.decode()
    assert message.public_subject in listing
    api = client.get(f"/api/v1/messages/{message.tracking_number}/").json()
    assert api["replies"][0]["text"] == "最高五十万元。"
    assert "张三丰" not in str(api) and "13800138000" not in str(api)
    feed = client.get("/feeds/messages.atom").content.decode()
    assert message.public_subject in feed and "13800138000" not in feed


def test_without_consent_the_reply_only_reaches_the_citizen(
    client, desk_a, agency_a, drafter_a, reviewer_a, publisher_a
):
    message = submit(agency_a, consent=False).message
    with pytest.raises(ValidationError, match="did not agree"):
        handling.reply_draft(message=message, user=drafter_a, text="答复", show_publicly=True)
    publish_reply(message, drafter_a, reviewer_a, publisher_a, public=False)
    message.refresh_from_db()
    assert message.status == MessageStatus.REPLIED
    assert (
        client.get(reverse("interaction:message", args=[message.tracking_number])).status_code
        == 404
    )
    assert (
        message.tracking_number not in client.get(reverse("interaction:messages")).content.decode()
    )
    assert client.get("/api/v1/messages/").json()["count"] == 0


def test_personal_data_in_a_reply_stops_its_approval_unless_overridden(
    desk_a, agency_a, drafter_a, reviewer_a
):
    message = submit(agency_a).message
    reply = handling.reply_draft(
        message=message,
        user=drafter_a,
        text="请联系经办人李四，电话13912345678。",
        show_publicly=True,
    )
    workflow.submit(obj=reply, user=drafter_a)
    with pytest.raises(ValidationError, match="screening found"):
        workflow.approve(obj=reply, user=reviewer_a, review_result=ReviewResult.CLEAR)
    approved = workflow.approve(
        obj=reply, user=reviewer_a, review_result=ReviewResult.CLEAR,
        override_reason="经办人办公电话，依职责公开",
    )  # fmt: skip
    assert approved.status == Status.APPROVED


def test_a_withdrawn_reply_leaves_the_site(
    client, desk_a, agency_a, drafter_a, reviewer_a, publisher_a
):
    message = submit(agency_a).message
    reply = publish_reply(message, drafter_a, reviewer_a, publisher_a)
    page = reverse("interaction:message", args=[message.tracking_number])
    assert client.get(page).status_code == 200
    workflow.withdraw(obj=reply, user=publisher_a, reason="答复内容需更正")
    assert client.get(page).status_code == 404


def test_the_citizen_reads_rates_and_reopens_on_the_tracking_page(
    client, desk_a, agency_a, drafter_a, reviewer_a, publisher_a
):
    from interaction import intake

    submission = submit(agency_a)
    message = submission.message
    client.post(reverse("interaction:track"), {
        "tracking_number": message.tracking_number, "query_code": submission.query_code,
    })  # fmt: skip
    publish_reply(message, drafter_a, reviewer_a, publisher_a, text="您好，最高五十万元。")
    detail = reverse("interaction:track_detail", args=[message.tracking_number])
    page = client.get(detail).content.decode()
    assert "最高五十万元" in page and "评价" in page
    bad = client.post(
        reverse("interaction:rate", args=[message.tracking_number]), {"rating": "great"}
    )
    assert bad.status_code == 200 and "满意" in bad.content.decode()
    client.post(
        reverse("interaction:rate", args=[message.tracking_number]), {"rating": "dissatisfied"}
    )
    assert "重新办理" in client.get(detail).content.decode()
    client.post(reverse("interaction:reopen", args=[message.tracking_number]), {"reason": "没答全"})
    message.refresh_from_db()
    assert message.status == MessageStatus.IN_PROGRESS and message.reopened_on is not None
    assert intake.authorised_message(client.session, message.tracking_number) is not None


def test_feedback_on_a_document_goes_to_its_agency_and_links_the_correction(
    client, agency_a, handler_a, django_capture_on_commit_callbacks
):
    from tests.security.fixtures_matrix import _document

    document = _document(agency_a, published=True, title="关于调整公积金贷款政策的通知")
    page = client.get(document.get_absolute_url()).content.decode()
    url = reverse("interaction:feedback", args=[document.pk])
    assert url in page
    form = {
        "correction_type": "attachment",
        "subject": "附件打不开",
        "text": "页面上的附件点击后无法下载。",
        "name": "王五",
        "mobile": "13700001111",
        "email": "",
        "publication_consent": "no",
        "step": "submit",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, form).status_code == 302
    message = document.feedback.get()
    assert message.agency == agency_a and message.kind.is_correction
    confirmed = handling.correction_confirm(message=message, user=handler_a, note="附件已重新上传")
    assert confirmed.correction_confirmed_at is not None
    assert confirmed.events.get(action="confirm_error").visible


def test_the_published_question_is_edited_only_before_the_reply_is_reviewed(
    admin_client, desk_a, agency_a, drafter_a, reviewer_a, publisher_a
):
    message = submit(agency_a).message
    assert handling.public_text_editable(message)
    reply = handling.reply_draft(message=message, user=drafter_a, text="答复", show_publicly=True)
    assert handling.public_text_editable(message)
    workflow.submit(obj=reply, user=drafter_a)
    assert not handling.public_text_editable(message)
    change = reverse("admin:interaction_message_change", args=[message.pk])
    message.refresh_from_db()
    before = message.public_text
    assert before
    admin_client.post(change, {"public_subject": "改", "public_text": "未经审查的新文字"})
    message.refresh_from_db()
    assert message.public_text == before


def test_seeing_a_citizens_contacts_is_logged_for_the_office_head(
    client, desk_a, agency_a, handler_a, drafter_a, head_a
):
    message = submit(agency_a).message
    change = reverse("admin:interaction_message_change", args=[message.pk])
    client.force_login(drafter_a)
    page = client.get(change).content.decode()
    assert "13800138000" not in page and "138****8000" in page  # masked: not logged
    client.force_login(handler_a)
    assert "13800138000" in client.get(change).content.decode()
    [seen] = message.contact_accesses.all()
    assert seen.user == handler_a and seen.what == "details"
    client.force_login(head_a)
    log = client.get(reverse("admin:interaction_contactaccess_changelist")).content.decode()
    assert message.tracking_number in log and "13800138000" not in log


def test_drafters_and_reviewers_see_the_citizens_own_words_masked_in_the_back_office(
    client, desk_a, agency_a, handler_a, drafter_a, reviewer_a
):
    """The subject and question may name the citizen or carry their numbers: only those who
    answer citizens read them in full; the inbox, the message page, the handling steps and
    every link to the message (its title is the number alone) show them masked."""
    message = submit(
        agency_a,
        subject="张三丰 13912345678 的公积金",
        text="本人张三丰，身份证 110101199003074477，请核查公积金。",
    ).message
    inbox = reverse("admin:interaction_message_changelist")
    change = reverse("admin:interaction_message_change", args=[message.pk])
    note = reverse("admin:interaction_message_step", args=[message.pk, "note"])
    assert str(message) == message.tracking_number
    for user in (drafter_a, reviewer_a):
        client.force_login(user)
        for url in (inbox, change, note):
            page = client.get(url).content.decode()
            assert message.tracking_number in page, (user, url)
            for secret in ("张三丰", "13912345678", "110101199003074477"):
                assert secret not in page, (user, url, secret)
        assert "139****5678" in client.get(inbox).content.decode()
        # Searching the inbox for the citizen's words cannot confirm a guess either.
        assert (
            message.tracking_number not in client.get(inbox, {"q": "13912345678"}).content.decode()
        )
    client.force_login(handler_a)
    page = client.get(change).content.decode()
    assert "张三丰 13912345678 的公积金" in page and "110101199003074477" in page
