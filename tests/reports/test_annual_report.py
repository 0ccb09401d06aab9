"""The annual report (政府信息公开工作年度报告, domain-spec section 6)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from decimal import Decimal

import pytest

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from portal.models import AgencyKind
from publishing import workflow
from publishing.models import ReviewResult, Status
from reports import output, publishing, tables
from reports.models import AnnualFigures, AnnualReport
from requests_app.models import (
    FeeNotice,
    Outcome,
    Review,
)
from requests_app.models import Status as RequestStatus
from tests.factories import AgencyFactory
from tests.requests_app.conftest import new_request

YEAR = 2025
_numbers = itertools.count(1)


def make(agency, received_on, *, outcome="", decided=None, closed=False, org="", **fields):
    """A registered request; ``decided`` is the answer date, or the closing date if ``closed``
    (abandoned, withdrawn)."""
    applicant = {"applicant_type": "organisation", "organisation_type": org} if org else {}
    status = fields.pop("status", None)
    dates = {}
    if decided:
        status = status or (RequestStatus.CLOSED if closed else RequestStatus.ANSWERED)
        dates = {"closed_on": decided} if closed else {"answered_on": decided}
    request = new_request(
        agency,
        tracking_number=f"T{next(_numbers):08d}",
        channel="in_person",
        access_code_hash="x",
        received_on=received_on,
        status=status or RequestStatus.IN_PROGRESS,
        outcome=outcome,
        **applicant,
        **dates,
        **fields,
    )
    request.save()
    return request


def d(month, day, year=YEAR):
    return dt.date(year, month, day)


@pytest.fixture
def dataset(agency_a):
    """Known counts: see the expected table in ``test_table_three_counts_every_row``."""
    a = agency_a
    # 二、上年结转: received in 2024, still open on 1 January 2025 (3 persons, 1 business).
    make(a, d(12, 20, 2024), outcome=Outcome.DISCLOSED, decided=d(1, 10))  # person, decided
    make(a, d(12, 28, 2024), outcome=Outcome.PARTIAL, decided=d(2, 3), org="business")
    make(a, d(11, 5, 2024))  # person, still open: carried into 2026 too
    make(a, d(12, 1, 2024), outcome=Outcome.ALREADY_PUBLIC, decided=d(1, 2))  # person
    # Decided in 2024: not in the 2025 report at all.
    make(a, d(6, 1, 2024), outcome=Outcome.DISCLOSED, decided=d(6, 20, 2024))
    # Received in 2025, by outcome row.
    make(a, d(3, 1), outcome=Outcome.DISCLOSED, decided=d(3, 15))  # person
    make(a, d(3, 2), outcome=Outcome.DISCLOSED, decided=d(3, 16), org="research")
    make(a, d(3, 3), outcome=Outcome.PARTIAL, decided=d(3, 20), org="public_interest")
    for outcome in [o for o in Outcome.values if o.startswith("withheld_")]:
        make(a, d(4, 1), outcome=outcome, decided=d(4, 20))  # person, each 不予公开 row
    make(a, d(5, 1), outcome=Outcome.UNABLE_NOT_HELD, decided=d(5, 10), org="legal_service")
    make(a, d(5, 2), outcome=Outcome.UNABLE_NEEDS_CREATION, decided=d(5, 10))
    make(a, d(5, 3), outcome=Outcome.UNABLE_UNCLEAR, decided=d(5, 10), org="other")
    for outcome in [o for o in Outcome.values if o.startswith("not_processed_")]:
        make(a, d(6, 1), outcome=outcome, decided=d(6, 5), org="business")
    # Abandoned (no correction; fee unpaid) and withdrawn: closed, 其他处理 1-3.
    make(a, d(7, 1), outcome=Outcome.OTHER_NO_CORRECTION, decided=d(7, 30), closed=True)
    make(a, d(7, 2), outcome=Outcome.OTHER_FEE_UNPAID, decided=d(8, 10), closed=True, org="other")
    make(a, d(7, 3), outcome=Outcome.OTHER, decided=d(7, 4), closed=True)  # withdrawn
    # 四、结转下年度: received in 2025, decided in 2026 or still open.
    make(a, d(12, 20), outcome=Outcome.DISCLOSED, decided=d(1, 8, 2026), org="research")
    make(a, d(12, 29))  # person, open
    # Not counted: submitted, never registered; another year; another agency.
    make(a, None, status=RequestStatus.SUBMITTED)
    make(a, d(1, 5, 2026))
    return a


def test_table_three_counts_every_row(dataset):
    table = tables.table_three([dataset.pk], YEAR)
    # Columns: person, business, research, public_interest, legal_service, other, total.
    expected = {
        "new": [13, 5, 2, 1, 1, 2, 24],
        "carried_in": [3, 1, 0, 0, 0, 0, 4],
        "r1": [3, 0, 1, 0, 0, 0, 4],
        "r2": [0, 1, 0, 1, 0, 0, 2],
        **{f"r3_{n}": [1, 0, 0, 0, 0, 0, 1] for n in range(1, 9)},
        "r4_1": [0, 0, 0, 0, 1, 0, 1],
        "r4_2": [1, 0, 0, 0, 0, 0, 1],
        "r4_3": [0, 0, 0, 0, 0, 1, 1],
        **{f"r5_{n}": [0, 1, 0, 0, 0, 0, 1] for n in range(1, 6)},
        "r6_1": [1, 0, 0, 0, 0, 0, 1],
        "r6_2": [0, 0, 0, 0, 0, 1, 1],
        "r6_3": [1, 0, 0, 0, 0, 0, 1],
        "decided": [14, 6, 1, 1, 1, 2, 25],
        "carried_out": [2, 0, 1, 0, 0, 0, 3],
    }
    got = {row: [table[row][c] for c in output.TABLE3_COLUMNS] for row in expected}
    assert got == expected
    assert table["new"]["organisation"] == 11


def test_both_invariants_hold_on_consistent_data(dataset):
    table = tables.table_three([dataset.pk], YEAR)
    checks = tables.check_invariants(table, [dataset.pk], YEAR)
    assert [check.holds for check in checks] == [True, True]


def test_outcome_dated_before_receipt_breaks_the_balance_and_is_listed(dataset):
    bad = make(dataset, d(3, 1), outcome=Outcome.DISCLOSED, decided=d(12, 30, 2024))
    _tables, checks = tables.compute_with_checks(dataset, YEAR)
    balance = checks[1]
    assert not balance.holds
    assert "total" in balance.failing_columns
    assert balance.tracking_numbers == [bad.tracking_number]
    assert checks[0].holds


def test_closed_without_outcome_breaks_the_results_total_and_is_listed(dataset):
    bad = make(dataset, d(3, 1), decided=d(3, 9), closed=True, status=RequestStatus.ANSWERED)
    _tables, checks = tables.compute_with_checks(dataset, YEAR)
    assert not checks[0].holds
    assert checks[0].tracking_numbers == [bad.tracking_number]


def test_query_count_does_not_grow_with_requests(dataset, django_assert_max_num_queries):
    # Seven: table 二 reads the enforcement decisions too (issue 19).
    with django_assert_max_num_queries(7):
        tables.compute(dataset, YEAR)
    for _ in range(30):
        make(dataset, d(9, 1), outcome=Outcome.DISCLOSED, decided=d(9, 2))
    with django_assert_max_num_queries(7):
        tables.compute(dataset, YEAR)


def test_table_four_counts_reviews_filed_in_the_year_by_result(agency_a):
    request = make(agency_a, d(2, 1), outcome=Outcome.WITHHELD_THIRD_PARTY, decided=d(2, 20))
    kinds = Review.Kind
    for kind, result in [
        (kinds.RECONSIDERATION, Review.Result.UPHELD),
        (kinds.RECONSIDERATION, Review.Result.CORRECTED),
        (kinds.LITIGATION_DIRECT, Review.Result.PENDING),
        (kinds.LITIGATION_AFTER, Review.Result.OTHER),
    ]:
        Review.objects.create(request=request, kind=kind, result=result, filed_on=d(3, 1))
    Review.objects.create(request=request, kind=kinds.RECONSIDERATION, filed_on=d(1, 3, 2026))
    table = tables.table_four([agency_a.pk], YEAR)
    assert table[kinds.RECONSIDERATION] == {
        "upheld": 1, "corrected": 1, "other": 0, "pending": 0, "total": 2
    }  # fmt: skip
    assert table[kinds.LITIGATION_DIRECT]["pending"] == 1
    assert table[kinds.LITIGATION_AFTER]["total"] == 1


def test_processing_fees_count_paid_notices_of_the_year_only(agency_a):
    request = make(agency_a, d(2, 1))
    common = {"request": request, "method": "by_count", "quantity": 11, "sent_on": d(2, 2),
              "received_on": d(2, 3), "pay_by": d(3, 3)}  # fmt: skip
    FeeNotice.objects.create(amount=Decimal("100"), paid_on=d(2, 10), **common)
    FeeNotice.objects.create(amount=Decimal("200"), paid_on=d(2, 10), waived=True, **common)
    FeeNotice.objects.create(amount=Decimal("300"), paid_on=d(1, 10, 2026), **common)
    FeeNotice.objects.create(amount=Decimal("400"), **common)
    assert tables.processing_fees([agency_a.pk], YEAR) == Decimal("100.00")


def test_table_two_adds_staff_figures(agency_a):
    AnnualFigures.objects.create(
        agency=agency_a, year=YEAR, rules_issued=2, licensing_decisions=120,
        penalty_decisions=30, coercion_decisions=4, fees_collected=Decimal("12.5"),
    )  # fmt: skip
    table = tables.table_two([agency_a.pk], YEAR)
    assert table["rules"]["issued"] == 2
    assert (table["licensing"], table["penalty"], table["coercion"]) == (120, 30, 4)
    assert table["fees_10k_yuan"] == "12.5000"


def test_government_wide_report_sums_the_government_and_its_departments(agency_a):
    department = AgencyFactory(parent=agency_a, code="331100101", kind=AgencyKind.DEPARTMENT)
    county = AgencyFactory(parent=agency_a, code="331102000", kind=AgencyKind.GOVERNMENT)
    make(agency_a, d(3, 1))
    make(department, d(3, 1))
    make(department, d(4, 1), org="business")
    make(county, d(3, 1))  # a government below: it has its own government-wide report
    assert tables.compute(agency_a, YEAR)["table3"]["new"]["total"] == 3
    assert tables.compute(department, YEAR)["table3"]["new"]["total"] == 2


def _published(report, drafter, reviewer, publisher):
    workflow.submit(obj=report, user=drafter)
    workflow.approve(obj=report, user=reviewer, review_result=ReviewResult.CLEAR)
    return workflow.publish(obj=report, user=publisher)


def test_publishing_freezes_the_tables(dataset, drafter_a, reviewer_a, publisher_a):
    report = AnnualReport.objects.create(agency=dataset, year=YEAR, drafter=drafter_a)
    report = _published(report, drafter_a, reviewer_a, publisher_a)
    make(dataset, d(5, 5), outcome=Outcome.DISCLOSED, decided=d(5, 6))
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    assert publishing.report_tables(report)["table3"]["new"]["total"] == 24
    assert tables.compute(dataset, YEAR)["table3"]["new"]["total"] == 25
    assert report.events.filter(action="publish").exists()


def test_public_page_shows_only_published_reports(client, agency_a, drafter_a):
    report = AnnualReport.objects.create(agency=agency_a, year=YEAR, drafter=drafter_a)
    url = reverse("annual_reports:detail", args=[agency_a.code, YEAR])
    assert client.get(url).status_code == 404
    AnnualReport.objects.filter(pk=report.pk).update(
        status=Status.PUBLISHED, frozen_tables=tables.compute(agency_a, YEAR)
    )
    page = client.get(url)
    assert page.status_code == 200
    assert "三、收到和处理政府信息公开申请情况" in page.content.decode()


def test_agency_column_lists_published_reports(client, agency_a, drafter_a):
    AnnualReport.objects.create(
        agency=agency_a, year=YEAR, status=Status.PUBLISHED,
        frozen_tables=tables.compute(agency_a, YEAR),
    )  # fmt: skip
    page = client.get(agency_a.get_absolute_url()).content.decode()
    assert "政府信息公开年报" in page
    assert reverse("annual_reports:detail", args=[agency_a.code, YEAR]) in page


def test_command_writes_the_tables_as_json(dataset, capsys):
    call_command("annual_report", agency=dataset.code, year=YEAR, format="json")
    data = json.loads(capsys.readouterr().out)
    assert data["table3"]["new"]["total"] == 24
    assert data["table3"]["carried_out"]["research"] == 1


def test_xlsx_has_the_numbers(dataset):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(output.render_xlsx(tables.compute(dataset, YEAR))))
    sheet = book["三、申请情况"]
    rows = {row[0]: row[3:10] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["一、本年新收政府信息公开申请数量"] == (13, 5, 2, 1, 1, 2, 24)
    assert rows["四、结转下年度继续办理"] == (2, 0, 1, 0, 0, 0, 3)


def test_pdf_contains_the_title(agency_a, drafter_a):
    from pypdf import PdfReader

    report = AnnualReport(agency=agency_a, year=YEAR, section_overview="总体情况良好。")
    pdf = output.render_pdf(tables.compute(agency_a, YEAR), report)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "政府信息公开工作年度报告" in text


def test_prefill_writes_the_figures_into_section_one(dataset, drafter_a):
    report = AnnualReport.objects.create(agency=dataset, year=YEAR, drafter=drafter_a)
    publishing.report_prefill(
        report=report, user=drafter_a, sections=["section_overview", "section_other"]
    )
    report.refresh_from_db()
    assert "本年新收政府信息公开申请24件" in report.section_overview
    assert "信息处理费" in report.section_other


def test_reminder_goes_to_departments_once_and_escalates_after_the_deadline(agency_a):
    from portal.models import StaffRole
    from tests.factories import staff

    department = AgencyFactory(parent=agency_a, code="331100102", kind=AgencyKind.DEPARTMENT)
    for user, agency, role in [("dept_drafter", department, StaffRole.Role.DRAFTER),
                               ("head_above", agency_a, StaffRole.Role.OFFICE_HEAD)]:  # fmt: skip
        person = staff(user, agency, role)
        person.email = f"{user}@example.gov.cn"
        person.save()
    assert publishing.send_report_reminders(dt.date(2026, 1, 10)) == 1
    assert publishing.send_report_reminders(dt.date(2026, 1, 11)) == 0
    assert len(mail.outbox) == 1
    assert publishing.send_report_reminders(dt.date(2026, 2, 2)) == 1
    assert mail.outbox[1].to == ["dept_drafter@example.gov.cn", "head_above@example.gov.cn"]


def test_admin_compute_page_lists_requests_breaking_an_invariant(client, dataset, drafter_a):
    bad = make(dataset, d(3, 1), outcome=Outcome.DISCLOSED, decided=d(12, 30, 2024))
    report = AnnualReport.objects.create(agency=dataset, year=YEAR, drafter=drafter_a)
    client.force_login(drafter_a)
    url = reverse("admin:reports_annualreport_compute", args=[report.pk])
    page = client.get(url).content.decode()
    assert bad.tracking_number in page
    assert "一、本年新收政府信息公开申请数量" in page


def test_admin_hides_other_agencies_reports(client, agency_a, staff_b, drafter_a):
    report = AnnualReport.objects.create(agency=agency_a, year=YEAR, drafter=drafter_a)
    client.force_login(staff_b)
    url = reverse("admin:reports_annualreport_compute", args=[report.pk])
    assert client.get(url).status_code == 404


def test_admin_publish_step_freezes_the_report(client, agency_a, drafter_a, publisher_a):
    report = AnnualReport.objects.create(
        agency=agency_a, year=YEAR, drafter=drafter_a, status=Status.APPROVED
    )
    client.force_login(publisher_a)
    url = reverse("admin:reports_annualreport_workflow", args=[report.pk, "publish"])
    assert client.post(url).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    assert report.frozen_tables["year"] == YEAR


def test_admin_prefill_fills_a_draft_section(client, dataset, drafter_a):
    report = AnnualReport.objects.create(agency=dataset, year=YEAR, drafter=drafter_a)
    client.force_login(drafter_a)
    url = reverse("admin:reports_annualreport_prefill", args=[report.pk])
    client.post(url, {"section": "overview"})
    report.refresh_from_db()
    assert "上年结转4件" in report.section_overview


def test_public_downloads_of_a_published_report(client, dataset):
    AnnualReport.objects.create(
        agency=dataset, year=YEAR, status=Status.PUBLISHED,
        frozen_tables=tables.compute(dataset, YEAR),
    )  # fmt: skip
    args = [dataset.code, YEAR]
    xlsx = client.get(reverse("annual_reports:xlsx", args=args))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = client.get(reverse("annual_reports:pdf", args=args))
    assert pdf.content.startswith(b"%PDF")
    listing = client.get(reverse("annual_reports:list"), {"year": YEAR}).content.decode()
    assert reverse("annual_reports:detail", args=args) in listing


def test_admin_change_and_preview_pages_render(client, dataset, drafter_a):
    report = AnnualReport.objects.create(agency=dataset, year=YEAR, drafter=drafter_a)
    client.force_login(drafter_a)
    change = client.get(reverse("admin:reports_annualreport_change", args=[report.pk]))
    assert reverse("admin:reports_annualreport_prefill", args=[report.pk]) in (
        change.content.decode()
    )
    preview = client.get(reverse("admin:reports_annualreport_preview", args=[report.pk]))
    assert "四、政府信息公开行政复议、行政诉讼情况" in preview.content.decode()


def test_api_lists_published_reports_with_frozen_tables(client, dataset, drafter_a):
    AnnualReport.objects.create(
        agency=dataset, year=YEAR, status=Status.PUBLISHED, section_overview="概况",
        frozen_tables=tables.compute(dataset, YEAR),
    )  # fmt: skip
    AnnualReport.objects.create(agency=dataset, year=YEAR - 1, drafter=drafter_a)  # a draft
    listing = client.get(reverse("annual_reports:api_list"), {"agency": dataset.code}).json()
    assert [item["year"] for item in listing["results"]] == [YEAR]
    detail = client.get(reverse("annual_reports:api_detail", args=[dataset.code, YEAR])).json()
    assert detail["sections"]["overview"] == "概况"
    assert detail["tables"]["table3"]["new"]["total"] == 24
    missing = reverse("annual_reports:api_detail", args=[dataset.code, YEAR - 1])
    assert client.get(missing).status_code == 404


def test_command_writes_the_html_tables_to_a_file(dataset, tmp_path):
    target = tmp_path / "report.html"
    call_command("annual_report", agency=dataset.code, year=YEAR, format="html", output=target)
    page = target.read_text()
    assert "丽水市人民政府2025年政府信息公开工作年度报告" in page
    assert "四、结转下年度继续办理" in page


def test_figures_admin_hides_other_agencies_figures(client, agency_a, staff_b):
    figures = AnnualFigures.objects.create(agency=agency_a, year=YEAR, licensing_decisions=9)
    client.force_login(staff_b)
    listing = client.get(reverse("admin:reports_annualfigures_changelist"))
    assert listing.status_code == 200
    assert reverse("admin:reports_annualfigures_change", args=[figures.pk]) not in (
        listing.content.decode()
    )
