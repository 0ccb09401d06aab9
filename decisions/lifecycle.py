"""The order of a major decision's procedure (《重大行政决策程序暂行条例》), as plain rules read by
the drafting service, the workflow policy, the admin and the public pages.

    预公开 → 公众参与 → 听证会 → 专家论证 → 风险评估 → 合法性审查 → 集体讨论决定
           → 决策公布（文件与解读） → 执行情况 → 决策后评估

- A step is published only after every step before it is published (done, or marked not
  applicable with its reason): the public sees the procedure in the order it was followed.
- Some steps are left to the case by the Regulation and may be marked not applicable, with a
  reason: the hearing (Art 18, unless the catalog item requires one), expert review (Art 19),
  risk assessment (Art 22) and post-decision evaluation (Art 35). The others may not: public
  participation (Art 14), legality review (Art 25: no collective discussion without it) and
  collective deliberation (Art 30) are obligatory for every major decision.
- Nothing of a decision is published before its catalog is.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from decisions.models import Decision, DecisionStep, StepKind
from publishing.models import Status

ORDER: list[StepKind] = list(StepKind)
POSITION: dict[str, int] = {kind.value: index for index, kind in enumerate(ORDER)}

# Art 18, 19, 22, 35: the steps the Regulation leaves to the nature of the decision.
OPTIONAL = frozenset({StepKind.HEARING, StepKind.EXPERT, StepKind.RISK, StepKind.EVALUATION})

# The stage a citizen reads on the catalog: the hearing belongs to public participation.
STAGES: dict[StepKind, StepKind] = {StepKind.HEARING: StepKind.PARTICIPATION}


def label(kind: str) -> str:
    return str(StepKind(kind).label)


def may_be_not_applicable(kind: str, decision: Decision) -> bool:
    if kind == StepKind.HEARING and decision.hearing_required:
        return False
    return kind in OPTIONAL


def content_problems(step: DecisionStep) -> dict[str, str]:
    """What a step must hold before it can go to review, by field (empty when complete)."""
    problems: dict[str, str] = {}
    kind = step.kind
    if step.not_applicable:
        if step.decision_id and not may_be_not_applicable(kind, step.decision):
            if kind == StepKind.HEARING:
                problems["not_applicable"] = _(
                    "The catalog says this decision needs a public hearing: the hearing cannot "
                    "be marked not applicable."
                )
            else:
                problems["not_applicable"] = _(
                    "“%(step)s” is obligatory for every major decision and cannot be marked not "
                    "applicable."
                ) % {"step": label(kind)}
        if not step.not_applicable_reason.strip():
            problems["not_applicable_reason"] = _(
                "Give the reason why “%(step)s” does not apply to this decision."
            ) % {"step": label(kind)}
        return problems
    if kind == StepKind.PRE_DISCLOSURE and step.consultation_id is None:
        problems["consultation"] = _(
            "Choose the consultation in which the draft and its basis were published."
        )
    if kind in (StepKind.HEARING, StepKind.COLLECTIVE) and step.held_on is None:
        problems["held_on"] = _("Give the date the %(step)s was held.") % {"step": label(kind)}
    if kind == StepKind.COLLECTIVE and not step.meeting.strip():
        problems["meeting"] = _(
            "Name the meeting that discussed and decided it (e.g. 市政府第45次常务会议)."
        )
    if kind == StepKind.LEGALITY and not step.conclusion.strip():
        problems["conclusion"] = _(
            "Record the opinion of the legality review, even when it is not published."
        )
    if kind == StepKind.DECISION and step.document_id is None:
        problems["document"] = _("Choose the published document of the decision.")
    if kind not in (StepKind.PRE_DISCLOSURE, StepKind.DECISION) and not step.summary.strip():
        problems["summary"] = _("Say what was done in this step.")
    return problems


def published_kinds(decision: Decision, *, excluding: int | None = None) -> set[str]:
    found = DecisionStep.objects.filter(decision=decision, status=Status.PUBLISHED)
    if excluding is not None:
        found = found.exclude(pk=excluding)
    return set(found.values_list("kind", flat=True))


def missing_before(kind: str, published: Iterable[str]) -> list[StepKind]:
    """The steps before ``kind`` that are not published yet, in order."""
    done = set(published)
    return [earlier for earlier in ORDER[: POSITION[StepKind(kind)]] if earlier not in done]


def check_publishable(step: DecisionStep) -> None:
    """Raise ValidationError when ``step`` may not be published now: its catalog unpublished,
    an earlier step not published yet, its content incomplete, or what it links to not public.
    Called at publication with the decision locked, so two steps cannot overtake each other."""
    decision = step.decision
    if decision.catalog.status != Status.PUBLISHED:
        raise ValidationError(
            _("The catalog listing “%(decision)s” is not published yet: publish it first.")
            % {"decision": decision.title}
        )
    missing = missing_before(step.kind, published_kinds(decision, excluding=step.pk))
    if missing:
        raise ValidationError(
            _("“%(step)s” cannot be published before %(missing)s: publish the earlier steps "
              "first, or mark an optional one not applicable with the reason.")
            % {"step": label(step.kind), "missing": "、".join(f"“{label(k)}”" for k in missing)}
        )  # fmt: skip
    problems = content_problems(step)
    if problems:
        raise ValidationError(list(problems.values()))
    if step.not_applicable:
        return
    if step.consultation is not None and step.consultation.status != Status.PUBLISHED:
        raise ValidationError(_("The consultation must be published before this step."))
    if step.document is not None and step.document.status != Status.PUBLISHED:
        raise ValidationError(_("The decision document must be published before this step."))
    if step.interpretation is not None and step.interpretation.status != Status.PUBLISHED:
        raise ValidationError(_("The interpretation must be published before this step."))
    if step.document is not None and step.document.needs_interpretation and not step.interpretation:
        # 三同步: a policy that must be interpreted is published with its interpretation.
        raise ValidationError(
            _("The decision document needs an interpretation: link it, published with the "
              "document.")
        )  # fmt: skip


def current_stage(published: Iterable[str]) -> StepKind | None:
    """The furthest stage a decision has reached, from its published steps (None: not begun)."""
    done = [StepKind(kind) for kind in published]
    if not done:
        return None
    furthest = max(done, key=lambda kind: POSITION[kind])
    return STAGES.get(furthest, furthest)


def next_step(published: Iterable[str]) -> StepKind | None:
    """The first step not published yet (None: the procedure is complete)."""
    done = set(published)
    return next((kind for kind in ORDER if kind not in done), None)


def is_complete(published: Iterable[str]) -> bool:
    return next_step(published) is None
