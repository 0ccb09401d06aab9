"""The procedure's order (《重大行政决策程序暂行条例》): a step is published only after the steps
before it; optional steps may be marked not applicable, with a reason; the hearing is required
where the catalog says so; errors say so in Chinese."""

from __future__ import annotations

import pytest

from django.core.exceptions import ValidationError
from django.utils import translation

from decisions import lifecycle
from decisions.models import DecisionStep, StepKind
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.decisions.conftest import make_catalog, make_step, publish

pytestmark = pytest.mark.django_db


def _approved(step, team):
    drafter, reviewer, _publisher = team
    workflow.submit(obj=step, user=drafter)
    return workflow.approve(obj=step, user=reviewer, review_result=ReviewResult.CLEAR)


def test_a_step_cannot_skip_the_steps_before_it(decision, team, advance):
    advance(decision, StepKind.PRE_DISCLOSURE)
    legality = _approved(make_step(decision, StepKind.LEGALITY, team[0]), team)
    with pytest.raises(ValidationError) as error:
        workflow.publish(obj=legality, user=team[2])
    message = " ".join(error.value.messages)
    for missing in ("Public participation", "Public hearing", "Expert review", "Risk assessment"):
        assert missing in message
    legality.refresh_from_db()
    assert legality.status == Status.APPROVED


def test_the_refusal_is_in_chinese(decision, team, advance):
    advance(decision, StepKind.PRE_DISCLOSURE)
    expert = _approved(make_step(decision, StepKind.EXPERT, team[0]), team)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        workflow.publish(obj=expert, user=team[2])
    assert error.value.messages == [
        "“专家论证”不能在“公众参与”、“听证会”之前公布：请先公布前序环节，"
        "或将可选环节标为不适用并说明理由。"
    ]


def test_the_first_step_needs_a_published_catalog(agency_a, team, consultation):
    drafter = team[0]
    catalog = make_catalog(agency_a, drafter)
    step = DecisionStep(decision=catalog.decisions.get(), kind=StepKind.PRE_DISCLOSURE,
                        consultation=consultation)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        from decisions import drafting

        drafting.step_save(step=step, user=drafter)
    assert "decision" in error.value.message_dict


def test_steps_published_in_order_complete_the_procedure(decision, advance):
    advance(decision, StepKind.EVALUATION, done=(StepKind.EXPERT,))
    published = lifecycle.published_kinds(decision)
    assert lifecycle.is_complete(published)
    assert lifecycle.current_stage(published) == StepKind.EVALUATION
    hearing = DecisionStep.objects.get(decision=decision, kind=StepKind.HEARING)
    assert hearing.not_applicable and hearing.not_applicable_reason == "不涉及此情形。"


def test_not_applicable_needs_a_reason(decision, team):
    with pytest.raises(ValidationError) as error:
        make_step(decision, StepKind.EXPERT, team[0], not_applicable=True)
    assert error.value.message_dict["not_applicable_reason"] == [
        "Give the reason why “Expert review” does not apply to this decision."
    ]
    assert not DecisionStep.objects.exists()


def test_an_obligatory_step_cannot_be_not_applicable(decision, team):
    with pytest.raises(ValidationError) as error:
        make_step(decision, StepKind.LEGALITY, team[0], not_applicable=True,
                  not_applicable_reason="时间紧。")  # fmt: skip
    assert "obligatory" in error.value.message_dict["not_applicable"][0]


def test_a_not_applicable_optional_step_lets_the_next_one_through(decision, team, advance):
    advance(decision, StepKind.PARTICIPATION)
    hearing = make_step(decision, StepKind.HEARING, team[0], not_applicable=True,
                        not_applicable_reason="不属于应当听证的事项。")  # fmt: skip
    publish(hearing, *team)
    expert = publish(make_step(decision, StepKind.EXPERT, team[0]), *team)
    assert expert.status == Status.PUBLISHED


def test_the_hearing_cannot_be_left_out_where_the_catalog_requires_it(with_hearing, team):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        make_step(with_hearing, StepKind.HEARING, team[0], not_applicable=True,
                  not_applicable_reason="时间紧。")  # fmt: skip
    assert error.value.message_dict["not_applicable"] == [
        "决策事项目录载明该事项需要举行听证，听证会不能标为不适用。"
    ]


def test_without_the_required_hearing_the_procedure_stops(with_hearing, team, advance):
    advance(with_hearing, StepKind.PARTICIPATION)
    expert = _approved(make_step(with_hearing, StepKind.EXPERT, team[0]), team)
    with pytest.raises(ValidationError, match="Public hearing"):
        workflow.publish(obj=expert, user=team[2])


def test_a_step_is_submitted_only_when_complete(decision, team):
    collective = make_step(decision, StepKind.COLLECTIVE, team[0], meeting="")
    with pytest.raises(ValidationError) as error:
        workflow.submit(obj=collective, user=team[0])
    assert "Name the meeting" in error.value.messages[0]


def test_the_decision_step_needs_a_published_document(decision, team, document, advance):
    advance(decision, StepKind.COLLECTIVE)
    document.status = Status.WITHDRAWN
    document.save()
    step = _approved(make_step(decision, StepKind.DECISION, team[0], document=document), team)
    with pytest.raises(ValidationError, match="decision document must be published"):
        workflow.publish(obj=step, user=team[2])


def test_a_document_that_needs_interpreting_is_published_with_its_interpretation(
    decision, team, document, advance
):
    advance(decision, StepKind.COLLECTIVE)
    type(document).objects.filter(pk=document.pk).update(needs_interpretation=True)
    step = _approved(make_step(decision, StepKind.DECISION, team[0], document=document), team)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        workflow.publish(obj=step, user=team[2])
    assert error.value.messages == ["该决策文件需要政策解读：请关联与文件同步公布的解读。"]


def test_one_step_of_each_kind(decision, team):
    make_step(decision, StepKind.EXPERT, team[0])
    with pytest.raises(ValidationError) as error:
        make_step(decision, StepKind.EXPERT, team[0])
    assert "already has" in error.value.message_dict["kind"][0]


def test_a_withdrawn_step_can_be_replaced(decision, team, advance):
    advance(decision, StepKind.PRE_DISCLOSURE)
    first = DecisionStep.objects.get(decision=decision)
    workflow.withdraw(obj=first, user=team[2], reason="征求意见链接有误。")
    assert lifecycle.current_stage(lifecycle.published_kinds(decision)) is None
    advance(decision, StepKind.PRE_DISCLOSURE)
    assert lifecycle.published_kinds(decision) == {StepKind.PRE_DISCLOSURE}


def test_the_interpretation_must_be_of_the_decision_document(
    decision, team, document, interpretation, advance
):
    advance(decision, StepKind.COLLECTIVE)
    interpretation.documents.clear()
    with pytest.raises(ValidationError) as error:
        make_step(decision, StepKind.DECISION, team[0], document=document,
                  interpretation=interpretation)  # fmt: skip
    assert "interpretation" in error.value.message_dict


def test_the_hearing_counts_as_public_participation():
    assert lifecycle.current_stage([StepKind.PRE_DISCLOSURE, StepKind.PARTICIPATION,
                                    StepKind.HEARING]) == StepKind.PARTICIPATION  # fmt: skip
    assert lifecycle.current_stage([]) is None
