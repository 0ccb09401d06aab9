"""The demo's lists for 丽水: a 低保 list of 丽水市民政局 with twenty households, a 特困 list,
and a 高龄津贴 list past its 公示期 (withdrawn by the sweep); people made up with valid
numbers, masked everywhere public; loading twice adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from portal import demo as portal_demo
from publishing.models import Status
from subsidies import demo, selectors
from subsidies.models import BeneficiaryList, SubsidyKind

pytestmark = pytest.mark.django_db


def test_the_demo_imports_masks_and_publishes_its_lists_once(client):
    portal_demo.load(StringIO())
    demo.load(StringIO())
    demo.load(StringIO())
    assert BeneficiaryList.objects.count() == 3
    dibao = BeneficiaryList.objects.get(kind=SubsidyKind.MINIMUM_LIVING)
    assert dibao.agency.name == "丽水市民政局"
    assert dibao.rows.count() == 20  # the 合计 row left out
    totals = selectors.list_totals(dibao)
    assert totals["people_total"] == sum(1 + n % 4 for n in range(20))
    assert list(BeneficiaryList.objects.on_display()) == list(
        BeneficiaryList.objects.filter(status=Status.PUBLISHED)
    )
    ended = BeneficiaryList.objects.get(kind=SubsidyKind.ELDERLY)
    assert ended.status == Status.WITHDRAWN and ended.events.filter(action="expire").exists()
    page = client.get(dibao.get_absolute_url()).content.decode()
    assert demo.person(0) not in page and demo.resident_id(0) not in page
    assert demo.bank_card(0) not in page and demo.mobile(0) not in page
    assert "张**" in page and "331102********" in page
    # The remark naming another beneficiary keeps the surname only.
    assert f"与{demo.person(2)[0]}*" in page
    assert client.get(ended.get_absolute_url()).status_code == 404
