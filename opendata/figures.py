"""The last change of every automatic dataset, read in one query however many apps declare
datasets: the catalog page, its DCAT JSON-LD, the API's list, the sitemap and an agency's column
each show it for all of them.

Each dataset whose ``modified`` is a ``portal.datasets.LatestChange`` becomes a scalar subquery
``(SELECT MAX(field) FROM (<its records>) AS records)``, and one ``SELECT`` holds them all. The
records are the app's own queryset (the same rows as its export), so the figure is live: a
publish shows at once, and so does a record leaving its display period. Nothing is cached.

A dataset declaring ``modified`` as any other callable still gets its figure, at the cost of
one query of its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, QuerySet

from portal import sites
from portal.datasets import AutoDataset, LatestChange

Changed = dt.date | dt.datetime | None


def _latest_sql(
    latest: LatestChange, site: sites.CurrentSite | None = None
) -> tuple[str, tuple[object, ...], Any] | None:
    """The scalar subquery of ``latest``'s figure (over ``site``'s records, as its export) with
    the column it reads (whose converters turn the database's value into a date or datetime),
    or None when its records are known to be empty (``.none()``)."""
    records: QuerySet[Any] = sites.scope_records(latest.records(), site)
    if not records.query.distinct_fields:  # DISTINCT ON keeps the ordering that picks its rows
        records = records.order_by()
    records = records.values(_latest=F(latest.field))
    try:
        inner, params = records.query.sql_with_params()
    except EmptyResultSet:
        return None
    # MAX over the records as the app selects them (DISTINCT, joins and all): what
    # ``latest_change`` gives for the same queryset.
    # The SQL is Django's own compilation of the queryset; its values stay parameters.
    sql = f'(SELECT MAX(records."_latest") FROM ({inner}) AS records)'  # noqa: S608
    return sql, tuple(params), records.query.annotations["_latest"]


def converted(value: object, column: Any, using: BaseDatabaseWrapper = connection) -> Changed:
    """The value as the ORM would give it: SQLite answers a raw query's dates as text (the
    embedded demo runs on SQLite), PostgreSQL as dates; the column's own converters (the
    backend's and the field's) make both a date or an aware datetime."""
    converters = using.ops.get_db_converters(column) + column.get_db_converters(using)
    for convert in converters:
        value = convert(value, column, using)
    return cast("Changed", value)


def latest_changes(
    datasets: Iterable[AutoDataset], site: sites.CurrentSite | None = None
) -> dict[str, Changed]:
    """Each dataset's last change by key (of ``site``'s records)."""
    found: dict[str, Changed] = {}
    parts: list[tuple[str, str, tuple[object, ...], Any]] = []
    for dataset in datasets:
        if not isinstance(dataset.modified, LatestChange):
            found[dataset.key] = dataset.modified()
            continue
        subquery = _latest_sql(dataset.modified, site)
        if subquery is None:
            found[dataset.key] = None
        else:
            parts.append((dataset.key, *subquery))
    if parts:
        sql = "SELECT " + ", ".join(part for _, part, _, _ in parts)
        params: list[Any] = [param for _, _, part_params, _ in parts for param in part_params]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        found.update(
            {
                key: converted(value, column)
                for (key, _, _, column), value in zip(parts, row, strict=True)
            }
        )
    return found
