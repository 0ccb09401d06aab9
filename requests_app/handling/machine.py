"""The state machine of a registered request: the moves allowed from each status (data, in
``TRANSITIONS``), who may make them, and the bookkeeping every move shares (``_begin`` locks
and checks, ``_finish`` writes the status, the due date and one timeline event)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import access
from portal.models import StaffRole
from requests_app import deadlines, notifications
from requests_app.clock import refresh_due_date
from requests_app.models import (
    OPEN_STATUSES,
    InformationRequest,
    Pause,
    Status,
)
from requests_app.timeline import record_event

Role = StaffRole.Role
SYSTEM = None  # the reminder task acts as the system, not as a user

ACTIVE = frozenset({Status.RECEIVED, Status.IN_PROGRESS})


@dataclass(frozen=True)
class Transition:
    label: str
    sources: frozenset[str]
    target: str | None  # None: the status does not change (e.g. an extension)
    roles: frozenset[str]
    system: bool = False  # the system may perform it (expiry of a period)


def _t(label, sources, target, roles, system=False) -> Transition:
    return Transition(label, frozenset(sources), target, frozenset(roles), system)


H, HEAD = Role.HANDLER, Role.OFFICE_HEAD
TRANSITIONS: dict[str, Transition] = {
    "start": _t(gettext_lazy("Start handling"), [Status.RECEIVED], Status.IN_PROGRESS, [H]),
    "request_correction": _t(
        gettext_lazy("Ask for a correction"), ACTIVE, Status.CORRECTION, [H]
    ),
    "receive_correction": _t(
        gettext_lazy("Correction received"), [Status.CORRECTION], Status.IN_PROGRESS, [H]
    ),
    "abandon": _t(
        gettext_lazy("Close: not corrected in time"), [Status.CORRECTION], Status.CLOSED, [H],
        system=True,
    ),
    "consult_third_party": _t(
        gettext_lazy("Consult a third party"), ACTIVE, Status.THIRD_PARTY, [H]
    ),
    "third_party_replied": _t(
        gettext_lazy("Third-party consultation ended"), [Status.THIRD_PARTY],
        Status.IN_PROGRESS, [H],
    ),
    "consult_agency": _t(
        gettext_lazy("Consult another agency"), ACTIVE, Status.AGENCY_CONSULT, [H]
    ),
    "agency_replied": _t(
        gettext_lazy("Agency consultation ended"), [Status.AGENCY_CONSULT], Status.IN_PROGRESS,
        [H],
    ),
    "extend": _t(
        gettext_lazy("Extend the answer period"),
        [Status.RECEIVED, Status.IN_PROGRESS, Status.THIRD_PARTY, Status.AGENCY_CONSULT],
        None, [HEAD],
    ),
    "fee_notice": _t(gettext_lazy("Send a fee notice"), ACTIVE, Status.FEE_PENDING, [H]),
    "fee_paid": _t(gettext_lazy("Fee paid"), [Status.FEE_PENDING], Status.IN_PROGRESS, [H]),
    "fee_waived": _t(
        gettext_lazy("Waive the fee"), [Status.FEE_PENDING], Status.IN_PROGRESS, [H, HEAD]
    ),
    "fee_expired": _t(
        gettext_lazy("Close: fee not paid in time"), [Status.FEE_PENDING], Status.CLOSED, [H],
        system=True,
    ),
    "answer": _t(gettext_lazy("Answer"), ACTIVE, Status.ANSWERED, [H]),
    "close": _t(
        gettext_lazy("Record delivery and close"), [Status.ANSWERED], Status.CLOSED, [H]
    ),
    "withdraw": _t(
        gettext_lazy("Withdrawn by the applicant"), OPEN_STATUSES, Status.CLOSED, [H]
    ),
}  # fmt: skip


def can_perform(request: InformationRequest, user: AbstractBaseUser | None, action: str) -> bool:
    transition = TRANSITIONS[action]
    if request.status not in transition.sources:
        return False
    if user is SYSTEM:
        return transition.system
    return any(access.can_act(user, request.agency_id, role) for role in transition.roles)


def available_actions(request: InformationRequest, user: AbstractBaseUser) -> list[tuple]:
    return [
        (name, str(t.label)) for name, t in TRANSITIONS.items() if can_perform(request, user, name)
    ]


def _begin(
    request: InformationRequest, user: AbstractBaseUser | None, action: str
) -> InformationRequest:
    transition = TRANSITIONS[action]
    locked = (
        InformationRequest.objects.select_for_update().select_related("agency").get(pk=request.pk)
    )
    if locked.status not in transition.sources:
        raise ValidationError(
            _("“%(action)s” is not possible while the request is “%(status)s”.")
            % {"action": transition.label, "status": locked.get_status_display()}
        )
    if user is SYSTEM:
        if not transition.system:
            raise PermissionDenied(f"{action} is not a system action")
    elif not any(access.can_act(user, locked.agency_id, role) for role in transition.roles):
        roles = "、".join(str(Role(role).label) for role in sorted(transition.roles))
        raise PermissionDenied(
            _("“%(action)s” needs the role %(roles)s in %(agency)s.")
            % {"action": transition.label, "roles": roles, "agency": locked.agency.name}
        )
    locked._from_status = locked.status  # for the timeline, whatever the service changes
    return locked


def _finish(
    locked: InformationRequest,
    user: AbstractBaseUser | None,
    action: str,
    *,
    note: str = "",
    public_note: str = "",
    visible: bool = True,
) -> InformationRequest:
    from_status = getattr(locked, "_from_status", locked.status)
    target = TRANSITIONS[action].target
    if target is not None:
        locked.status = target
    if locked.status == Status.CLOSED and locked.closed_on is None:
        locked.closed_on = timezone.localdate()
    if locked.handler_id is None and user is not SYSTEM:
        locked.handler = user
    refresh_due_date(locked)
    locked.save()
    record_event(
        request=locked,
        user=user,
        actor_label="系统" if user is SYSTEM else "",
        action=action,
        from_status=from_status,
        to_status=locked.status,
        note=note,
        public_note=public_note,
        visible=visible,
    )
    if visible:
        notifications.status_changed_later(locked.pk)
    return locked


def _check_day(day: dt.date, *, not_before: dt.date | None, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(_("%(what)s cannot be in the future.") % {"what": what})
    if not_before and day < not_before:
        raise ValidationError(
            _("%(what)s cannot be before %(date)s.") % {"what": what, "date": not_before}
        )


@transaction.atomic
def request_start(*, request: InformationRequest, user: AbstractBaseUser) -> InformationRequest:
    locked = _begin(request, user, "start")
    locked.handler = user
    return _finish(locked, user, "start", public_note=_("Your request is being handled."))


def _open_pause(
    locked: InformationRequest, kind: str, started_on: dt.date, party: str, letter_received: dt.date
) -> Pause:
    _check_day(started_on, not_before=locked.received_on, what=_("The start date"))
    return Pause.objects.create(
        request=locked,
        kind=kind,
        started_on=started_on,
        party=party.strip(),
        reply_due=deadlines.consultation_reply_due(letter_received),
    )


def _close_pause(locked: InformationRequest, kind: str, ended_on: dt.date, result: str) -> Pause:
    pause = locked.pauses.filter(kind=kind, ended_on=None).get()
    _check_day(ended_on, not_before=pause.started_on, what=_("The end date"))
    pause.ended_on = ended_on
    pause.result = result.strip()[:200]
    pause.save(update_fields=["ended_on", "result"])
    return pause
