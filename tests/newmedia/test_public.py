"""The public 政务新媒体 list and its outputs: published accounts only, grouped by platform and
agency with described QR codes; closed accounts apart, marked; the QR code served as checked;
the API, feed, CSV and sitemap hold nothing unpublished."""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest

from django.urls import reverse

from newmedia.models import Platform
from tests.newmedia.conftest import draft, publish

pytestmark = pytest.mark.django_db


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture
def accounts(agency_a, drafter_a, reviewer_a, publisher_a):
    made = {
        "wechat": draft(agency_a, drafter_a),
        "douyin": draft(agency_a, drafter_a, platform=Platform.DOUYIN, name="丽水抖音"),
        "closed": draft(agency_a, drafter_a, platform=Platform.WEIBO, name="旧微博",
                        closed_on=dt.date(2025, 1, 1), closure_reason="职能调整"),
    }  # fmt: skip
    for account in made.values():
        publish(account, drafter_a, reviewer_a, publisher_a)
    made["draft"] = draft(agency_a, drafter_a, name="草稿账号内部名")
    return made


def test_the_list_groups_published_accounts_by_platform_with_described_qr_codes(client, accounts):
    page = body(client.get(reverse("newmedia:list")))
    tree = lxml.html.fromstring(page)
    headings = [h.text_content().split()[0] for h in tree.xpath("//section/h3")]
    assert headings == ["微信公众号", "抖音"]
    images = tree.xpath("//img[@class='newmedia-qr']")
    assert {img.get("alt") for img in images} == {"“丽水发布”（微信公众号）二维码",
                                                  "“丽水抖音”（抖音）二维码"}  # fmt: skip
    assert "草稿账号内部名" not in page and "旧微博" not in page


def test_closed_accounts_are_listed_apart_and_keep_their_page(client, accounts):
    page = body(client.get(reverse("newmedia:list"), {"closed": "1"}))
    assert "旧微博" in page and "已关停" in page and "丽水发布" not in page
    detail = body(client.get(accounts["closed"].get_absolute_url()))
    assert "该账号已于2025-01-01关停" in detail and "职能调整" in detail


def test_a_draft_has_no_page_nor_qr_code(client, accounts):
    draft_account = accounts["draft"]
    assert client.get(draft_account.get_absolute_url()).status_code == 404
    assert client.get(draft_account.get_qr_url()).status_code == 404


def test_the_qr_code_is_served_with_the_type_found_when_checked(client, accounts):
    response = client.get(accounts["wechat"].get_qr_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body_bytes(response).startswith(b"\x89PNG")


def body_bytes(response) -> bytes:
    return b"".join(response.streaming_content)


def test_api_feed_csv_and_sitemap_hold_only_published_accounts(client, accounts):
    outputs = {
        "api": body(client.get("/api/v1/newmedia-accounts/")),
        "rss": body(client.get("/feeds/newmedia.rss")),
        "atom": body(client.get("/feeds/newmedia.atom")),
        "csv": body(client.get("/data/newmedia-accounts.csv")),
        "sitemap": body(client.get("/sitemap-newmedia.xml")),
    }
    for name, text in outputs.items():
        assert "草稿账号内部名" not in text and f"/newmedia/{accounts['draft'].pk}/" not in text, (
            name
        )
    assert "丽水抖音" in outputs["api"] and "丽水抖音" in outputs["csv"]
    assert "关停" in outputs["csv"]
    assert f"/newmedia/{accounts['douyin'].pk}/</loc>" in outputs["sitemap"]


def test_the_api_filters_by_platform_and_closure(client, accounts):
    data = client.get("/api/v1/newmedia-accounts/", {"platform": "douyin"}).json()
    assert [row["name"] for row in data["results"]] == ["丽水抖音"]
    data = client.get("/api/v1/newmedia-accounts/", {"closed": "true"}).json()
    assert [row["name"] for row in data["results"]] == ["旧微博"]
    assert data["results"][0]["qr_code_url"].endswith(accounts["closed"].get_qr_url())


def test_the_list_is_read_in_few_queries(client, accounts, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get(reverse("newmedia:list"))
