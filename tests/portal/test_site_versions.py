"""The site group's host table has a version of its own (``page_cache.SITES``): publishing
does not make the next request read it again; a change of a site or of the agency tree does.
And the sitemap, cached for an hour, goes with it."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure.models import Document
from portal import agencies, sites
from portal.models import Agency, SiteHost
from tests.disclosure.conftest import make_draft, publish
from tests.site_group import CITY_HOST, page

pytestmark = pytest.mark.django_db


def host_table_reads(client, path: str, host: str) -> tuple[str, int]:
    """The page's text, and how many times answering it read the host table."""
    with CaptureQueriesContext(connection) as captured:
        text = page(client, path, host)
    return text, sum(1 for query in captured if SiteHost._meta.db_table in query["sql"])


def test_publishing_does_not_read_the_host_table_again(
    client, group_sites, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    page(client, "/", CITY_HOST)
    document = make_draft(drafter_a.staff_roles.get().agency, drafter_a, title="丽水市新发布的通知")
    with django_capture_on_commit_callbacks(execute=True):  # the new version of the content
        publish(
            document,
            drafter=drafter_a,
            reviewer=reviewer_a,
            publisher=publisher_a,
            capture=django_capture_on_commit_callbacks,
        )
    assert Document.objects.published().filter(pk=document.pk).exists()

    text, reads = host_table_reads(client, "/", CITY_HOST)

    assert "丽水市新发布的通知" in text  # the page did change
    assert reads == 0


def test_a_site_change_reads_the_host_table_again(
    client, group_sites, django_capture_on_commit_callbacks
):
    page(client, "/", CITY_HOST)
    site = group_sites["city"]
    site.name = "丽水市政府网"
    with django_capture_on_commit_callbacks(execute=True):
        site.save()
        sites.site_changed()

    text, reads = host_table_reads(client, "/", CITY_HOST)

    assert "丽水市政府网" in text
    assert reads == 1


def test_a_change_of_the_agency_tree_reads_the_host_table_again(
    client, group_sites, django_capture_on_commit_callbacks
):
    page(client, "/", CITY_HOST)
    with django_capture_on_commit_callbacks(execute=True):
        agencies.agency_changed()

    _text, reads = host_table_reads(client, "/", CITY_HOST)

    assert reads == 1


def test_the_sitemap_follows_a_host_moved_to_another_site(
    client, group_sites, jinyun, qingtian, django_capture_on_commit_callbacks
):
    before = page(client, "/sitemap-agencies.xml", "www.lishui.localhost")
    assert f"/agencies/{qingtian.code}/" in before  # the city's: both counties
    with django_capture_on_commit_callbacks(execute=True):
        SiteHost.objects.filter(host="www.lishui.localhost").update(site=group_sites["county"])
        sites.site_changed()

    after = page(client, "/sitemap-agencies.xml", "www.lishui.localhost")

    assert f"/agencies/{jinyun.code}/" in after
    assert f"/agencies/{qingtian.code}/" not in after


def test_the_sitemap_is_kept_while_the_sites_do_not_change(client, group_sites, qingtian):
    page(client, "/sitemap-agencies.xml", CITY_HOST)
    Agency.objects.filter(pk=qingtian.pk).update(is_active=False)  # no service: no new version

    assert f"/agencies/{qingtian.code}/" in page(client, "/sitemap-agencies.xml", CITY_HOST)
