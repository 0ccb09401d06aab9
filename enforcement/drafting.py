"""Recording a decision: only drafts are edited, only by drafters of the agency; the party's
identifiers are checked (GB 11643 for an ID number, GB 32100 for a credit code) and the
published form of its name is derived here, so nothing reaches the public unmasked."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enforcement import masking
from enforcement.models import Decision, SubjectType
from portal import access
from portal.identity import (
    credit_code_problem,
    normalize_credit_code,
    normalize_resident_id,
    resident_id_problem,
)
from portal.models import StaffRole
from powers.models import PowerItem
from publishing.models import Status
from publishing.workflow import record_event


def _credit_code_message(problem: str) -> str:
    return {
        "length": _("A unified social credit code has 18 characters."),
        "characters": _(
            "A unified social credit code is made of digits and capital letters other than "
            "I, O, S, V and Z."
        ),
        "checksum": _(
            "The check character of the unified social credit code is wrong; please check it."
        ),
    }[problem]


def _id_number_message(problem: str) -> str:
    return {
        "length": _("A resident identity card number has 18 characters."),
        "characters": _("A resident identity card number is 17 digits followed by a digit or X."),
        "birth_date": _(
            "The date of birth in this resident identity card number is not a real date."
        ),
        "checksum": _(
            "The check digit of the resident identity card number is wrong; please check it."
        ),
    }[problem]


def check_party(decision: Decision) -> None:
    """Normalise and check the party's fields; raises ValidationError by field."""
    errors: dict[str, str] = {}
    decision.subject_name = " ".join((decision.subject_name or "").split())
    decision.credit_code = normalize_credit_code(decision.credit_code or "")
    decision.legal_representative = (decision.legal_representative or "").strip()
    if decision.id_number:
        decision.id_number = normalize_resident_id(decision.id_number)
        problem = resident_id_problem(decision.id_number)
        if problem:
            errors["id_number"] = _id_number_message(problem)
    else:
        decision.id_number = None
    if decision.subject_type == SubjectType.PERSON:
        if decision.credit_code:
            errors["credit_code"] = _("A natural person has no unified social credit code.")
        if decision.legal_representative:
            errors["legal_representative"] = _("A natural person has no legal representative.")
        if len(decision.subject_name) < 2:
            errors["subject_name"] = _("Give the person's full name (it is published masked).")
    else:
        if decision.subject_type == SubjectType.ORGANISATION and not decision.credit_code:
            errors["credit_code"] = _(
                "Give the unified social credit code of the legal person or organisation."
            )
        if decision.credit_code:
            problem = credit_code_problem(decision.credit_code)
            if problem:
                errors["credit_code"] = _credit_code_message(problem)
        if decision.subject_type == SubjectType.ORGANISATION and decision.id_number:
            errors["id_number"] = _(
                "An organisation is identified by its credit code, not an ID number."
            )
    if decision.amount is not None and decision.amount < 0:
        errors["amount"] = _("The amount cannot be negative.")
    if errors:
        raise ValidationError(errors)
    decision.public_subject_name = masking.public_name(decision.subject_type, decision.subject_name)


def check_power_item(decision: Decision) -> None:
    """The power item a decision is made under: a published item of the decision's own
    agency's list, of the decision's kind (a penalty under a 行政处罚 item)."""
    if decision.power_item_id is None:
        return
    item = PowerItem.objects.filter(pk=decision.power_item_id).first()
    if (
        item is None
        or item.is_revision
        or item.status != Status.PUBLISHED
        or item.agency_id != decision.agency_id
    ):
        raise ValidationError(
            {"power_item": _("Choose a published power item of the decision's agency.")}
        )
    if item.category != decision.kind:
        raise ValidationError(
            {
                "power_item": _(
                    "A decision of %(kind)s is made under a power item of the same category; "
                    "“%(item)s” is %(category)s."
                )
                % {
                    "kind": decision.get_kind_display(),
                    "item": item.name,
                    "category": item.get_category_display(),
                }
            }
        )


def check_drafter(decision: Decision, *, user: User) -> None:
    if decision.agency_id and not access.can_act(user, decision.agency_id, StaffRole.Role.DRAFTER):
        raise ValidationError(
            {"agency": _("You can only draft for an agency where you are a drafter.")}
        )


@transaction.atomic
def decision_save(*, decision: Decision, user: User) -> Decision:
    """Create or update a draft decision (nothing is saved when a check fails)."""
    if decision.pk:
        current = Decision.objects.select_for_update().get(pk=decision.pk)
        if current.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be edited; this one is “%(status)s”.")
                % {"status": current.get_status_display()}
            )
    check_drafter(decision, user=user)
    check_party(decision)
    check_power_item(decision)
    creating = decision.pk is None
    if creating and decision.drafter_id is None:
        decision.drafter = user
    decision.save()
    if creating:
        record_event(document=decision, user=user, action="create", to_status=Status.DRAFT)
    return decision
