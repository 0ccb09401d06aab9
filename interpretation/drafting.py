"""Writing interpretations and consultations: only drafts are edited, only by drafters of the
agency; later changes go through the workflow (return to draft)."""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal import access
from portal.models import StaffRole
from publishing.models import Publishable, Status
from publishing.workflow import record_event

P = TypeVar("P", bound=Publishable)


def check_drafter(obj: Publishable, *, user: User) -> None:
    """Raise ValidationError (on ``agency``) unless the user drafts for the item's agency."""
    if obj.agency_id and not access.can_act(user, obj.agency_id, StaffRole.Role.DRAFTER):
        raise ValidationError(
            {"agency": _("You can only draft for an agency where you are a drafter.")}
        )


@transaction.atomic
def draft_save(*, obj: P, user: User) -> P:
    """Create or update a draft interpretation or consultation."""
    if obj.pk:
        current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        if current.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be edited; this one is “%(status)s”.")
                % {"status": current.get_status_display()}
            )
    check_drafter(obj, user=user)
    creating = obj.pk is None
    if creating and obj.drafter_id is None:
        obj.drafter = user
    obj.save()
    if creating:
        record_event(document=obj, user=user, action="create", to_status=Status.DRAFT)
    return obj
