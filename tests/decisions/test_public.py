"""The public side: catalogs per government and year with each decision's stage, a decision's
page with its published steps only as a timeline, the API, the feed, the export and search."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.models import DecisionStep, StepKind
from publishing import workflow
from tests.decisions.conftest import YEAR, make_catalog, make_step, publish

pytestmark = pytest.mark.django_db


def _catalog_url(agency) -> str:
    return reverse("decisions:catalog", kwargs={"code": agency.code, "year": YEAR})


def test_the_catalog_shows_each_decisions_stage(client, agency_a, decision, with_hearing, advance):
    advance(decision, StepKind.EXPERT, done=(StepKind.EXPERT,))
    page = client.get(_catalog_url(agency_a)).content.decode()
    assert f"丽水市人民政府{YEAR}年度重大行政决策事项目录" in page
    assert "丽水市第1项重大行政决策" in page and "丽水市第2项重大行政决策" in page
    assert '<td class="decision-stage">专家论证</td>' in page
    assert '<td class="decision-stage">尚未启动</td>' in page


def test_a_draft_catalog_is_not_public(client, agency_a, drafter_a):
    catalog = make_catalog(agency_a, drafter_a)
    assert client.get(_catalog_url(agency_a)).status_code == 404
    assert client.get(catalog.decisions.get().get_absolute_url()).status_code == 404
    assert "丽水市" not in client.get(reverse("decisions:index")).content.decode()


def test_the_decision_page_shows_published_steps_only(client, decision, team, advance):
    advance(decision, StepKind.PARTICIPATION)
    make_step(decision, StepKind.HEARING, team[0], summary="尚未审核的听证会记录")
    page = client.get(decision.get_absolute_url()).content.decode()
    assert '<ol class="timeline decision-timeline">' in page
    assert page.count('<li id="step-') == len(StepKind)
    assert "participation：已按规定开展。" in page
    assert "尚未审核的听证会记录" not in page
    assert page.count("尚未发布") == len(StepKind) - 2
    assert "当前进展" in page and '<dd class="decision-stage">公众参与</dd>' in page


def test_a_withheld_legality_opinion_is_not_shown(client, decision, team, advance):
    advance(decision, StepKind.RISK)
    step = make_step(decision, StepKind.LEGALITY, team[0], conclusion="内部审查意见：第三条需修改",
                     conclusion_public=False)  # fmt: skip
    publish(step, *team)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "内部审查意见" not in page
    assert "审查意见属于过程性信息，依法不予公开" in page
    data = client.get(reverse("api:major-decision-detail", args=[decision.pk])).json()
    legality = next(s for s in data["steps"] if s["kind"] == "legality")
    assert legality["conclusion"] is None


def test_the_page_links_the_consultation_document_and_interpretation(
    client, decision, advance, consultation, document, interpretation
):
    advance(decision, StepKind.DECISION)
    page = client.get(decision.get_absolute_url()).content.decode()
    for linked in (consultation, document, interpretation):
        assert f'href="{linked.get_absolute_url()}"' in page
        assert linked.title in page


def test_the_catalog_page_reads_a_fixed_number_of_queries(client, agency_a, team, advance):
    drafter = team[0]
    catalog = publish(make_catalog(agency_a, drafter, {}, {}, {}), *team)
    first = catalog.decisions.get(number=1)
    advance(first, StepKind.PARTICIPATION)
    url = _catalog_url(agency_a)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    advance(catalog.decisions.get(number=2), StepKind.RISK)
    with CaptureQueriesContext(connection) as more_steps:
        assert client.get(url).status_code == 200
    assert len(more_steps) == len(three)


def test_the_api_lists_decisions_with_their_published_steps(client, decision, team, advance):
    advance(decision, StepKind.PARTICIPATION)
    make_step(decision, StepKind.HEARING, team[0])  # a draft: not in the API
    data = client.get(reverse("api:major-decision-list"), {"year": YEAR}).json()
    found = next(item for item in data["results"] if item["id"] == decision.pk)
    assert found["stage"] == "participation" and found["complete"] is False
    assert [step["kind"] for step in found["steps"]] == ["pre_disclosure", "participation"]
    assert found["government"]["code"] == decision.catalog.agency.code
    detail = client.get(reverse("api:major-decision-detail", args=[decision.pk]))
    assert detail.status_code == 200 and detail.json()["title"] == decision.title


def test_the_api_hides_draft_catalogs(client, agency_a, drafter_a):
    catalog = make_catalog(agency_a, drafter_a)
    assert client.get(reverse("api:major-decision-list")).json()["results"] == []
    pk = catalog.decisions.get().pk
    assert client.get(reverse("api:major-decision-detail", args=[pk])).status_code == 404


def test_the_feed_announces_published_steps(client, decision, team, advance):
    advance(decision, StepKind.PARTICIPATION)
    make_step(decision, StepKind.HEARING, team[0], summary="草稿不应出现")
    for name in ("feed_decisions", "feed_decisions_atom"):
        body = client.get(reverse(name)).content.decode()
        assert f"{decision.title}：公众参与" in body
        assert "草稿不应出现" not in body
        assert f"/decisions/{decision.pk}/#step-participation" in body


def test_a_withdrawn_step_leaves_the_page_and_feed(client, decision, team, advance):
    advance(decision, StepKind.PRE_DISCLOSURE)
    step = DecisionStep.objects.get(decision=decision)
    workflow.withdraw(obj=step, user=team[2], reason="关联有误。")
    page = client.get(decision.get_absolute_url()).content.decode()
    assert '<dd class="decision-stage">尚未启动</dd>' in page
    assert decision.title not in client.get(reverse("feed_decisions")).content.decode()


def test_the_catalog_downloads_as_csv(client, agency_a, decision, advance):
    advance(decision, StepKind.PARTICIPATION)
    url = reverse("decisions:catalog_csv", kwargs={"code": agency_a.code, "year": YEAR})
    body = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    header, first, *_ = body.splitlines()
    assert header.startswith("决策机关,年度,序号,决策事项,承办单位")
    assert "丽水市第1项重大行政决策" in first and "公众参与" in first
    dataset = client.get(reverse("export", kwargs={"dataset": "major-decisions", "fmt": "json"}))
    assert "丽水市第1项重大行政决策" in b"".join(dataset.streaming_content).decode()


def test_search_indexes_the_decision_with_its_published_steps(decision, team, advance):
    from decisions.search_index import DecisionIndex

    advance(decision, StepKind.PARTICIPATION)
    make_step(decision, StepKind.HEARING, team[0], summary="草稿听证记录")
    index = DecisionIndex()
    found = index.queryset_to_index().get(pk=decision.pk)
    fields = index.to_fields(found)
    assert fields.title == decision.title and fields.agency == decision.catalog.agency.code
    assert "participation：已按规定开展。" in fields.content
    assert "草稿听证记录" not in fields.content
