"""The site's score, its daily history, the office heads' digest and the back-office page:
stale, empty and broken-link fixtures give the expected failing items and score."""

from __future__ import annotations

import datetime as dt

import pytest

from django.conf import settings
from django.core import mail
from django.utils import timezone

from disclosure.models import Document
from inspection import scoring
from inspection.findings import Check, Finding
from inspection.models import ColumnLimit, InspectionRun, Section
from portal.models import StaffRole
from publishing.models import WordingRule
from tests.factories import staff

pytestmark = pytest.mark.django_db

Role = StaffRole.Role
URL = "/admin/inspection/inspectionrun/"


def finding(check: str, veto: bool = False) -> Finding:
    return Finding(check=check, veto=veto, subject="栏目", detail="")


def test_stale_columns_and_broken_links_take_points_off():
    result = scoring.score([finding(Check.COLUMN_STALE)] * 3 + [finding(Check.BROKEN_LINK)] * 2)

    assert (result.score, result.passed) == (92, True)


def test_deductions_are_capped_per_kind():
    result = scoring.score([finding(Check.BROKEN_LINK)] * 100)

    assert result.score == 80


def test_a_single_veto_fails_the_site_and_comes_first():
    result = scoring.score([finding(Check.BROKEN_LINK), finding(Check.COLUMN_EMPTY, veto=True)])

    assert (result.score, result.passed) == (99, False)
    assert [f.check for f in result.findings] == [Check.COLUMN_EMPTY, Check.BROKEN_LINK]


@pytest.fixture
def site_fixtures(publish_document, agency_a):
    """A home page last updated three weeks ago, a link to a page that does not exist, and
    every column empty but the agency's latest and its (一)."""
    today = timezone.localdate()
    publish_document(
        published_on=today - dt.timedelta(days=21),
        is_normative=True,
        title="三周前的规范性文件",
        body='<p>详见<a href="/disclosure/no-such-page/">附件</a>。</p>',
    )
    return today


def test_stale_empty_and_broken_link_fixtures_fail_the_site(site_fixtures, agency_a):
    run = scoring.inspection_run(today=site_fixtures)

    checks = [item["check"] for item in run.findings]
    assert not run.passed
    assert Check.HOME_STALE in checks
    assert Check.COLUMN_EMPTY in checks
    assert Check.BROKEN_LINK in checks
    first_other = next(i for i, item in enumerate(run.findings) if not item["veto"])
    assert all(item["veto"] for item in run.findings[:first_other])
    assert not any(item["veto"] for item in run.findings[first_other:])
    # Stale: the agency's latest (2 weeks) and the province's; broken: one link.
    assert run.score == 100 - 2 * 2 - 1
    rules = next(c for c in run.columns if agency_a.name in c["title"] and "（一）" in c["title"])
    assert rules["last_updated"] == (site_fixtures - dt.timedelta(days=21)).isoformat()


def test_a_site_with_nothing_failing_passes(publish_document):
    publish_document()
    for section in Section.values:
        ColumnLimit.objects.create(section=section, may_be_empty=True)

    run = scoring.inspection_run()

    assert (run.score, run.passed, run.findings) == (100, True, [])
    assert mail.outbox == []


def test_one_run_is_kept_per_day(site_fixtures):
    scoring.inspection_run(today=site_fixtures)
    scoring.inspection_run(today=site_fixtures)
    scoring.inspection_run(today=site_fixtures + dt.timedelta(days=1))

    assert InspectionRun.objects.count() == 2


def test_the_office_heads_get_a_digest_once_a_day(site_fixtures, province, head_a):
    head = staff("head_site", province, Role.OFFICE_HEAD)
    head.email = "head@example.gov.cn"
    head.save()
    head_a.email = "head_a@example.gov.cn"
    head_a.save()

    scoring.inspection_run(today=site_fixtures)
    scoring.inspection_run(today=site_fixtures)

    (message,) = mail.outbox
    assert message.to == ["head@example.gov.cn"]
    assert "三周前的规范性文件" in message.body
    assert "/admin/inspection/inspectionrun/" in message.body


def test_the_daily_run_is_scheduled():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {"inspection.tasks.run_inspection", "inspection.tasks.check_external_links"} <= tasks


# --- The back-office page ------------------------------------------------------------------


def test_the_page_lists_each_failing_item_with_a_link_to_fix_it(
    site_fixtures, client, head_a, agency_a
):
    scoring.inspection_run(today=site_fixtures)
    client.force_login(head_a)

    response = client.get(URL)

    assert response.status_code == 200
    assert URL in client.get("/admin/").content.decode()  # listed on the back office's home
    page = response.content.decode()
    document = Document.objects.get(title="三周前的规范性文件")
    assert "三周前的规范性文件" in page
    assert "/disclosure/no-such-page/" in page
    assert f"/admin/disclosure/document/{document.pk}/change/" in page  # the broken link
    assert f"/admin/disclosure/document/add/?agency={agency_a.pk}" in page  # stale column


def test_an_office_head_sees_only_the_items_of_the_agencies_they_head(
    site_fixtures, client, staff_b, agency_a, agency_b
):
    scoring.inspection_run(today=site_fixtures)
    client.force_login(staff_b)

    page = client.get(URL).content.decode()

    assert "三周前的规范性文件" not in page
    assert agency_b.name in page


def test_the_superuser_may_run_it_now(admin_client):
    response = admin_client.post(URL)

    assert response.status_code == 302
    assert InspectionRun.objects.filter(day=timezone.localdate()).exists()


@pytest.mark.parametrize("roles", [(), (Role.DRAFTER, Role.REVIEWER, Role.PUBLISHER, Role.HANDLER)])
def test_staff_without_the_office_head_role_get_403(client, agency_a, roles):
    client.force_login(staff("editor", agency_a, *roles))

    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 403
    assert not InspectionRun.objects.exists()


def test_column_limits_are_for_superusers(client, head_a, admin_client):
    client.force_login(head_a)

    assert client.get("/admin/inspection/columnlimit/").status_code == 403
    assert admin_client.get("/admin/inspection/columnlimit/").status_code == 200


def test_a_wrong_form_in_published_content_takes_points_off(publish_document):
    document = publish_document(body="<p>经国家工商行政管理总局批准。</p>")
    WordingRule.objects.create(
        kind=WordingRule.Kind.CORRECTION, wrong="国家工商行政管理总局", right="国家市场监督管理总局"
    )

    (found,) = [
        f
        for f in scoring.inspect_site(timezone.localdate())[0].findings
        if f.check == Check.WORDING
    ]

    assert found.subject == document.title
    assert "国家市场监督管理总局" in found.detail
    assert found.fix_url == f"/admin/disclosure/document/{document.pk}/change/"
