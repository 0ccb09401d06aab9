"""The back office: scoped to the government's staff, steps drafted through the form with the
procedure's rules shown in words, the catalog's progress table."""

from __future__ import annotations

import pytest

from django.urls import reverse

from decisions.models import DecisionCatalog, DecisionStep, StepKind
from tests.decisions.conftest import YEAR, make_catalog, make_step

pytestmark = pytest.mark.django_db


def _step_form(decision, **fields):
    data = {
        "decision": decision.pk, "kind": StepKind.EXPERT, "summary": "", "conclusion": "",
        "not_applicable_reason": "", "meeting": "", "venue": "", "public_attendance": "",
        "conclusion_public": "on", "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    }  # fmt: skip
    data.update(fields)
    return data


def test_another_agency_sees_nothing(client, staff_b, catalog, decision, team):
    step = make_step(decision, StepKind.PRE_DISCLOSURE, team[0])
    client.force_login(staff_b)
    for name, pk in (("decisioncatalog", catalog.pk), ("decisionstep", step.pk)):
        assert client.get(reverse(f"admin:decisions_{name}_change", args=[pk])).status_code == 404
        preview = reverse(f"admin:decisions_{name}_preview", args=[pk])
        assert client.get(preview).status_code == 404
    listing = client.get(reverse("admin:decisions_decisioncatalog_changelist")).content.decode()
    assert catalog.title not in listing


def test_a_drafter_of_another_agency_cannot_draft_a_step_for_it(decision, agency_b):
    from django.core.exceptions import ValidationError

    from tests.factories import staff

    outsider = staff("drafter_b", agency_b, "drafter")
    with pytest.raises(ValidationError):
        make_step(decision, StepKind.PRE_DISCLOSURE, outsider)


def test_not_applicable_without_a_reason_is_refused_on_the_form(client, drafter_a, decision):
    client.force_login(drafter_a)
    url = reverse("admin:decisions_decisionstep_add")
    response = client.post(url, _step_form(decision, not_applicable="on"))
    assert response.status_code == 200
    assert "请说明该决策事项不适用“专家论证”的理由。" in response.content.decode()
    assert not DecisionStep.objects.exists()


def test_a_step_is_drafted_on_the_form(client, drafter_a, decision):
    client.force_login(drafter_a)
    url = reverse("admin:decisions_decisionstep_add")
    response = client.post(url, _step_form(decision, summary="组织5名专家论证。"))
    assert response.status_code == 302, response.content.decode()[:2000]
    step = DecisionStep.objects.get()
    assert step.agency == decision.catalog.agency and step.drafter == drafter_a
    change = client.get(reverse("admin:decisions_decisionstep_change", args=[step.pk]))
    assert (
        "本环节须在以下环节公布后才能公布：决策预公开、公众参与、听证会。"
        in change.content.decode()
    )


def test_the_catalog_page_links_the_next_step(client, drafter_a, catalog, decision):
    client.force_login(drafter_a)
    page = client.get(reverse("admin:decisions_decisioncatalog_change", args=[catalog.pk]))
    text = page.content.decode()
    assert "各决策事项进展" in text
    assert f"?decision={decision.pk}&amp;kind=pre_disclosure" in text


def test_a_catalog_is_drafted_with_its_decisions(client, drafter_a, agency_a):
    client.force_login(drafter_a)
    data = {
        "agency": agency_a.pk, "year": YEAR, "notes": "",
        "decisions-TOTAL_FORMS": "1", "decisions-INITIAL_FORMS": "0",
        "decisions-0-number": "1", "decisions-0-title": "丽水市停车收费标准调整",
        "decisions-0-lead_agency": "丽水市发展和改革委员会",
        "decisions-0-legal_basis": "《价格法》", "decisions-0-summary": "",
        "decisions-0-planned_start": f"{YEAR}-03-01", "decisions-0-planned_end": f"{YEAR}-02-01",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    }  # fmt: skip
    url = reverse("admin:decisions_decisioncatalog_add")
    refused = client.post(url, data)
    assert "计划完成时间不能早于计划启动时间。" in refused.content.decode()
    data["decisions-0-planned_end"] = f"{YEAR}-10-01"
    assert client.post(url, data).status_code == 302
    catalog = DecisionCatalog.objects.get()
    assert (
        catalog.drafter == drafter_a and catalog.decisions.get().title == "丽水市停车收费标准调整"
    )


def test_one_catalog_per_government_and_year(agency_a, drafter_a):
    from django.core.exceptions import ValidationError

    make_catalog(agency_a, drafter_a)
    with pytest.raises(ValidationError) as error:
        make_catalog(agency_a, drafter_a)
    assert "year" in error.value.message_dict
