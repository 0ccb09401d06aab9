"""The demo replies of 丽水市人民政府 and its departments: every category, one late reply, a
draft; loading twice adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from portal import demo as portal_demo
from proposals import demo, statistics
from proposals.models import Proposal
from publishing.models import Status

pytestmark = pytest.mark.django_db


def test_the_demo_items_are_made_once_with_every_category_and_one_late_reply():
    portal_demo.load(StringIO())
    demo.load(StringIO())
    demo.load(StringIO())
    assert Proposal.objects.count() == len(demo.PROPOSALS)
    assert Proposal.objects.filter(status=Status.DRAFT).count() == 1
    stats = statistics.year_statistics(demo.YEAR)
    overall = stats.overall
    assert overall.category_a and overall.category_b and overall.category_c
    assert overall.late == 1
    assert len(stats.agencies) == 4
