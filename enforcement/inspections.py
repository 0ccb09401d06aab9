"""双随机、一公开: recording plans, their draw and the results of the inspections.

- A plan is drafted like any publishable record (drafters of the agency edit drafts only); its
  pools hold market subjects, checked by GB 32100, and officers with their 执法证号.
- It is published before its draw, so the pools the draw reads are fixed and public.
- The draw (``plan_draw``) is made once, by a drafter of the agency, with a seed from
  ``secrets``; the seed, who drew and when are kept, and ``draw_verify`` repeats it from the
  stored seed and the pools. It is never redone: ``plan_new_round`` starts a new plan with the
  same pools, linked to the earlier one, whose draw stays public.
- The result of each drawn subject is drafted here (``result_save``) and published through the
  shared workflow (``enforcement.publishing.InspectionResultPolicy``).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement import draws
from enforcement.drafting import _credit_code_message
from enforcement.models import (
    DrawnSubject,
    InspectionDraw,
    InspectionItem,
    InspectionPlan,
    InspectionResult,
    PlanInspector,
    PlanSubject,
)
from portal import access, page_cache
from portal.identity import credit_code_problem, normalize_credit_code
from portal.models import StaffRole
from portal.search import indexing as search_indexing
from publishing.models import Status
from publishing.workflow import record_event

Role = StaffRole.Role
# Who draws: the agency's drafters, who prepare and carry out its inspections.
DRAW_ROLE = Role.DRAFTER

# Two to four Chinese characters and nothing else read as a person's name (张三, 欧阳建国); a
# market subject is registered under a longer name (…有限公司, …小吃店).
_PERSON_LIKE_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
_CERTIFICATE = re.compile(r"^[0-9A-Z-]{4,30}$")
_ROUND_SUFFIX = re.compile(r"（第\d+轮）$")


# --- Checks --------------------------------------------------------------------------------


def check_plan(plan: InspectionPlan) -> None:
    """The plan's own fields; raises ValidationError by field."""
    errors: dict[str, str] = {}
    plan.title = " ".join((plan.title or "").split())
    if plan.subject_ratio is None and plan.subject_count is None:
        errors["subject_ratio"] = _("Give the share of subjects to draw, their number, or both.")
    if plan.planned_start and plan.planned_end and plan.planned_end < plan.planned_start:
        errors["planned_end"] = _("The planned end is before the planned start.")
    if errors:
        raise ValidationError(errors)


def check_subject(subject: PlanSubject) -> None:
    """A market subject of the pool: a valid credit code, a registered name that is not a
    natural person's (a person's name is never published)."""
    errors: dict[str, str] = {}
    subject.name = " ".join((subject.name or "").split())
    subject.credit_code = normalize_credit_code(subject.credit_code or "")
    problem = credit_code_problem(subject.credit_code)
    if problem:
        errors["credit_code"] = _credit_code_message(problem)
    if _PERSON_LIKE_NAME.match(subject.name):
        errors["name"] = _(
            "This looks like a natural person's name, which is never published. Only market "
            "subjects are drawn: enter the registered name of the company or business."
        )
    if errors:
        raise ValidationError(errors)


def check_inspector(inspector: PlanInspector) -> None:
    errors: dict[str, str] = {}
    inspector.name = " ".join((inspector.name or "").split())
    inspector.certificate_number = (inspector.certificate_number or "").strip().upper()
    inspector.certificate_number = inspector.certificate_number.replace(" ", "")
    if not _CERTIFICATE.match(inspector.certificate_number):
        errors["certificate_number"] = _(
            "An enforcement certificate number is 4 to 30 digits, capital letters or hyphens."
        )
    if len(inspector.name) < 2:
        errors["name"] = _("Give the officer's full name, as on the enforcement certificate.")
    if errors:
        raise ValidationError(errors)


def plan_problems(plan: InspectionPlan) -> list[str]:
    """What keeps a plan from review: without these, it could not be drawn."""
    problems = []
    if not plan.items.exists():
        problems.append(_("List at least one inspection item."))
    pool = plan.subjects.count()
    # Checked again as a whole: whatever way a subject got into the pool, none that fails the
    # checks (a natural person's name, a wrong credit code) reaches review, so none is published.
    unchecked = []
    for subject in plan.subjects.all():
        try:
            check_subject(PlanSubject(name=subject.name, credit_code=subject.credit_code))
        except ValidationError:
            unchecked.append(subject.credit_code or "—")
    if unchecked:
        problems.append(
            _("These market subjects of the pool do not pass the checks: %(codes)s.")
            % {"codes": "、".join(unchecked[:10]) + ("…" if len(unchecked) > 10 else "")}
        )
    if not pool:
        problems.append(_("Add the market subjects that may be drawn."))
    elif plan.subject_count is not None and plan.subject_count > pool:
        problems.append(
            _("The plan draws %(count)d subjects, but the pool has only %(pool)d.")
            % {"count": plan.subject_count, "pool": pool}
        )
    team = plan.inspectors.count()
    if team < plan.inspectors_per_subject:
        problems.append(
            _(
                "Each subject is inspected by %(per)d officers: add at least %(per)d to the "
                "pool of inspectors (it has %(team)d)."
            )
            % {"per": plan.inspectors_per_subject, "team": team}
        )
    return problems


def check_drafter(agency_id: int | None, *, user: User, field: str = "agency") -> None:
    if agency_id and not access.can_act(user, agency_id, Role.DRAFTER):
        raise ValidationError(
            {field: _("You can only draft for an agency where you are a drafter.")}
        )


# --- Plans ---------------------------------------------------------------------------------


def _lock_draft(model: Any, pk: int) -> None:
    current = model.objects.select_for_update().get(pk=pk)
    if current.status != Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be edited; this one is “%(status)s”.")
            % {"status": current.get_status_display()}
        )


@transaction.atomic
def plan_save(*, plan: InspectionPlan, user: User) -> InspectionPlan:
    """Create or update a draft plan (nothing is saved when a check fails)."""
    if plan.pk:
        _lock_draft(InspectionPlan, plan.pk)
    check_drafter(plan.agency_id, user=user)
    check_plan(plan)
    creating = plan.pk is None
    if creating and plan.drafter_id is None:
        plan.drafter = user
    plan.save()
    if creating:
        record_event(document=plan, user=user, action="create", to_status=Status.DRAFT)
    return plan


def _round_title(title: str, number: int) -> str:
    return f"{_ROUND_SUFFIX.sub('', title)}（第{number}轮）"


@transaction.atomic
def plan_new_round(*, plan: InspectionPlan, user: User) -> InspectionPlan:
    """A new draft plan with the same items and pools, for another draw; the earlier plan and
    its draw stay as they are (public, if published)."""
    locked = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if not access.can_act(user, locked.agency_id, Role.DRAFTER):
        raise PermissionDenied(_("Only a drafter of the agency can start a new round."))
    if not InspectionDraw.objects.filter(plan=locked).exists():
        raise ValidationError(
            _("This plan has not been drawn; a new round follows a draw. Edit the plan instead.")
        )
    number, earlier = 2, locked.previous_round_id
    while earlier is not None:
        number += 1
        earlier = InspectionPlan.objects.values_list("previous_round_id", flat=True).get(pk=earlier)
    copy = InspectionPlan.objects.create(
        agency_id=locked.agency_id, title=_round_title(locked.title, number), year=locked.year,
        description=locked.description, subject_ratio=locked.subject_ratio,
        subject_count=locked.subject_count, inspectors_per_subject=locked.inspectors_per_subject,
        planned_start=locked.planned_start, planned_end=locked.planned_end,
        previous_round=locked, drafter=user,
    )  # fmt: skip
    InspectionItem.objects.bulk_create(
        InspectionItem(plan=copy, name=i.name, basis=i.basis, order=i.order)
        for i in locked.items.all()
    )
    PlanSubject.objects.bulk_create(
        PlanSubject(plan=copy, subject_type=s.subject_type, name=s.name, credit_code=s.credit_code)
        for s in locked.subjects.all()
    )
    PlanInspector.objects.bulk_create(
        PlanInspector(plan=copy, name=i.name, certificate_number=i.certificate_number)
        for i in locked.inspectors.all()
    )
    record_event(
        document=copy, user=user, action="create", to_status=Status.DRAFT,
        note=_("Round %(number)d, after plan %(pk)d.") % {"number": number, "pk": locked.pk},
    )  # fmt: skip
    record_event(
        document=locked, user=user, action="new_round",
        note=_("Round %(number)d: plan %(pk)d.") % {"number": number, "pk": copy.pk},
    )  # fmt: skip
    return copy


# --- The draw --------------------------------------------------------------------------------


def draw_inputs(plan: InspectionPlan) -> dict[str, Any]:
    """What the draw reads besides the seed: the pools' keys and the plan's numbers."""
    # .all(): a page that prefetched the pools reads them from there.
    return {
        "subjects": [subject.credit_code for subject in plan.subjects.all()],
        "inspectors": [inspector.certificate_number for inspector in plan.inspectors.all()],
        "ratio": plan.subject_ratio,
        "minimum": plan.subject_count,
        "per_subject": plan.inspectors_per_subject,
    }


def recorded_assignments(record: InspectionDraw) -> list[draws.Assignment]:
    """The draw as stored, in the form ``draws.draw`` returns (prefetch ``drawn__subject``
    and ``drawn__inspectors`` to read it in three queries)."""
    return [
        draws.Assignment(
            d.subject.credit_code,
            tuple(sorted(i.certificate_number for i in d.inspectors.all())),
        )
        for d in sorted(record.drawn.all(), key=lambda d: d.position)
    ]


def draw_verify(record: InspectionDraw) -> bool:
    """Whether the stored seed and the plan's pools, drawn again, give the recorded draw, as
    anyone can check from the plan's page."""
    if record.algorithm != draws.ALGORITHM:
        return False
    inputs = draw_inputs(record.plan)
    if draws.pool_digest(**inputs) != record.pool_digest:
        return False
    try:
        again = draws.draw(seed=record.seed, **inputs)
    except draws.DrawError:
        return False
    return again == recorded_assignments(record)


@transaction.atomic
def plan_draw(*, plan: InspectionPlan, user: User) -> InspectionDraw:
    """Draw the subjects and their inspectors of a published plan, once."""
    # The lock makes two clicks on "draw" wait for each other; the second finds the draw.
    locked = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if not access.can_act(user, locked.agency_id, DRAW_ROLE):
        raise PermissionDenied(_("Only a drafter of the agency can make its draw."))
    earlier = InspectionDraw.objects.filter(plan=locked).first()
    if earlier is not None:
        raise ValidationError(
            _(
                "This plan was drawn on %(date)s; a draw is never made again. Start a new round "
                "for another draw."
            )
            % {"date": timezone.localtime(earlier.drawn_at).strftime("%Y-%m-%d %H:%M")}
        )
    if locked.status != Status.PUBLISHED:
        raise ValidationError(
            _("Publish the plan before its draw: its pools are then fixed and public.")
        )
    subjects = {s.credit_code: s for s in locked.subjects.all()}
    inspectors = {i.certificate_number: i for i in locked.inspectors.all()}
    inputs = draw_inputs(locked)
    seed = secrets.token_hex(16)
    try:
        assignments = draws.draw(seed=seed, **inputs)
    except draws.DrawError as error:
        raise ValidationError(" ".join(plan_problems(locked)) or str(error)) from error
    try:
        with transaction.atomic():
            record = InspectionDraw.objects.create(
                plan=locked, seed=seed, algorithm=draws.ALGORITHM,
                pool_digest=draws.pool_digest(**inputs), drawn_by=user,
            )  # fmt: skip
    except IntegrityError as error:  # drawn meanwhile (the lock makes this unlikely)
        raise ValidationError(_("This plan has just been drawn.")) from error
    drawn = DrawnSubject.objects.bulk_create(
        DrawnSubject(draw=record, position=position, subject=subjects[a.subject])
        for position, a in enumerate(assignments, start=1)
    )
    Through = DrawnSubject.inspectors.through
    Through.objects.bulk_create(
        Through(drawnsubject_id=d.pk, planinspector_id=inspectors[key].pk)
        for d, a in zip(drawn, assignments, strict=True)
        for key in a.inspectors
    )
    record_event(
        document=locked, user=user, action="draw",
        note=_("Seed %(seed)s; %(count)d subjects drawn.")
        % {"seed": seed, "count": len(assignments)},
    )  # fmt: skip
    InspectionPlan.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    page_cache.public_content_changed()
    search_indexing.queue(locked)
    return record


# --- Results ---------------------------------------------------------------------------------


def check_result(result: InspectionResult, drawn: DrawnSubject) -> None:
    errors: dict[str, str] = {}
    result.summary = (result.summary or "").strip()
    if result.inspected_on:
        drawn_on = timezone.localdate(drawn.draw.drawn_at)
        if result.inspected_on < drawn_on:
            errors["inspected_on"] = _("The inspection cannot be before the draw (%(date)s).") % {
                "date": drawn_on.isoformat()
            }
        elif result.inspected_on > timezone.localdate():
            errors["inspected_on"] = _("The inspection date is in the future.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def result_save(*, result: InspectionResult, user: User) -> InspectionResult:
    """Create or update the draft result of a drawn subject (one result per subject)."""
    if result.pk:
        _lock_draft(InspectionResult, result.pk)
    drawn = DrawnSubject.objects.select_related("draw__plan").get(pk=result.drawn_subject_id)
    result.agency_id = drawn.draw.plan.agency_id
    check_drafter(result.agency_id, user=user, field="drawn_subject")
    check_result(result, drawn)
    if InspectionResult.objects.filter(drawn_subject=drawn).exclude(pk=result.pk).exists():
        raise ValidationError(
            {"drawn_subject": _("The result for this subject is already recorded.")}
        )
    creating = result.pk is None
    if creating and result.drafter_id is None:
        result.drafter = user
    result.save()
    if creating:
        record_event(document=result, user=user, action="create", to_status=Status.DRAFT)
    return result


def plan_touch(plan_id: int) -> None:
    """The plan's page changed (a result published or withdrawn): its date, its index entry."""
    InspectionPlan.objects.filter(pk=plan_id).update(updated_at=timezone.now())
    search_indexing.queue(InspectionPlan(pk=plan_id))
