"""The Atom feeds are valid against RFC 4287 (each entry has its <updated>, an <author> and an
<id> that is an IRI, stable for the record: a tag: URI), theme feeds link to their theme, and
the sitemap's lastmod is each record's real last change."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest

from django.test import override_settings
from django.utils import timezone

from disclosure.models import Document, Theme
from interpretation.models import Consultation, Interpretation
from publishing.models import Status
from tests.api.conftest import published_document
from tests.interpretation.conftest import published_interpretation

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# RFC 4151: tag:<authority>,<date>:<specific>
TAG_URI = re.compile(r"^tag:[a-z0-9.-]+,\d{4}-\d{2}-\d{2}:/\S*$")
ATOM_FEEDS = [
    "/feeds/documents.atom",
    "/feeds/interpretations.atom",
    "/feeds/consultations.atom",
]


def parse(xml: bytes) -> ET.Element:
    # Our own responses, not untrusted input: the standard parser is what a reader would use.
    return ET.fromstring(xml)  # noqa: S314


def entries(client, url: str) -> list[ET.Element]:
    response = client.get(url)
    assert response.status_code == 200
    return list(parse(response.content).iter(f"{ATOM}entry"))


def moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@pytest.fixture
def records(agency_a):
    """One published record of each kind, last changed well after its publication."""
    published = timezone.make_aware(dt.datetime(2026, 3, 1, 9))
    changed = timezone.make_aware(dt.datetime(2026, 4, 15, 10, 30))
    document = published_document(agency_a, day=dt.date(2026, 3, 1))
    published_interpretation(agency_a, [document], when=published)
    Consultation.objects.create(
        agency=agency_a,
        title="城乡居民最低生活保障标准调整方案（征求意见稿）",
        draft_text="第一条 为保障困难群众基本生活，制定本方案。",
        opens_on=dt.date(2026, 3, 1),
        closes_on=dt.date(2026, 3, 30),
        status=Status.PUBLISHED,
        published_at=published,
    )
    # updated_at is set on every save: the change date comes from an update, as an edit would.
    for model in (Document, Interpretation, Consultation):
        model.objects.update(updated_at=changed)
    return {"document": document, "changed": changed}


@pytest.mark.parametrize("url", ATOM_FEEDS)
def test_every_atom_entry_has_its_updated_author_and_a_tag_id(client, records, url):
    (entry,) = entries(client, url)
    assert moment(entry.findtext(f"{ATOM}updated")) == records["changed"]
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "丽水市人民政府"
    assert TAG_URI.match(entry.findtext(f"{ATOM}id")), entry.findtext(f"{ATOM}id")


@pytest.mark.parametrize("url", ATOM_FEEDS)
def test_the_feed_is_updated_when_its_newest_record_changed(client, records, url):
    feed = parse(client.get(url).content)
    assert moment(feed.findtext(f"{ATOM}updated")) == records["changed"]
    assert feed.findtext(f"{ATOM}id")


def test_a_document_id_names_the_host_the_publication_day_and_the_page(client, records):
    (entry,) = entries(client, "/feeds/documents.atom")
    path = records["document"].get_absolute_url()
    assert entry.findtext(f"{ATOM}id") == f"tag:testserver,2026-03-01:{path}"


def test_the_id_stays_the_same_when_the_record_changes(client, records):
    document = records["document"]
    before = entries(client, "/feeds/documents.atom")[0]
    document.title = "关于印发政务公开工作要点的通知（修订）"
    document.save()
    after = entries(client, "/feeds/documents.atom")[0]
    assert after.findtext(f"{ATOM}id") == before.findtext(f"{ATOM}id")
    assert moment(after.findtext(f"{ATOM}updated")) > moment(before.findtext(f"{ATOM}updated"))


@override_settings(SITE_URL="https://gk.example.gov.cn")
def test_the_id_uses_the_public_host_whatever_address_was_used(client, records):
    (entry,) = entries(client, "/feeds/documents.atom")
    assert entry.findtext(f"{ATOM}id").startswith("tag:gk.example.gov.cn,2026-03-01:/")


def test_a_theme_feed_links_to_its_theme(client, agency_a):
    parent = Theme.objects.create(name="政务公开")
    theme = Theme.objects.create(name="基层政务公开", parent=parent)
    published_document(agency_a, theme=theme)
    feed = parse(client.get(f"/feeds/theme/{parent.pk}.atom").content)
    (alternate,) = [
        link.get("href")
        for link in feed.findall(f"{ATOM}link")
        if link.get("rel") in (None, "alternate")
    ]
    assert urlsplit(alternate).path == "/disclosure/"
    assert parse_qs(urlsplit(alternate).query) == {"theme": [str(parent.pk)]}
    # The link opens the theme's documents.
    page = client.get(f"/disclosure/?theme={parent.pk}")
    assert page.status_code == 200 and "基层政务公开" in page.content.decode()
    rss = parse(client.get(f"/feeds/theme/{parent.pk}.rss").content)
    assert parse_qs(urlsplit(rss.findtext("channel/link")).query) == {"theme": [str(parent.pk)]}


def lastmods(client, section: str) -> dict[str, dt.datetime]:
    root = parse(client.get(f"/sitemap-{section}.xml").content)
    return {
        urlsplit(url.findtext(f"{SITEMAP}loc")).path: moment(url.findtext(f"{SITEMAP}lastmod"))
        for url in root.iter(f"{SITEMAP}url")
    }


@pytest.mark.parametrize(
    "section, path",
    [
        ("documents", lambda r: r["document"].get_absolute_url()),
        ("interpretations", lambda r: Interpretation.objects.get().get_absolute_url()),
        ("consultations", lambda r: Consultation.objects.get().get_absolute_url()),
    ],
)
def test_the_sitemap_lastmod_is_the_records_last_change(client, records, section, path):
    found = lastmods(client, section)
    assert found[path(records)].date() == records["changed"].date()


def test_the_sitemap_lastmod_of_an_agency_is_its_last_change(client, agency_a):
    changed = timezone.make_aware(dt.datetime(2026, 2, 2, 8))
    type(agency_a).objects.filter(pk=agency_a.pk).update(updated_at=changed)
    found = lastmods(client, "agencies")
    assert found[agency_a.get_absolute_url()].date() == changed.date()


def test_the_sitemap_lists_every_page_of_an_agencys_column(client, agency_a):
    # What the column's navigation links, crawlers find too (the column's home is under
    # "agencies").
    root = parse(client.get("/sitemap-columns.xml").content)
    listed = {urlsplit(url.findtext(f"{SITEMAP}loc")).path for url in root.iter(f"{SITEMAP}url")}
    code = agency_a.code
    for page in ("guide", "rules", "statutory", "profile", "reports", "apply"):
        assert f"/agencies/{code}/{page}/" in listed
    assert f"/agencies/{code}/" not in listed
    for path in listed:
        assert client.get(path).status_code == 200, path
