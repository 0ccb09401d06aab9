"""互动回应: requests unanswered past their statutory deadline fail the inspection, and so do
messages unanswered for three months (the inspection's single veto for 互动回应差); a message
past its reply period but younger than that is a finding that costs points.

Whether a request is overdue is the request app's rule (``RequestQuerySet.overdue``); only the
tracking number and the due date are reported, never anything about the applicant.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from inspection.findings import Check, Finding
from interaction.models import Message
from portal import sites
from portal.sites import CurrentSite
from requests_app.models import InformationRequest

#: A message unanswered this long after receipt fails the whole site (单项否决).
MESSAGE_VETO_DAYS = 90


def overdue_request_findings(today: dt.date, site: CurrentSite | None = None) -> list[Finding]:
    overdue = (
        sites.scope(InformationRequest.objects.overdue(today), site)
        .select_related("agency")
        .only("pk", "tracking_number", "due_date", "agency_id", "agency__name")
        .order_by("due_date", "pk")
    )
    return [
        Finding(
            check=Check.REQUEST_OVERDUE,
            veto=True,
            subject=_("Request %(number)s (%(agency)s)")
            % {"number": request.tracking_number, "agency": request.agency.name},
            detail=_("Unanswered past its due date %(due)s") % {"due": request.due_date},
            agency_id=request.agency_id,
            fix_url=request.get_admin_url(),
        )
        for request in overdue
    ]


def overdue_message_findings(today: dt.date, site: CurrentSite | None = None) -> list[Finding]:
    overdue = (
        sites.scope(Message.objects.open(), site)
        .filter(due_on__lt=today)
        .select_related("agency")
        .only("pk", "tracking_number", "due_on", "received_on", "agency_id", "agency__name")
        .order_by("due_on", "pk")
    )
    return [
        Finding(
            check=Check.MESSAGE_OVERDUE,
            veto=(today - message.received_on).days > MESSAGE_VETO_DAYS,
            subject=_("Message %(number)s (%(agency)s)")
            % {"number": message.tracking_number, "agency": message.agency.name},
            detail=_("Unanswered past its reply period, due %(due)s") % {"due": message.due_on},
            agency_id=message.agency_id,
            fix_url=reverse("admin:interaction_message_change", args=[message.pk]),
        )
        for message in overdue
    ]
