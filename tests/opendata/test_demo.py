"""The demo's datasets: four of 丽水 agencies, the budget with CSV and XLSX in two versions,
besides the automatic ones; loading twice adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from opendata import demo
from opendata.models import Dataset, DatasetVersion
from portal import demo as portal_demo
from publishing.models import Status

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_four_datasets_once(client):
    portal_demo.load(StringIO())
    demo.load(StringIO())
    demo.load(StringIO())
    assert Dataset.objects.filter(status=Status.PUBLISHED).count() == 4
    budget = Dataset.objects.get(title="丽水市财政预算执行情况")
    versions = DatasetVersion.objects.filter(dataset=budget, status=Status.PUBLISHED)
    assert sorted(v.version for v in versions) == ["2024", "2025"]
    for version in versions:
        assert sorted(d.format for d in version.distributions.all()) == ["CSV", "XLSX"]
    page = client.get("/opendata/").content.decode()
    assert "丽水市财政预算执行情况" in page and "主动公开政府信息目录" in page
