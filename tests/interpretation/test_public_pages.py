"""The public pages of interpretations: the list with its filters, the page of one, and the
interpretations on a document's page."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interpretation.models import Form, Interpretation
from publishing.models import Status
from tests.disclosure.conftest import make_draft
from tests.factories import AgencyFactory
from tests.interpretation.conftest import (
    make_interpretation,
    published_document,
    published_interpretation,
)

pytestmark = pytest.mark.django_db

LIST = "/interpretation/"


def text_of(response: HttpResponse) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def on(year: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, 6, 1, 10))


@pytest.fixture
def policy(agency_a):
    return published_document(agency_a, "丽水市行政规范性文件管理办法", dt.date(2026, 3, 2))


def test_a_draft_interpretation_is_not_public(client, agency_a, drafter_a, policy):
    draft = make_interpretation(agency_a, drafter_a, [policy], title="尚未发布的解读")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "尚未发布的解读" not in text_of(client.get(LIST))
    Interpretation.objects.filter(pk=draft.pk).update(status=Status.APPROVED)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_withdrawn_interpretation_shows_only_a_notice(client, agency_a, policy):
    item = published_interpretation(agency_a, [policy], title="已撤回的解读", background="旧内容")
    Interpretation.objects.filter(pk=item.pk).update(
        status=Status.WITHDRAWN, withdrawal_reason="政策已调整"
    )
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert "政策已调整" in text_of(response)
    assert "旧内容" not in text_of(response)
    assert "已撤回的解读" not in text_of(client.get(LIST))


def test_the_page_shows_sections_in_order_and_links_its_documents(
    client, agency_a, drafter_a, policy
):
    unpublished = make_draft(agency_a, drafter_a, title="尚未公开的配套文件")
    item = published_interpretation(
        agency_a,
        [policy, unpublished],
        attention="注意事项内容",
        main_content="主要内容正文\n【工作目标】\n到2027年底完成",
        background="背景依据正文",
        interpreter="张某",
    )
    response = client.get(item.get_absolute_url())
    text = text_of(response)
    assert text.index("背景依据正文") < text.index("主要内容正文") < text.index("注意事项内容")
    assert "<h3>工作目标</h3>" in response.content.decode()
    assert policy.get_absolute_url() in response.content.decode()
    assert "尚未公开的配套文件" not in text  # only published documents are linked
    assert "张某" in text


def test_the_document_page_lists_its_published_interpretations(client, agency_a, drafter_a, policy):
    shown = published_interpretation(agency_a, [policy], title="政策图解", form=Form.GRAPHIC)
    make_interpretation(agency_a, drafter_a, [policy], title="草稿解读")
    page = client.get(policy.get_absolute_url())
    assert shown.get_absolute_url() in page.content.decode()
    assert "草稿解读" not in text_of(page)


def test_filters_by_form_agency_with_sub_agencies_and_year(client, agency_a, agency_b, policy):
    sub = AgencyFactory(parent=agency_a, name="丽水市财政局", code="331100002")
    published_interpretation(agency_a, [policy], title="丽水文字解读", when=on(2025))
    published_interpretation(sub, [policy], title="财政局图解", form=Form.GRAPHIC, when=on(2026))
    published_interpretation(
        agency_b, [policy], title="杭州视频解读", form=Form.VIDEO, when=on(2026)
    )

    def titles(**params) -> set[str]:
        page = client.get(LIST, params)
        return {item.title for item in page.context["page"].object_list}

    assert titles() == {"丽水文字解读", "财政局图解", "杭州视频解读"}
    assert titles(form="graphic") == {"财政局图解"}
    assert titles(agency=agency_a.code) == {"丽水文字解读", "财政局图解"}
    assert titles(year="2026") == {"财政局图解", "杭州视频解读"}
    assert titles(agency=agency_a.code, year="2026") == {"财政局图解"}
    ignored = client.get(LIST, {"form": "poem", "year": "abc"})
    assert set(ignored.context["filters"].ignored) == {"form", "year"}
    assert len(ignored.context["page"].object_list) == 3


def test_the_list_costs_the_same_queries_for_a_longer_page(client, agency_a, policy):
    def queries() -> int:
        cache.clear()  # the footer's agency tree comes from the cache once read
        with CaptureQueriesContext(connection) as captured:
            client.get(LIST)
        return len(captured)

    published_interpretation(agency_a, [policy])
    few = queries()
    for number in range(15):
        document = published_document(agency_a, f"第{number}号文件", dt.date(2026, 3, 2))
        published_interpretation(agency_a, [document, policy], title=f"第{number}号解读")
    assert queries() == few
