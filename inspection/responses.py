"""互动回应: requests unanswered past their statutory deadline fail the inspection.

Whether a request is overdue is the request app's rule (``RequestQuerySet.overdue``); only the
tracking number and the due date are reported, never anything about the applicant.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from inspection.findings import Check, Finding
from requests_app.models import InformationRequest


def overdue_request_findings(today: dt.date) -> list[Finding]:
    overdue = (
        InformationRequest.objects.overdue(today)
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
