"""The policy Q&A: browsed by topic, and shown under the documents the entries answer."""

from __future__ import annotations

import datetime as dt

import pytest

from interpretation.models import PolicyQuestion, Topic
from tests.disclosure.conftest import make_draft
from tests.interpretation.conftest import published_document

pytestmark = pytest.mark.django_db

PAGE = "/interpretation/questions/"


@pytest.fixture
def topics():
    return (
        Topic.objects.create(name="依申请公开", slug="yishenqing"),
        Topic.objects.create(name="社会救助", slug="jiuzhu"),
    )


@pytest.fixture
def policy(agency_a):
    return published_document(agency_a, "丽水市政府信息公开申请办理办法", dt.date(2026, 3, 2))


def entry(agency, question: str, *, topics=(), documents=(), published=True) -> PolicyQuestion:
    item = PolicyQuestion.objects.create(
        agency=agency, question=question, answer=f"{question}的答复。", is_published=published
    )
    item.topics.set(topics)
    item.documents.set(documents)
    return item


def test_the_page_browses_by_topic(client, agency_a, topics):
    requests, relief = topics
    entry(agency_a, "申请需要交费吗？", topics=[requests])
    entry(agency_a, "低保标准是多少？", topics=[relief])
    entry(agency_a, "尚未发布的问题？", topics=[relief], published=False)

    def questions(**params) -> set[str]:
        page = client.get(PAGE, params)
        return {item.question for item in page.context["page"].object_list}

    assert questions() == {"申请需要交费吗？", "低保标准是多少？"}
    assert questions(topic="jiuzhu") == {"低保标准是多少？"}
    counts = {t.name: t.question_count for t in client.get(PAGE).context["topics"]}
    assert counts == {"依申请公开": 1, "社会救助": 1}


def test_an_unknown_topic_shows_everything_with_a_notice(client, agency_a, topics):
    entry(agency_a, "申请需要交费吗？", topics=[topics[0]])
    page = client.get(PAGE, {"topic": "nonexistent"})
    assert page.context["unknown_topic"] is True
    assert len(page.context["page"].object_list) == 1


def test_entries_appear_under_the_documents_they_answer(client, agency_a, policy):
    entry(agency_a, "多久能得到答复？", documents=[policy])
    entry(agency_a, "内部讨论中的问题？", documents=[policy], published=False)
    page = client.get(policy.get_absolute_url()).content.decode()
    assert "多久能得到答复？" in page
    assert "多久能得到答复？的答复。" in page
    assert "内部讨论中的问题？" not in page


def test_an_entry_links_only_published_documents(client, agency_a, drafter_a, policy):
    draft = make_draft(agency_a, drafter_a, title="尚未公开的文件")
    item = entry(agency_a, "多久能得到答复？", documents=[policy, draft])
    page = client.get(item.get_absolute_url()).content.decode()
    assert policy.get_absolute_url() in page
    assert "尚未公开的文件" not in page


def test_an_unpublished_entry_has_no_page(client, agency_a):
    item = entry(agency_a, "尚未发布的问题？", published=False)
    assert client.get(item.get_absolute_url()).status_code == 404
