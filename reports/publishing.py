"""The annual report's life: drafting (with starting texts), the shared review-and-publish
workflow (``disclosure.workflow``, the same roles as documents), freezing at publication, the
public list, and the reminders before the statutory deadlines (Art 49-50).

A published report is frozen: ``frozen_tables`` holds the tables computed at publication, and
every public page and output of a published report reads them, never the live data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure.workflow import ScreenedTextPolicy
from portal import access, emails
from portal.columns import ColumnPage, ColumnSection, register_page, register_section
from portal.models import Agency, AgencyKind, AgencyLevel, StaffRole
from portal.typed import StrOrPromise
from publishing.models import Publishable, Status
from reports import tables
from reports.models import AnnualReport

Role = StaffRole.Role

# Art 49: departments publish last year's report by 31 January; a government's disclosure
# authority publishes the government-wide report by 31 March.
DEPARTMENT_DEADLINE = (1, 31)
GOVERNMENT_DEADLINE = (3, 31)
# Only agencies at county level and above must publish (Art 49).
REPORTING_LEVELS = [AgencyLevel.PROVINCE, AgencyLevel.CITY, AgencyLevel.COUNTY]


def _section_label(name: str) -> StrOrPromise:
    field = AnnualReport._meta.get_field(name)
    assert isinstance(field, models.Field)  # a text field, not a relation
    return field.verbose_name


class AnnualReportPolicy(ScreenedTextPolicy):
    """The narrative sections are screened for personal data at approval, like every public
    text (Art 15: a case described with the applicant's details); publication freezes the
    tables."""

    def screened_texts(self, obj: Publishable) -> list[tuple[str, str]]:
        return [
            (str(_section_label(name)), getattr(obj, name))
            for name in ("section_overview", "section_problems", "section_other")
        ]

    def before_publish(self, obj: AnnualReport, user: User, options: dict[str, Any]) -> None:
        obj.frozen_tables = tables.compute(obj.agency, obj.year)


def register() -> None:
    # The agency column shows the published reports (a plug-in of the column page).
    register_section(column_section, order=60)
    register_page(
        ColumnPage("reports", _("Annual disclosure reports"), "portal:agency_reports"), order=40
    )


# --- Reading ---------------------------------------------------------------------------------


def published_reports() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(status=Status.PUBLISHED).select_related("agency")


def agencies_with_reports() -> QuerySet[Agency]:
    """The agencies with a published report, in the order of the agency tree: the choices of
    the list's agency filter (by name; the code stays in the address)."""
    return Agency.objects.filter(pk__in=published_reports().values("agency_id")).order_by("path")


def years_with_reports() -> list[int]:
    """The years with a published report, newest first."""
    return list(published_reports().order_by("-year").values_list("year", flat=True).distinct())


def report_tables(report: AnnualReport) -> dict[str, Any]:
    """The frozen tables of a published report; the live ones otherwise (drafts, previews)."""
    if report.frozen_tables is not None and report.status in {Status.PUBLISHED, Status.WITHDRAWN}:
        return report.frozen_tables
    return tables.compute(report.agency, report.year)


def column_section(request: Any, agency: Agency) -> ColumnSection | None:
    reports = list(published_reports().filter(agency=agency).order_by("-year"))
    if not reports:
        return None
    return ColumnSection(
        title="政府信息公开年报",
        template="reports/column.html",
        context={"agency": agency, "reports": reports},
        anchor="annual-reports",
    )


# --- Drafting --------------------------------------------------------------------------------


def _fees_line(tables: dict[str, Any]) -> str:
    fees = Decimal(tables["processing_fees_yuan"])
    if not fees:
        return "本年度未收取政府信息公开信息处理费。"
    return f"本年度共收取政府信息公开信息处理费{fees}元。"


def prefill_texts(tables: dict[str, Any]) -> dict[str, str]:
    """Starting texts of sections 一、五、六 from the figures, for staff to rewrite."""
    agency, year = tables["agency"]["name"], tables["year"]
    t2, t3, t4 = tables["table2"], tables["table3"], tables["table4"]
    reviews = sum(row["total"] for row in t4.values())
    corrected = sum(row["corrected"] for row in t4.values())
    disclosed = t3["r1"]["total"] + t3["r2"]["total"]
    overview = (
        f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        f"扎实推进政府信息公开工作。\n"
        f"（一）主动公开。本年制发行政规范性文件{t2['normative']['issued']}件，"
        f"废止{t2['normative']['repealed']}件，现行有效{t2['normative']['in_force']}件。\n"
        f"（二）依申请公开。本年新收政府信息公开申请{t3['new']['total']}件，"
        f"上年结转{t3['carried_in']['total']}件，办结{t3['decided']['total']}件，"
        f"其中予以公开和部分公开{disclosed}件；结转下年度继续办理{t3['carried_out']['total']}件。\n"
        f"（三）行政复议和行政诉讼。本年因政府信息公开被申请行政复议、提起行政诉讼共{reviews}件，"
        f"其中结果纠正{corrected}件。"
    )
    problems = (
        f"{year}年，{agency}政府信息公开工作仍存在一些不足：……\n下一步，将从以下方面加以改进：……"
    )
    other = f"{_fees_line(tables)}\n无其他需要报告的事项。"
    return {"section_overview": overview, "section_problems": problems, "section_other": other}


@transaction.atomic
def report_prefill(*, report: AnnualReport, user: User, sections: list[str]) -> None:
    """Replace the given sections of a draft with their starting texts."""
    access.require_role(user, report.agency_id, Role.DRAFTER)
    if report.status != Status.DRAFT:
        raise ValueError("Only a draft can be prefilled.")
    texts = prefill_texts(tables.compute(report.agency, report.year))
    for section in sections:
        setattr(report, section, texts[section])
    report.drafter = report.drafter or user
    report.save()


# --- Reminders (Art 49) ----------------------------------------------------------------------

# Markers of reminders sent live in the cache (Redis in production) for longer than the
# reporting season: one reminder and one escalation per agency and year. ``cache.add`` is
# atomic, so two workers running the task at once do not both send.
SENT_TIMEOUT = 200 * 24 * 3600


def _recipients(agency_ids: list[int], roles: Sequence[str]) -> list[str]:
    users = get_user_model().objects.filter(
        is_active=True, staff_roles__agency_id__in=agency_ids, staff_roles__role__in=roles
    )
    return sorted({email for email in users.values_list("email", flat=True) if email})


def _stage(today: dt.date, deadline: tuple[int, int]) -> str:
    """ "remind" in the deadline's month up to the deadline; "escalate" after it (until
    the end of April); "" otherwise."""
    month, day = deadline
    if today.month == month and today.day <= day:
        return "remind"
    if month < today.month <= 4:
        return "escalate"
    return ""


def send_report_reminders(today: dt.date | None = None) -> int:
    """E-mail agencies without a published report for last year; escalate after the deadline.

    Departments in January (deadline 31 January), governments for the government-wide report
    in March (31 March). Each agency gets at most one reminder and one escalation per year:
    safe to run daily and twice.
    """
    today = today or timezone.localdate()
    year = today.year - 1
    sent = 0
    for kind, deadline in (
        (AgencyKind.DEPARTMENT, DEPARTMENT_DEADLINE),
        (AgencyKind.GOVERNMENT, GOVERNMENT_DEADLINE),
    ):
        stage = _stage(today, deadline)
        if not stage:
            continue
        missing = (
            Agency.objects.active()
            .filter(kind=kind, level__in=REPORTING_LEVELS)
            .exclude(pk__in=published_reports().filter(year=year).values("agency_id"))
        )
        for agency in missing:
            marker = f"annual-report-reminder:{agency.pk}:{year}:{stage}"
            if not cache.add(marker, today.isoformat(), SENT_TIMEOUT):
                continue
            try:
                delivered = _send_reminder(agency, year, stage, deadline)
            except Exception:
                cache.delete(marker)  # the task retries (SMTP down): send it then
                raise
            if delivered:
                sent += 1
            else:
                cache.delete(marker)  # nobody to tell yet: try again tomorrow
    return sent


def _send_reminder(agency: Agency, year: int, stage: str, deadline: tuple[int, int]) -> bool:
    roles = [Role.DRAFTER, Role.PUBLISHER, Role.OFFICE_HEAD]
    to = _recipients([agency.pk], roles)
    if stage == "escalate":
        # After the deadline the office heads of the agency above hear about it too.
        parent = Agency.objects.filter(path=agency.path[: -Agency.steplen]).first()
        if agency.depth > 1 and parent is not None:
            to = sorted({*to, *_recipients([parent.pk], [Role.OFFICE_HEAD])})
    if not to:
        return False
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    emails.send(
        f"annual-report-{stage}",
        to=to,
        context={
            "agency": agency,
            "year": year,
            "deadline": dt.date(year + 1, *deadline),
            "government_wide": agency.kind == AgencyKind.GOVERNMENT,
            "report": report,
        },
    )
    return True
