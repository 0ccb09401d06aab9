"""政务新媒体 not updated within their platform's limit (two weeks unless set otherwise): a
single-veto item of 《政府网站与政务新媒体检查指标》. Which accounts are stale is the newmedia app's
rule (``newmedia.checks``); this turns them into findings with where to fix them."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from inspection.findings import Check, Finding
from newmedia import checks
from portal.sites import CurrentSite


def stale_account_findings(today: dt.date, site: CurrentSite | None = None) -> list[Finding]:
    return [
        Finding(
            check=Check.NEWMEDIA_STALE,
            veto=True,
            subject=_("New media account %(name)s (%(agency)s)")
            % {"name": str(item.account), "agency": item.account.agency.name},
            detail=_("Not updated for %(days)s days (the limit is %(limit)s days)")
            % {"days": item.days, "limit": item.limit},
            agency_id=item.account.agency_id,
            fix_url=reverse("admin:newmedia_account_activity", args=[item.account.pk]),
            public_url=item.account.get_absolute_url(),
        )
        for item in checks.stale_accounts(today)
        if site is None or site.contains(item.account.agency)
    ]
