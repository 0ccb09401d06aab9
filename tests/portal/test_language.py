"""Chinese is the default whatever the browser's Accept-Language; English only by the visitor's
choice with the language switch, remembered; the page cache follows the same decision."""

from __future__ import annotations

import gzip

import pytest

from django.conf import settings
from django.test import override_settings

pytestmark = pytest.mark.django_db
PAGE = "/agencies/"
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def text(response) -> str:
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode()


def test_a_browser_set_to_english_gets_the_chinese_site_with_the_switch(client, agency_a):
    page = text(client.get(PAGE, **ENGLISH_BROWSER))
    assert '<html lang="zh-Hans"' in page
    assert "机构导航" in page
    assert 'name="language" value="en"' in page  # the switch to English is on the page


def test_the_chosen_language_is_remembered(client, agency_a):
    switched = client.post("/i18n/setlang/", {"language": "en", "next": PAGE})
    cookie = switched.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"] >= 180 * 24 * 3600  # kept after the browser closes
    page = text(client.get(PAGE))
    assert '<html lang="en"' in page and "Agency directory" in page


def test_the_choice_wins_over_accept_language(client, agency_a):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert '<html lang="zh-Hans"' in text(client.get(PAGE, **ENGLISH_BROWSER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en"' in text(client.get(PAGE, HTTP_ACCEPT_LANGUAGE="zh-CN"))


def test_an_unknown_language_in_the_cookie_gives_chinese(client, agency_a):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="zh-Hans"' in text(client.get(PAGE, **ENGLISH_BROWSER))


def test_pages_vary_on_the_cookie_not_on_accept_language(client, agency_a):
    response = client.get(PAGE, **ENGLISH_BROWSER)
    assert response["Content-Language"] == "zh-hans"
    vary = [v.strip().lower() for v in response["Vary"].split(",")]
    assert "cookie" in vary and "accept-language" not in vary


@override_settings(PAGE_CACHE_SECONDS=300)
def test_the_page_cache_never_mixes_the_languages(client, agency_a):
    english_browser = client.get(PAGE, **ENGLISH_BROWSER)
    chinese_browser = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="zh-CN")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    chosen_english = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="zh-CN")
    again = client.get(PAGE, **ENGLISH_BROWSER)
    states = [r["X-Page-Cache"] for r in (english_browser, chinese_browser, chosen_english, again)]
    # The Chinese page rendered for an English browser is the one a Chinese browser gets.
    assert states == ["miss", "hit", "miss", "hit"]
    assert '<html lang="zh-Hans"' in text(english_browser) and text(chinese_browser)
    assert '<html lang="zh-Hans"' in text(chinese_browser)
    assert '<html lang="en"' in text(chosen_english) and '<html lang="en"' in text(again)


def test_the_api_answers_a_program_in_the_language_it_asks_for(client, agency_a):
    english = client.get("/api/v1/documents/", {"cursor": "x"}, **ENGLISH_BROWSER)
    chinese = client.get("/api/v1/documents/", {"cursor": "x"})
    assert english.status_code == chinese.status_code == 400
    assert english.json() != chinese.json()
    assert english["Content-Language"] == "en" and chinese["Content-Language"] == "zh-hans"


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_api_documentation_declares_its_language(client, url):
    assert '<html lang="en">' in client.get(url).content.decode()
