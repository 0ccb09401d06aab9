"""The public form and Art 27 (who takes requests) and Art 41 (asking to correct records about
oneself). Pages are requested in Chinese, the portal's default."""

from __future__ import annotations

import pytest

from portal.models import AgencyKind, AgencyLevel
from requests_app.models import InformationRequest, RequestKind
from tests.factories import AgencyFactory
from tests.requests_app.test_application_form import APPLY, person, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(agency_a):
    return AgencyFactory(
        parent=agency_a, name="下河社区居民委员会", code="331100099", kind=AgencyKind.OTHER,
        level=AgencyLevel.COUNTY, takes_applications=False,
        applications_elsewhere="请向紫金街道办事处提出申请。",
    )  # fmt: skip


def test_art27_the_form_does_not_offer_a_body_that_takes_no_requests(client, agency_a, committee):
    page = client.get(APPLY).content.decode()
    assert f'value="{agency_a.pk}"' in page
    assert f'value="{committee.pk}"' not in page
    assert "居民委员会、村民委员会、人大、政协、法院、检察院不是行政机关" in page


def test_art27_searching_for_such_a_body_says_where_to_go_instead(client, committee):
    page = client.get(APPLY, {"agency_q": "居民委员会"}).content.decode()
    assert "下河社区居民委员会不是行政机关，不受理政府信息公开申请" in page
    assert "请向紫金街道办事处提出申请。" in page


def test_art27_a_forged_post_for_such_a_body_is_refused(client, committee):
    response = submit(client, person(committee))
    assert response.status_code == 200
    assert "请从列表中选择行政机关" in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_art41_an_applicant_may_ask_to_correct_records_about_themself(client, agency_a):
    page = client.get(APPLY).content.decode()
    assert "申请更正与本人相关的政府信息记录（第四十一条）" in page
    response = submit(
        client, person(agency_a, kind=RequestKind.RECORD_CORRECTION,
                       description="本人2025年度社保缴费记录中3月份缴费基数登记错误")
    )  # fmt: skip
    assert response.status_code == 302
    assert InformationRequest.objects.get().kind == RequestKind.RECORD_CORRECTION


def test_a_request_without_a_kind_asks_for_information(client, agency_a):
    assert submit(client, person(agency_a)).status_code == 302
    assert InformationRequest.objects.get().kind == RequestKind.DISCLOSURE
