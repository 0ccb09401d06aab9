"""Recording a disclosure: the year, approval date and kind agree; documents are PDF or XLSX
by their content, with messages in Chinese; what must be there before review."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from budgets import drafting, files
from budgets.models import BudgetDisclosure, Kind, Scope, Table
from publishing import workflow
from publishing.models import Status
from tests.budgets.conftest import draft, pdf_upload, publish, xlsx_bytes

pytestmark = pytest.mark.django_db


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_pdf_and_xlsx_are_accepted_by_their_content():
    assert files.inspect_attachment(pdf_upload()).content_type == "application/pdf"
    info = files.inspect_attachment(SimpleUploadedFile("报表.xlsx", xlsx_bytes()))
    assert info.content_type.endswith("spreadsheetml.sheet")


def test_a_word_file_is_refused_in_chinese():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        files.inspect_attachment(SimpleUploadedFile("预算说明.docx", _docx()))
    assert "“预算说明.docx”不是PDF或XLSX文件" in error.value.messages[0]


def test_a_file_whose_content_is_not_its_extension_is_refused_in_chinese():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        files.inspect_attachment(SimpleUploadedFile("预算.pdf", b"<html>not a pdf</html>"))
    assert "预算.pdf" in error.value.messages[0]
    assert "不符" in error.value.messages[0]


def test_documents_are_added_to_drafts_only(agency_a, drafter_a, reviewer_a, publisher_a):
    disclosure = publish(draft(agency_a, drafter_a), drafter_a, reviewer_a, publisher_a)
    with pytest.raises(ValidationError, match="drafts only"):
        drafting.attachment_add(disclosure=disclosure, user=drafter_a, upload=pdf_upload())


def test_another_agencys_staff_cannot_record_its_budget(agency_a, staff_b):
    with pytest.raises(ValidationError, match="drafter"):
        draft(agency_a, staff_b)
    assert not BudgetDisclosure.objects.exists()


def test_a_budget_is_approved_the_year_before_or_in_its_year(agency_a, drafter_a):
    with pytest.raises(ValidationError) as error:
        draft(agency_a, drafter_a, year=2026, approval_date=dt.date(2024, 12, 20))
    assert "approval_date" in error.value.message_dict
    assert draft(agency_a, drafter_a, year=2026, approval_date=dt.date(2025, 12, 30)).pk


def test_final_accounts_are_approved_after_their_year(agency_a, drafter_a):
    with pytest.raises(ValidationError) as error:
        draft(agency_a, drafter_a, kind=Kind.FINAL, year=2025, approval_date=dt.date(2025, 12, 1))
    assert "approval_date" in error.value.message_dict


def test_the_approval_date_cannot_be_in_the_future(agency_a, drafter_a):
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        draft(agency_a, drafter_a, year=tomorrow.year, approval_date=tomorrow)
    assert "approval_date" in error.value.message_dict


def test_a_government_budget_names_the_government(agency_a, drafter_a):
    with pytest.raises(ValidationError) as error:
        draft(agency_a, drafter_a, scope=Scope.GOVERNMENT)
    assert "region" in error.value.message_dict


def test_one_budget_per_agency_and_year(agency_a, drafter_a):
    draft(agency_a, drafter_a)
    with pytest.raises(ValidationError, match="already has"):
        draft(agency_a, drafter_a)


def test_amounts_cannot_be_negative(agency_a, drafter_a):
    with pytest.raises(ValidationError):
        draft(agency_a, drafter_a, reception=Decimal("-1.00"))


def test_submission_needs_documents_tables_and_three_public_expenses(agency_a, drafter_a):
    disclosure = draft(agency_a, drafter_a, attach=False, tables=[Table.SUMMARY],
                       reception=None)  # fmt: skip
    problems = drafting.submit_problems(disclosure)
    assert any("documents" in problem for problem in problems)
    assert any("each of the “three public” expenses" in problem for problem in problems)
    assert any("“three public” expenses table" in problem for problem in problems)
    with pytest.raises(ValidationError):
        workflow.submit(obj=disclosure, user=drafter_a)
    disclosure.refresh_from_db()
    assert disclosure.status == Status.DRAFT


def test_final_accounts_differing_from_the_budget_need_the_reasons(
    agency_a, drafter_a, reviewer_a, publisher_a
):
    budget = draft(agency_a, drafter_a, year=2025, approval_date=dt.date(2025, 1, 20))
    publish(budget, drafter_a, reviewer_a, publisher_a)
    final = draft(agency_a, drafter_a, kind=Kind.FINAL, year=2025,
                  approval_date=dt.date(2026, 7, 20), reception=Decimal("6.00"))  # fmt: skip
    assert any("explain why" in p for p in drafting.submit_problems(final))
    final.variance_explanation = "压减公务接待批次。"
    drafting.disclosure_save(disclosure=final, user=drafter_a)
    assert drafting.submit_problems(final) == []
