"""One transition engine, for every record that moves through states: publishable content
(``publishing.workflow``) and information requests (``requests_app.handling.machine``).

A transition is data: the states it leaves from and goes to, the roles that may perform it
(checked in the record's agency), whether the system may perform it, the service that performs
it, and the back-office form and the staff API payload that collect its input. The admin and
the staff API read the same table, so a move offered on one is the move performed by the
other, by the same service.

The service, form and payload are named by dotted path and imported on first use: the table
sits beside the state machine, which the services themselves import, so naming them directly
would be an import cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from portal import access
from portal.models import StaffRole

if TYPE_CHECKING:
    from django import forms
    from rest_framework import serializers

AnyUser = User | AnonymousUser
#: Who acts when the system performs a move (the daily sweeps), instead of a user.
SYSTEM = None


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise | str
    sources: frozenset[str]
    #: The status after the move; None when the move does not change it (an extension).
    target: str | None
    roles: frozenset[str]
    #: Dotted path of the service: called with the record (under the machine's keyword),
    #: ``user=`` and the form's (or payload's) cleaned data.
    service: str
    #: Dotted path of the back-office form collecting the service's arguments ("" none).
    form: str = ""
    #: Dotted path of the staff API's payload serializer ("": the move is not in the API).
    payload: str = ""
    #: The system may perform it (the expiry of a period).
    system: bool = False

    @cached_property
    def perform(self) -> Callable[..., Any]:
        return import_string(self.service)

    @cached_property
    def form_class(self) -> Callable[..., forms.Form] | None:
        """The form class; each machine's forms take that machine's arguments (the request's
        take the request)."""
        return import_string(self.form) if self.form else None

    @cached_property
    def payload_class(self) -> type[serializers.Serializer[Any]] | None:
        return import_string(self.payload) if self.payload else None


def transition(
    name: str,
    label: Promise | str,
    sources: Any,
    target: str | None,
    roles: Any,
    service: str,
    *,
    form: str = "",
    payload: str = "",
    system: bool = False,
) -> Transition:
    return Transition(name, label, frozenset(sources), target, frozenset(roles), service, form,
                      payload, system)  # fmt: skip


class Machine(Mapping[str, Transition]):
    """The transitions of one kind of record, by name, with the checks every move shares.

    ``record`` is the keyword its services take the record under (``obj``, ``info_request``);
    ``what`` names the record in messages (a callable taking the record).
    """

    def __init__(self, *transitions: Transition, record: str) -> None:
        self._transitions = {t.name: t for t in transitions}
        self.record = record

    def __getitem__(self, name: str) -> Transition:
        return self._transitions[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._transitions)

    def __len__(self) -> int:
        return len(self._transitions)

    # --- Who may do what ----------------------------------------------------------------

    def can_perform(self, status: str, agency_id: int, user: AnyUser | None, name: str) -> bool:
        """Whether ``user`` (or the system, ``SYSTEM``) may perform ``name`` from ``status``."""
        move = self[name]
        if status not in move.sources:
            return False
        if user is SYSTEM:
            return move.system
        return any(access.can_act(user, agency_id, role) for role in move.roles)

    def check(
        self, *, status: str, status_label: str, agency: Any, user: AnyUser | None, name: str,
        what: str,
    ) -> None:  # fmt: skip
        """Raise the refusal, in words, when the move is not possible now or not allowed."""
        move = self[name]
        if status not in move.sources:
            raise ValidationError(
                _("“%(action)s” is not possible while the %(item)s is “%(status)s”.")
                % {"action": move.label, "item": what, "status": status_label}
            )
        if user is SYSTEM:
            if not move.system:
                raise PermissionDenied(f"{name} is not a system action")
            return
        if not any(access.can_act(user, agency.pk, role) for role in move.roles):
            roles = "、".join(str(StaffRole.Role(role).label) for role in sorted(move.roles))
            raise PermissionDenied(
                _("“%(action)s” needs the role %(roles)s in %(agency)s.")
                % {"action": move.label, "roles": roles, "agency": agency.name}
            )

    # --- Performing a move from the admin or the API -------------------------------------

    def perform(self, name: str, record: Any, user: AnyUser, data: Mapping[str, Any]) -> Any:
        """Call the move's service with the record, the user and the collected input."""
        return self[name].perform(**{self.record: record}, user=user, **data)
