"""The reply period (three months from the assignment, late the day after), the statistics of a
year (counts by kind, category and agency; the on-time rate), and what recording checks."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.exceptions import ValidationError

from portal.models import StaffRole
from proposals import deadlines, statistics
from proposals.models import Kind, Proposal, ReplyCategory
from publishing import workflow
from tests.factories import staff
from tests.proposals.conftest import draft, publish

pytestmark = pytest.mark.django_db


def _item(received: dt.date, replied: dt.date | None) -> Proposal:
    return Proposal(received_on=received, replied_on=replied)


def test_the_reply_is_due_three_months_after_the_assignment():
    assert deadlines.reply_due(dt.date(2026, 3, 6)) == dt.date(2026, 6, 6)
    # No 31 June: the last day of the month.
    assert deadlines.reply_due(dt.date(2026, 3, 31)) == dt.date(2026, 6, 30)
    assert deadlines.reply_due(dt.date(2026, 11, 30)) == dt.date(2027, 2, 28)


def test_a_reply_on_the_due_day_is_in_time_and_the_next_day_late():
    received = dt.date(2026, 3, 6)
    assert not deadlines.is_late(_item(received, dt.date(2026, 6, 6)))
    assert deadlines.is_late(_item(received, dt.date(2026, 6, 7)))


def test_an_unanswered_item_is_late_only_after_the_due_day():
    item = _item(dt.date(2026, 3, 6), None)
    assert not deadlines.is_late(item, dt.date(2026, 6, 6))
    assert deadlines.is_late(item, dt.date(2026, 6, 7))


def test_the_statistics_count_published_items_by_kind_category_and_agency(
    agency_a, agency_b, drafter_a, reviewer_a, publisher_a, staff_b
):
    specs = [
        (1, Kind.SUGGESTION, ReplyCategory.A, dt.date(2026, 5, 1)),
        (2, Kind.SUGGESTION, ReplyCategory.B, dt.date(2026, 6, 7)),  # a day late
        (3, Kind.PROPOSAL, ReplyCategory.C, dt.date(2026, 6, 6)),  # on the due day
    ]
    for number, kind, category, replied in specs:
        item = draft(agency_a, drafter_a, number=number, kind=kind, category=category,
                     replied_on=replied)  # fmt: skip
        publish(item, drafter_a, reviewer_a, publisher_a)
    draft(agency_a, drafter_a, number=4)  # a draft: not counted
    b_item = draft(agency_b, staff_b, number=5, kind=Kind.PROPOSAL)
    workflow.submit(obj=b_item, user=staff_b)
    stats = statistics.year_statistics(2026)
    overall = stats.overall
    assert (overall.total, overall.suggestions, overall.proposals) == (3, 2, 1)
    assert (overall.category_a, overall.category_b, overall.category_c) == (1, 1, 1)
    assert (overall.on_time, overall.late, overall.on_time_rate) == (2, 1, 66.7)
    assert [(row.label, row.total) for row in stats.agencies] == [("丽水市人民政府", 3)]
    assert statistics.year_statistics(2025).overall.on_time_rate is None


def test_the_reply_is_sanitised_when_saved(agency_a, drafter_a):
    item = draft(agency_a, drafter_a, reply='<p onclick="x()">答复</p><script>alert(1)</script>')
    assert item.reply == "<p>答复</p>"


def test_the_lead_agency_does_not_assist_itself(agency_a, agency_b, drafter_a):
    with pytest.raises(ValidationError, match="assisting"):
        draft(agency_a, drafter_a, assisting=[agency_a, agency_b])
    item = draft(agency_a, drafter_a, assisting=[agency_b])
    assert list(item.assisting_agencies.all()) == [agency_b]


def test_a_number_is_taken_once_per_kind_and_session(agency_a, jinyun, drafter_a):
    draft(agency_a, drafter_a, number=7)
    with pytest.raises(ValidationError, match="already taken"):
        draft(agency_a, drafter_a, number=7)
    draft(agency_a, drafter_a, number=7, kind=Kind.PROPOSAL)
    draft(agency_a, drafter_a, number=7, year=2025, received_on=dt.date(2025, 3, 1),
          replied_on=dt.date(2025, 5, 1))  # fmt: skip
    # A county's congress numbers its own items: its 第7号 is not the city's.
    county_drafter = staff("drafter_jinyun", jinyun, StaffRole.Role.DRAFTER)
    county = draft(jinyun, county_drafter, number=7, session="缙云县第十七届人民代表大会第五次会议")
    assert Proposal.objects.filter(kind=county.kind, year=county.year, number=7).count() == 2


def test_the_reply_cannot_come_before_the_assignment(agency_a, drafter_a):
    with pytest.raises(ValidationError, match="before the assignment"):
        draft(agency_a, drafter_a, replied_on=dt.date(2026, 3, 1))


def test_only_drafters_of_the_lead_agency_record_an_item(agency_a, staff_b):
    with pytest.raises(ValidationError, match="drafter"):
        draft(agency_a, staff_b)


def test_an_item_goes_to_review_only_with_its_reply_date_and_category(agency_a, drafter_a):
    item = draft(agency_a, drafter_a, reply="", replied_on=None, category="")
    with pytest.raises(ValidationError) as error:
        workflow.submit(obj=item, user=drafter_a)
    assert len(error.value.messages) == 3


def test_the_model_has_no_field_for_personal_data():
    names = {field.name for field in Proposal._meta.get_fields()}
    for word in ("phone", "mobile", "id_number", "identity", "address", "email", "contact"):
        assert not any(word in name for name in names), word
