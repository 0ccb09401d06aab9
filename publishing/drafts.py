"""Saving a draft of any publishable item through the back office or a service: only a draft
is edited, only by a drafter of the item's agency, and a new draft starts its audit trail.

The apps whose drafting is only this (press conferences, interviews and meetings,
interpretations) call it from their own ``draft_save`` after their own preparations (a record
taking its announcement's agency, a transcript sanitised, texts normalised); apps with rules of
their own (responses to concerns, datasets) pass their check, which replaces ``check_drafter``."""

from __future__ import annotations

from collections.abc import Callable
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


def lock_draft(model: type[Publishable], pk: int) -> None:
    """Lock the item's row for the rest of the transaction; raise ValidationError unless it is
    still a draft (only drafts are edited)."""
    current = model._default_manager.select_for_update().get(pk=pk)
    if current.status != Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be edited; this one is “%(status)s”.")
            % {"status": current.get_status_display()}
        )


@transaction.atomic
def save_draft(obj: P, *, user: User, check: Callable[[P, User], None] | None = None) -> P:
    """Create or update ``obj`` as a draft; a new one is the user's, with its first event.

    ``check(obj, user)`` raises ValidationError for what may not be saved (by default: the user
    must draft for the item's agency); it runs after the row is locked, and nothing is saved
    when it fails."""
    if obj.pk:
        lock_draft(type(obj), obj.pk)
    if check is None:
        check_drafter(obj, user=user)
    else:
        check(obj, user)
    creating = obj.pk is None
    if creating and obj.drafter_id is None:
        obj.drafter = user
    obj.save()
    if creating:
        record_event(document=obj, user=user, action="create", to_status=Status.DRAFT)
    return obj
