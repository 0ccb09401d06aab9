from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from publishing.models import Status
from tests.api.conftest import published_document

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(xml: bytes) -> ET.Element:
    # Our own responses, not untrusted input: the standard parser is what a reader would use.
    return ET.fromstring(xml)  # noqa: S314


def test_rss_feed_parses_and_lists_published_titles(client, agency_a):
    shown = published_document(agency_a)
    published_document(agency_a, status=Status.DRAFT, index_number=None, title="草稿文件")
    root = parse(client.get("/feeds/documents.rss").content)
    assert [item.findtext("title") for item in root.iter("item")] == [shown.title]


def test_rss_feed_lists_newest_first(client, agency_a):
    old = published_document(agency_a, day=dt.date(2026, 1, 1))
    new = published_document(agency_a, day=dt.date(2026, 2, 1))
    root = parse(client.get("/feeds/documents.rss").content)
    assert [item.findtext("title") for item in root.iter("item")] == [new.title, old.title]


def test_atom_feed_per_agency_parses(client, agency_a, agency_b, county_a):
    below = published_document(county_a)
    published_document(agency_b)
    root = parse(client.get(f"/feeds/agency/{agency_a.code}.atom").content)
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert titles == [below.title]


def test_theme_feed(client, agency_a, theme):
    inside = published_document(agency_a, theme=theme)
    published_document(agency_a)
    root = parse(client.get(f"/feeds/theme/{theme.parent_id}.rss").content)
    assert [item.findtext("title") for item in root.iter("item")] == [inside.title]


def test_interpretation_and_consultation_feeds_parse(client):
    rss = client.get("/feeds/interpretations.rss")
    assert rss.status_code == 200
    assert parse(rss.content).tag == "rss"
    atom = client.get("/feeds/consultations.atom")
    assert atom.status_code == 200
    assert parse(atom.content).tag == "{http://www.w3.org/2005/Atom}feed"


def test_sitemap_lists_published_document_pages(client, agency_a):
    shown = published_document(agency_a)
    draft = published_document(agency_a, status=Status.DRAFT, index_number=None)
    index = parse(client.get("/sitemap.xml").content)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    sections = [loc.text for loc in index.iter(f"{ns}loc")]
    section = next(url for url in sections if "sitemap-documents" in url)
    urls = [loc.text for loc in parse(client.get(section).content).iter(f"{ns}loc")]
    assert any(url.endswith(shown.get_absolute_url()) for url in urls)
    assert not any(url.endswith(draft.get_absolute_url()) for url in urls)


def test_robots_txt_points_to_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Disallow: /requests/track/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
