"""The back office scoped to the agency; the API, the feed, the CSV of the totals and the
sitemap carry published disclosures only; the self-inspection flags late and missing ones."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from budgets.models import Kind
from inspection import budgets as budget_checks
from inspection import scoring
from inspection.findings import Check
from tests.budgets.conftest import draft, publish

pytestmark = pytest.mark.django_db


def test_staff_of_another_agency_cannot_reach_a_disclosure(client, published_budget, staff_b):
    client.force_login(staff_b)
    assert client.get("/admin/budgets/budgetdisclosure/").status_code == 200
    url = f"/admin/budgets/budgetdisclosure/{published_budget.pk}/change/"
    assert client.get(url).status_code == 404
    attachment = published_budget.attachments.get()
    assert (
        client.get(f"/admin/budgets/budgetdisclosure/attachment/{attachment.pk}/").status_code
        == 404
    )
    page = client.get("/admin/budgets/budgetdisclosure/").content.decode()
    assert published_budget.title not in page


def test_drafter_sees_the_due_date_in_the_back_office(client, agency_a, drafter_a):
    disclosure = draft(agency_a, drafter_a)
    client.force_login(drafter_a)
    page = client.get(f"/admin/budgets/budgetdisclosure/{disclosure.pk}/change/").content.decode()
    assert "2026-02-11" in page


def test_api_lists_published_with_filters(client, published_budget, agency_a, drafter_a):
    draft(agency_a, drafter_a, kind=Kind.FINAL, year=2025, approval_date=dt.date(2026, 7, 20))
    data = client.get("/api/v1/budgets/").json()
    assert [item["id"] for item in data["results"]] == [published_budget.pk]
    item = data["results"][0]
    assert item["kind_name"] == "部门预算"
    assert item["total_income"] == "198736.80"
    assert item["three_public_total"] == "45.00"
    assert item["due_date"] == "2026-02-11" and item["on_time"] is True
    assert client.get("/api/v1/budgets/", {"kind": "final"}).json()["results"] == []
    assert client.get("/api/v1/budgets/", {"year": "2025"}).json()["results"] == []
    detail = client.get(f"/api/v1/budgets/{published_budget.pk}/").json()
    assert detail["attachments"][0]["content_type"] == "application/pdf"
    assert detail["comparison"] is None


def test_api_list_queries_do_not_grow(client, django_assert_max_num_queries, published_budget,
                                      agency_a, drafter_a, reviewer_a, publisher_a):  # fmt: skip
    for year in (2023, 2024, 2025):
        publish(draft(agency_a, drafter_a, year=year, approval_date=dt.date(year, 1, 20)),
                drafter_a, reviewer_a, publisher_a)  # fmt: skip
    with django_assert_max_num_queries(4):
        assert len(client.get("/api/v1/budgets/").json()["results"]) == 4


def test_feed_and_export(client, published_budget):
    feed = client.get("/feeds/budgets.atom").content.decode()
    assert published_budget.title in feed
    response = client.get("/data/budget-totals.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["名称", "类别", "年度"]
    assert rows[1][0] == published_budget.title
    assert "198736.80" in rows[1]


def test_sitemap_lists_published(client, published_budget, agency_a, drafter_a):
    hidden = draft(agency_a, drafter_a, year=2024, approval_date=dt.date(2024, 1, 10))
    page = client.get("/sitemap-budgets.xml").content.decode()
    assert published_budget.get_absolute_url() in page
    assert hidden.get_absolute_url() not in page


def test_inspection_flags_overdue_and_late(agency_a, drafter_a, reviewer_a, publisher_a):
    missing = draft(agency_a, drafter_a, kind=Kind.FINAL, year=2025,
                    approval_date=dt.date(2026, 7, 20))  # fmt: skip
    late = publish(draft(agency_a, drafter_a, approval_date=dt.date(2026, 1, 22)),
                   drafter_a, reviewer_a, publisher_a, on=dt.date(2026, 3, 9))  # fmt: skip
    today = dt.date(2026, 9, 1)
    overdue = budget_checks.overdue_budget_findings(today)
    assert [f.subject for f in overdue] == [missing.title]
    assert overdue[0].check == Check.BUDGET_OVERDUE and "2026-08-09" in overdue[0].detail
    flagged = budget_checks.late_budget_findings(today)
    assert [f.subject for f in flagged] == [late.title]
    assert "26" in flagged[0].detail  # 2026-03-09 is 26 days after 2026-02-11
    result = scoring.score([*overdue, *flagged])
    assert result.score == 100 - 3 - 1


def test_dashboard_shows_the_budget_findings(admin_client, agency_a, drafter_a):
    missing = draft(agency_a, drafter_a, approval_date=dt.date(2026, 1, 22))
    scoring.inspection_run(today=dt.date(2026, 3, 1), send_digest=False)
    page = admin_client.get("/admin/inspection/inspectionrun/").content.decode()
    assert missing.title in page
