"""The append-only timeline of a request."""

from __future__ import annotations

from django.contrib.auth.models import User

from requests_app.models import InformationRequest, RequestEvent


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
