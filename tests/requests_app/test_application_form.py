"""The public application form (Art 29): validation, what is stored, the one-time access code,
the receipt e-mail and abuse control. Pages are requested in Chinese, the portal's default."""

from __future__ import annotations

import re

import pytest

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from requests_app import intake
from requests_app.models import InformationRequest, RequestFile, Status

pytestmark = pytest.mark.django_db

APPLY = "/requests/apply/"
VALID_ID = "11010519491231002X"
VALID_CREDIT_CODE = "91350100M000100Y43"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 64
ACCESS_CODE = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}")


def person(agency, **changes) -> dict:
    data = {
        "agency": agency.pk,
        "applicant_type": "person",
        "person_name": "张三丰",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13912345678",
        "email": "zhangsan@example.com",
        "address": "浙江省丽水市莲都区花园路88号",
        "postcode": "323000",
        "description": "请公开2025年本市城乡居民最低生活保障资金的使用情况",
        "delivery_method": "email",
        "delivery_form": "electronic",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def organisation(agency, **changes) -> dict:
    data = person(
        agency,
        applicant_type="organisation",
        person_name=None,
        id_number=None,
        organisation_name="福州某某科技有限公司",
        organisation_type="business",
        credit_code=VALID_CREDIT_CODE,
        legal_representative="李四",
        contact_person="王五",
    )
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def submit(client, data: dict, **extra):
    return client.post(APPLY, data, **extra)


def error_text(response) -> str:
    return response.content.decode()


# --- Success ------------------------------------------------------------------------------


def test_a_person_with_a_valid_id_is_saved_as_submitted(client, agency_a):
    response = submit(client, person(agency_a))

    assert response.status_code == 302
    assert response["Location"] == reverse("requests_app:apply_done")
    saved = InformationRequest.objects.get()
    assert re.fullmatch(r"\d{4}-\d{6}", saved.tracking_number)
    assert saved.status == Status.SUBMITTED
    assert saved.agency == agency_a
    assert saved.name == "张三丰"
    assert saved.id_number == VALID_ID
    assert saved.credit_code == ""


def test_the_confirmation_page_shows_the_access_code_once(client, agency_a):
    response = submit(client, person(agency_a), follow=True)
    page = response.content.decode()
    saved = InformationRequest.objects.get()

    code = ACCESS_CODE.search(page)[0]
    assert saved.tracking_number in page
    assert intake.access_code_matches(saved, code)
    assert all(code not in url for url, _status in response.redirect_chain)

    reloaded = client.get(reverse("requests_app:apply_done")).content.decode()
    assert saved.tracking_number in reloaded
    assert ACCESS_CODE.search(reloaded) is None


def test_the_receipt_email_has_the_tracking_number_and_the_access_code(
    client, agency_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, person(agency_a))
    saved = InformationRequest.objects.get()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zhangsan@example.com"]
    assert saved.tracking_number in message.subject
    code = ACCESS_CODE.search(message.body)[0]
    assert intake.access_code_matches(saved, code)
    assert saved.tracking_number in message.alternatives[0][0]
    assert "/requests/track/" in message.body
    for line in message.body.splitlines():  # the code is never part of a link
        if "/requests/track/" in line:
            assert code not in line and code.replace("-", "") not in line


def test_the_id_number_is_not_stored_in_clear(client, agency_a):
    submit(client, person(agency_a))

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM requests_app_informationrequest")
        row = cursor.fetchone()
    raw = " ".join(str(value) for value in row)
    assert VALID_ID not in raw
    assert "13912345678" not in raw
    assert "zhangsan@example.com" not in raw


def test_an_organisation_with_a_valid_credit_code_is_accepted(client, agency_a):
    response = submit(client, organisation(agency_a, person_name="不应保存", id_number="123"))

    assert response.status_code == 302
    saved = InformationRequest.objects.get()
    assert saved.applicant_type == "organisation"
    assert saved.organisation_type == "business"
    assert saved.name == "福州某某科技有限公司"
    assert saved.credit_code == VALID_CREDIT_CODE
    assert saved.legal_representative == "李四"
    assert saved.id_number is None and saved.id_type == ""


def test_a_valid_attachment_is_saved_with_its_content_type(client, agency_a):
    files = [SimpleUploadedFile("身份证.pdf", PDF), SimpleUploadedFile("照片.png", PNG)]
    response = submit(client, person(agency_a, attachments=files))

    assert response.status_code == 302
    stored = {f.original_name: f.content_type for f in RequestFile.objects.all()}
    assert stored == {"身份证.pdf": "application/pdf", "照片.png": "image/png"}


def test_a_landline_without_hyphen_is_stored_with_its_area_code(client, agency_a):
    submit(client, person(agency_a, phone="05782091521"))

    assert InformationRequest.objects.get().phone == "0578-2091521"


# --- Refusals -----------------------------------------------------------------------------


def test_a_resident_id_with_a_bad_check_digit_is_refused_and_the_input_kept(client, agency_a):
    response = submit(client, person(agency_a, id_number="110105194912310021"))

    page = error_text(response)
    assert response.status_code == 200
    assert "校验位不正确，请核对" in page
    assert 'value="110105194912310021"' in page
    assert 'value="张三丰"' in page
    assert "请公开2025年本市城乡居民最低生活保障资金的使用情况" in page
    assert not InformationRequest.objects.exists()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("11010519491231002", "居民身份证号码应为18位"),
        ("1101051949123100AX", "居民身份证号码应为17位数字加1位数字或X"),
        ("110105194913310020", "居民身份证号码中的出生日期不正确"),
    ],
)
def test_each_resident_id_problem_has_its_own_message(client, agency_a, number, message):
    response = submit(client, person(agency_a, id_number=number))

    assert message in error_text(response)
    assert not InformationRequest.objects.exists()


def test_an_organisation_with_a_bad_credit_code_is_refused(client, agency_a):
    response = submit(client, organisation(agency_a, credit_code="91350100M000100Y44"))

    assert "统一社会信用代码校验位不正确，请核对" in error_text(response)
    assert 'value="91350100M000100Y44"' in error_text(response)
    assert not InformationRequest.objects.exists()


def test_missing_required_fields_each_get_a_message(client, agency_a):
    response = submit(client, {})

    page = error_text(response)
    for message in [
        "请选择受理申请的行政机关",
        "请选择申请人类型",
        "请填写联系电话",
        "请描述所需政府信息",
        "请选择获取信息的方式",
        "请选择信息的载体形式",
        "请确认所提供的信息真实",
    ]:
        assert message in page, message
    assert not InformationRequest.objects.exists()


def test_a_person_must_give_name_and_id_number(client, agency_a):
    response = submit(client, person(agency_a, person_name="", id_number=""))

    assert "请填写申请人姓名" in error_text(response)
    assert "请填写证件号码" in error_text(response)
    assert not InformationRequest.objects.exists()


def test_an_organisation_must_give_its_details(client, agency_a):
    data = organisation(
        agency_a,
        organisation_name="",
        organisation_type=None,
        credit_code="",
        legal_representative="",
        contact_person="",
    )
    page = error_text(submit(client, data))

    for message in ["请填写法人或其他组织的名称", "请选择组织类型", "请填写统一社会信用代码",
                    "请填写法定代表人或负责人姓名", "请填写联系人姓名"]:  # fmt: skip
        assert message in page, message
    assert not InformationRequest.objects.exists()


def test_delivery_by_email_needs_an_email_address(client, agency_a):
    response = submit(client, person(agency_a, email="", delivery_method="email"))

    assert "选择通过电子邮件获取信息的，请填写电子邮箱" in error_text(response)
    assert not InformationRequest.objects.exists()


def test_delivery_by_post_needs_an_address_and_postcode(client, agency_a):
    data = person(agency_a, delivery_method="post", delivery_form="paper", address="", postcode="")
    page = error_text(submit(client, data))

    assert "选择邮寄方式的，请填写通信地址" in page
    assert "选择邮寄方式的，请填写邮政编码" in page
    assert not InformationRequest.objects.exists()


def test_a_phone_number_without_area_code_is_refused(client, agency_a):
    response = submit(client, person(agency_a, phone="2091521"))

    assert "带区号的固定电话" in error_text(response)
    assert not InformationRequest.objects.exists()


def test_a_fee_waiver_needs_a_reason(client, agency_a):
    response = submit(client, person(agency_a, fee_waiver_requested="on", fee_waiver_reason=""))

    assert "申请减免信息处理费的，请说明理由" in error_text(response)
    assert not InformationRequest.objects.exists()


def test_an_executable_renamed_to_pdf_is_refused(client, agency_a):
    disguised = SimpleUploadedFile("身份证.pdf", b"MZ\x90\x00\x03" + b"\0" * 200)
    response = submit(client, person(agency_a, attachments=[disguised]))

    page = error_text(response)
    assert "“身份证.pdf”不是PDF、JPG或PNG文件" in page
    assert "请重新选择附件" in page  # files are not kept when the form is shown again
    assert not InformationRequest.objects.exists()


def test_an_oversized_file_is_refused(client, agency_a, settings):
    settings.REQUESTS_ATTACHMENT_MAX_BYTES = 100
    big = SimpleUploadedFile("身份证.pdf", PDF + b"0" * 200)
    response = submit(client, person(agency_a, attachments=[big]))

    assert "每个文件不能超过" in error_text(response)
    assert not InformationRequest.objects.exists()


def test_more_than_five_files_are_refused(client, agency_a):
    files = [SimpleUploadedFile(f"材料{n}.pdf", PDF) for n in range(6)]
    response = submit(client, person(agency_a, attachments=files))

    assert "最多上传5个附件" in error_text(response)
    assert not InformationRequest.objects.exists()


# --- Abuse control ------------------------------------------------------------------------


def test_a_filled_honeypot_saves_nothing(client, agency_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, person(agency_a, website="http://spam.example"))

    assert response.status_code == 200
    assert "申请未能提交，请重试" in error_text(response)
    assert not InformationRequest.objects.exists()
    assert mail.outbox == []


def test_the_rate_limit_per_ip_refuses_further_applications(client, agency_a, settings):
    settings.REQUESTS_RATE_PER_IP = "2/h"
    for n in range(2):
        assert submit(client, person(agency_a, email=f"a{n}@example.com")).status_code == 302

    response = submit(client, person(agency_a, email="a3@example.com"))

    assert response.status_code == 429
    assert "提交过于频繁" in error_text(response)
    assert InformationRequest.objects.count() == 2


def test_the_rate_limit_per_email_refuses_further_applications(client, agency_a, settings):
    settings.REQUESTS_RATE_PER_EMAIL = "1/h"
    assert submit(client, person(agency_a), REMOTE_ADDR="10.0.0.1").status_code == 302

    response = submit(
        client, person(agency_a, email="ZhangSan@example.com "), REMOTE_ADDR="10.0.0.2"
    )

    assert response.status_code == 429
    assert InformationRequest.objects.count() == 1


def test_invalid_attempts_do_not_count_against_the_rate_limit(client, agency_a, settings):
    settings.REQUESTS_RATE_PER_IP = "1/h"
    for _attempt in range(3):
        submit(client, person(agency_a, id_number="110105194912310021"))

    assert submit(client, person(agency_a)).status_code == 302


# --- The page -----------------------------------------------------------------------------


def test_the_form_renders_in_chinese(client, agency_a):
    page = client.get(APPLY).content.decode()

    assert '<html lang="zh-Hans"' in page
    assert "申请人" in page and "统一社会信用代码" in page and "居民身份证" in page
    assert agency_a.name in page


def test_the_form_renders_in_english(client, agency_a):
    client.cookies["django_language"] = "en"  # chosen with the switch
    page = client.get(APPLY).content.decode()

    assert '<html lang="en"' in page
    assert "Apply for government information" in page
    assert "Unified social credit code" in page


def test_errors_are_linked_from_the_summary_and_described_on_the_field(client, agency_a):
    page = error_text(submit(client, person(agency_a, phone="123")))

    assert 'href="#id_phone"' in page
    assert re.search(r'<input[^>]*name="phone"[^>]*aria-invalid="true"', page)
    assert re.search(r'<input[^>]*name="phone"[^>]*aria-describedby="[^"]*id_phone_error', page)
    assert 'id="id_phone_error"' in page


def test_the_agency_filter_lists_only_matching_agencies(client, agency_a, agency_b):
    page = client.get(APPLY, {"agency_q": "丽水"}).content.decode()

    assert f'<option value="{agency_a.pk}">' in page
    assert f'<option value="{agency_b.pk}">' not in page


def test_the_honeypot_is_hidden_from_people(client, agency_a):
    page = client.get(APPLY).content.decode()

    assert '<div class="hp-field" aria-hidden="true">' in page
    assert re.search(r'<input[^>]*name="website"[^>]*tabindex="-1"', page)


def test_the_agency_can_be_chosen_in_advance_by_its_code(client, agency_a):
    page = client.get(APPLY, {"agency": agency_a.code}).content.decode()

    assert re.search(rf'<option value="{agency_a.pk}" selected>', page)


def test_form_data_is_kept_out_of_error_reports(client, agency_a):
    """Django's error reports (e-mailed to ADMINS) must not carry identity numbers."""
    from django.views.debug import SafeExceptionReporterFilter

    response = client.post(
        "/requests/apply/", {"name": "王某某", "id_number": "11010519491231002X"}
    )
    request = response.wsgi_request
    assert request.sensitive_post_parameters == "__ALL__"
    cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
    assert "11010519491231002X" not in str(dict(cleaned))


def test_the_form_asks_browsers_to_autofill_with_tokens_its_fields_may_carry(client, agency_a):
    # HTML's autofill: street-address names a multi-line address, allowed on a textarea only
    # (the Nu HTML checker's one error on this form); a one-line input takes address-line1.
    page = client.get(APPLY).content.decode()
    inputs = re.findall(r"<input[^>]*>", page)
    tokens = {
        re.search(r'name="([^"]+)"', tag)[1]: re.search(r'autocomplete="([^"]+)"', tag)[1]
        for tag in inputs
        if "autocomplete=" in tag and "name=" in tag
    }
    assert tokens["address"] == "address-line1"
    assert "street-address" not in tokens.values()
    assert tokens["email"] == "email"
