"""Drafting catalogs of major decisions and the steps of a decision: only drafts are edited,
only by drafters of the government. A catalog's items are edited with the catalog, while it is
a draft; a step is drafted for an item of a published catalog, and checked against the
procedure (``decisions.lifecycle``) as it is saved, so that staff learn at once, in words, what
a step needs."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decisions import lifecycle
from decisions.models import Decision, DecisionCatalog, DecisionStep, StepKind
from portal import access
from portal.models import StaffRole
from publishing.models import Status
from publishing.workflow import record_event

Role = StaffRole.Role


def _check_draft(model: type[DecisionCatalog] | type[DecisionStep], pk: int | None) -> None:
    if pk is None:
        return
    current = model._default_manager.select_for_update().get(pk=pk)
    if current.status != Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be edited; this one is “%(status)s”.")
            % {"status": current.get_status_display()}
        )


def check_drafter(agency_id: int | None, *, user: User, field: str = "agency") -> None:
    if agency_id and not access.can_act(user, agency_id, Role.DRAFTER):
        raise ValidationError(
            {field: _("You can only draft for an agency where you are a drafter.")}
        )


# --- Catalogs ----------------------------------------------------------------------------


def check_catalog(catalog: DecisionCatalog) -> None:
    catalog.notes = (catalog.notes or "").strip()
    this_year = timezone.localdate().year
    if catalog.year and not (2019 <= catalog.year <= this_year + 1):
        # The Regulation is in force from 1 September 2019; a catalog is made for the coming
        # year at the latest.
        raise ValidationError(
            {"year": _("Give a year from 2019 to %(last)d.") % {"last": this_year + 1}}
        )
    if catalog.agency_id and catalog.year:
        taken = DecisionCatalog.objects.filter(agency_id=catalog.agency_id, year=catalog.year)
        taken = taken.exclude(status=Status.WITHDRAWN).exclude(pk=catalog.pk)
        if taken.exists():
            raise ValidationError(
                {"year": _("This government already has a catalog for %(year)d; edit or "
                           "withdraw that one.") % {"year": catalog.year}}
            )  # fmt: skip


@transaction.atomic
def catalog_save(*, catalog: DecisionCatalog, user: User) -> DecisionCatalog:
    _check_draft(DecisionCatalog, catalog.pk)
    check_drafter(catalog.agency_id, user=user)
    check_catalog(catalog)
    creating = catalog.pk is None
    if creating and catalog.drafter_id is None:
        catalog.drafter = user
    catalog.save()
    if creating:
        record_event(document=catalog, user=user, action="create", to_status=Status.DRAFT)
    return catalog


def check_decision(decision: Decision) -> None:
    """An item's own fields, normalised; raises ValidationError by field."""
    decision.title = " ".join((decision.title or "").split())
    decision.lead_agency = " ".join((decision.lead_agency or "").split())
    decision.legal_basis = (decision.legal_basis or "").strip()
    decision.summary = (decision.summary or "").strip()
    start, end = decision.planned_start, decision.planned_end
    if start and end and end < start:
        raise ValidationError(
            {"planned_end": _("The planned completion cannot come before the planned start.")}
        )


@transaction.atomic
def decision_save(*, decision: Decision, user: User) -> Decision:
    """Add or change an item while its catalog is a draft."""
    _check_draft(DecisionCatalog, decision.catalog_id)
    check_drafter(decision.catalog.agency_id, user=user)
    check_decision(decision)
    decision.save()
    return decision


@transaction.atomic
def decision_delete(*, decision: Decision, user: User) -> None:
    _check_draft(DecisionCatalog, decision.catalog_id)
    check_drafter(decision.catalog.agency_id, user=user)
    if decision.steps.exists():
        raise ValidationError(_("This decision has steps recorded; it cannot be removed."))
    decision.delete()


# --- Steps --------------------------------------------------------------------------------


def check_step(step: DecisionStep) -> None:
    """What can be checked while drafting: the item's catalog is published, one step of each
    kind, not-applicable only where the Regulation allows and with a reason, the consultation
    and documents of the same government. Completeness is checked at submission."""
    for field in ("not_applicable_reason", "summary", "conclusion"):
        setattr(step, field, (getattr(step, field) or "").strip())
    for field in ("meeting", "venue", "public_attendance"):
        setattr(step, field, " ".join((getattr(step, field) or "").split()))
    if not step.decision_id or not step.kind:
        return
    decision = step.decision
    errors: dict[str, str] = {}
    if decision.catalog.status != Status.PUBLISHED:
        errors["decision"] = _("Steps are recorded for decisions of a published catalog.")
    taken = DecisionStep.objects.filter(decision=decision, kind=step.kind)
    if taken.exclude(status=Status.WITHDRAWN).exclude(pk=step.pk).exists():
        errors["kind"] = _("This decision already has a “%(step)s” step; edit that one.") % {
            "step": lifecycle.label(step.kind)
        }
    if step.not_applicable:
        errors.update(
            {
                field: message
                for field, message in lifecycle.content_problems(step).items()
                if field.startswith("not_applicable")
            }
        )
    path = decision.catalog.agency.path
    links = (
        ("consultation", step.consultation, StepKind.PRE_DISCLOSURE),
        ("document", step.document, StepKind.DECISION),
        ("interpretation", step.interpretation, StepKind.DECISION),
    )
    for field, linked, kind in links:
        if linked is None:
            continue
        if step.kind != kind:
            errors[field] = _("Only the step “%(step)s” links this.") % {
                "step": lifecycle.label(kind)
            }
        elif not linked.agency.path.startswith(path):
            errors[field] = _("Choose one of this government or its departments.")
    if (
        step.interpretation is not None
        and step.document is not None
        and not step.interpretation.documents.filter(pk=step.document.pk).exists()
    ):
        errors["interpretation"] = _(
            "This interpretation does not interpret the decision document."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def step_save(*, step: DecisionStep, user: User) -> DecisionStep:
    """Create or update a draft step; its government is its catalog's."""
    _check_draft(DecisionStep, step.pk)
    step.agency_id = step.decision.catalog.agency_id
    check_drafter(step.agency_id, user=user, field="decision")
    check_step(step)
    creating = step.pk is None
    if creating and step.drafter_id is None:
        step.drafter = user
    step.save()
    if creating:
        record_event(document=step, user=user, action="create", to_status=Status.DRAFT)
    return step
