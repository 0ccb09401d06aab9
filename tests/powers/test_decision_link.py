"""An enforcement decision names the power item it was made under: a published item of its own
agency and of its own kind, chosen in the decision's form; the decision's page links the item,
the item's page lists its decisions, and the decision list and API filter by it. A linked item
cannot be deleted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from enforcement import drafting as enforcement_drafting
from enforcement.models import Decision, DecisionKind, SubjectType
from powers.models import Category, PowerItem
from tests.powers.conftest import draft, publish, published

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)
COMPANY_CODE = "91350100M000100Y43"


def decision(agency, drafter, *, number: str = "丽市监处罚〔2026〕7号", **fields) -> Decision:
    values = {
        "agency": agency, "kind": DecisionKind.PENALTY, "number": number,
        "subject_type": SubjectType.ORGANISATION, "subject_name": "丽水市示例食品有限公司",
        "credit_code": COMPANY_CODE, "legal_representative": "李四",
        "summary": "该公司未取得食品经营许可从事食品经营。",
        "legal_basis": "《食品安全法》第一百二十二条",
        "decision_text": "没收违法所得，并处罚款。", "amount": Decimal("50000.00"),
        "decision_date": dt.date(2026, 5, 20),
    }  # fmt: skip
    values.update(fields)
    return enforcement_drafting.decision_save(decision=Decision(**values), user=drafter)


@pytest.fixture
def penalty_item(agency_a, drafter_a, reviewer_a, publisher_a) -> PowerItem:
    return published(agency_a, drafter_a, reviewer_a, publisher_a, code="处罚-00100-000",
                     name="对未取得食品经营许可从事食品经营活动的行政处罚",
                     category=Category.PENALTY,
                     basis="《中华人民共和国食品安全法》第一百二十二条")  # fmt: skip


@time_machine.travel(NOW, tick=False)
def test_the_decision_and_the_item_link_each_other(client, penalty_item, agency_a, drafter_a,
                                                   reviewer_a, publisher_a):  # fmt: skip
    linked = publish(decision(agency_a, drafter_a, power_item=penalty_item), drafter_a,
                     reviewer_a, publisher_a)  # fmt: skip
    publish(decision(agency_a, drafter_a, number="丽市监处罚〔2026〕8号", summary="另一案件。"),
            drafter_a, reviewer_a, publisher_a)  # fmt: skip
    page = client.get(linked.get_absolute_url()).content.decode()
    assert f'<a href="{penalty_item.get_absolute_url()}">{penalty_item.name}</a>' in page
    item_page = client.get(penalty_item.get_absolute_url()).content.decode()
    assert linked.number in item_page and "〔2026〕8号" not in item_page
    assert f"/enforcement/?power_item={penalty_item.pk}" in item_page
    listing = client.get("/enforcement/", {"power_item": penalty_item.pk}).content.decode()
    assert linked.number in listing and "〔2026〕8号" not in listing
    assert penalty_item.name in listing  # the list says which item it is narrowed to
    api = client.get("/api/v1/enforcement-decisions/", {"power_item": penalty_item.pk}).json()
    assert [row["number"] for row in api["results"]] == [linked.number]
    assert api["results"][0]["power_item"]["code"] == "处罚-00100-000"
    unlinked = client.get("/api/v1/enforcement-decisions/").json()["results"]
    assert [row["power_item"] for row in unlinked if row["number"].endswith("8号")] == [None]


def test_only_a_published_item_of_the_decisions_agency_and_kind_is_linked(
    penalty_item, agency_a, agency_b, drafter_a, staff_b, reviewer_a, publisher_a
):
    def refused(**fields) -> str:
        with pytest.raises(ValidationError) as error:
            decision(agency_a, drafter_a, **fields)
        return " ".join(error.value.message_dict["power_item"])

    licence = published(agency_a, drafter_a, reviewer_a, publisher_a)
    assert "same category" in refused(power_item=licence)
    other_agency = draft(agency_b, staff_b, code="处罚-1", category=Category.PENALTY)
    assert "published power item of the decision's agency" in refused(power_item=other_agency)
    draft_item = draft(agency_a, drafter_a, code="处罚-2", category=Category.PENALTY)
    assert "published power item" in refused(power_item=draft_item)
    assert not Decision.objects.exists()  # nothing half-saved
    assert decision(agency_a, drafter_a, power_item=penalty_item).power_item == penalty_item


def test_the_decision_form_offers_the_published_items_of_the_decisions_agency(
    client, penalty_item, agency_a, agency_b, drafter_a, staff_b, reviewer_a, publisher_a
):
    other = draft(agency_b, staff_b, code="处罚-杭", name="杭州处罚事项", category=Category.PENALTY)
    unpublished = draft(agency_a, drafter_a, code="处罚-草稿", name="丽水草稿事项",
                        category=Category.PENALTY)  # fmt: skip
    client.force_login(drafter_a)
    add = client.get(reverse("admin:enforcement_decision_add")).content.decode()
    assert penalty_item.name in add
    assert other.name not in add and unpublished.name not in add
    existing = decision(agency_a, drafter_a)
    change = client.get(reverse("admin:enforcement_decision_change", args=[existing.pk]))
    assert penalty_item.name in change.content.decode()


def test_a_drafter_links_a_decision_in_its_form(client, penalty_item, agency_a, drafter_a):
    existing = decision(agency_a, drafter_a)
    client.force_login(drafter_a)
    url = reverse("admin:enforcement_decision_change", args=[existing.pk])
    response = client.post(url, {
        "agency": agency_a.pk, "kind": "penalty", "number": existing.number,
        "decision_date": "2026-05-20", "power_item": penalty_item.pk,
        "subject_type": "organisation", "credit_code": COMPANY_CODE,
        "legal_representative": "李四", "summary": existing.summary,
        "legal_basis": existing.legal_basis, "decision_text": existing.decision_text,
        "amount": "50000", "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Decision.objects.get(pk=existing.pk).power_item == penalty_item


def test_an_item_a_decision_was_made_under_cannot_be_deleted(penalty_item, agency_a, drafter_a):
    linked = decision(agency_a, drafter_a, power_item=penalty_item)
    with pytest.raises(ProtectedError) as error:
        PowerItem.objects.filter(pk=penalty_item.pk).delete()
    assert linked in error.value.protected_objects
    assert PowerItem.objects.filter(pk=penalty_item.pk).exists()
