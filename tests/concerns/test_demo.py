"""The demo's two concerns of 丽水市人民政府: a major emergency answered within 5 hours (and a
press conference within 24), a general concern overdue; loading twice adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from concerns import clock, demo
from concerns.clock import ClockState
from concerns.models import Concern, Response, Severity
from portal import demo as portal_demo

pytestmark = pytest.mark.django_db


def test_the_demo_registers_its_concerns_once(client):
    portal_demo.load(StringIO())
    demo.load(StringIO())
    demo.load(StringIO())
    assert Concern.objects.count() == 2 and Response.objects.published().count() == 2
    major = Concern.objects.get(severity=Severity.MAJOR)
    assert major.agency.name == "丽水市人民政府"
    assert [c.state for c in clock.clocks(major)] == [ClockState.MET, ClockState.MET]
    general = Concern.objects.get(severity=Severity.GENERAL)
    assert [c.state for c in clock.clocks(general)] == [ClockState.OVERDUE]
    page = client.get("/concern-responses/").content.decode()
    assert "关于丽水经济技术开发区一企业厂房火情的通报" in page
    assert "自来水" not in page
