"""The policy Q&A assistant per site of the site group (issue 21): a site answers from its own
agencies' documents and Q&A entries, and hands an unanswered question to its own office."""

from __future__ import annotations

import pytest

from policies import assistant
from portal import sites
from tests.site_group import CITY_HOST, COUNTY_HOST, body

pytestmark = pytest.mark.django_db

ASK = "/policies/ask/"
QUESTION = "最低生活保障标准由谁拟定"


def test_a_site_answers_from_its_own_documents_only(client, group_sites, rules):
    city = client.get(ASK, {"q": QUESTION}, HTTP_HOST=CITY_HOST)
    assert [found.document for found in city.context["result"].passages] == [rules]
    # The city's rules are not the county's to quote.
    county = client.get(ASK, {"q": QUESTION}, HTTP_HOST=COUNTY_HOST)
    assert county.context["result"].passages == []
    assert rules.title not in body(county)


def test_a_site_finds_only_its_own_documents_by_number(group_sites, rules):
    question = "丽政办发〔2026〕5号是什么内容"
    city = assistant.answer(question, sites.site_for_host(CITY_HOST))
    assert city.document == rules
    assert assistant.answer(question, sites.site_for_host(COUNTY_HOST)).document is None


def test_a_site_quotes_only_its_own_qa_entries(group_sites, qa_entry):
    question = "申请政府信息公开需要交费吗"
    assert assistant.answer(question, sites.site_for_host(CITY_HOST)).entries
    assert assistant.answer(question, sites.site_for_host(COUNTY_HOST)).entries == []


def test_an_unanswered_question_goes_to_the_site_office(client, group_sites, jinyun, province):
    jinyun.office_name = "缙云县人民政府办公室政府信息公开科"
    jinyun.office_phone = "0578-3100000"
    jinyun.save()
    province.office_phone = "0571-87050000"
    province.save()
    text = body(client.get(ASK, {"q": "护照怎么办理"}, HTTP_HOST=COUNTY_HOST))
    assert "0578-3100000" in text and "0571-87050000" not in text
