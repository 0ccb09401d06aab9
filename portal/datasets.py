"""Automatic datasets: an app's existing open-data export, listed in the open-data catalog
(``opendata``, 开放数据目录) without anyone typing it, and without the app importing the catalog.

An app with exports adds a module ``<app>/datasets.py`` holding a list ``DATASETS`` of
``AutoDataset``. The catalog finds every such module with Django's ``autodiscover_modules``
when it starts (``opendata.apps``) and shows each entry beside the datasets staff publish, with
its live record count and last change, in the catalog pages, the API and the DCAT JSON-LD feed.
A ``datasets.py`` imports this module, its own app and Django only — never ``opendata``: the
catalog depends on the apps, not the other way round (tests/architecture/test_dependencies.py).

The shape, for an app ``gazette`` whose export is served under ``data/gazette-issues.<fmt>``::

    # gazette/datasets.py
    from portal.datasets import AutoDataset, Export, LatestChange
    from gazette.models import Issue

    def _issues():
        return Issue.objects.published()

    DATASETS = [
        AutoDataset(
            key="gazette-issues",       # unique in the catalog: lower-case letters, digits, "-"
            title="政府公报目录",          # shown as is (Chinese, like the exports' headers)
            description="历期《丽水市人民政府公报》的期号、出版日期和所载文件。",
            theme="institutions",       # the code of an opendata.Theme (机构信息)
            publisher=None,             # None: the site's own agency; or an agency code
            keywords=("政府公报",),
            periodicity="monthly",      # daily, weekly, monthly, quarterly, annual, irregular
            distributions=[
                # (format, URL name, URL kwargs): a CSV/JSON/XLSX... file the portal serves
                Export("CSV", "export", {"dataset": "gazette-issues", "fmt": "csv"}),
                Export("JSON", "export", {"dataset": "gazette-issues", "fmt": "json"}),
            ],
            modified=LatestChange(_issues),    # the latest updated_at of these records
            count=lambda: _issues().count(),   # () -> records in the export now
        ),
    ]

Downloads from the catalog go through its counting view, which redirects to the export (one
aggregate counter per distribution, nobody's download is recorded). The themes, periodicities
and formats the catalog knows are in ``opendata.models``; an unknown theme code leaves the
dataset without a theme rather than failing.

``modified`` is a ``LatestChange``: the records and the field whose latest value is the
dataset's last change. The catalog reads every automatic dataset's last change in one query
(``opendata.figures``) however many apps declare datasets, always from the live data — never
from a cache, so a publish shows at once. Any other callable still works but costs the catalog
a query of its own on every page (tests/opendata/test_catalog.py refuses it for the portal's
apps).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Max, QuerySet

from portal.typed import StrOrPromise

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,62}$")
PERIODICITIES = ("daily", "weekly", "monthly", "quarterly", "annual", "irregular")


class Export(NamedTuple):
    """One distribution of an automatic dataset: a file format and the portal URL serving it."""

    format: str
    url_name: str
    kwargs: dict[str, Any] = {}  # a NamedTuple's default, never changed


@dataclass(frozen=True)
class LatestChange:
    """An automatic dataset's last change: the latest ``field`` among ``records()``. Called, it
    is one aggregate query; the catalog instead reads all datasets' in one (``opendata.figures``
    uses ``records`` and ``field``)."""

    records: Callable[[], QuerySet[Any]]
    field: str = "updated_at"

    def __call__(self) -> dt.date | dt.datetime | None:
        return latest_change(self.records(), self.field)


@dataclass(frozen=True)
class AutoDataset:
    key: str
    title: StrOrPromise
    description: StrOrPromise
    theme: str
    distributions: Sequence[Export]
    modified: LatestChange | Callable[[], dt.date | dt.datetime | None]
    count: Callable[[], int]
    publisher: str | None = None
    keywords: Sequence[str] = field(default_factory=tuple)
    periodicity: str = "daily"
    spatial: str = ""

    def __post_init__(self) -> None:
        if not KEY_PATTERN.match(self.key):
            raise ValueError(f"AutoDataset key {self.key!r}: lower-case letters, digits and -.")
        if self.periodicity not in PERIODICITIES:
            raise ValueError(f"AutoDataset {self.key!r}: unknown periodicity {self.periodicity!r}")
        if not self.distributions:
            raise ValueError(f"AutoDataset {self.key!r} has no distribution.")


def latest_change(queryset: QuerySet[Any], field_name: str = "updated_at") -> dt.datetime | None:
    """The latest ``field_name`` in ``queryset`` (its last change), one aggregate query."""
    return queryset.order_by().aggregate(latest=Max(field_name))["latest"]
