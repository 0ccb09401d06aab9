"""The portal's own exports are datasets of the catalog without anyone typing them: each app
declares them in its ``datasets.py`` (``portal.datasets.AutoDataset``), the catalog finds them,
and shows each with its record count and last change as they are now."""

from __future__ import annotations

import pytest

from django.utils import timezone

from opendata import registry, selectors
from portal.datasets import AutoDataset, Export
from tests.enforcement.conftest import publish, record

pytestmark = pytest.mark.django_db

PORTAL_EXPORTS = {"documents", "catalog-items", "negative-list", "enforcement-decisions"}


def test_the_portals_exports_are_in_the_catalog(client, province):
    keys = {dataset.key for dataset in registry.auto_datasets()}
    assert keys >= PORTAL_EXPORTS
    page = client.get("/opendata/").content.decode()
    for key in PORTAL_EXPORTS:
        assert f"/opendata/auto/{key}/" in page
    detail = client.get("/opendata/auto/enforcement-decisions/").content.decode()
    assert "行政执法决定公示" in detail
    assert "/opendata/auto/enforcement-decisions/download/csv/" in detail
    assert "/opendata/auto/enforcement-decisions/download/json/" in detail
    assert province.name in detail  # the site's agency publishes the portal's own data


def test_the_record_count_and_last_change_are_live(
    client, agency_a, drafter_a, reviewer_a, publisher_a
):
    before = selectors.auto_dataset_entry("enforcement-decisions")
    assert before is not None and before.record_count == 0 and before.modified is None
    decision = record(agency_a, drafter_a, decision_date=timezone.localdate())
    publish(decision, drafter_a, reviewer_a, publisher_a)
    decision.refresh_from_db()
    after = selectors.auto_dataset_entry("enforcement-decisions")
    assert after is not None and after.record_count == 1
    assert after.modified == decision.updated_at
    page = client.get("/opendata/auto/enforcement-decisions/").content.decode()
    assert timezone.localdate(decision.updated_at).isoformat() in page
    api = client.get("/api/v1/datasets/enforcement-decisions/").json()
    assert api["record_count"] == 1 and api["automatic"] is True


def test_an_unknown_automatic_dataset_is_404(client):
    assert client.get("/opendata/auto/no-such-data/").status_code == 404
    assert client.get("/opendata/auto/no-such-data/dataset.jsonld").status_code == 404
    assert client.get("/api/v1/datasets/no-such-data/").status_code == 404


def _declared(key: str = "test-data") -> AutoDataset:
    return AutoDataset(
        key=key, title="测试数据", description="测试。", theme="economy",
        distributions=[Export("CSV", "export", {"dataset": "documents", "fmt": "csv"})],
        modified=lambda: None, count=lambda: 0,
    )  # fmt: skip


def test_another_apps_declaration_appears_with_a_few_lines(client):
    dataset = registry.register(_declared())
    try:
        page = client.get("/opendata/?theme=economy").content.decode()
        assert "测试数据" in page
    finally:
        registry.unregister(dataset.key)
    assert "测试数据" not in client.get("/opendata/").content.decode()


def test_a_key_taken_twice_is_refused_at_start_up():
    registry.register(first := _declared())
    try:
        with pytest.raises(ValueError, match="registered twice"):
            registry.register(_declared())
    finally:
        registry.unregister(first.key)


def test_a_declaration_is_checked_when_made():
    with pytest.raises(ValueError, match="lower-case"):
        _declared("Not A Key")
    with pytest.raises(ValueError, match="periodicity"):
        AutoDataset(key="x-data", title="x", description="x", theme="economy",
                    distributions=[Export("CSV", "export")], modified=lambda: None,
                    count=lambda: 0, periodicity="hourly")  # fmt: skip


def test_a_declaration_whose_export_is_not_installed_is_left_out(client):
    dataset = registry.register(
        AutoDataset(
            key="missing-export",
            title="没有的数据",
            description="x",
            theme="economy",
            distributions=[Export("CSV", "no-such-url")],
            modified=lambda: None,
            count=lambda: 0,
        )
    )
    try:
        assert "没有的数据" not in client.get("/opendata/").content.decode()
        assert client.get("/opendata/auto/missing-export/").status_code == 404
    finally:
        registry.unregister(dataset.key)


def test_the_catalogs_one_query_finds_each_datasets_own_last_change(
    agency_a, drafter_a, reviewer_a, publisher_a
):
    from opendata import figures

    decision = record(agency_a, drafter_a, decision_date=timezone.localdate())
    publish(decision, drafter_a, reviewer_a, publisher_a)
    datasets = registry.auto_datasets()
    found = figures.latest_changes(datasets)
    assert found == {dataset.key: dataset.modified() for dataset in datasets}
    decision.refresh_from_db()
    assert found["enforcement-decisions"] == decision.updated_at


def test_a_figure_read_from_sqlite_is_a_date_not_text():
    """The embedded demo runs on SQLite, which answers the one query's dates as text: the
    catalog sorted text against dates and failed (found by the API fuzzing). Each figure goes
    through its column's converters, as the ORM's own values do."""
    import datetime as dt

    from django.db.backends.sqlite3.base import DatabaseWrapper
    from django.db.models import F

    from disclosure.models import Document
    from opendata import figures

    sqlite = DatabaseWrapper(
        {
            "ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:", "TIME_ZONE": None,
            "OPTIONS": {}, "USER": "", "PASSWORD": "", "HOST": "", "PORT": "",
            "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False, "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False, "TEST": {},
        }
    )  # fmt: skip
    query = Document.objects.values(a=F("updated_at"), b=F("date_published")).query
    moment = figures.converted("2026-12-05 01:02:03", query.annotations["a"], using=sqlite)
    assert moment == dt.datetime(2026, 12, 5, 1, 2, 3, tzinfo=dt.UTC)
    day = figures.converted("2026-11-20", query.annotations["b"], using=sqlite)
    assert day == dt.date(2026, 11, 20)
