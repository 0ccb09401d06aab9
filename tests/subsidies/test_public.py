"""What the public sees of a list: the masked rows only, on every page, API response, export,
feed and search result; the 公示期 and the supervision phone at the top; the totals; the list
of lists and the API filtered by agency, kind and period."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
import time_machine

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from portal.search import indexing, query
from subsidies.models import SubsidyKind
from tests.factories import staff
from tests.search.conftest import search_index  # noqa: F401 - the index fixture
from tests.subsidies.conftest import CLEAR, draft, publish

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 10, 9, 10, 0, tzinfo=dt.UTC)


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def public_outputs(client, item) -> dict[str, str]:
    """Every public output a list can appear in, by name."""
    cache.clear()
    pk, code = item.pk, item.agency.code
    urls = {
        "index": reverse("subsidies:index"),
        "detail": item.get_absolute_url(),
        "detail page 2": item.get_absolute_url() + "?page=2",
        "rows csv": reverse("subsidies:rows_export", args=[pk, "csv"]),
        "rows json": reverse("subsidies:rows_export", args=[pk, "json"]),
        "api list": "/api/v1/subsidy-lists/",
        "api detail": f"/api/v1/subsidy-lists/{pk}/",
        "api rows": f"/api/v1/subsidy-lists/{pk}/rows/",
        "open data csv": "/data/subsidy-lists.csv",
        "open data json": "/data/subsidy-lists.json",
        "agency open data": f"/data/{code}/subsidy-lists.csv",
        "rss": "/feeds/subsidies.rss",
        "atom": "/feeds/subsidies.atom",
        "sitemap": "/sitemap-subsidies.xml",
        "column": reverse("portal:agency_column", args=[code]),
        "search page": "/search/?q=最低生活保障",
        "search api": "/api/v1/search/?q=最低生活保障",
    }
    found = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        found[name] = body(response)
    return found


@pytest.fixture
def on_display(agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        item = publish(draft(agency_a, drafter_a), drafter_a, reviewer_a, publisher_a)
    with time_machine.travel(NOW, tick=False):
        indexing.reconcile()
    return item


def test_no_value_of_the_upload_in_clear_appears_in_any_public_output(client, on_display):
    with time_machine.travel(NOW, tick=False):
        outputs = public_outputs(client, on_display)
        hits = query.search(query.parse_params({"q": "最低生活保障"})).hits
        for value in CLEAR:
            assert not query.search(query.parse_params({"q": value})).hits, value
    leaks = [f"{name}: {value}" for name, text in outputs.items() for value in CLEAR
             if value in text]  # fmt: skip
    assert not leaks, leaks
    assert [hit.url for hit in hits] == [on_display.get_absolute_url()]
    # What is there, masked.
    for name in ("detail", "rows csv", "rows json", "api rows"):
        text = outputs[name]
        for masked in ("张**", "欧阳**", "440524********0013", "138****5678",
                       "丽水市莲都区紫金街道下河社区***", "户主李*之父"):  # fmt: skip
            assert masked in text, (name, masked)
    assert on_display.get_absolute_url() in outputs["sitemap"]
    assert on_display.title in outputs["column"] and on_display.title in outputs["rss"]


def test_the_page_puts_the_notice_period_and_the_supervision_phone_first(client, on_display):
    with time_machine.travel(NOW, tick=False):
        page = body(client.get(on_display.get_absolute_url()))
    objection = page.index("subsidy-objection")
    assert objection < page.index("<table")
    notice = page[objection : page.index("</div>", objection)]
    assert "2026-10-14" in notice and "0578-2123120" in notice and "2026-10-08" in notice
    # The totals, computed from the rows.
    assert "4340.50" in page and ">6<" in page


def test_the_rows_export_is_formula_safe(client, agency_a, drafter_a, reviewer_a, publisher_a):
    from tests.subsidies.conftest import HEADER, ROWS, csv_bytes

    rows = [list(row) for row in ROWS]
    rows[0][9] = '=HYPERLINK("http://evil.example/","点击")'
    rows[1][10] = "+cmd|' /C calc'!A0"
    with time_machine.travel(NOW, tick=False):
        item = draft(agency_a, drafter_a, csv_bytes(HEADER, rows), "名单.csv")
        item = publish(item, drafter_a, reviewer_a, publisher_a)
        raw = body(client.get(reverse("subsidies:rows_export", args=[item.pk, "csv"])))
    cells = [cell for row in csv.reader(io.StringIO(raw.lstrip("\ufeff"))) for cell in row]
    assert "'" + rows[0][9] in cells and "'" + rows[1][10] in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


def test_the_api_gives_the_totals_and_the_masked_rows(client, on_display):
    with time_machine.travel(NOW, tick=False):
        detail = client.get(f"/api/v1/subsidy-lists/{on_display.pk}/").json()
        rows = client.get(detail["rows_url"]).json()
    assert (detail["row_count"], detail["people_total"], detail["amount_total"]) == (
        3,
        6,
        "4340.50",
    )
    assert detail["columns"][0] == {"key": "name", "heading": "姓名"}
    assert [row["name"] for row in rows["results"]] == ["张**", "欧阳**", "李*"]
    assert rows["results"][0]["extra"] == {"x11": "户主李*之父，邮箱 z***@example.com"}


@pytest.fixture
def several(agency_a, agency_b, civil_affairs, drafter_a, reviewer_a, publisher_a):
    from portal.models import StaffRole

    Role = StaffRole.Role
    bureau = staff("bureau_all", civil_affairs, *Role.values)
    other = staff("hz_all", agency_b, *Role.values)
    other_reviewer = staff("hz_reviewer", agency_b, Role.REVIEWER)
    with time_machine.travel(NOW, tick=False):
        lists = {
            "city": publish(draft(agency_a, drafter_a, title="市本级十月低保名单"), drafter_a,
                            reviewer_a, publisher_a),
            "bureau": publish(draft(civil_affairs, bureau, title="民政局特困人员名单",
                                    kind=SubsidyKind.EXTREME_POVERTY, period="2026年"),
                              bureau, staff("bureau_rev", civil_affairs, Role.REVIEWER), bureau),
            "hangzhou": publish(draft(agency_b, other, title="杭州临时救助名单",
                                      kind=SubsidyKind.TEMPORARY, period="2026年9月"),
                                other, other_reviewer, other),
        }  # fmt: skip
    return lists


def _titles(client, **params) -> set[str]:
    with time_machine.travel(NOW, tick=False):
        page = body(client.get(reverse("subsidies:index"), params))
    return {
        t for t in ("市本级十月低保名单", "民政局特困人员名单", "杭州临时救助名单") if t in page
    }


def test_the_lists_filter_by_agency_with_sub_agencies_kind_and_period(
    client, several, agency_a, civil_affairs
):
    everything = {"市本级十月低保名单", "民政局特困人员名单", "杭州临时救助名单"}
    assert _titles(client) == everything
    assert _titles(client, agency=agency_a.code) == {"市本级十月低保名单", "民政局特困人员名单"}
    assert _titles(client, agency=civil_affairs.code) == {"民政局特困人员名单"}
    assert _titles(client, kind="temporary") == {"杭州临时救助名单"}
    assert _titles(client, period="2026年10月") == {"市本级十月低保名单"}
    assert _titles(client, kind="nonsense") == everything
    assert _titles(client, agency="no-such-agency") == set()


def test_the_api_filters_by_agency_kind_and_period(client, several, agency_a):
    def titles(**params) -> set[str]:
        with time_machine.travel(NOW, tick=False):
            response = client.get("/api/v1/subsidy-lists/", params)
        assert response.status_code == 200
        return {row["title"] for row in response.json()["results"]}

    assert titles(agency=agency_a.code) == {"市本级十月低保名单", "民政局特困人员名单"}
    assert titles(kind="tekun") == {"民政局特困人员名单"}
    assert titles(period="2026年9月") == {"杭州临时救助名单"}


def test_the_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/").content.decode()
    for path in ("/api/v1/subsidy-lists/", "/api/v1/subsidy-lists/{id}/",
                 "/api/v1/subsidy-lists/{id}/rows/"):  # fmt: skip
        assert path in schema
    assert "BeneficiaryRow" in schema


def test_the_pages_and_the_api_need_no_query_per_list_or_row(
    client, several, django_assert_max_num_queries
):
    with time_machine.travel(NOW, tick=False):
        with django_assert_max_num_queries(12):
            client.get(reverse("subsidies:index"))
        with django_assert_max_num_queries(8):
            client.get("/api/v1/subsidy-lists/")
        with django_assert_max_num_queries(12):
            client.get(several["city"].get_absolute_url())
        with django_assert_max_num_queries(8):
            client.get(f"/api/v1/subsidy-lists/{several['city'].pk}/rows/")


def test_a_draft_is_not_public_anywhere(client, agency_a, drafter_a):
    with time_machine.travel(NOW, tick=False):
        item = draft(agency_a, drafter_a)
        assert client.get(item.get_absolute_url()).status_code == 404
        assert client.get(f"/api/v1/subsidy-lists/{item.pk}/rows/").status_code == 404
        assert (
            client.get(reverse("subsidies:rows_export", args=[item.pk, "csv"])).status_code == 404
        )
        assert item.title not in body(client.get("/feeds/subsidies.rss"))


def test_the_site_map_links_the_lists_and_their_feed(client):
    page = client.get(reverse("portal:sitemap")).content.decode()
    assert reverse("subsidies:index") in page and "/feeds/subsidies.atom" in page


def test_json_and_csv_are_not_served_as_html(on_display):
    client = Client()
    with time_machine.travel(NOW, tick=False):
        for url in (reverse("subsidies:rows_export", args=[on_display.pk, "json"]),
                    reverse("subsidies:rows_export", args=[on_display.pk, "csv"])):  # fmt: skip
            response = client.get(url)
            assert not response["Content-Type"].startswith("text/html")
        data = json.loads(body(client.get(reverse("subsidies:rows_export",
                                                  args=[on_display.pk, "json"]))))  # fmt: skip
    assert data[0]["name"] == "张**" and data[0]["number"] == "1"


def test_the_lists_are_a_dataset_of_the_open_data_catalog(client, on_display):
    from opendata import selectors as opendata_selectors

    with time_machine.travel(NOW, tick=False):
        entry = opendata_selectors.auto_dataset_entry("subsidy-lists")
        page = body(client.get("/opendata/auto/subsidy-lists/"))
    assert entry is not None and entry.record_count == 1
    assert "民生资金公示名单目录" in page
    assert "/opendata/auto/subsidy-lists/download/csv/" in page
