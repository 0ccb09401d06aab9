"""长者模式 (elder mode, GB/T 37668-2019 and the MIIT 适老化 rules): a switch in the header that
works without JavaScript and is remembered, its stylesheet, the simplified home page, the 无障碍
page, read-aloud as an enhancement only, and one cached copy of a page per mode."""

from __future__ import annotations

import re

import lxml.html
import pytest

from django.contrib.staticfiles import finders
from django.test import override_settings

pytestmark = pytest.mark.django_db


def page(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def stylesheets(tree: lxml.html.HtmlElement) -> list[str]:
    return [href.rsplit("/", 1)[-1] for href in tree.xpath("//link[@rel='stylesheet']/@href")]


def elder_switch(tree: lxml.html.HtmlElement):
    form = tree.xpath("//header//form[contains(@class, 'elder-switch')]")[0]
    return form, form.xpath(".//button")[0]


def test_the_switch_is_a_plain_form_in_the_header(client):
    tree = page(client.get("/agencies/"))

    form, button = elder_switch(tree)
    assert form.get("method") == "post" and form.get("action") == "/display/elder-mode/"
    assert form.xpath(".//input[@name='next']/@value") == ["/agencies/"]
    assert not form.xpath(".//input[@name='csrfmiddlewaretoken']")
    assert (button.text_content(), button.get("value"), button.get("aria-pressed")) == (
        "长者模式",
        "on",
        "false",
    )


def test_switching_on_is_remembered_and_changes_the_next_page(client):
    response = client.post("/display/elder-mode/", {"mode": "on", "next": "/agencies/"})

    assert response.status_code == 302 and response.url == "/agencies/"
    cookie = response.cookies["elder_mode"]
    assert cookie.value == "on" and cookie["max-age"] == 365 * 24 * 3600
    assert cookie["samesite"] == "Lax"
    tree = page(client.get(response.url))
    assert "elder-mode" in tree.xpath("//body/@class")[0].split()
    assert "elder.css" in stylesheets(tree)
    _, button = elder_switch(tree)
    assert (button.get("value"), button.get("aria-pressed")) == ("off", "true")


def test_switching_off_forgets_it(client):
    client.cookies["elder_mode"] = "on"

    response = client.post("/display/elder-mode/", {"mode": "off", "next": "/"})

    assert response.cookies["elder_mode"]["max-age"] == 0
    tree = page(client.get("/"))
    assert not tree.xpath("//body/@class") and "elder.css" not in stylesheets(tree)


def test_standard_pages_do_not_load_the_elder_stylesheet(client):
    tree = page(client.get("/"))

    assert stylesheets(tree) == ["portal.css"]


def test_the_switch_returns_only_to_this_site(client):
    response = client.post(
        "/display/elder-mode/", {"mode": "on", "next": "https://evil.example/phish"}
    )

    assert response.url == "/"


def test_the_switch_only_takes_a_post(client):
    assert client.get("/display/elder-mode/").status_code == 405


def test_elder_mode_and_large_text_combine(client):
    client.cookies["elder_mode"] = "on"
    client.cookies["text_size"] = "large"

    tree = page(client.get("/"))

    assert tree.get("class") == "large-text"
    assert tree.xpath("//body/@class") == ["elder-mode"]


# --- What the mode's stylesheet promises ---


def elder_css() -> str:
    path = finders.find("css/elder.css")
    assert path
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def test_elder_text_is_at_least_18_pixels():
    css = elder_css()

    root = re.search(r"^html \{\s*font-size: (\d+(?:\.\d+)?)%;", css, re.MULTILINE)
    assert root and 16 * float(root.group(1)) / 100 == 20
    # The smallest size portal.css sets is 0.8rem; the mode lifts every one below 0.9rem.
    assert "font-size: 0.9rem" in css and 20 * 0.9 >= 18


def test_elder_targets_are_44_pixels_and_nothing_floats():
    css = elder_css()

    assert "min-height: 44px" in css and "min-width: 44px" in css
    assert "position: fixed" not in css and "position: sticky" not in css
    assert re.search(r"\.toc[^{]*\{\s*position: static;", css)


# --- The simplified home page ---


def test_elder_home_page_shows_the_most_used_entries_only(client, agency_a):
    standard = page(client.get("/"))
    client.cookies["elder_mode"] = "on"

    elder = page(client.get("/"))

    entries = [
        (a.text_content().strip(), a.get("href"))
        for a in elder.xpath("//ul[@class='elder-home']/li/a")
    ]
    assert entries == [
        ("搜索", "/search/"),
        ("信息公开目录", "/disclosure/"),
        ("依申请公开", "/requests/apply/"),
        ("查询申请", "/requests/track/"),
        ("政策解读", "/interpretation/"),
        ("联系我们", entries[-1][1]),
    ]
    assert entries[-1][1].endswith("#office") or entries[-1][1] == "/agencies/"
    # The long home page (sections, every agency, the guide) is left out.
    assert standard.xpath("//section[@aria-labelledby='agencies-title']")
    assert not elder.xpath("//section[@aria-labelledby='agencies-title']")
    assert len(elder.xpath("//main//section")) == 1


# --- The 无障碍 page ---


def test_accessibility_page_is_linked_from_the_header_and_explains_the_features(client):
    home = page(client.get("/"))

    links = home.xpath("//header//a[@href='/accessibility/']")
    assert [a.text_content() for a in links] == ["无障碍"]
    tree = page(client.get("/accessibility/"))
    assert tree.xpath("//h1")[0].text_content() == "无障碍"
    terms = [dt.text_content() for dt in tree.xpath("//dl[@class='accessibility-features']/dt")]
    assert terms[:3] == ["长者模式", "字号", "朗读"]
    assert tree.xpath("//meta[@name='description']/@content")


def test_accessibility_page_switches_the_mode_itself(client):
    tree = page(client.get("/accessibility/"))
    button = tree.xpath("//main//form[@action='/display/elder-mode/']//button")[0]
    assert (button.get("value"), button.text_content()) == ("on", "开启长者模式")

    client.cookies["elder_mode"] = "on"
    tree = page(client.get("/accessibility/"))
    button = tree.xpath("//main//form[@action='/display/elder-mode/']//button")[0]
    assert (button.get("value"), button.text_content()) == ("off", "关闭长者模式")


# --- Read aloud: an enhancement only ---


def test_read_aloud_is_hidden_until_the_browser_can_speak(client):
    tree = page(client.get("/"))

    button = tree.xpath("//button[@data-read-aloud]")[0]
    assert button.get("hidden") is not None and button.get("type") == "button"
    scripts = tree.xpath("//script")
    assert all(script.get("src") and not (script.text or "").strip() for script in scripts)
    assert any(src.endswith("/js/read-aloud.js") for src in tree.xpath("//script/@src"))


def test_read_aloud_uses_no_external_service():
    path = finders.find("js/read-aloud.js")
    assert path
    with open(path, encoding="utf-8") as handle:
        script = handle.read()

    assert "speechSynthesis" in script
    assert not re.search(r"https?://|fetch\(|XMLHttpRequest", script)


# --- The page cache: one copy per mode ---


@override_settings(PAGE_CACHE_SECONDS=300)
def test_cached_pages_never_mix_modes(client, agency_a):
    seen = []
    for elder, size in [("", ""), ("on", ""), ("", ""), ("on", ""), ("on", "large"), ("x", "")]:
        client.cookies["elder_mode"] = elder
        client.cookies["text_size"] = size
        response = client.get("/")
        tree = page(response)
        seen.append((response["X-Page-Cache"], tree.xpath("//body/@class"), tree.get("class")))

    assert seen == [
        ("miss", [], None),
        ("miss", ["elder-mode"], None),
        ("hit", [], None),
        ("hit", ["elder-mode"], None),
        ("miss", ["elder-mode"], "large-text"),
        ("hit", [], None),  # a made-up value is the standard mode, not a copy of its own
    ]


@override_settings(PAGE_CACHE_SECONDS=300)
def test_the_switch_itself_is_never_cached(client):
    response = client.post("/display/elder-mode/", {"mode": "on", "next": "/"})

    assert "X-Page-Cache" not in response
