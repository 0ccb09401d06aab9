"""A walk of every public URL on each demo host (issue 21): the demo as a site group, with
distinctive markers planted in records no site may list, and in records of agencies outside a
site's subtree (a document placed on a site, 引用/转载, is the site's to show); each host is
crawled from its home page, sitemap.xml, robots.txt, the feeds and the API's list endpoints
(from the OpenAPI schema), and no page answers 500, none lists a record of another site's
agencies, and nothing unpublished or personal appears anywhere.

The demo is loaded once for the module inside a transaction rolled back at its end (a walk is
read-only; each test's own transaction nests inside it).
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from disclosure.models import Document, DocumentPlacement
from interaction.models import Message
from portal import sites
from portal.models import Agency, Site
from publishing.models import Status
from requests_app.models import InformationRequest

pytestmark = pytest.mark.django_db

PROVINCE_HOST = "127.0.0.1"
CITY_HOST = "lishui.localhost"
COUNTY_HOST = "jinyun.lishui.localhost"
HOSTS = (PROVINCE_HOST, CITY_HOST, COUNTY_HOST)
PAGE_LIMIT = 400  # per host
SHAPE_LIMIT = 3  # pages of one shape (digits and query values aside) per host

# Never followed: the back office, sign-in and state-changing addresses, the static files.
SKIP = (
    "/admin/",
    "/accounts/",
    "/api/v1/staff/",
    "/i18n/",
    "/display/",
    "/static/",
    "/media/",
    "logout",
    "/delete/",
    "/api/v1/schema/swagger",
    "/api/v1/schema/redoc",
)
FINE = {200, 301, 302, 303, 304, 404}

# The markers: each a string that must appear on no page of the hosts named.
OUT_PROVINCE = "WALKMARK省级文件"  # the province government's own document
OUT_CITY = "WALKMARK市级文件"  # 丽水市人民政府's document
OUT_OTHER_CITY = "WALKMARK外市文件"  # a document of the demo's other city
COUNTY_DOC = "WALKMARK县级文件"  # 缙云县's: every site shows it
PLACED = "WALKMARK转载文件"  # the province's, placed (转载) on the county's site only
DRAFT = "WALKMARK草稿"
IN_REVIEW = "WALKMARK待审"
APPROVED = "WALKMARK待发布"
WITHDRAWN = "WALKMARK已撤回"
APPLICANT = "WALKMARK申请人"
APPLICANT_PHONE = "13900009999"
APPLICANT_MAIL = "walkmark-applicant@example.org"
WRITER = "WALKMARK留言人"
WRITER_PHONE = "13900008888"
WRITER_MAIL = "walkmark-writer@example.org"

EVERYWHERE = (
    DRAFT,
    IN_REVIEW,
    APPROVED,
    WITHDRAWN,
    APPLICANT,
    APPLICANT_PHONE,
    APPLICANT_MAIL,
    WRITER,
    WRITER_PHONE,
    WRITER_MAIL,
)
FORBIDDEN = {
    PROVINCE_HOST: EVERYWHERE,
    CITY_HOST: (*EVERYWHERE, OUT_PROVINCE, OUT_OTHER_CITY, PLACED),
    COUNTY_HOST: (*EVERYWHERE, OUT_PROVINCE, OUT_OTHER_CITY, OUT_CITY),
}
# What each host must show somewhere (the walk reaches the site's own content).
EXPECTED = {
    PROVINCE_HOST: (OUT_PROVINCE, OUT_CITY, OUT_OTHER_CITY, COUNTY_DOC, PLACED),
    CITY_HOST: (OUT_CITY, COUNTY_DOC),
    # (PLACED: the county's demo home has no 转载 module; allowed there, not required.)
    COUNTY_HOST: (COUNTY_DOC,),
}


def _document(agency: Agency, title: str, status: str, number: int) -> Document:
    return Document.objects.create(
        agency=agency,
        title=f"{title}：关于做好站群巡检工作的通知",
        index_number=f"{agency.code}/2026-9{number:04d}",
        date_formed="2026-06-01",
        date_published="2026-06-05" if status in (Status.PUBLISHED, Status.WITHDRAWN) else None,
        status=status,
    )


def _plant() -> None:
    province = Agency.objects.get(code="330000000")
    city = Agency.objects.get(code="331100000")
    county = Agency.objects.get(code="331122000")
    other_city = (
        Agency.objects.get_children(province)
        .filter(kind="government")
        .exclude(pk=city.pk)
        .order_by("code")
        .first()
    )
    assert other_city is not None
    _document(province, OUT_PROVINCE, Status.PUBLISHED, 1)
    _document(city, OUT_CITY, Status.PUBLISHED, 2)
    _document(other_city, OUT_OTHER_CITY, Status.PUBLISHED, 3)
    _document(county, COUNTY_DOC, Status.PUBLISHED, 4)
    # An explicit placement (引用/转载): the county's site shows the province's document.
    DocumentPlacement.objects.create(
        document=_document(province, PLACED, Status.PUBLISHED, 9),
        site=Site.objects.get(hosts__host=COUNTY_HOST),
        note="转载",
        placed_by=get_user_model().objects.get(username="admin"),
    )
    for number, (title, status) in enumerate(
        [
            (DRAFT, Status.DRAFT),
            (IN_REVIEW, Status.IN_REVIEW),
            (APPROVED, Status.APPROVED),
            (WITHDRAWN, Status.WITHDRAWN),
        ],
        start=5,
    ):
        for agency in (province, city, county):
            _document(agency, title, status, number * 10 + len(agency.path))
    # Every applicant's and every writer's personal data carry markers.
    requests = list(InformationRequest.objects.all())
    assert requests, "the demo has information requests"
    for request in requests:
        request.name, request.phone, request.email = APPLICANT, APPLICANT_PHONE, APPLICANT_MAIL
        request.save(update_fields=["name", "phone", "email"])
    messages = list(Message.objects.all())
    assert messages, "the demo has messages"
    for message in messages:
        message.name, message.mobile, message.email = WRITER, WRITER_PHONE, WRITER_MAIL
        message.save(update_fields=["name", "mobile", "email"])


@pytest.fixture(scope="module")
def site_group(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The demo as a site group with the markers, for the whole module."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", "--sites", "--allow-production", stdout=StringIO())
        _plant()
        yield
        _WALKS.clear()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _hosts(settings):
    settings.ALLOWED_HOSTS = [".localhost", "127.0.0.1", "testserver"]


def _public_paths() -> list[str]:
    """Every URL of the portal without parameters (pages, feeds, exports, API lists)."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            route = str(entry.pattern)
            if "<" in route or "(?P" in route or route.startswith("^"):
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern):
                found.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return [path for path in found if not any(part in path for part in SKIP)]


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Encoding") == "gzip":
        content = gzip.decompress(content)
    return content.decode(errors="replace")


def _shape(link: str) -> str:
    parts = urlsplit(link)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


@dataclass
class Walk:
    host: str
    seen: dict[str, int] = field(default_factory=dict)  # url → status
    bad_status: dict[str, int] = field(default_factory=dict)
    leaks: dict[str, list[str]] = field(default_factory=dict)  # url → markers on it
    # url → names of agencies outside the site's subtree (its root's ancestors aside) on it
    foreign: dict[str, list[str]] = field(default_factory=dict)
    elsewhere: dict[str, str] = field(default_factory=dict)  # listed url → where it goes
    linked_from: dict[str, str] = field(default_factory=dict)  # url → the first page linking it
    shown: set[str] = field(default_factory=set)  # markers seen anywhere
    sitemap_hosts: set[str] = field(default_factory=set)


def _links(url: str, text: str, kind: str) -> list[str]:
    if "html" in kind:
        raw = re.findall(r'(?:href|src|action)="([^"#]+)', text)
    elif "json" in kind:
        raw = re.findall(r'"((?:https?://|/)[^"\s]*)"', text)
    else:  # feeds, sitemap, robots.txt
        raw = re.findall(r"(https?://[^\s<\"']+)", text)
        raw += re.findall(r"^(?:Allow|Disallow|Sitemap):\s*(\S+)", text, flags=re.M)
    return [urljoin(url, link.replace("&amp;", "&")) for link in raw]


def foreign_agency_names(host: str) -> list[str]:
    """The names of the agencies a site neither shows nor sits under (its breadcrumbs name the
    root's ancestors), longest first."""
    site = sites.site_for_host(host)
    assert site is not None
    names = {
        agency.name
        for agency in Agency.objects.all()
        if not agency.path.startswith(site.root_path) and not site.root_path.startswith(agency.path)
    }
    return sorted(names, key=len, reverse=True)


def walk(host: str, extra_seeds: list[str]) -> Walk:
    foreign_names = foreign_agency_names(host)
    # A 500 is recorded with its URL (and logged with its traceback), not raised.
    client = Client(HTTP_HOST=host, raise_request_exception=False)
    result = Walk(host)
    unlinked = set(_public_paths())  # a POST-only form's address answers GET with 405
    queue = ["/", "/robots.txt", "/sitemap.xml", *unlinked, *extra_seeds]
    shapes: Counter[str] = Counter()
    forbidden = FORBIDDEN[host]
    while queue and len(result.seen) < PAGE_LIMIT:
        url = queue.pop(0)
        if url in result.seen:
            continue
        shape = _shape(url)
        if shapes[shape] >= SHAPE_LIMIT:
            continue
        shapes[shape] += 1
        response = client.get(url)
        result.seen[url] = response.status_code
        if response.status_code not in FINE and not (
            response.status_code == 405 and url in unlinked
        ):
            result.bad_status[url] = response.status_code
            continue
        if response.status_code in (301, 302, 303):
            target = urlsplit(response["Location"])
            if target.netloc and target.netloc != host:
                listed_on = result.linked_from.get(url, "(a seed)")
                result.elsewhere[url] = f"{response['Location']}, listed on {listed_on}"
            elif target.path:
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
            continue
        if response.status_code != 200:
            continue
        kind = response.get("Content-Type", "")
        text = _body(response)
        if found := [marker for marker in forbidden if marker in text]:
            result.leaks[url] = found
        if names := [name for name in foreign_names if name in text]:
            result.foreign[url] = names
        result.shown.update(marker for marker in EXPECTED[PROVINCE_HOST] if marker in text)
        if url.startswith("/sitemap"):
            result.sitemap_hosts.update(
                urlsplit(loc).netloc for loc in re.findall(r"<loc>([^<]+)</loc>", text)
            )
        for link in _links(f"http://{host}{url}", text, kind):
            target = urlsplit(link)
            if target.netloc not in ("", host):
                continue
            path = target.path + (f"?{target.query}" if target.query else "")
            if path.startswith("/") and not any(part in path for part in SKIP):
                result.linked_from.setdefault(path, url)
                queue.append(path)
    return result


def _schema_list_paths(host: str) -> list[str]:
    """The API's list endpoints from its OpenAPI schema (paths without parameters)."""
    response = Client(HTTP_HOST=host).get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(_body(response))
    return [
        path
        for path, operations in schema["paths"].items()
        if "{" not in path and "get" in operations and "/staff/" not in path
    ]


_WALKS: dict[str, Walk] = {}


def walked(host: str) -> Walk:
    """The walk of ``host``, once per module (the walk only reads, the data stay as planted)."""
    if host not in _WALKS:
        _WALKS[host] = walk(host, _schema_list_paths(host))
    return _WALKS[host]


def _markers(result: Walk, markers: tuple[str, ...]) -> dict[str, list[str]]:
    return {
        url: [m for m in found if m in markers]
        for url, found in result.leaks.items()
        if any(m in markers for m in found)
    }


@pytest.mark.parametrize("host", HOSTS)
def test_every_public_url_of_each_demo_host_answers_without_error(site_group, host):
    result = walked(host)
    assert len(result.seen) > 100, f"the walk of {host} reached only {len(result.seen)} URLs"
    assert result.bad_status == {}, f"{host}: pages answering neither 200, 3xx nor 404"


@pytest.mark.parametrize("host", HOSTS)
def test_no_public_url_shows_anything_unpublished_or_personal(site_group, host):
    assert _markers(walked(host), EVERYWHERE) == {}, f"{host}: unpublished or personal data"


@pytest.mark.parametrize("host", HOSTS)
def test_no_public_url_lists_a_record_of_an_agency_outside_the_site(site_group, host):
    result = walked(host)
    outside = tuple(marker for marker in FORBIDDEN[host] if marker not in EVERYWHERE)
    assert _markers(result, outside) == {}, f"{host}: documents of agencies outside the site"
    assert result.elsewhere == {}, f"{host}: links to records that another site shows"
    assert result.foreign == {}, f"{host}: pages naming agencies outside the site"


@pytest.mark.parametrize("host", HOSTS)
def test_the_walk_of_each_site_reaches_its_own_documents(site_group, host):
    result = walked(host)
    assert set(EXPECTED[host]) <= result.shown, f"{host}: the walk missed the site's own content"
    assert result.sitemap_hosts == {host}, f"{host}: sitemap.xml lists other hosts"


def test_robots_txt_names_each_hosts_own_sitemap(site_group):
    for host in HOSTS:
        robots = _body(Client(HTTP_HOST=host).get("/robots.txt"))
        assert f"Sitemap: http://{host}/sitemap.xml" in robots


def test_an_unknown_host_gets_a_plain_404_page(site_group):
    for path in ("/", "/disclosure/", "/api/v1/documents/", "/sitemap.xml", "/robots.txt"):
        response = Client(HTTP_HOST="qingtian.lishui.localhost").get(path)
        assert response.status_code == 404
        text = _body(response)
        assert "No site answers this host name." in text or "没有" in text
        for site in sites.active_sites():
            assert site.name not in text
        assert "WALKMARK" not in text
