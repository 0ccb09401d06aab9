"""The demo's catalog for 丽水市人民政府: one decision at every stage of the procedure and one
not started, the first linked to the open demo consultation, the finished one to the closed
consultation, a document and its interpretation; every step in the Regulation's order;
loading twice adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from django.utils import timezone

from decisions import demo, lifecycle, selectors
from decisions.models import DecisionCatalog, DecisionStep, StepKind
from interpretation import demo as interpretation_demo
from portal import demo as portal_demo
from publishing.models import Status

pytestmark = pytest.mark.django_db


def test_the_demo_catalog_has_a_decision_at_every_stage(client):
    portal_demo.load(StringIO())
    interpretation_demo.load(StringIO())
    demo.load(StringIO())
    steps = DecisionStep.objects.count()
    demo.load(StringIO())
    assert DecisionStep.objects.count() == steps
    catalog = DecisionCatalog.objects.get()
    assert catalog.agency.code == demo.LISHUI and catalog.year == timezone.localdate().year
    assert catalog.status == Status.PUBLISHED

    decisions = list(selectors.decisions_of(catalog))
    stages = [selectors.stage_of(decision) for decision in decisions]
    expected = {lifecycle.STAGES.get(kind, kind) for kind in lifecycle.ORDER}
    assert expected <= set(stages) and None in stages
    for decision in decisions:  # published in the order of the procedure
        kinds = [step.kind for step in sorted(decision.published_steps, key=lambda s: s.pk)]
        assert kinds == lifecycle.ORDER[: len(kinds)]
        if decision.hearing_required and kinds[2:]:
            hearing = next(s for s in decision.published_steps if s.kind == StepKind.HEARING)
            assert not hearing.not_applicable

    first = decisions[0]
    assert first.published_steps[0].consultation.title == demo.OPEN_CONSULTATION
    finished = next(
        d for d in decisions if lifecycle.is_complete(s.kind for s in d.published_steps)
    )
    by_kind = {step.kind: step for step in finished.published_steps}
    assert by_kind[StepKind.PRE_DISCLOSURE].consultation.title.endswith(
        demo.CLOSED_CONSULTATION_SUFFIX
    )
    decided = by_kind[StepKind.DECISION]
    assert decided.document.status == Status.PUBLISHED
    assert decided.interpretation.documents.filter(pk=decided.document.pk).exists()

    page = client.get(finished.get_absolute_url()).content.decode()
    assert decided.document.get_absolute_url() in page
    assert decided.interpretation.get_absolute_url() in page
    catalog_page = client.get(catalog.get_absolute_url()).content.decode()
    assert catalog_page.count('class="decision-stage"') == 10
