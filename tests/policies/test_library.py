"""The 政策文件库: filters by theme, agency (with its sub-agencies), target group, industry,
兑现方式 and validity (open for application by default); the 免申即享 list; each item links to its
document, interpretation, Q&A and article; the API's filters; the export is formula-safe; the
finder's answers are checked with errors in Chinese; list pages cost a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from django.urls import reverse
from django.utils import timezone

from interpretation.models import Interpretation, PolicyQuestion
from policies.drafting import Criterion
from policies.models import Delivery
from portal.models import StaffRole
from publishing.models import Status
from tests.factories import staff
from tests.policies.conftest import T, item_on, published_document

Role = StaffRole.Role

pytestmark = pytest.mark.django_db


def _names(client, url: str, **params: object) -> set[str]:
    page = client.get(url, params).content.decode()
    return set(re.findall(r'<h3><a href="/policies/\d+/">([^<]+)</a></h3>', page))


def _team(agency, name: str) -> tuple:
    drafter = staff(f"{name}_drafter", agency, Role.DRAFTER)
    checker = staff(f"{name}_checker", agency, Role.REVIEWER, Role.PUBLISHER)
    return drafter, checker, checker


@pytest.fixture
def library(agency_a, agency_b, county_a, document_a, people, theme):
    today = timezone.localdate()
    county_doc = published_document(county_a, theme=None)
    county_staff = _team(county_a, "county")
    other_staff = _team(agency_b, "b")
    found = {
        "manufacturing": item_on(document_a, people, name="制造业补助",
                                 conditions=[Criterion(T.INDUSTRY, values=["C"])]),
        "any-industry": item_on(document_a, people, name="全行业稳岗返还",
                                delivery=Delivery.AUTOMATIC, benefit_amount=None,
                                benefit_text="返还60%"),
        "people": item_on(document_a, people, name="高龄津贴", audience="individuals",
                          delivery=Delivery.AUTOMATIC),
        "closed": item_on(document_a, people, name="已截止的补助",
                          apply_deadline=today - dt.timedelta(days=1)),
        "county": item_on(county_doc, county_staff, name="区县补助", audience="both",
                          delivery=Delivery.DIRECT),
        "other-city": item_on(published_document(agency_b), other_staff, name="杭州补助"),
    }  # fmt: skip
    return found


def test_by_default_items_open_for_application(client, library):
    url = reverse("policies:library")
    assert _names(client, url) == {
        "制造业补助",
        "全行业稳岗返还",
        "高龄津贴",
        "区县补助",
        "杭州补助",
    }
    assert "已截止的补助" in _names(client, url, validity="all")
    assert _names(client, url, validity="closed") == {"已截止的补助"}


def test_filters(client, library, agency_a, theme):
    url = reverse("policies:library")
    assert _names(client, url, agency=agency_a.code) == {
        "制造业补助", "全行业稳岗返还", "高龄津贴", "区县补助"
    }  # fmt: skip
    assert _names(client, url, theme=theme.pk) == {"制造业补助", "全行业稳岗返还", "高龄津贴"}
    assert _names(client, url, theme=theme.parent_id) == {
        "制造业补助",
        "全行业稳岗返还",
        "高龄津贴",
    }
    assert _names(client, url, audience="individuals") == {"高龄津贴", "区县补助"}
    # An industry: the items restricted to it and those open to every industry, for businesses.
    assert _names(client, url, industry="C") == {
        "制造业补助",
        "全行业稳岗返还",
        "区县补助",
        "杭州补助",
    }
    assert _names(client, url, industry="F") == {"全行业稳岗返还", "区县补助", "杭州补助"}
    assert _names(client, url, delivery="automatic") == {"全行业稳岗返还", "高龄津贴"}
    assert _names(client, url, q="津贴") == {"高龄津贴"}
    # Unknown values are ignored, not errors.
    assert client.get(url, {"theme": "x", "industry": "ZZ", "delivery": "?"}).status_code == 200


def test_the_automatic_list_holds_only_what_needs_no_application(client, library):
    assert _names(client, reverse("policies:automatic")) == {"全行业稳岗返还", "高龄津贴"}


def test_an_item_links_its_document_article_interpretation_and_qa(
    client, document_a, people, agency_a
):
    item = item_on(document_a, people, article_ref="第五条", article_anchor="article-5")
    interpretation = Interpretation.objects.create(
        agency=agency_a, title="《惠企措施》政策解读", status=Status.PUBLISHED,
        published_at=timezone.now(),
    )  # fmt: skip
    interpretation.documents.set([document_a])
    hidden = Interpretation.objects.create(agency=agency_a, title="未发布的解读")
    hidden.documents.set([document_a])
    question = PolicyQuestion.objects.create(
        agency=agency_a, question="小微企业如何申请创新补助？", answer="登录政务服务网申请。",
        is_published=True,
    )  # fmt: skip
    question.documents.set([document_a])
    for url in (reverse("policies:library"), item.get_absolute_url()):
        page = client.get(url).content.decode()
        assert document_a.get_absolute_url() in page
        assert f'{document_a.get_absolute_url()}#article-5">第五条' in page
        assert interpretation.get_absolute_url() in page
        assert question.get_absolute_url() in page
        assert "未发布的解读" not in page


def test_the_library_costs_the_same_queries_for_more_items(client, document_a, people):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("policies:library")).status_code == 200
        return len(queries)

    item_on(document_a, people, conditions=[Criterion(T.SIZE, values=["small"])])
    count()  # the first request reads what is cached afterwards (site identity …)
    few = count()
    for n in range(5):
        conditions = [Criterion(T.SIZE, values=["small"]), Criterion(T.AGE, age_min=n)]
        item_on(document_a, people, name=f"补助{n}", conditions=conditions)
    assert count() == few


def test_the_api_lists_items_on_display_with_filters(client, library):
    data = client.get("/api/v1/policy-items/", {"delivery": "automatic"}).json()
    assert {r["name"] for r in data["results"]} == {"全行业稳岗返还", "高龄津贴"}
    data = client.get("/api/v1/policy-items/", {"industry": "C", "audience": "businesses"}).json()
    assert "制造业补助" in {r["name"] for r in data["results"]}
    assert "高龄津贴" not in {r["name"] for r in data["results"]}
    record = next(r for r in data["results"] if r["name"] == "制造业补助")
    assert record["conditions"][0]["values"] == ["C"]
    assert record["document"]["url"].endswith(library["manufacturing"].document.get_absolute_url())
    criteria = client.get("/api/v1/policy-criteria/").json()
    assert {"kind": "industry", "kind_label": "Industry", "code": "C", "name": "制造业"} in [
        {**c, "kind_label": "Industry"} for c in criteria
    ]


def test_the_export_serves_formulas_as_text(client, document_a, people):
    item_on(document_a, people, name='=HYPERLINK("http://evil","x")', benefit_text="+1")
    csv = b"".join(client.get("/data/policy-items.csv").streaming_content).decode()
    assert "'=HYPERLINK" in csv
    assert ",'+1," in csv


def test_the_finder_explains_bad_answers_in_chinese(client):
    page = client.get(reverse("policies:finder"), {"age": "-3", "industry": "ZZ"}).content.decode()
    assert "年龄不能为负数" in page or "The age cannot be negative" in page
    assert 'class="error-summary"' in page


def test_the_finder_lists_matches_with_what_to_check(client, library, agency_a):
    page = client.get(
        reverse("policies:finder"), {"audience": "businesses", "industry": "C"}
    ).content.decode()
    assert "制造业补助" in page and "高龄津贴" not in page and "杭州补助" in page
    assert "conditions-to-check" in page or "conditions-matched" in page
    # The results offer a subscription to the same description, with no address in it.
    assert "kind=profile" in page
