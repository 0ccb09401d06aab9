"""The demo's decisions: a dozen of each kind for 丽水, people masked, companies with valid
credit codes, one past its 公示期, and a few made under the demo's power items, which they
name; loading twice adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from enforcement import demo
from enforcement.models import Decision, DecisionKind, SubjectType
from portal import demo as portal_demo
from portal.identity import credit_code_problem
from powers import demo as powers_demo

pytestmark = pytest.mark.django_db


def test_the_demo_records_a_dozen_of_each_kind_once(client):
    portal_demo.load(StringIO())
    powers_demo.load(StringIO())
    demo.load(StringIO())
    demo.load(StringIO())
    linked = len(demo.LINKED)
    assert Decision.objects.count() == 49 + linked
    unlinked = Decision.objects.on_display().filter(power_item__isnull=True)
    for kind in DecisionKind.values:
        assert unlinked.filter(kind=kind).count() == 12
    assert Decision.objects.filter(status="published").count() == 49 + linked
    people = Decision.objects.filter(subject_type=SubjectType.PERSON)
    assert people.exists()
    assert all(len(d.public_subject_name) == 2 and d.public_subject_name[1] == "*" for d in people)
    companies = Decision.objects.filter(subject_type=SubjectType.ORGANISATION)
    assert companies.exists()
    assert all(credit_code_problem(d.credit_code) is None for d in companies)
    page = client.get("/enforcement/?kind=penalty").content.decode()
    assert "张*" in page and "张伟" not in page


def test_the_demo_links_decisions_to_the_items_they_were_made_under(client):
    portal_demo.load(StringIO())
    powers_demo.load(StringIO())
    demo.load(StringIO())
    linked = Decision.objects.on_display().filter(power_item__isnull=False)
    assert linked.count() == len(demo.LINKED)
    for decision in linked.select_related("power_item"):
        # Its own agency's item, of its own kind.
        assert decision.power_item.agency_id == decision.agency_id
        assert decision.power_item.category == decision.kind
        page = client.get(decision.get_absolute_url()).content.decode()
        assert decision.power_item.get_absolute_url() in page
