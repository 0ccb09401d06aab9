"""Writing a message on the public site: the preview with what is already published, the
receipt with tracking number and query code, the errors in Chinese, the limits, the lookup."""

from __future__ import annotations

import re

import pytest

from django.core import mail
from django.urls import reverse

from interaction.models import Message, MessageKind

pytestmark = pytest.mark.django_db

FIELDS = {
    "kind": "",
    "subject": "公积金贷款额度如何计算",
    "text": "请问丽水市住房公积金贷款最高额度是多少，夫妻双方缴存如何计算？",
    "name": "张三丰",
    "mobile": "138 0013 8000",
    "email": "zhang@example.com",
    "publication_consent": "yes",
}


def fields(agency, **changes: str) -> dict[str, str]:
    data = {**FIELDS, "addressee": str(agency.pk), **changes}
    data["kind"] = data["kind"] or str(MessageKind.objects.get(code="consult").pk)
    return data


def test_the_message_goes_through_a_preview_before_it_is_saved(
    client, desk_a, agency_a, django_capture_on_commit_callbacks
):
    url = reverse("interaction:write")
    page = client.get(url)
    assert page.status_code == 200
    assert "丽水市人民政府 · 市长信箱" in page.content.decode()
    preview = client.post(url, {**fields(agency_a), "step": "preview"})
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "已公开的相关信息" in text or "Already published" in text
    assert "13800138000" in text  # the citizen's own data, on their own screen
    assert Message.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {**fields(agency_a), "step": "submit"})
    assert sent.status_code == 302
    message = Message.objects.get()
    assert message.agency == agency_a and not message.to_leader
    assert message.mobile == "13800138000"
    done = client.get(sent["Location"]).content.decode()
    assert message.tracking_number in done
    code = re.search(r'class="access-code"[^>]*>([A-Z0-9-]+)<', done)[1]
    # The receipt e-mail carries the number and the code; a reload shows the code no more.
    assert len(mail.outbox) == 1 and code in mail.outbox[0].body
    assert code not in client.get(sent["Location"]).content.decode()


def test_back_to_edit_keeps_what_was_typed(client, desk_a, agency_a):
    page = client.post(reverse("interaction:write"), {**fields(agency_a), "step": "edit"})
    text = page.content.decode()
    assert "公积金贷款额度如何计算" in text and "错误" not in text
    assert Message.objects.count() == 0


def test_the_leaders_mailbox(client, desk_a, agency_a, django_capture_on_commit_callbacks):
    data = fields(agency_a, addressee=f"{agency_a.pk}:leader", step="submit")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("interaction:write"), data)
    assert Message.objects.get().to_leader


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"subject": ""}, "请填写留言的标题"),
        ({"text": "太短了"}, "至少写 10 个字"),
        ({"mobile": "0578-2091521"}, "11 位手机号码"),
        ({"email": "not-an-address"}, "电子邮件地址"),
        ({"publication_consent": ""}, "是否同意公开"),
        ({"addressee": "999999"}, "从列表中选择"),
    ],
)
def test_bad_input_gets_a_specific_error_in_chinese_and_nothing_is_saved(
    client, desk_a, agency_a, change, error
):
    page = client.post(
        reverse("interaction:write"), {**fields(agency_a), **change, "step": "submit"}
    )
    assert page.status_code == 200
    assert error in page.content.decode()
    assert Message.objects.count() == 0


def test_an_agency_without_a_desk_is_not_offered(client, desk_a, agency_a, agency_b):
    page = client.post(
        reverse("interaction:write"),
        {**fields(agency_a), "addressee": str(agency_b.pk), "step": "submit"},
    )
    assert "从列表中选择" in page.content.decode()
    assert Message.objects.count() == 0


def test_the_honeypot_refuses_bots(client, desk_a, agency_a):
    page = client.post(
        reverse("interaction:write"),
        {**fields(agency_a), "website": "http://spam", "step": "submit"},
    )
    assert page.status_code == 200 and Message.objects.count() == 0


def test_the_limit_per_client_address(client, desk_a, agency_a, settings):
    settings.MESSAGES_RATE_PER_IP = "2/h"
    for _ in range(2):
        assert (
            client.post(
                reverse("interaction:write"), {**fields(agency_a), "step": "submit"}
            ).status_code
            == 302
        )
    refused = client.post(reverse("interaction:write"), {**fields(agency_a), "step": "submit"})
    assert refused.status_code == 429
    assert Message.objects.count() == 2


def test_a_disguised_file_is_refused_and_nothing_is_saved(client, desk_a, agency_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("照片.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    page = client.post(
        reverse("interaction:write"), {**fields(agency_a), "step": "submit", "attachments": fake}
    )
    assert page.status_code == 200 and Message.objects.count() == 0
    assert "照片.pdf" in page.content.decode()


def test_the_lookup_opens_the_message_with_number_and_code_only(
    client, desk_a, agency_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("interaction:write"), {**fields(agency_a), "step": "submit"})
    message = Message.objects.get()
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", mail.outbox[0].body)[0]
    other = type(client)()
    detail = reverse("interaction:track_detail", args=[message.tracking_number])
    assert other.get(detail).status_code == 302  # not authorised in this browser
    wrong = other.post(
        reverse("interaction:track"),
        {"tracking_number": message.tracking_number, "query_code": "AAAA-BBBB-CCCC"},
    )
    assert "不正确" in wrong.content.decode()
    right = other.post(
        reverse("interaction:track"),
        {"tracking_number": message.tracking_number.lower(), "query_code": code.lower()},
    )
    assert right.status_code == 302
    page = other.get(detail).content.decode()
    assert "张**" in page and "张三丰" not in page  # masked even for the citizen's own page
    assert "公积金贷款额度如何计算" in page
