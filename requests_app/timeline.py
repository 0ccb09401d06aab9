"""The append-only timeline of a request: written by the services, read by the back office."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy

from requests_app.models import InformationRequest, RequestEvent, Status


def record_event(
    *,
    info_request: InformationRequest,
    user: User | None,
    action: str,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    public_note: str = "",
    visible: bool = False,
    actor_label: str = "",
) -> RequestEvent:
    """Append one event. Events are never edited or deleted; ``public_note`` is what the
    applicant reads on the tracking page when ``visible`` is set."""
    return RequestEvent.objects.create(
        request=info_request,
        actor=user if user is not None and user.is_authenticated else None,
        actor_label=actor_label,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        public_note=public_note,
        visible_to_applicant=visible,
    )


# Timeline actions that are not moves of the state machine (the moves are labelled by
# ``handling.TRANSITIONS``).
EVENT_LABELS = {
    "submit": gettext_lazy("Submitted online"),
    "register": gettext_lazy("Registered"),
    "calendar_change": gettext_lazy("Date moved by the calendar"),
    "split_from": gettext_lazy("Split from another request"),
    "release_file": gettext_lazy("File released"),
    "publish_proactively": gettext_lazy("Published proactively (Art 44)"),
}


@dataclass(frozen=True)
class Entry:
    """One step of the timeline as staff read it."""

    when: dt.datetime
    who: str
    what: str
    from_status: str
    to_status: str
    note: str
    public_note: str
    visible_to_applicant: bool


def timeline_for(
    info_request: InformationRequest, *, move_labels: Mapping[str, object]
) -> list[Entry]:
    """The request's steps, oldest first, with the statuses and the actors in words;
    ``move_labels`` names the moves of the state machine (``handling.TRANSITIONS``, which
    records its events through this module, so it is passed in rather than imported)."""
    labels = {**EVENT_LABELS, **move_labels}
    statuses = dict(Status.choices)
    events = info_request.events.select_related("actor").order_by("created_at", "id")
    return [
        Entry(
            when=timezone.localtime(event.created_at),
            who=str(event.actor) if event.actor_id else event.actor_label or "",
            what=str(labels.get(event.action, event.action)),
            from_status=str(statuses.get(event.from_status, event.from_status)),
            to_status=str(statuses.get(event.to_status, event.to_status)),
            note=event.note,
            public_note=event.public_note,
            visible_to_applicant=event.visible_to_applicant,
        )
        for event in events
    ]
