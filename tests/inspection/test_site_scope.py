"""Each site of the site group has its own self-inspection score (issue 21): computed over its
own agency subtree, stored with the site, mailed to its root agency's office heads and shown
on the back-office page to the staff of that site."""

from __future__ import annotations

import datetime as dt

import pytest

from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone

from disclosure.models import Document
from inspection import scoring
from inspection.columns import DEFAULT_DAYS
from inspection.findings import Check
from inspection.models import ColumnLimit, InspectionRun, Section
from portal.models import StaffRole
from publishing.models import Status
from tests.factories import UserFactory, staff
from tests.site_group import COUNTY_HOST, PROVINCE_HOST

pytestmark = pytest.mark.django_db

Role = StaffRole.Role
URL = "/admin/inspection/inspectionrun/"
TODAY = timezone.localdate()


def published(agency, title: str, *, days_ago: int = 0, body: str = "") -> Document:
    return Document.objects.create(
        agency=agency,
        title=title,
        index_number=f"{agency.code}/2026-{Document.objects.count() + 1:05d}",
        date_formed=TODAY - dt.timedelta(days=days_ago),
        date_published=TODAY - dt.timedelta(days=days_ago),
        status=Status.PUBLISHED,
        body=body,
    )


def allow_empty_columns() -> None:
    for section in Section.values:
        ColumnLimit.objects.create(
            section=section, may_be_empty=True, max_age_days=DEFAULT_DAYS[section]
        )


@pytest.fixture
def runs(group_sites, jinyun, qingtian):
    """The county's only document is a month old (its home page and column are stale); the
    sibling county has a fresh one; empty columns are allowed, so nothing else fails."""
    allow_empty_columns()
    published(jinyun, "缙云县一个月前的通知", days_ago=30)
    published(qingtian, "青田县今天的通知")
    scoring.inspection_runs(today=TODAY, send_digest=False)
    return {name: InspectionRun.objects.get(site=site) for name, site in group_sites.items()}


def test_a_stale_column_fails_the_county_but_not_the_sibling_county(runs):
    county, sibling = runs["county"], runs["sibling"]

    assert not county.passed
    assert Check.HOME_STALE in {item["check"] for item in county.findings}
    assert any("缙云县人民政府" in item["subject"] for item in county.findings)
    assert (sibling.score, sibling.passed, sibling.findings) == (100, True, [])
    assert InspectionRun.objects.filter(day=TODAY).count() == 4  # one per site


def test_a_site_scores_only_the_columns_of_its_own_subtree(runs, jinyun, qingtian):
    county_agencies = {row["agency_id"] for row in runs["county"].columns} - {None}
    city_agencies = {row["agency_id"] for row in runs["city"].columns} - {None}

    assert county_agencies == {jinyun.pk}
    assert {jinyun.pk, qingtian.pk} <= city_agencies
    home = next(row for row in runs["sibling"].columns if row["agency_id"] is None)
    assert (home["count"], home["last_updated"]) == (1, TODAY.isoformat())


def test_a_broken_link_counts_on_the_sites_that_show_it(group_sites, jinyun, qingtian):
    published(
        qingtian, "青田县的坏链接", body='<p><a href="/disclosure/no-such-page/">附件</a></p>'
    )

    county = scoring.inspection_run(today=TODAY, site=_site(group_sites["county"]))
    sibling = scoring.inspection_run(today=TODAY, site=_site(group_sites["sibling"]))

    assert Check.BROKEN_LINK not in {item["check"] for item in county.findings}
    assert Check.BROKEN_LINK in {item["check"] for item in sibling.findings}


def test_each_sites_digest_goes_to_the_office_heads_of_its_root_agency(
    group_sites, jinyun, qingtian, province
):
    for username, agency in [("head_jy", jinyun), ("head_qt", qingtian), ("head_zj", province)]:
        head = staff(username, agency, Role.OFFICE_HEAD)
        head.email = f"{username}@example.gov.cn"
        head.save()
    allow_empty_columns()
    published(jinyun, "缙云县一个月前的通知", days_ago=30)
    published(qingtian, "青田县今天的通知")

    scoring.inspection_runs(today=TODAY)

    sent = {tuple(message.to): message for message in mail.outbox}
    assert set(sent) == {("head_jy@example.gov.cn",), ("head_zj@example.gov.cn",)}
    county = sent[("head_jy@example.gov.cn",)]
    assert "缙云县人民政府门户网站" in county.subject
    assert f"http://{COUNTY_HOST}{URL}?site={group_sites['county'].pk}" in county.body


def test_a_county_office_head_sees_the_county_score_only(client, runs, group_sites, jinyun):
    client.force_login(staff("head_jy", jinyun, Role.OFFICE_HEAD))

    page = client.get(URL, HTTP_HOST=PROVINCE_HOST).content.decode()
    sibling = client.get(URL, {"site": group_sites["sibling"].pk}, HTTP_HOST=PROVINCE_HOST)

    assert "缙云县人民政府门户网站" in page
    assert f"score {runs['county'].score}" in page or f"得分{runs['county'].score}" in page
    assert "青田县人民政府门户网站" not in page
    assert "浙江省人民政府门户网站" not in page
    assert sibling.status_code == 404


def test_a_city_office_head_chooses_among_the_city_and_its_counties(
    client, runs, group_sites, head_a
):
    client.force_login(head_a)

    listing = client.get(URL, HTTP_HOST=PROVINCE_HOST).content.decode()
    sibling = client.get(URL, {"site": group_sites["sibling"].pk}, HTTP_HOST=PROVINCE_HOST)

    for name in ("丽水市人民政府门户网站", "缙云县人民政府门户网站", "青田县人民政府门户网站"):
        assert name in listing
    assert "浙江省人民政府门户网站" not in listing
    assert sibling.status_code == 200
    assert "青田县今天的通知" not in sibling.content.decode()  # nothing fails there


def test_a_platform_operator_sees_every_sites_score(client, runs, group_sites):
    operator = UserFactory(username="operator", is_staff=True)
    operator.user_permissions.add(Permission.objects.get(codename="manage_sites"))
    client.force_login(operator)

    page = client.get(URL, {"site": group_sites["county"].pk}, HTTP_HOST=PROVINCE_HOST)

    assert page.status_code == 200
    text = page.content.decode()
    assert all(site.name in text for site in group_sites.values())
    assert "缙云县一个月前的通知" in text or "缙云县人民政府" in text


def test_without_sites_the_installation_is_one_site(province, agency_a):
    (run,) = scoring.inspection_runs(today=TODAY, send_digest=False)

    assert run.site_id is None


def _site(site):
    from portal import sites

    return next(found for found in sites.active_sites() if found.pk == site.pk)
