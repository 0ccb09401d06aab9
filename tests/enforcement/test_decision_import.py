"""Spreadsheet import of enforcement decisions: every row is checked as a decision typed into
the back office, problems are reported by row and column in Chinese, and either every row
becomes a draft or none does; only into agencies the user drafts for; a person's name and ID
number never appear in the report or the log."""

from __future__ import annotations

import csv
import io
import logging

import openpyxl
import pytest

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enforcement import decision_import
from enforcement.models import Decision, DecisionKind, SubjectType
from portal.models import StaffRole
from publishing.models import Status
from tests.enforcement.conftest import COMPANY_CODE, PERSON_ID, PERSON_NAME
from tests.factories import staff

pytestmark = pytest.mark.django_db
Role = StaffRole.Role

HEADINGS = list(decision_import.HEADINGS)
# 执法类别, 决定书文号, 相对人类别, 相对人名称, 身份证号码, 统一社会信用代码, 法定代表人,
# 主要事实或内容, 执法依据, 决定内容, 金额（元）, 决定日期
PERSON = ["行政处罚", "丽市监罚〔2026〕1号", "自然人", PERSON_NAME, PERSON_ID, "", "",
          "当事人张*占道经营。", "《城市市容和环境卫生管理条例》第三十六条", "罚款伍佰元。", "500",
          "2026-03-02"]  # fmt: skip
COMPANY = ["行政许可", "丽市监许〔2026〕2号", "法人或其他组织", "丽水市示例食品有限公司", "",
           COMPANY_CODE, "李四", "准予食品经营许可。", "《中华人民共和国食品安全法》第三十五条",
           "核发食品经营许可证。", "", "2026/3/5"]  # fmt: skip
BAD_CODE = COMPANY_CODE[:-1] + ("0" if COMPANY_CODE[-1] != "0" else "1")
IMPORT_URL = reverse("admin:enforcement_decision_import")
TEMPLATE_URL = reverse("admin:enforcement_decision_import_template")


def xlsx_file(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_file(rows: list[list], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def run(agency, user, rows: list[list], filename: str = "决定.xlsx"):
    content = xlsx_file(rows) if filename.endswith(".xlsx") else csv_file(rows)
    return decision_import.decision_import(
        agency=agency, user=user, filename=filename, content=content
    )


def test_a_good_file_becomes_drafts_checked_like_decisions_typed_in(agency_a, drafter_a):
    report = run(agency_a, drafter_a, [["2026年行政执法决定"], HEADINGS, PERSON, COMPANY])
    assert report.imported and report.errors == []
    person, company = Decision.objects.order_by("number")
    assert (person.kind, person.subject_type, person.public_subject_name) == (
        DecisionKind.PENALTY, SubjectType.PERSON, "张*",
    )  # fmt: skip
    assert (person.id_number, str(person.amount), person.decision_date.isoformat()) == (
        PERSON_ID, "500.00", "2026-03-02",
    )  # fmt: skip
    assert (company.credit_code, company.legal_representative, company.decision_date.day) == (
        COMPANY_CODE, "李四", 5,
    )  # fmt: skip
    for decision in (person, company):
        assert (decision.status, decision.drafter, decision.agency) == (
            Status.DRAFT, drafter_a, agency_a,
        )  # fmt: skip
        assert decision.events.get().action == "create"


def test_one_bad_row_and_nothing_is_saved_with_each_problem_by_row_and_column(agency_a, drafter_a):
    bad_company = [*COMPANY[:5], BAD_CODE, *COMPANY[6:]]
    bad_person = [*PERSON[:1], "丽市监罚〔2026〕3号", *PERSON[2:4], PERSON_ID[:-1] + "0",
                  "", "", *PERSON[7:10], "五百", "2026-02-30"]  # fmt: skip
    unknown_kind = ["行政奖励", "丽市监〔2026〕4号", *PERSON[2:]]
    rows = [HEADINGS, PERSON, bad_company, bad_person, unknown_kind]
    report = run(agency_a, drafter_a, rows)
    assert not report.imported and not Decision.objects.exists()
    messages = report.messages()
    assert "第3行「统一社会信用代码」：统一社会信用代码校验位不正确，请核对。" in messages
    assert "第4行「身份证号码」：居民身份证号码校验位不正确，请核对。" in messages
    assert "第4行「金额（元）」：金额应为数字，例如 5000 或 5000.00。" in messages
    assert "第4行「决定日期」：日期无法识别，请写作 2026-03-02 的格式。" in messages
    assert any(m.startswith("第5行「执法类别」：无法识别的执法类别“行政奖励”") for m in messages)
    assert not any(m.startswith("第2行") for m in messages)


def test_the_checks_of_the_party_are_those_of_the_back_office(agency_a, drafter_a):
    person_with_code = [*PERSON[:5], COMPANY_CODE, *PERSON[6:]]
    company_without_code = [*COMPANY[:1], "丽市监许〔2026〕9号", *COMPANY[2:5], "", *COMPANY[6:]]
    empty_number = [PERSON[0], "", *PERSON[2:]]
    report = run(agency_a, drafter_a, [HEADINGS, person_with_code, company_without_code,
                                       empty_number])  # fmt: skip
    assert report.messages() == [
        "第2行「统一社会信用代码」：自然人没有统一社会信用代码。",
        "第3行「统一社会信用代码」：请填写法人或其他组织的统一社会信用代码。",
        "第4行「决定书文号」：不能为空。",
    ]


def test_a_decision_number_already_recorded_or_repeated_is_refused(agency_a, drafter_a):
    assert run(agency_a, drafter_a, [HEADINGS, PERSON]).imported
    report = run(agency_a, drafter_a, [HEADINGS, PERSON, COMPANY, COMPANY])
    assert report.messages() == [
        "第2行「决定书文号」：本机关已有此文号的决定，请勿重复导入。",
        "第4行「决定书文号」：与第3行的决定书文号相同。",
    ]
    assert Decision.objects.count() == 1


def test_the_report_and_the_log_never_show_a_persons_name_or_id_number(agency_a, drafter_a, caplog):
    secret_number = f"{PERSON_NAME}{PERSON_ID[:-1]}0" + "号" * 100  # too long, and telling
    bad = [PERSON[0], secret_number, "个人", PERSON_NAME, PERSON_ID[:-1] + "0", *PERSON[5:]]
    unknown_type = [PERSON[0], "x号", "不知道", *PERSON[3:]]
    caplog.set_level(logging.DEBUG)
    report = run(agency_a, drafter_a, [HEADINGS, bad, unknown_type])
    columns = {(e.row, e.column) for e in report.errors}
    assert {(2, "决定书文号"), (2, "身份证号码"), (3, "相对人类别")} <= columns
    shown = "\n".join(f"{e.value} {e.message} {e}" for e in report.errors) + caplog.text
    assert PERSON_NAME not in shown and PERSON_ID[:-1] not in shown
    values = {(e.row, e.column): e.value for e in report.errors}
    assert values[2, "身份证号码"] == PERSON_ID[0] + "*" * 16 + "0"
    assert values[2, "决定书文号"].startswith("张*4" + "*" * 16 + "0号")
    assert "Decision import for agency 331100000" in caplog.text


def test_an_id_number_a_spreadsheet_turned_into_a_number_is_explained(agency_a, drafter_a):
    row = [*PERSON[:4], "4.40524E+17", *PERSON[5:]]
    report = run(agency_a, drafter_a, [HEADINGS, row], filename="决定.csv")
    assert report.messages() == [
        "第2行「身份证号码」：身份证号码被表格软件当成了数字（如 4.40524E+17），末几位已丢失；"
        "请把该列设为文本格式后重新填写。"
    ]


def test_a_gbk_csv_from_excel_is_read(agency_a, drafter_a):
    content = csv_file([HEADINGS, COMPANY], encoding="gb18030")
    report = decision_import.decision_import(
        agency=agency_a, user=drafter_a, filename="决定.csv", content=content
    )
    assert report.imported and Decision.objects.get().subject_name == COMPANY[3]


def test_a_file_without_the_headings_is_refused_as_a_whole(agency_a, drafter_a):
    report = run(agency_a, drafter_a, [["序号", "名称"], ["1", "x"]])
    assert report.messages()[0].startswith("没有找到表头")
    report = run(agency_a, drafter_a, [HEADINGS[:3], PERSON[:3]])
    assert (
        "缺少必需的列：相对人名称、主要事实或内容、执法依据、决定内容、决定日期"
        in report.messages()[0]
    )
    report = decision_import.decision_import(
        agency=agency_a, user=drafter_a, filename="决定.xls", content=b"x"
    )
    assert ".xls" in report.messages()[0]
    assert not Decision.objects.exists()


def test_only_a_drafter_of_the_agency_imports(agency_a, drafter_a, reviewer_a, staff_b):
    for outsider in (reviewer_a, staff_b):
        with pytest.raises(PermissionDenied):
            run(agency_a, outsider, [HEADINGS, COMPANY])
    assert not Decision.objects.exists()


# --- The back office -------------------------------------------------------------------------


def upload(rows: list[list]) -> SimpleUploadedFile:
    return SimpleUploadedFile("决定.xlsx", xlsx_file(rows))


def test_the_import_page_saves_a_good_file_and_lists_the_problems_of_a_bad_one(
    client, agency_a, drafter_a
):
    client.force_login(drafter_a)
    changelist = client.get(reverse("admin:enforcement_decision_changelist")).content.decode()
    assert IMPORT_URL in changelist
    bad = [*COMPANY[:5], BAD_CODE, *COMPANY[6:]]
    response = client.post(IMPORT_URL, {"agency": agency_a.pk, "file": upload([HEADINGS, bad])})
    assert response.status_code == 200 and not Decision.objects.exists()
    page = response.content.decode()
    assert "统一社会信用代码校验位不正确" in page and 'id="import-errors"' in page
    response = client.post(
        IMPORT_URL, {"agency": agency_a.pk, "file": upload([HEADINGS, PERSON, COMPANY])}
    )
    assert response.status_code == 302 and Decision.objects.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert PERSON_NAME not in page  # the drafter sees the person masked


def test_another_agency_cannot_be_chosen_in_the_import_page(client, agency_a, staff_b):
    client.force_login(staff_b)
    response = client.post(IMPORT_URL, {"agency": agency_a.pk, "file": upload([HEADINGS, PERSON])})
    assert response.status_code == 200 and "agency" in response.context["form"].errors
    assert not Decision.objects.exists()


def test_staff_who_draft_nowhere_cannot_open_the_import_page(client, reviewer_a):
    client.force_login(reviewer_a)
    assert client.get(IMPORT_URL).status_code == 403
    changelist = client.get(reverse("admin:enforcement_decision_changelist")).content.decode()
    assert IMPORT_URL not in changelist


def test_the_template_has_the_headings_and_a_sheet_of_notes(client, drafter_a):
    client.force_login(drafter_a)
    response = client.get(TEMPLATE_URL)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in book.worksheets[0][1]] == HEADINGS
    notes = {row[0]: row[1] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert notes["决定书文号"] == "必填" and notes["金额（元）"] is None
    response = client.get(TEMPLATE_URL, {"format": "csv"})
    assert response.content.decode("utf-8-sig").strip() == ",".join(HEADINGS)


def test_the_template_read_back_is_a_file_without_rows(agency_a, drafter_a):
    report = decision_import.decision_import(
        agency=agency_a, user=drafter_a, filename="模板.xlsx",
        content=decision_import.template_xlsx(),
    )  # fmt: skip
    assert report.messages() == ["表头下面没有数据行。"]


def test_staff_without_a_role_cannot_download_the_template(client, agency_a):
    client.force_login(staff("nobody", agency_a))
    assert client.get(TEMPLATE_URL).status_code in (302, 403)
