"""The site group (portal.sites): one installation, a site per government, chosen by host."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from disclosure.models import Document, Theme
from portal import sites
from portal.models import Site, SiteHost, SiteIdentity
from portal.site_blocks import THEMES
from publishing.models import Status as DocumentStatus
from tests.site_group import CITY_HOST, COUNTY_HOST, PROVINCE_HOST, SIBLING_HOST, page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _hosts(settings):
    settings.ALLOWED_HOSTS = [".localhost", "testserver"]


@pytest.fixture
def group(group_sites):
    return group_sites


def published(agency, title: str, number: int) -> Document:
    return Document.objects.create(
        agency=agency,
        title=title,
        index_number=f"{agency.code}/2026-{number:05d}",
        date_formed=dt.date(2026, 6, 1),
        date_published=dt.date(2026, 6, 5),
        status=DocumentStatus.PUBLISHED,
    )


# --- Without sites: as before -----------------------------------------------------------------


def test_without_sites_every_allowed_host_shows_the_whole_tree(client, province, agency_a):
    published(agency_a, "丽水市的一份文件", 1)
    assert "丽水市的一份文件" in page(client, "/", "testserver")
    assert "丽水市的一份文件" in page(client, "/", "anything.localhost")


def test_without_sites_the_footer_keeps_the_single_identity(client, province):
    SiteIdentity.objects.create(pk=1, icp_number="浙ICP备99999999号")
    assert "浙ICP备99999999号" in page(client, "/", "testserver")


# --- Hosts ----------------------------------------------------------------------------------


def test_unknown_host_gets_a_plain_404_once_sites_exist(client, group):
    response = client.get("/", HTTP_HOST="nobody.localhost")
    assert response.status_code == 404
    text = response.content.decode()
    for site in group.values():
        assert site.name not in text
    assert "浙ICP备" not in text


def test_a_site_answers_each_of_its_hosts_with_or_without_port(client, group):
    assert "丽水市人民政府门户网站" in page(client, "/", "www.lishui.localhost")
    assert "丽水市人民政府门户网站" in page(client, "/", "LISHUI.localhost:8000")


def test_an_inactive_site_answers_none_of_its_hosts(client, group):
    Site.objects.filter(pk=group["county"].pk).update(is_active=False)
    sites.site_changed()
    assert client.get("/", HTTP_HOST=COUNTY_HOST).status_code == 404


def test_a_host_belongs_to_one_site(group):
    with pytest.raises(ValidationError):
        sites.site_create(name="另一个", root_agency=group["city"].root_agency, hosts=[CITY_HOST])


def test_a_site_has_at_most_one_canonical_host(group):
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteHost.objects.create(site=group["city"], host="gk.lishui.localhost", is_canonical=True)


def test_a_site_needs_a_host(province):
    with pytest.raises(ValidationError):
        sites.site_create(name="无域名", root_agency=province, hosts=[])
    assert not Site.objects.exists()


def test_a_new_site_is_answered_at_once(
    client, group, agency_b, django_capture_on_commit_callbacks
):
    assert client.get("/", HTTP_HOST="hz.localhost").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        sites.site_create(
            name="杭州市人民政府门户网站", root_agency=agency_b, hosts=["hz.localhost"]
        )
    assert "杭州市人民政府门户网站" in page(client, "/", "hz.localhost")


# --- Identity -------------------------------------------------------------------------------


def test_two_hosts_show_different_identity(client, group):
    province = page(client, "/", PROVINCE_HOST)
    city = page(client, "/", CITY_HOST)
    assert "浙江省人民政府门户网站" in province and "浙ICP备00000001号" in province
    assert "丽水市人民政府门户网站" in city and "浙ICP备11000001号" in city
    assert "丽水市人民政府门户网站" not in province
    assert "浙ICP备00000001号" not in city
    # Hosted by the site's own government (主办) unless the site says otherwise.
    assert "丽水市人民政府" in city
    assert 'class=" theme-blue"' in city and "theme-" not in province


def test_site_identity_falls_back_to_the_single_row(client, group):
    SiteIdentity.objects.create(pk=1, organizer="省大数据发展管理局")
    sites.site_changed()
    assert "省大数据发展管理局" in page(client, "/", COUNTY_HOST)


def test_navigation_and_home_modules_follow_the_site(client, group):
    Site.objects.filter(pk=group["county"].pk).update(
        navigation=["portal:home", "disclosure:catalog"], home_modules=["request-guide"]
    )
    sites.site_changed()
    county = page(client, "/", COUNTY_HOST)
    city = page(client, "/", CITY_HOST)
    assert 'href="/agencies/"' not in county.split("<main")[0]
    assert 'href="/agencies/"' in city.split("<main")[0]
    assert 'id="how-title"' in county and 'id="agencies-title"' not in county
    assert 'id="agencies-title"' in city


def test_unknown_navigation_and_home_modules_are_refused(group):
    site = group["city"]
    site.navigation = ["portal:home", "nowhere:page"]
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "nowhere:page" in str(error.value)
    site.navigation = []
    site.home_modules = ["columns", "columns"]
    with pytest.raises(ValidationError):
        site.full_clean()


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_theme_colour_passes_wcag_aa(name):
    theme = THEMES[name]
    assert _contrast("#ffffff", theme.accent) >= 4.5
    assert _contrast("#ffffff", theme.dark) >= 4.5
    assert _contrast(theme.dark, theme.tint) >= 4.5


def test_every_theme_colour_is_in_the_stylesheet_and_the_choices():
    from django.conf import settings

    from portal.models import SiteTheme

    css = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text()
    assert set(THEMES) == set(SiteTheme.values)
    for name, theme in THEMES.items():
        if name != "red":
            assert f".theme-{name} {{ --accent: {theme.accent};" in css


# --- Scoping ----------------------------------------------------------------------------------


def test_scope_keeps_the_site_subtree(group, province, agency_a, jinyun, qingtian):
    county_doc = published(jinyun, "缙云县文件", 1)
    sibling_doc = published(qingtian, "青田县文件", 2)
    province_doc = published(province, "省政府文件", 3)
    documents = Document.objects.all()
    county = sites.site_for_host(COUNTY_HOST)
    city = sites.site_for_host(CITY_HOST)
    assert set(sites.scope(documents, county)) == {county_doc}
    assert set(sites.scope(documents, city)) == {county_doc, sibling_doc}
    assert set(sites.scope(documents, sites.site_for_host(PROVINCE_HOST))) == {
        county_doc, sibling_doc, province_doc
    }  # fmt: skip


def test_county_document_shows_on_the_county_and_city_home_not_the_sibling(client, group, jinyun):
    published(jinyun, "缙云县政务公开工作要点", 1)
    assert "缙云县政务公开工作要点" in page(client, "/", COUNTY_HOST)
    assert "缙云县政务公开工作要点" in page(client, "/", CITY_HOST)
    assert "缙云县政务公开工作要点" not in page(client, "/", SIBLING_HOST)


def test_the_home_page_lists_the_site_agencies_only(client, group):
    county = page(client, "/", COUNTY_HOST)
    assert "缙云县人民政府" in county and "青田县人民政府" not in county


@override_settings(PAGE_CACHE_SECONDS=300, PAGE_CACHE_CLIENT_SECONDS=60)
def test_two_hosts_never_share_a_cached_page(client, group, jinyun):
    published(jinyun, "缙云县政务公开工作要点", 1)
    first = client.get("/", HTTP_HOST=COUNTY_HOST)
    assert first["X-Page-Cache"] == "miss"
    assert client.get("/", HTTP_HOST=COUNTY_HOST)["X-Page-Cache"] == "hit"
    sibling = page(client, "/", SIBLING_HOST)
    assert "缙云县政务公开工作要点" not in sibling
    assert "青田县人民政府门户网站" in sibling


@override_settings(PAGE_CACHE_SECONDS=300, PAGE_CACHE_CLIENT_SECONDS=60)
def test_a_cached_page_is_retired_when_its_site_changes(
    client, group, django_capture_on_commit_callbacks
):
    assert "缙云县人民政府门户网站" in page(client, "/", COUNTY_HOST)
    site = group["county"]
    site.name = "缙云县政府网"
    with django_capture_on_commit_callbacks(execute=True):
        site.save()
        sites.site_changed()
    assert "缙云县政府网" in page(client, "/", COUNTY_HOST)


# --- Scoping of the public pages, feeds, sitemap and API ---------------------------------------


@pytest.fixture
def county_docs(group, jinyun, qingtian):
    return {
        "county": published(jinyun, "缙云县政务公开工作要点", 1),
        "sibling": published(qingtian, "青田县政务公开工作要点", 2),
    }


def test_catalog_lists_the_site_documents_only(client, county_docs):
    county = page(client, "/disclosure/", COUNTY_HOST)
    assert "缙云县政务公开工作要点" in county and "青田县政务公开工作要点" not in county
    city = page(client, "/disclosure/", CITY_HOST)
    assert "缙云县政务公开工作要点" in city and "青田县政务公开工作要点" in city


def test_catalog_ignores_an_agency_of_another_site(client, county_docs, qingtian):
    county = page(client, f"/disclosure/?agency={qingtian.code}", COUNTY_HOST)
    assert "青田县政务公开工作要点" not in county
    assert "缙云县政务公开工作要点" in county  # the filter is ignored, not applied


def test_agency_column_of_another_site_is_not_found(client, group, qingtian):
    assert client.get(f"/agencies/{qingtian.code}/", HTTP_HOST=COUNTY_HOST).status_code == 404
    assert client.get(f"/agencies/{qingtian.code}/", HTTP_HOST=CITY_HOST).status_code == 200


def test_feed_carries_the_site_documents_only(client, county_docs):
    county = page(client, "/feeds/documents.rss", COUNTY_HOST)
    assert "缙云县政务公开工作要点" in county and "青田县政务公开工作要点" not in county
    atom = page(client, "/feeds/documents.atom", SIBLING_HOST)
    assert "青田县政务公开工作要点" in atom and "缙云县政务公开工作要点" not in atom


def test_sitemap_lists_the_site_pages_on_its_host(client, county_docs, jinyun, qingtian):
    index = page(client, "/sitemap.xml", COUNTY_HOST)
    assert f"http://{COUNTY_HOST}/sitemap-documents.xml" in index
    documents = page(client, "/sitemap-documents.xml", COUNTY_HOST)
    assert county_docs["county"].get_absolute_url() in documents
    assert county_docs["sibling"].get_absolute_url() not in documents
    agencies = page(client, "/sitemap-agencies.xml", COUNTY_HOST)
    assert f"/agencies/{jinyun.code}/" in agencies and f"/agencies/{qingtian.code}/" not in agencies
    columns = page(client, "/sitemap-columns.xml", COUNTY_HOST)
    assert jinyun.code in columns and qingtian.code not in columns


def test_robots_names_the_sitemap_on_the_canonical_host(client, group):
    robots = page(client, "/robots.txt", "www.lishui.localhost")
    assert f"Sitemap: http://{CITY_HOST}/sitemap.xml" in robots


def test_api_lists_the_host_site_documents(client, county_docs):
    response = client.get("/api/v1/documents/", HTTP_HOST=COUNTY_HOST)
    titles = [row["title"] for row in response.json()["results"]]
    assert titles == ["缙云县政务公开工作要点"]


def test_api_takes_the_site_as_a_parameter_on_a_shared_host(client, county_docs):
    response = client.get(f"/api/v1/documents/?site={SIBLING_HOST}", HTTP_HOST=PROVINCE_HOST)
    titles = [row["title"] for row in response.json()["results"]]
    assert titles == ["青田县政务公开工作要点"]
    unknown = client.get("/api/v1/documents/?site=nobody.localhost", HTTP_HOST=PROVINCE_HOST)
    assert unknown.status_code == 404


def test_api_document_of_another_site_is_not_found(client, county_docs):
    pk = county_docs["sibling"].pk
    assert client.get(f"/api/v1/documents/{pk}/", HTTP_HOST=COUNTY_HOST).status_code == 404
    assert client.get(f"/api/v1/documents/{pk}/", HTTP_HOST=SIBLING_HOST).status_code == 200


def test_api_agencies_are_the_site_agencies(client, group, jinyun):
    response = client.get("/api/v1/agencies/", HTTP_HOST=COUNTY_HOST)
    assert [row["code"] for row in response.json()["results"]] == [jinyun.code]


def test_request_form_offers_the_site_agencies_only(client, group, jinyun, qingtian):
    form = client.get("/requests/apply/", HTTP_HOST=COUNTY_HOST).content.decode()
    assert "缙云县人民政府" in form and "青田县人民政府" not in form


def test_request_form_refuses_an_agency_of_another_site(client, group, qingtian):
    from requests_app.forms import ApplicationForm

    form = ApplicationForm({"agency": qingtian.pk}, site=sites.site_for_host(COUNTY_HOST))
    form.is_valid()
    assert "agency" in form.errors


# --- Old addresses ------------------------------------------------------------------------------


def test_document_on_another_site_host_redirects_to_its_own_site(client, county_docs):
    url = county_docs["county"].get_absolute_url()
    response = client.get(url, HTTP_HOST=SIBLING_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{COUNTY_HOST}{url}"
    # The province's portal shows its whole tree: no redirect there.
    assert client.get(url, HTTP_HOST=PROVINCE_HOST).status_code == 200


def test_the_redirect_keeps_the_port_the_site_group_answers_on(client, county_docs):
    """The demo answers every host on :8000: the visitor is sent on to that port."""
    url = county_docs["county"].get_absolute_url()
    response = client.get(url, HTTP_HOST=f"{SIBLING_HOST}:8000")
    assert response.status_code == 301
    assert response["Location"] == f"http://{COUNTY_HOST}:8000{url}"


def test_the_unknown_host_page_says_its_language(client, group):
    response = client.get("/", HTTP_HOST="nobody.localhost")
    assert response.status_code == 404
    # In the language of its message (the tests ask in English; a visitor gets Chinese).
    assert response.content.decode().startswith('<!DOCTYPE html><html lang="en">')
    assert "No site answers this host name." in response.content.decode()


def test_an_unpublished_document_is_not_redirected(client, group, jinyun):
    draft = Document.objects.create(
        agency=jinyun, title="草稿", date_formed=dt.date(2026, 6, 1), status=DocumentStatus.DRAFT
    )
    assert (
        client.get(f"/disclosure/documents/{draft.pk}/", HTTP_HOST=SIBLING_HOST).status_code == 404
    )


# --- Staff ----------------------------------------------------------------------------------


def _admin_url(site=None) -> str:
    return f"/admin/portal/site/{site.pk}/change/" if site else "/admin/portal/site/"


def test_an_office_head_sees_and_edits_only_their_agency_site(client, group, jinyun):
    from tests.factories import staff

    head = staff("head_jinyun", jinyun, "office_head")
    client.force_login(head)
    listing = client.get(_admin_url(), HTTP_HOST=COUNTY_HOST).content.decode()
    assert "缙云县人民政府门户网站" in listing and "青田县人民政府门户网站" not in listing
    assert client.get(_admin_url(group["sibling"]), HTTP_HOST=COUNTY_HOST).status_code in (
        302,
        403,
        404,
    )
    assert client.get("/admin/portal/site/add/", HTTP_HOST=COUNTY_HOST).status_code == 403


def test_an_office_head_cannot_move_the_site_or_its_hosts(client, group, jinyun, qingtian):
    from tests.factories import staff

    head = staff("head_jinyun", jinyun, "office_head")
    client.force_login(head)
    site = group["county"]
    host = site.hosts.get()
    response = client.post(
        _admin_url(site),
        {
            "name": "缙云县政府网",
            "root_agency": qingtian.pk,
            "theme": "teal",
            "hosts-TOTAL_FORMS": "1",
            "hosts-INITIAL_FORMS": "1",
            "hosts-0-id": host.pk,
            "hosts-0-site": site.pk,
            "hosts-0-host": "evil.localhost",
            "hosts-0-is_canonical": "on",
        },
        HTTP_HOST=COUNTY_HOST,
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    site.refresh_from_db()
    assert (site.name, site.theme, site.root_agency_id) == ("缙云县政府网", "teal", jinyun.pk)
    assert site.hosts.get().host == COUNTY_HOST


def test_a_platform_operator_manages_every_site(client, group, agency_b):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    operator = UserFactory(username="operator")
    operator.user_permissions.add(Permission.objects.get(codename="manage_sites"))
    client.force_login(operator)
    listing = client.get(_admin_url(), HTTP_HOST=PROVINCE_HOST).content.decode()
    assert all(site.name in listing for site in group.values())
    response = client.post(
        "/admin/portal/site/add/",
        {
            "name": "杭州市人民政府门户网站",
            "root_agency": agency_b.pk,
            "theme": "red",
            "is_active": "on",
            "hosts-TOTAL_FORMS": "2",
            "hosts-INITIAL_FORMS": "0",
            "hosts-0-host": "hz.localhost",
            "hosts-1-host": "www.hz.localhost",
        },
        HTTP_HOST=PROVINCE_HOST,
    )
    assert response.status_code == 200  # no canonical host: refused
    # The back office speaks Chinese.
    assert "请将且仅将一个域名标为主域名。" in response.content.decode()
    assert not Site.objects.filter(root_agency=agency_b).exists()


def test_staff_without_a_role_in_the_site_agency_see_no_sites(client, group, agency_b):
    from tests.factories import staff

    other = staff("publisher_b", agency_b, "publisher")
    client.force_login(other)
    assert client.get(_admin_url(), HTTP_HOST=PROVINCE_HOST).status_code == 403


# --- Demo ---------------------------------------------------------------------------------------


def test_demo_sites_load_and_answer_their_hosts(
    client, settings, django_capture_on_commit_callbacks
):
    import io

    settings.ALLOWED_HOSTS = [".localhost", "127.0.0.1"]
    from portal import demo

    with django_capture_on_commit_callbacks(execute=True):
        demo._ensure_agencies()
        out = io.StringIO()
        demo.load_sites(out)
        demo.load_sites(io.StringIO())  # a second run changes nothing
    assert Site.objects.count() == 3
    assert "lishui.localhost" in out.getvalue() and "jinyun.lishui.localhost" in out.getvalue()
    main = page(client, "/", "127.0.0.1:8000")
    city = page(client, "/", "lishui.localhost:8000")
    county = page(client, "/", "jinyun.lishui.localhost:8000")
    assert "浙江省政务公开平台" in main and "广西壮族自治区人民政府" in main
    assert "丽水市人民政府门户网站" in city and "杭州市人民政府" not in city
    assert "缙云县人民政府门户网站" in county and "莲都区" not in county
    assert client.get("/", HTTP_HOST="hangzhou.localhost").status_code == 404


def test_exports_carry_the_site_records_only(client, county_docs, qingtian):
    response = client.get("/data/documents.csv", HTTP_HOST=COUNTY_HOST)
    body = b"".join(response.streaming_content).decode()
    assert "缙云县政务公开工作要点" in body and "青田县政务公开工作要点" not in body
    other = client.get(f"/data/{qingtian.code}/documents.csv", HTTP_HOST=COUNTY_HOST)
    assert other.status_code == 404


def test_city_home_shows_county_news_from_the_county_sites(client, county_docs, agency_a):
    published(agency_a, "丽水市本级文件", 3)
    city = page(client, "/", CITY_HOST)
    news = city.split('id="county-news"')[1].split("</section>")[0]
    assert "缙云县政务公开工作要点" in news and "青田县政务公开工作要点" in news
    assert "丽水市本级文件" not in news
    assert f"//{COUNTY_HOST}/" in news
    # A county site has no sites below it: no such section.
    assert 'id="county-news"' not in page(client, "/", COUNTY_HOST)


def test_agency_directory_and_site_map_list_the_site_agencies(client, group):
    for path in ("/agencies/", "/sitemap/"):
        county = page(client, path, COUNTY_HOST)
        assert "缙云县人民政府" in county and "青田县人民政府" not in county, path
        assert "青田县人民政府" in page(client, path, CITY_HOST), path


# --- Shared resource library ------------------------------------------------------------------


def test_a_placed_document_shows_on_the_other_site_until_withdrawn(
    client, county_docs, jinyun, qingtian, django_capture_on_commit_callbacks
):
    from disclosure import placements
    from publishing.models import Status
    from tests.factories import staff

    document = county_docs["sibling"]
    head = staff("head_jinyun", jinyun, "office_head")
    with django_capture_on_commit_callbacks(execute=True):
        placements.document_place(
            document=document, site=group_site(COUNTY_HOST), note="转载自青田县", user=head
        )
    county = page(client, "/", COUNTY_HOST)
    assert "青田县政务公开工作要点" in county.split('id="placed-documents"')[1]
    # Its page answers on the county site too (no redirect), and nothing was copied.
    assert client.get(document.get_absolute_url(), HTTP_HOST=COUNTY_HOST).status_code == 200
    assert Document.objects.filter(title="青田县政务公开工作要点").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        Document.objects.filter(pk=document.pk).update(status=Status.WITHDRAWN)
        sites.site_changed()
    assert "青田县政务公开工作要点" not in page(client, "/", COUNTY_HOST)


def test_only_the_site_editors_place_documents_and_only_published_ones(
    group, county_docs, jinyun, qingtian
):
    from django.core.exceptions import PermissionDenied

    from disclosure import placements
    from tests.factories import staff

    outsider = staff("head_qingtian", qingtian, "office_head")
    with pytest.raises(PermissionDenied):
        placements.document_place(
            document=county_docs["sibling"], site=group["county"], note="", user=outsider
        )
    head = staff("head_jinyun", jinyun, "office_head")
    draft = Document.objects.create(
        agency=qingtian, title="草稿", date_formed=dt.date(2026, 6, 1), status=DocumentStatus.DRAFT
    )
    with pytest.raises(ValidationError):
        placements.document_place(document=draft, site=group["county"], note="", user=head)


def group_site(host: str) -> Site:
    return SiteHost.objects.get(host=host).site


# --- Onboarding from a spreadsheet ------------------------------------------------------------

SHEET = """code,parent_code,name,level,kind,office_phone
331123000,331100000,遂昌县人民政府,county,government,0578-8121001
331123001,331123000,遂昌县财政局,county,department,
331123101,331123000,遂昌县妙高街道办事处,township,government,
"""


def test_onboarding_creates_the_site_and_its_agencies(tmp_path, client, group):
    from django.core.management import call_command

    from portal.models import Agency

    sheet = tmp_path / "suichang.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    call_command(
        "onboard_site", str(sheet), "--name", "遂昌县人民政府门户网站", "--host", "sc.localhost"
    )
    site = SiteHost.objects.get(host="sc.localhost").site
    assert site.root_agency.name == "遂昌县人民政府"
    assert Agency.objects.get_children(site.root_agency).count() == 2


def test_onboarding_is_all_or_nothing(tmp_path, group):
    from django.core.management import CommandError, call_command

    from portal.models import Agency

    sheet = tmp_path / "bad.csv"
    sheet.write_text(SHEET + "331123002,999999999,不存在的上级,county,department,\n")
    with pytest.raises(CommandError) as error:
        call_command("onboard_site", str(sheet), "--name", "遂昌", "--host", "sc.localhost")
    assert "Row 5" in str(error.value) and "999999999" in str(error.value)
    assert not Agency.objects.filter(code__startswith="331123").exists()
    assert not SiteHost.objects.filter(host="sc.localhost").exists()


def test_a_county_links_the_rules_of_the_city_above_it_on_the_city_site(
    client, group, agency_a, jinyun
):
    """政府信息公开制度: the county follows the city's rules too; its page links them where the
    city's site shows them (no redirect through the county's host), and its own rules here."""
    theme = Theme.objects.get(parent__name="综合政务", name="政务公开")
    city_rule = published(agency_a, "丽水市政府信息公开工作制度", 91)
    county_rule = published(jinyun, "缙云县依申请公开工作规程", 92)
    Document.objects.filter(pk__in=[city_rule.pk, county_rule.pk]).update(theme=theme)

    text = page(client, f"/agencies/{jinyun.code}/rules/", COUNTY_HOST)

    assert f'href="http://{CITY_HOST}/disclosure/documents/{city_rule.pk}/"' in text
    assert f'href="/disclosure/documents/{county_rule.pk}/"' in text
    # On the city's own site both are its own.
    text = page(client, f"/agencies/{jinyun.code}/rules/", CITY_HOST)
    assert f'href="/disclosure/documents/{city_rule.pk}/"' in text
