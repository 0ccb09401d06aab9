"""Datasets and their versions go draft → review → published through the shared workflow, each
on its own: drafters of the publishing agency record them, another person reviews, the public
sees only published datasets and their released versions, and earlier versions stay
downloadable."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from opendata import drafting
from opendata.models import Dataset, DatasetVersion, Distribution
from portal.models import StaffRole
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.opendata.conftest import (
    CSV_2024,
    csv_file,
    draft_dataset,
    draft_version,
    move_through,
)

pytestmark = pytest.mark.django_db


def test_a_published_dataset_and_version_are_public_with_audit_trails(
    client, finance_bureau, drafter_fin, editors_fin
):
    dataset = draft_dataset(finance_bureau, drafter_fin)
    assert client.get(dataset.get_absolute_url()).status_code == 404  # a draft
    move_through(dataset, drafter_fin, editors_fin)
    dataset.refresh_from_db()
    assert dataset.status == Status.PUBLISHED
    assert dataset.issued is not None and dataset.modified_at is not None
    assert [e.action for e in dataset.events.all()] == ["create", "submit", "approve", "publish"]
    page = client.get(dataset.get_absolute_url()).content.decode()
    assert "该数据集尚未发布数据。" in page

    version = draft_version(dataset, drafter_fin)
    assert "预算2024.csv" not in client.get(dataset.get_absolute_url()).content.decode()
    move_through(version, drafter_fin, editors_fin)
    assert [e.action for e in version.events.all()] == ["create", "submit", "approve", "publish"]
    assert "预算2024.csv" in client.get(dataset.get_absolute_url()).content.decode()


def test_a_drafter_cannot_approve_their_own_dataset(finance_bureau, drafter_fin):
    dataset = draft_dataset(finance_bureau, drafter_fin)
    StaffRole.objects.create(user=drafter_fin, agency=finance_bureau, role="reviewer")
    workflow.submit(obj=dataset, user=drafter_fin)
    with pytest.raises(PermissionDenied):
        workflow.approve(obj=dataset, user=drafter_fin, review_result=ReviewResult.CLEAR)


def test_only_drafters_of_the_agency_record_datasets(finance_bureau, staff_b):
    with pytest.raises(ValidationError) as error:
        draft_dataset(finance_bureau, staff_b)
    assert "agency" in error.value.message_dict
    assert not Dataset.objects.exists()


def test_a_submitted_dataset_is_no_longer_edited(finance_bureau, drafter_fin):
    dataset = draft_dataset(finance_bureau, drafter_fin)
    workflow.submit(obj=dataset, user=drafter_fin)
    dataset.title = "改过的标题"
    with pytest.raises(ValidationError, match="Only a draft can be edited"):
        drafting.dataset_save(dataset=dataset, user=drafter_fin)


def test_the_period_covered_must_be_in_order(finance_bureau, drafter_fin):
    with pytest.raises(ValidationError) as error:
        draft_dataset(finance_bureau, drafter_fin, temporal_start=dt.date(2025, 1, 1),
                      temporal_end=dt.date(2024, 12, 31))  # fmt: skip
    assert "temporal_end" in error.value.message_dict


def test_a_version_without_files_cannot_be_submitted(finance_bureau, drafter_fin):
    dataset = draft_dataset(finance_bureau, drafter_fin)
    version = drafting.version_save(
        version=DatasetVersion(dataset=dataset, version="2024", released_on=dt.date(2025, 3, 1)),
        user=drafter_fin,
    )
    with pytest.raises(ValidationError, match="Add at least one file"):
        workflow.submit(obj=version, user=drafter_fin)
    assert version.agency_id == finance_bureau.pk  # the dataset's agency, for the roles


def test_a_released_versions_files_are_frozen(published, drafter_fin):
    with pytest.raises(ValidationError, match="Only a draft can be edited"):
        drafting.distribution_add(
            version=published["first"], user=drafter_fin, fmt="CSV", upload=csv_file()
        )


def test_the_screening_at_approval_reads_the_data_files(finance_bureau, drafter_fin, editors_fin):
    """A CSV with a column of ID numbers is held up at approval like a page would be."""
    dataset = move_through(draft_dataset(finance_bureau, drafter_fin), drafter_fin, editors_fin)
    leaking = "姓名,身份证号\n张三,440524198001010013\n".encode()
    version = draft_version(dataset, drafter_fin, content=leaking)
    workflow.submit(obj=version, user=drafter_fin)
    with pytest.raises(ValidationError, match="personal data"):
        workflow.approve(obj=version, user=editors_fin, review_result=ReviewResult.CLEAR)
    version.refresh_from_db()
    assert version.status == Status.IN_REVIEW


def test_the_contact_offices_address_and_phone_are_not_screening_hits(
    finance_bureau, drafter_fin, editors_fin
):
    dataset = draft_dataset(finance_bureau, drafter_fin, contact_phone="13812345678")
    move_through(dataset, drafter_fin, editors_fin)  # no override needed
    assert Dataset.objects.get().status == Status.PUBLISHED


def test_older_versions_stay_downloadable_and_the_newest_is_current(client, published):
    page = client.get(published["dataset"].get_absolute_url()).content.decode()
    assert "预算2025.csv" in page and "预算2024.csv" in page
    assert "新增2025年度执行数。" in page
    current = page.index("预算2025.csv")
    assert current < page.index("预算2024.csv")  # the current files first
    older = Distribution.objects.get(version_record=published["first"])
    response = client.get(older.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CSV_2024


def test_a_withdrawn_version_leaves_the_page_and_its_files(client, published, editors_fin):
    workflow.withdraw(obj=published["second"], user=editors_fin, reason="数据有误")
    page = client.get(published["dataset"].get_absolute_url()).content.decode()
    assert "预算2025.csv" not in page and "预算2024.csv" in page
    gone = Distribution.objects.get(version_record=published["second"])
    assert client.get(gone.get_absolute_url()).status_code == 404


def test_a_withdrawn_dataset_is_gone_and_takes_no_new_versions(
    client, published, drafter_fin, editors_fin
):
    dataset = published["dataset"]
    workflow.withdraw(obj=dataset, user=editors_fin, reason="不再更新")
    assert client.get(dataset.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/datasets/{dataset.pk}/").status_code == 404
    older = Distribution.objects.get(version_record=published["first"])
    assert client.get(older.get_absolute_url()).status_code == 404
    version = drafting.version_save(
        version=DatasetVersion(dataset=dataset, version="2026", released_on=dt.date(2027, 3, 1)),
        user=drafter_fin,
    )
    drafting.distribution_add(version=version, user=drafter_fin, fmt="CSV", upload=csv_file())
    with pytest.raises(ValidationError, match="已撤回"):
        workflow.submit(obj=version, user=drafter_fin)
