"""Recording a budget or final accounts disclosure: only drafts are edited, only by drafters of
its agency; the year, the approval date and the kind must fit together; its documents are PDF
or XLSX files checked by their content. Nothing is saved when a check fails.

What a disclosure needs before it goes to review is ``submit_problems`` (the workflow policy
asks it): documents, the tables it includes, and for a department the "三公" expenses — and for
final accounts that differ from the budget, the reasons (变动原因)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from budgets import comparison, deadlines, files
from budgets.models import BudgetAttachment, BudgetDisclosure, Kind, Scope, Table
from portal import access
from portal.models import StaffRole
from publishing.models import Status
from publishing.workflow import record_event

THREE_PUBLIC_FIELDS = ("outbound_travel", "vehicle_purchase", "vehicle_operation", "reception")


def check_drafter(disclosure: BudgetDisclosure, *, user: User) -> None:
    if disclosure.agency_id is None:
        return
    if not access.can_act(user, disclosure.agency_id, StaffRole.Role.DRAFTER):
        raise ValidationError(
            {"agency": _("You can only record budgets of an agency where you are a drafter.")}
        )


def check_disclosure(disclosure: BudgetDisclosure, *, today: dt.date | None = None) -> None:
    """The fields agree with each other; raises ValidationError by field."""
    today = today or deadlines.today_in_china()
    errors: dict[str, str] = {}
    disclosure.region = " ".join(disclosure.region.split())
    disclosure.tables = [code for code in Table.values if code in set(disclosure.tables or [])]
    if disclosure.scope == Scope.GOVERNMENT and not disclosure.region:
        errors["region"] = _("Say whose budget it is, e.g. 丽水市 or 丽水市本级.")
    if disclosure.scope == Scope.DEPARTMENT and disclosure.region:
        errors["region"] = _("A department's budget names no government; leave this empty.")
    approval, year = disclosure.approval_date, disclosure.year
    if approval is not None and year:
        if approval > today:
            errors["approval_date"] = _("The approval date cannot be in the future.")
        elif disclosure.kind == Kind.BUDGET and approval.year not in {year - 1, year}:
            errors["approval_date"] = _(
                "A budget for %(year)s is approved in %(before)s or %(year)s, not in %(given)s."
            ) % {"year": year, "before": year - 1, "given": approval.year}
        elif disclosure.kind == Kind.FINAL and approval.year <= year:
            errors["approval_date"] = _(
                "Final accounts for %(year)s are approved after the year ends, not in %(given)s."
            ) % {"year": year, "given": approval.year}
    if errors:
        raise ValidationError(errors)


def submit_problems(disclosure: BudgetDisclosure) -> list[str]:
    """What keeps the disclosure from going to review (empty when nothing does)."""
    problems = []
    if not disclosure.attachments.exists():
        problems.append(_("Add the documents: the tables and their explanation as PDF."))
    if not disclosure.tables:
        problems.append(_("Tick the tables the documents include."))
    if disclosure.scope == Scope.DEPARTMENT:
        if any(getattr(disclosure, name) is None for name in THREE_PUBLIC_FIELDS):
            problems.append(
                _("Give each of the “three public” expenses of the department (0.00 when "
                  "there were none).")
            )  # fmt: skip
        if Table.THREE_PUBLIC not in disclosure.tables:
            problems.append(_("A department publishes its “three public” expenses table."))
    if disclosure.kind == Kind.FINAL and not disclosure.variance_explanation.strip():
        found = comparison.compare(disclosure)
        if found is not None and found.differs:
            problems.append(
                _("The final accounts differ from the budget of %(year)s: explain why "
                  "(reasons for the changes).") % {"year": disclosure.year}
            )  # fmt: skip
    return problems


@transaction.atomic
def disclosure_save(*, disclosure: BudgetDisclosure, user: User) -> BudgetDisclosure:
    """Create or update a draft."""
    if disclosure.pk:
        current = BudgetDisclosure.objects.select_for_update().get(pk=disclosure.pk)
        if current.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be edited; this one is “%(status)s”.")
                % {"status": current.get_status_display()}
            )
    check_drafter(disclosure, user=user)
    check_disclosure(disclosure)
    creating = disclosure.pk is None
    if creating and disclosure.drafter_id is None:
        disclosure.drafter = user
    disclosure.full_clean(exclude=["drafter"])
    disclosure.save()
    if creating:
        record_event(document=disclosure, user=user, action="create", to_status=Status.DRAFT)
    return disclosure


@transaction.atomic
def attachment_add(
    *, disclosure: BudgetDisclosure, user: User, upload: UploadedFile, title: str = ""
) -> BudgetAttachment:
    """Add a document to a draft (the admin's inline does the same through its form)."""
    locked = BudgetDisclosure.objects.select_for_update().get(pk=disclosure.pk)
    if locked.status != Status.DRAFT:
        raise ValidationError(_("Documents are added to drafts only."))
    check_drafter(locked, user=user)
    info = files.inspect_attachment(upload)
    order = locked.attachments.count() + 1
    return BudgetAttachment.objects.create(
        disclosure=locked, file=upload, title=title, order=order,
        original_name=info.original_name, content_type=info.content_type, size=info.size,
    )  # fmt: skip
