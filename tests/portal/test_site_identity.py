"""The site's identity in every page's footer: from the settings, edited by site operators in
the back office, shown at once (the page cache included)."""

from __future__ import annotations

import gzip
from html.parser import HTMLParser

import pytest

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from portal.models import SiteIdentity
from tests.factories import StaffClient, UserFactory
from tests.security.fixtures_matrix import PNG_1PX

pytestmark = pytest.mark.django_db
ADMIN = "/admin/portal/siteidentity/1/change/"
IDENTITY_SETTINGS = {
    "SITE_HOST": "江南省人民政府办公厅",
    "SITE_ORGANIZER": "江南省大数据中心",
    "SITE_IDENTIFIER_CODE": "3300000001",
    "SITE_ICP_NUMBER": "浙ICP备05012345号",
    "SITE_POLICE_NUMBER": "浙公网安备 33010602000001号",
    "SITE_BADGE_URL": "https://bszs.conac.cn/sitename?method=show&id=0123456789",
}


class Footer(HTMLParser):
    """The footer's links (href → text) and images (src → alt)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.links: dict[str, str] = {}
        self.images: dict[str, str] = {}
        self.text = ""
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "footer":
            self.inside = True
        elif self.inside and tag == "a":
            self._href = attrs["href"]
            self.links[self._href] = ""
        elif self.inside and tag == "img":
            self.images[attrs["src"]] = attrs.get("alt", "")
            if self._href:
                self.links[self._href] += f"[img {attrs['src']}]"

    def handle_endtag(self, tag):
        if tag == "footer":
            self.inside = False
        elif tag == "a":
            self._href = None

    def handle_data(self, data):
        if self.inside:
            self.text += data
            if self._href:
                self.links[self._href] += data.strip()


def footer(response) -> Footer:
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    parser = Footer()
    parser.feed(body.decode())
    return parser


@pytest.fixture
def operator():
    return UserFactory(username="root", is_superuser=True)


@pytest.fixture
def with_badge():
    return SiteIdentity.objects.create(
        pk=1,
        badge=SimpleUploadedFile("dzjg.png", PNG_1PX),
        badge_content_type="image/png",
    )


@override_settings(**IDENTITY_SETTINGS)
def test_the_footer_shows_the_site_identity_from_the_settings(client, agency_a, with_badge):
    found = footer(client.get("/"))
    text = " ".join(found.text.split())
    assert "主办单位：江南省人民政府办公厅" in text
    assert "承办单位：江南省大数据中心" in text
    assert "网站标识码：3300000001" in text
    assert found.links["https://beian.miit.gov.cn/"] == "浙ICP备05012345号"
    police = "https://beian.mps.gov.cn/#/query/webSearch?code=33010602000001"
    assert found.links[police] == "浙公网安备 33010602000001号"
    badge_link = found.links[IDENTITY_SETTINGS["SITE_BADGE_URL"]]
    assert badge_link.startswith("[img /site/badge/?v=")
    assert found.links["https://zfwzzc.www.gov.cn/?sitecode=3300000001"] == "我为政府网站找错"
    assert found.links["#footer-office-title"] == "联系我们"
    assert found.links["/sitemap/"] == "网站地图"


def test_without_settings_the_host_is_the_site_agency(client, agency_a):
    found = footer(client.get("/"))
    assert "主办单位：" in found.text
    assert "网站标识码" not in found.text and "承办单位" not in found.text
    assert found.links["https://zfwzzc.www.gov.cn/"] == "我为政府网站找错"
    assert not found.images


def test_the_badge_is_served_from_our_own_storage(client, with_badge):
    response = client.get("/site/badge/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG_1PX


def test_no_badge_is_not_found(client):
    assert client.get("/site/badge/").status_code == 404


@override_settings(PAGE_CACHE_SECONDS=300, **IDENTITY_SETTINGS)
def test_an_edit_in_the_back_office_shows_on_the_next_page(
    client, agency_a, operator, django_capture_on_commit_callbacks
):
    reader = StaffClient()
    assert "承办单位：江南省大数据中心" in footer(reader.get("/")).text
    assert reader.get("/")["X-Page-Cache"] == "hit"
    client.force_login(operator)
    form = {"organizer": "江南省政务服务中心", "error_report_url": "https://example.gov.cn/jc"}
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(ADMIN, form)
    assert saved.status_code == 302
    page = reader.get("/")
    found = footer(page)
    assert "承办单位：江南省政务服务中心" in found.text
    assert found.links["https://example.gov.cn/jc"] == "我为政府网站找错"
    # The fields left empty still come from the settings.
    assert "网站标识码：3300000001" in found.text


def test_an_uploaded_badge_appears_in_the_footer(client, agency_a, operator):
    client.force_login(operator)
    badge = SimpleUploadedFile("dzjg.png", PNG_1PX, content_type="image/png")
    form = {"badge": badge, "badge_url": "https://bszs.conac.cn/sitename?id=1"}
    assert client.post(ADMIN, form).status_code == 302
    src = next(iter(footer(StaffClient().get("/")).images))
    assert client.get(src).status_code == 200


@pytest.mark.parametrize(
    "name, content",
    [
        ("dzjg.png", b"%PDF-1.4 not a picture"),
        ("dzjg.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'),
        ("dzjg.png", b"GIF89a" + PNG_1PX[6:]),  # a GIF by its content, named .png
    ],
)
def test_the_badge_upload_refuses_what_is_not_a_picture(client, operator, name, content):
    client.force_login(operator)
    response = client.post(ADMIN, {"badge": SimpleUploadedFile(name, content)})
    assert response.status_code == 200  # the form again, with the error
    assert response.context["adminform"].form.errors["badge"]
    assert not SiteIdentity.objects.get(pk=1).badge


def test_anonymous_visitors_cannot_reach_the_site_identity_admin(client):
    response = client.get(ADMIN)
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


def test_agency_staff_cannot_edit_the_site_identity(client, agency_a, drafter_a):
    client.force_login(drafter_a)
    assert client.get(ADMIN).status_code == 403
    assert client.post(ADMIN, {"organizer": "篡改"}).status_code == 403
    assert not SiteIdentity.objects.filter(organizer="篡改").exists()


def test_staff_given_the_permission_may_edit_it(client, agency_a, drafter_a):
    drafter_a.user_permissions.add(Permission.objects.get(codename="change_siteidentity"))
    client.force_login(drafter_a)
    assert client.post(ADMIN, {"organizer": "江南省政务服务中心"}).status_code == 302
    assert SiteIdentity.objects.get(pk=1).organizer == "江南省政务服务中心"
