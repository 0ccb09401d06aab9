"""The public catalog: per agency (with the agencies below it), by category with the count of
each, by words of the code, name or basis; an item's page with its basis (and the published
documents it rests on), its responsibilities and history; the agency's column and the sitemap.
Drafts and revisions are never shown."""

from __future__ import annotations

import re

import pytest

from disclosure.models import Document
from portal.models import StaffRole
from powers.models import Category
from publishing import workflow
from publishing.models import Status
from tests.factories import staff
from tests.powers.conftest import draft, publish, published, revise

Role = StaffRole.Role

pytestmark = pytest.mark.django_db

NAMES = ("食品经营许可", "对无证经营的行政处罚", "查封扣押", "局许可", "杭州许可")


@pytest.fixture
def catalog(agency_a, agency_b, department_a, drafter_a, reviewer_a, publisher_a, dept_drafter,
            dept_editor, staff_b):  # fmt: skip
    other_b = staff("other_b", agency_b, Role.REVIEWER, Role.PUBLISHER)
    made = {
        "city_licence": published(agency_a, drafter_a, reviewer_a, publisher_a),
        "city_penalty": published(agency_a, drafter_a, reviewer_a, publisher_a,
                                  code="处罚-00001-000", name="对无证经营的行政处罚",
                                  category=Category.PENALTY,
                                  basis="《无证无照经营查处办法》第十三条"),
        "city_coercion": published(agency_a, drafter_a, reviewer_a, publisher_a,
                                   code="强制-00001-000", name="查封扣押",
                                   category=Category.COERCION,
                                   basis="《中华人民共和国行政强制法》第九条"),
        "dept_licence": published(department_a, dept_drafter, dept_editor, dept_editor,
                                  code="许可-00009-000", name="局许可"),
        "other_city": published(agency_b, staff_b, other_b, other_b, name="杭州许可"),
    }  # fmt: skip
    draft(agency_a, drafter_a, code="许可-草稿", name="尚未发布的许可")
    return made


def _names(client, **params) -> set[str]:
    page = client.get("/powers/", params).content.decode()
    assert "尚未发布的许可" not in page
    return {name for name in NAMES if f">{name}</a>" in page}


def test_the_catalog_filters_by_agency_with_sub_agencies_category_and_words(
    client, catalog, agency_a, department_a
):
    assert _names(client) == set(NAMES)
    assert _names(client, agency=agency_a.code) == {"食品经营许可", "对无证经营的行政处罚",
                                                     "查封扣押", "局许可"}  # fmt: skip
    assert _names(client, agency=department_a.code) == {"局许可"}
    assert _names(client, category="licensing") == {"食品经营许可", "局许可", "杭州许可"}
    assert _names(client, category="penalty", agency=agency_a.code) == {"对无证经营的行政处罚"}
    assert _names(client, q="行政强制法") == {"查封扣押"}  # words of the basis
    assert _names(client, q="处罚-00001") == {"对无证经营的行政处罚"}  # the code
    assert _names(client, agency="999999999") == set()
    assert _names(client, category="nonsense") == set(NAMES)  # an unknown category is ignored


def test_the_catalog_counts_the_items_of_each_category(client, catalog, agency_a):
    page = client.get("/powers/", {"agency": agency_a.code}).content.decode()
    tabs = page[page.index('class="tabs"') : page.index("</nav>", page.index('class="tabs"'))]
    counts = dict(re.findall(r'category=(\w+)"[^>]*>[^<]*<span class="tab-count">(\d+)<', tabs))
    assert set(counts) == set(Category.values)  # every category is listed
    assert (counts["licensing"], counts["penalty"], counts["coercion"]) == ("2", "1", "1")
    assert counts["reward"] == "0"
    assert 'class="tab-count">4</span>' in tabs  # all categories


def test_the_catalog_lists_without_a_query_per_item(client, catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get("/powers/")
    with django_assert_max_num_queries(10):
        client.get("/api/v1/power-items/")


def test_the_item_page_shows_the_basis_its_published_documents_and_responsibilities(
    client, agency_a, drafter_a, reviewer_a, publisher_a
):
    cited = Document.objects.create(agency=agency_a, title="关于公布市级权力清单的通知",
                                    status=Status.PUBLISHED, body="<p>正文</p>",
                                    date_formed="2026-01-01")  # fmt: skip
    withdrawn = Document.objects.create(agency=agency_a, title="已撤回的通知",
                                        status=Status.WITHDRAWN, body="<p>正文</p>",
                                        date_formed="2026-01-01")  # fmt: skip
    item = draft(agency_a, drafter_a, sub_items="食品销售经营者许可\n餐饮服务经营者许可")
    item.basis_documents.set([cited, withdrawn])
    publish(item, drafter_a, reviewer_a, publisher_a)
    page = client.get(item.get_absolute_url()).content.decode()
    assert f'<a href="{cited.get_absolute_url()}">关于公布市级权力清单的通知</a>' in page
    assert "已撤回的通知" not in page
    assert "<li>食品销售经营者许可</li>" in page and "<li>餐饮服务经营者许可</li>" in page
    assert "食品经营监管科" in page and "0578-12345" in page


def test_drafts_and_revisions_are_never_public(client, catalog, drafter_a, agency_a):
    revision = revise(catalog["city_licence"], drafter_a, name="修订中的名称")
    draft_item = draft(agency_a, drafter_a, code="许可-草稿-2", name="另一草稿")
    for pk in (revision.pk, draft_item.pk):
        assert client.get(f"/powers/{pk}/").status_code == 404
        assert client.get(f"/api/v1/power-items/{pk}/").status_code == 404
    for url in ("/powers/", "/api/v1/power-items/", "/data/power-items.csv", "/feeds/powers.rss",
                "/sitemap-powers.xml", f"/agencies/{agency_a.code}/"):  # fmt: skip
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert "修订中的名称" not in body.decode() and "另一草稿" not in body.decode(), url


def test_the_agency_column_counts_its_items_by_category(client, catalog, agency_a, agency_b):
    page = client.get(f"/agencies/{agency_a.code}/").content.decode()
    section = page[page.index('id="powers"') :]
    assert f"/powers/?agency={agency_a.code}&amp;category=licensing" in section
    assert 'class="facet-count">2</span>' in section  # 2 licences (one of the department)
    assert "category=reward" not in section  # categories without items are left out


def test_the_sitemap_lists_the_published_items(client, catalog, publisher_a):
    workflow.withdraw(obj=catalog["city_coercion"], user=publisher_a, reason="事项取消")
    sitemap = client.get("/sitemap-powers.xml").content.decode()
    assert catalog["city_licence"].get_absolute_url() in sitemap
    assert catalog["city_coercion"].get_absolute_url() not in sitemap
    assert "/powers/</loc>" in client.get("/sitemap-pages.xml").content.decode()


# HTML's global date and time: at most three digits of a second (the Nu checker's error).
VALID_DATETIME = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?([+-]\d\d:?\d\d|Z))?")


def test_the_item_page_gives_machine_readable_times_html_accepts(
    client, agency_a, drafter_a, reviewer_a, publisher_a
):
    item = published(agency_a, drafter_a, reviewer_a, publisher_a)
    page = client.get(item.get_absolute_url()).content.decode()
    times = re.findall(r'<time datetime="([^"]*)"', page)
    assert times
    assert [t for t in times if not VALID_DATETIME.fullmatch(t)] == []
