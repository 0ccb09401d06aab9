"""Personas and helpers for the open-data tests: datasets and versions recorded and published
through the services, as staff do."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from opendata import drafting
from opendata.models import Dataset, DatasetVersion, Theme
from portal.models import AgencyKind, StaffRole
from publishing import workflow
from publishing.models import ReviewResult
from tests.factories import AgencyFactory, staff

Role = StaffRole.Role

CSV_2024 = "\ufeff科目,执行数（万元）\n一般公共预算收入,1702315\n".encode()
CSV_2025 = "\ufeff科目,执行数（万元）\n一般公共预算收入,1765408\n".encode()


def csv_file(content: bytes = CSV_2024, name: str = "预算执行.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def finance_bureau(agency_a):
    return AgencyFactory(
        parent=agency_a, name="丽水市财政局", code="331100002", kind=AgencyKind.DEPARTMENT
    )


@pytest.fixture
def drafter_fin(finance_bureau):
    return staff("drafter_fin", finance_bureau, Role.DRAFTER)


@pytest.fixture
def editors_fin(finance_bureau):
    """A reviewer and a publisher of the finance bureau (one person, not the drafter)."""
    return staff("editors_fin", finance_bureau, Role.REVIEWER, Role.PUBLISHER)


def theme(code: str = "finance") -> Theme:
    return Theme.objects.get(code=code)


def draft_dataset(agency: Any, drafter: Any, **fields: Any) -> Dataset:
    values: dict[str, Any] = {
        "agency": agency,
        "title": "丽水市财政预算执行情况",
        "description": "市本级一般公共预算收支执行情况。",
        "theme": theme(fields.pop("theme_code", "finance")),
        "keywords": "预算, 财政收入、执行",
        "periodicity": "annual",
        "contact_name": "丽水市财政局预算科",
        "contact_email": "ysk@lishui.example.gov.cn",
        "contact_phone": "0578-2133201",
        "spatial": "丽水市",
    }
    values.update(fields)
    return drafting.dataset_save(dataset=Dataset(**values), user=drafter)


def move_through(obj: Any, drafter: Any, editor: Any, **approve: Any) -> Any:
    workflow.submit(obj=obj, user=drafter)
    workflow.approve(obj=obj, user=editor, review_result=ReviewResult.CLEAR, **approve)
    return workflow.publish(obj=obj, user=editor)


def draft_version(
    dataset: Dataset, drafter: Any, *, version: str = "2024", content: bytes = CSV_2024,
    released_on: dt.date = dt.date(2025, 3, 20), change_note: str = "",
) -> DatasetVersion:  # fmt: skip
    record = drafting.version_save(
        version=DatasetVersion(dataset=dataset, version=version, released_on=released_on,
                               change_note=change_note),
        user=drafter,
    )  # fmt: skip
    drafting.distribution_add(
        version=record, user=drafter, fmt="CSV", upload=csv_file(content, f"预算{version}.csv")
    )
    return record


@pytest.fixture
def published(finance_bureau, drafter_fin, editors_fin):
    """The finance bureau's budget dataset, published with versions 2024 and 2025."""
    dataset = move_through(draft_dataset(finance_bureau, drafter_fin), drafter_fin, editors_fin)
    first = move_through(draft_version(dataset, drafter_fin), drafter_fin, editors_fin)
    second = move_through(
        draft_version(dataset, drafter_fin, version="2025", content=CSV_2025,
                      released_on=dt.date(2026, 3, 18), change_note="新增2025年度执行数。"),
        drafter_fin, editors_fin,
    )  # fmt: skip
    dataset.refresh_from_db()
    return {"dataset": dataset, "first": first, "second": second}
