"""The back office: the register is scoped to the user's agencies; responses are drafted only
for a concern of the drafter's agency; a citizen never reaches either."""

from __future__ import annotations

import pytest

from django.core.exceptions import ValidationError

from concerns import drafting
from concerns.models import Concern, Response, Severity
from tests.concerns.conftest import beijing, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def concern_a(agency_a, drafter_a):
    return register(
        agency_a, drafter_a, severity=Severity.GENERAL, aware_at=beijing(2026, 3, 6, 18, 0)
    )


def test_staff_see_their_agency_s_register_only(client, concern_a, drafter_a, staff_b):
    client.force_login(drafter_a)
    page = client.get("/admin/concerns/concern/")
    assert page.status_code == 200 and "城区自来水浑浊" in page.content.decode()
    assert client.get(f"/admin/concerns/concern/{concern_a.pk}/change/").status_code == 200
    client.force_login(staff_b)
    assert "城区自来水浑浊" not in client.get("/admin/concerns/concern/").content.decode()
    assert client.get(f"/admin/concerns/concern/{concern_a.pk}/change/").status_code == 302


def test_the_change_page_shows_the_clock(client, concern_a, drafter_a):
    client.force_login(drafter_a)
    text = client.get(f"/admin/concerns/concern/{concern_a.pk}/change/").content.decode()
    assert "concern-clock-overdue" in text and "2026-03-08 18:00" in text


def test_a_concern_cannot_be_registered_for_another_agency(agency_b, drafter_a):
    with pytest.raises(ValidationError) as error:
        register(
            agency_b, drafter_a, severity=Severity.GENERAL, aware_at=beijing(2026, 3, 6, 18, 0)
        )
    assert "agency" in error.value.message_dict


def test_a_response_must_answer_a_concern_of_its_agency(agency_b, staff_b, concern_a):
    with pytest.raises(ValidationError) as error:
        drafting.response_save(
            response=Response(
                agency=agency_b, concern=concern_a, kind="briefing", title="x", text="y"
            ),
            user=staff_b,
        )
    assert "concern" in error.value.message_dict


def test_registering_through_the_admin(client, agency_a, drafter_a):
    client.force_login(drafter_a)
    page = client.post(
        "/admin/concerns/concern/add/",
        {"agency": agency_a.pk, "source": "media", "severity": "major", "subject": "山体滑坡",
         "summary": "", "aware_at_0": "2026-03-06", "aware_at_1": "23:40:00",
         "escalations-TOTAL_FORMS": "0", "escalations-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert page.status_code == 302, page.content.decode()[:2000]
    concern = agency_a.concerns.get()
    assert concern.aware_at == beijing(2026, 3, 6, 23, 40)
    assert concern.registered_by == drafter_a


def test_the_register_refuses_personal_data(agency_a, drafter_a):
    with pytest.raises(ValidationError) as error:
        drafting.concern_save(
            concern=Concern(
                agency=agency_a, source="hotline", severity=Severity.GENERAL,
                subject="供水问题", summary="居民来电，电话13812345678，要求回电。",
                aware_at=beijing(2026, 3, 6, 18, 0),
            ),
            user=drafter_a,
        )  # fmt: skip
    assert "summary" in error.value.message_dict
    assert not Concern.objects.exists()
