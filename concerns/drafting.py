"""Registering concerns and drafting responses: the checks, the only way either is saved."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concerns import access as concern_access
from concerns.models import Concern, Response, ResponseKind
from disclosure import screening
from portal import access
from portal.models import StaffRole
from publishing import drafts

# A concern found more than this far in the future is a typing error (a wrong year or month).
FUTURE_TOLERANCE = dt.timedelta(minutes=5)


def check_concern(concern: Concern, *, user: User) -> None:
    """Normalise and check a concern; raises ValidationError by field."""
    concern.subject = " ".join((concern.subject or "").split())
    concern.summary = (concern.summary or "").strip()
    errors: dict[str, str] = {}
    if concern.agency_id and not concern_access.can_register(user, concern.agency_id):
        errors["agency"] = _(
            "You can only register concerns for an agency where you are a drafter or the "
            "office head."
        )
    # The register records the matter, not the people: a caller's name, number or address
    # stays in the 12345 or message-box record it came from. The register is read by every
    # staff role of the agency and its subject goes into e-mails.
    for field, text in (("subject", concern.subject), ("summary", concern.summary)):
        if screening.find_personal_data(text):
            errors[field] = _(
                "Leave out personal data (identity, phone or bank card numbers, e-mail "
                "addresses): the register describes the matter, not the people."
            )
    if concern.aware_at and concern.aware_at > timezone.now() + FUTURE_TOLERANCE:
        errors["aware_at"] = _("The time the concern was found cannot be in the future.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def concern_save(*, concern: Concern, user: User) -> Concern:
    """Register a concern or correct it (a corrected 'found at' moves its clock)."""
    if concern.pk:
        current = Concern.objects.select_for_update().get(pk=concern.pk)
        if current.agency_id != concern.agency_id and current.responses.exists():
            raise ValidationError(
                {"agency": _("A concern with responses stays with the agency that responded.")}
            )
    check_concern(concern, user=user)
    if concern.pk is None:
        concern.registered_by = user
    concern.save()
    return concern


def check_response(response: Response, *, user: User) -> None:
    response.title = " ".join((response.title or "").split())
    response.text = (response.text or "").strip()
    errors: dict[str, str] = {}
    if response.agency_id and not access.can_act(user, response.agency_id, StaffRole.Role.DRAFTER):
        errors["agency"] = _("You can only draft for an agency where you are a drafter.")
    if response.concern_id and response.agency_id:
        concern = Concern.objects.filter(pk=response.concern_id).values("agency_id").first()
        if concern is None or concern["agency_id"] != response.agency_id:
            errors["concern"] = _("Respond only to a concern in your agency's register.")
    if response.at_press_conference and response.kind == ResponseKind.INTERPRETATION:
        errors["at_press_conference"] = _(
            "A link to a policy interpretation is not given at a press conference."
        )
    if errors:
        raise ValidationError(errors)


def response_save(*, response: Response, user: User) -> Response:
    """Create or update a draft response. Only drafts are edited."""
    return drafts.save_draft(
        response, user=user, check=lambda item, user: check_response(item, user=user)
    )
