"""A download goes through the catalog's address, which counts it (one aggregate counter per
distribution, nothing about who) and then serves the file or redirects to the export."""

from __future__ import annotations

import pytest

from django.core.exceptions import ValidationError

from opendata import drafting
from opendata.models import AutoDownload, Distribution
from tests.opendata.conftest import CSV_2025, draft_dataset, draft_version, move_through

pytestmark = pytest.mark.django_db


def test_a_file_download_is_counted_and_served(client, published):
    current = Distribution.objects.get(version_record=published["second"])
    for _ in range(3):
        response = client.get(current.get_absolute_url())
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == CSV_2025
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Type"] == "text/csv"
    current.refresh_from_db()
    assert current.downloads == 3
    page = client.get(published["dataset"].get_absolute_url()).content.decode()
    assert "<td>3</td>" in page


def test_an_automatic_download_is_counted_and_redirected_to_the_export(client):
    response = client.get("/opendata/auto/enforcement-decisions/download/csv/")
    assert response.status_code == 302
    assert response["Location"] == "/data/enforcement-decisions.csv"
    client.get("/opendata/auto/enforcement-decisions/download/csv/")
    client.get("/opendata/auto/enforcement-decisions/download/json/")
    counts = {(c.dataset_key, c.format): c.count for c in AutoDownload.objects.all()}
    assert counts == {("enforcement-decisions", "CSV"): 2, ("enforcement-decisions", "JSON"): 1}
    page = client.get("/opendata/auto/enforcement-decisions/").content.decode()
    assert "<td>2</td>" in page and "<td>1</td>" in page


def test_nothing_about_the_downloader_is_kept():
    fields = {f.name for f in AutoDownload._meta.get_fields()}
    assert fields == {"id", "dataset_key", "format", "count"}
    assert {f.name for f in Distribution._meta.get_fields()} & {"ip", "user", "address"} == set()


def test_an_unknown_format_is_404_and_not_counted(client):
    assert client.get("/opendata/auto/documents/download/xlsx/").status_code == 404
    assert not AutoDownload.objects.exists()


def test_a_draft_versions_file_is_not_served(client, finance_bureau, drafter_fin, editors_fin):
    dataset = move_through(draft_dataset(finance_bureau, drafter_fin), drafter_fin, editors_fin)
    draft = Distribution.objects.get(version_record=draft_version(dataset, drafter_fin))
    assert client.get(draft.get_absolute_url()).status_code == 404
    draft.refresh_from_db()
    assert draft.downloads == 0


def test_a_link_to_a_portal_export_is_counted_and_redirected(
    client, finance_bureau, drafter_fin, editors_fin
):
    dataset = move_through(draft_dataset(finance_bureau, drafter_fin), drafter_fin, editors_fin)
    version = draft_version(dataset, drafter_fin)
    link = drafting.distribution_add(
        version=version, user=drafter_fin, fmt="JSON", link="/data/documents.json"
    )
    move_through(version, drafter_fin, editors_fin)
    response = client.get(link.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == "/data/documents.json"
    link.refresh_from_db()
    assert link.downloads == 1


@pytest.mark.parametrize(
    "address",
    ["https://example.com/data.csv", "//example.com/data.csv", "/admin/", "/no-such-page/",
     "javascript:alert(1)"],
)  # fmt: skip
def test_a_link_must_be_one_of_the_portals_exports(finance_bureau, drafter_fin, address):
    dataset = draft_dataset(finance_bureau, drafter_fin)
    version = draft_version(dataset, drafter_fin)
    with pytest.raises(ValidationError):
        drafting.distribution_add(version=version, user=drafter_fin, fmt="CSV", link=address)
    assert version.distributions.count() == 1


def test_a_link_changed_behind_the_services_back_is_never_followed(client, published):
    """The address is checked again when served: never a redirect off the portal."""
    current = Distribution.objects.get(version_record=published["second"])
    Distribution.objects.filter(pk=current.pk).update(file="", link="https://evil.example/")
    assert client.get(current.get_absolute_url()).status_code == 404
