"""The back office of 建议提案办理: scoped to the lead agency; a drafter records an item with
its assisting agencies and its reply sanitised."""

from __future__ import annotations

import pytest

from django.urls import reverse

from proposals.models import Proposal
from tests.proposals.conftest import draft

pytestmark = pytest.mark.django_db


def test_a_drafter_records_an_item_with_its_reply_sanitised(client, agency_a, agency_b, drafter_a):
    client.force_login(drafter_a)
    data = {
        "kind": "proposal", "year": "2026", "session": "政协丽水市第五届委员会第三次会议",
        "number": "21", "title": "关于政务公开的提案", "proposer": "农工党丽水市委会",
        "agency": agency_a.pk, "assisting_agencies": [agency_b.pk], "received_on": "2026-03-10",
        "replied_on": "2026-06-08", "category": "B",
        "reply": "<p>已列入计划。</p><img src=x onerror=alert(1)>",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client.post(reverse("admin:proposals_proposal_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item = Proposal.objects.get()
    assert "onerror" not in item.reply and item.drafter == drafter_a
    assert list(item.assisting_agencies.all()) == [agency_b]


def test_another_agencys_item_is_not_found(client, agency_a, drafter_a, staff_b):
    item = draft(agency_a, drafter_a)
    client.force_login(staff_b)
    url = reverse("admin:proposals_proposal_preview", args=[item.pk])
    assert client.get(url).status_code == 404
    listing = client.get(reverse("admin:proposals_proposal_changelist")).content.decode()
    assert item.title not in listing
