"""Security headers: the Content-Security-Policy everywhere, and the pages living up to it.

The policy forbids inline scripts, event-handler attributes and style attributes, so the pages
must not contain any: the crawls below read the HTML of the public site and the back office
(demo data) the way a browser would and fail on the first one they meet.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import path

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]

STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "media-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def csp(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def page_nonce(response) -> str | None:
    """The nonce a page's policy allows, if any: only a page with the body editor has one, for
    its import map (portal.richtext)."""
    found = re.search(r"'nonce-([^']+)'", response.headers.get("Content-Security-Policy", ""))
    return found[1] if found else None


def assert_strict(response) -> None:
    directives = csp(response)
    nonce = page_nonce(response)
    for name, values in STRICT.items():
        if name == "script-src" and nonce:
            values = [*values, f"'nonce-{nonce}'"]
        assert directives.get(name) == values, (name, directives.get(name))
    # Our own styles only (the one hash is the 500 page's <style> block).
    assert directives["style-src"][0] == "'self'"
    assert all(value.startswith("'sha256-") for value in directives["style-src"][1:])
    assert "worker-src" not in directives


class InlineCode(HTMLParser):
    """Collects what the policy would block: inline <script>/<style>, on*= and style=."""

    # Data blocks are not run, so the policy does not apply to them.
    DATA_SCRIPTS = {"application/json", "application/ld+json"}

    def __init__(self, nonce: str | None = None) -> None:
        super().__init__()
        self.nonce = nonce
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "style":
            self.found.append("<style> element")
        kind = (attributes.get("type") or "").lower()
        # An import map with the response's nonce is allowed by the policy, and nothing else.
        allowed = kind == "importmap" and self.nonce and attributes.get("nonce") == self.nonce
        inline = tag == "script" and "src" not in attributes and kind not in self.DATA_SCRIPTS
        if inline and not allowed:
            self.found.append("inline <script>")


def inline_code(html: str, nonce: str | None = None) -> list[str]:
    parser = InlineCode(nonce)
    parser.feed(html)
    return parser.found


SKIP = ("/data/", "/feeds/", "/media/", "/i18n/", "logout", "/delete/", ".pdf", ".xlsx")


def crawl(client: Client, start: str, prefix: str, limit: int) -> dict[str, list[str]]:
    """Follow same-site links under ``prefix`` from ``start``; return what each HTML page holds
    that the policy would block, and check every page's policy on the way."""
    queue, seen, problems = [start], set(), {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        assert_strict(response)
        html = response.content.decode()
        if found := inline_code(html, page_nonce(response)):
            problems[url] = found
        for href in re.findall(r'href="([^"#]+)', html):
            target = urlsplit(urljoin(url, href.replace("&amp;", "&")))
            if target.netloc not in ("", "testserver"):
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if link.startswith(prefix) and not any(part in link for part in SKIP):
                queue.append(link)
    assert len(seen) > 15, f"the crawl from {start} found only {len(seen)} pages"
    return problems


@pytest.fixture
def demo(db):
    call_command("load_demo", "--allow-production", stdout=StringIO())


def test_public_pages_have_no_inline_script_handler_or_style(demo, client):
    assert crawl(client, "/", "/", limit=90) == {}


def test_back_office_pages_have_no_inline_script_handler_or_style(demo, client):
    client.force_login(get_user_model().objects.get(username="admin"))
    assert crawl(client, "/admin/", "/admin/", limit=70) == {}


def test_the_inline_code_finder_finds_what_the_policy_blocks():
    html = (
        '<p style="color:red">x</p><a href="#" onclick="go()">y</a><script>go()</script>'
        '<script src="/static/a.js"></script><script type="application/json">{}</script>'
        '<a href="javascript:go()">z</a><style>p{}</style>'
    )
    assert inline_code(html) == [
        '<p style="color:red">',
        "<a onclick=…>",
        "inline <script>",
        "<a href=javascript:go()>",
        "<style> element",
    ]


def test_only_the_import_map_with_the_pages_nonce_is_allowed_inline():
    importmap = '<script type="importmap" nonce="abc">{}</script>'
    assert inline_code(importmap, "abc") == []
    assert inline_code(importmap, "xyz") == ["inline <script>"]
    assert inline_code(importmap) == ["inline <script>"]
    assert inline_code('<script nonce="abc">go()</script>', "abc") == ["inline <script>"]


def test_public_page_sends_the_strict_policy(client, province):
    assert_strict(client.get("/"))


def test_admin_login_sends_the_strict_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_strict(response)
    assert inline_code(response.content.decode()) == []


def test_api_responses_send_the_policy(client, province):
    response = client.get("/api/v1/agencies/")
    assert response.status_code == 200
    assert_strict(response)


def test_swagger_ui_runs_under_the_strict_policy(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert_strict(response)
    html = response.content.decode()
    assert inline_code(html) == []
    # Its start-up script is a second request to the same view, as JavaScript.
    script = re.search(r'<script src="([^"]*\?[^"]*script[^"]*)"', html)
    assert script, html
    response = client.get(script[1].replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()


def test_redoc_alone_may_inject_styles_and_start_a_blob_worker(client):
    response = client.get("/api/v1/redoc/")
    assert response.status_code == 200
    directives = csp(response)
    # No hash next to 'unsafe-inline', which would make browsers ignore it.
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["worker-src"] == ["'self'", "blob:"]
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    html = response.content.decode()
    assert [item for item in inline_code(html) if item != "<style> element"] == []
    assert "<style>" not in html  # ReDoc's own styles come at run time, none from the page
    assert "googleapis" not in html and "gstatic" not in html


def _fail(request):
    raise RuntimeError("broken on purpose")


urlpatterns = [path("fail/", _fail)]


@override_settings(ROOT_URLCONF=__name__)
def test_the_500_page_inline_style_is_allowed_by_its_hash():
    response = Client(raise_request_exception=False).get("/fail/")
    assert response.status_code == 500
    style = re.search(r"<style>(.*?)</style>", response.content.decode(), re.S)
    assert style, "the 500 page has no inline <style> any more: drop its hash from the policy"
    digest = base64.b64encode(hashlib.sha256(style[1].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp(response)["style-src"]


def test_other_security_headers(client, province):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions.split(", ")
    assert "fullscreen" not in permissions  # the interpretation videos offer it


def production_settings(**variables: str) -> dict:
    """The security settings as production (DEBUG off, no overrides) reads them."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "SESSION_", "CSRF_", "DEBUG", "DJANGO_SETTINGS"))
    }
    environment.update(
        SECRET_KEY="s" * 50,
        ALLOWED_HOSTS="gk.example.gov.cn",
        DATABASE_URL="postgres://portal@db.internal:5432/portal",
        REDIS_URL="redis://redis.internal:6379/0",
        EMAIL_HOST="smtp.example.gov.cn",
        **variables,
    )
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "X_FRAME_OPTIONS",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        "SECURE_REFERRER_POLICY",
        "SECURE_CONTENT_TYPE_NOSNIFF",
    ]
    code = (
        "import json, portal.settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {names}}}))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_are_strict():
    assert production_settings() == {
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
    }


def test_hsts_is_sent_over_https(province):
    # SecurityMiddleware reads its settings when the handler is built: a new Client after the
    # override builds a new one.
    with override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True):
        response = Client().get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_session_and_csrf_cookies_are_secure_and_the_session_cookie_http_only():
    get_user_model().objects.create_user("clerk", password="right-pw-123", is_staff=True)
    with override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True):
        client = Client(enforce_csrf_checks=True)
        client.get("/admin/login/", secure=True)
        response = client.post(
            "/admin/login/",
            {
                "username": "clerk",
                "password": "right-pw-123",
                "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
            },
            secure=True,
            headers={"referer": "https://testserver/admin/login/"},
        )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert client.cookies["csrftoken"]["secure"]
