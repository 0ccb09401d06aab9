"""Saving a draft of any publishable item through the back office or a service: only a draft
is edited, only by a drafter of the item's agency, and a new draft starts its audit trail.

The apps whose drafting is only this (press conferences, interviews and meetings,
interpretations) call it from their own ``draft_save`` after their own preparations (a record
taking its announcement's agency, a transcript sanitised, texts normalised)."""

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
def save_draft(obj: P, *, user: User) -> P:
    """Create or update ``obj`` as a draft; a new one is the user's, with its first event."""
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
