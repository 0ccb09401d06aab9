"""The back office: datasets and versions scoped to the user's agencies (another agency's are
404), files checked by content when uploaded through the version's page, a preview of the
public page."""

from __future__ import annotations

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opendata.models import Distribution
from tests.factories import StaffClient
from tests.opendata.conftest import draft_dataset, draft_version

pytestmark = pytest.mark.django_db


def _signed_in(user) -> StaffClient:
    client = StaffClient()
    client.force_login(user)
    return client


def test_another_agencys_staff_never_reach_the_datasets(finance_bureau, drafter_fin, staff_b):
    dataset = draft_dataset(finance_bureau, drafter_fin)
    version = draft_version(dataset, drafter_fin)
    other = _signed_in(staff_b)
    listing = other.get(reverse("admin:opendata_dataset_changelist")).content.decode()
    assert dataset.title not in listing
    for url in (
        reverse("admin:opendata_dataset_change", args=[dataset.pk]),
        reverse("admin:opendata_dataset_preview", args=[dataset.pk]),
        reverse("admin:opendata_datasetversion_change", args=[version.pk]),
        reverse("admin:opendata_datasetversion_workflow", args=[version.pk, "submit"]),
    ):
        response = other.get(url)
        assert response.status_code == 404 or response["Location"] == "/admin/", url
    own = _signed_in(drafter_fin)
    assert dataset.title in own.get(reverse("admin:opendata_dataset_changelist")).content.decode()
    preview = own.get(reverse("admin:opendata_datasetversion_preview", args=[version.pk]))
    assert preview.status_code == 200 and "预算2024.csv" in preview.content.decode()


def _version_form(version, upload, fmt: str) -> dict:
    return {
        "dataset": version.dataset_id, "version": version.version,
        "released_on": version.released_on.isoformat(), "change_note": "",
        "distributions-TOTAL_FORMS": "2", "distributions-INITIAL_FORMS": "1",
        "distributions-MIN_NUM_FORMS": "0", "distributions-MAX_NUM_FORMS": "1000",
        "distributions-0-id": str(version.distributions.get().pk),
        "distributions-0-version_record": str(version.pk), "distributions-0-format": "CSV",
        "distributions-0-link": "", "distributions-0-title": "", "distributions-0-order": "0",
        "distributions-1-version_record": str(version.pk), "distributions-1-format": fmt,
        "distributions-1-file": upload, "distributions-1-link": "",
        "distributions-1-title": "", "distributions-1-order": "1",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0", "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "1000",
    }  # fmt: skip


def test_an_uploaded_file_is_checked_by_its_content(finance_bureau, drafter_fin):
    version = draft_version(draft_dataset(finance_bureau, drafter_fin), drafter_fin)
    client = _signed_in(drafter_fin)
    url = reverse("admin:opendata_datasetversion_change", args=[version.pk])
    bad = SimpleUploadedFile("预算.json", b"{not json")
    response = client.post(url, _version_form(version, bad, "JSON"))
    assert response.status_code == 200
    assert "不是有效的 JSON" in response.content.decode()
    assert version.distributions.count() == 1
    good = SimpleUploadedFile("预算.json", '[{"科目": "收入"}]'.encode())
    response = client.post(url, _version_form(version, good, "JSON"))
    assert response.status_code == 302, response.content.decode()[:3000]
    added = Distribution.objects.get(version_record=version, format="JSON")
    assert added.original_name == "预算.json" and added.size == len('[{"科目": "收入"}]'.encode())
    assert added.content_type == "application/json"
