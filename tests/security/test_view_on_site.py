"""The admin's "view on site" shortcut (/admin/r/<content type>/<id>/) confirms nothing about
another agency's records: it answers 404 for them exactly as for a record that does not exist,
and redirects the owning agency's staff to the public address."""

from __future__ import annotations

import pytest

from django.contrib.contenttypes.models import ContentType
from django.test import Client

from tests.factories import StaffClient
from tests.security.fixtures_matrix import world_fixture  # noqa: F401 - the world fixture

pytestmark = pytest.mark.django_db

# Agency A's drafts, and records edited inline with a draft (attachments, media), plus the
# published ones: every model of the world with a public address.
RECORDS = [
    "document", "attachment", "interpretation", "media", "policyquestion", "consultation",
    "consultation_attachment", "published_document", "published_attachment",
    "published_interpretation", "published_media", "published_consultation",
    "published_annualreport",
]  # fmt: skip


def shortcut(obj, pk: object | None = None) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return f"/admin/r/{content_type.pk}/{obj.pk if pk is None else pk}/"


def signed_in(user) -> Client:
    client = StaffClient()
    client.force_login(user)
    return client


@pytest.mark.parametrize("record", RECORDS)
def test_another_agency_gets_404_as_for_a_record_that_does_not_exist(world, record):
    """Finding: agency B's staff were redirected for agency A's drafts, and got 404 only for
    ids that do not exist, which told them which drafts exist."""
    staff_b = signed_in(world.staff_b)
    obj = world[record]
    assert staff_b.get(shortcut(obj)).status_code == 404
    assert staff_b.get(shortcut(obj, pk=987654)).status_code == 404


@pytest.mark.parametrize("record", RECORDS)
def test_the_owning_agency_is_sent_to_the_public_address(world, record):
    obj = world[record]
    response = signed_in(world.staff_a).get(shortcut(obj))
    assert response.status_code == 302
    assert response["Location"] == f"http://testserver{obj.get_absolute_url()}"


def test_agency_b_still_reaches_its_own_drafts(world):
    draft = world["document_b"]
    response = signed_in(world.staff_b).get(shortcut(draft))
    assert response.status_code == 302
    assert response["Location"] == f"http://testserver{draft.get_absolute_url()}"


def test_public_reference_data_may_be_viewed_by_every_member_of_staff(world):
    response = signed_in(world.staff_b).get(shortcut(world.agency_a))
    assert response.status_code == 302


def test_anonymous_visitors_are_sent_to_sign_in(world):
    response = Client().get(shortcut(world["document"]))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("path", ["/admin/r/999999/1/", "/admin/r/abc/1/"])
def test_an_unknown_content_type_is_404(world, path):
    assert signed_in(world.staff_a).get(path).status_code == 404
