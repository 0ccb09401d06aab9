"""Column freshness and emptiness (栏目更新, 空白栏目), as the national inspection of government
websites checks them (政府网站与政务新媒体检查指标).

The columns are those the site shows: the home page's latest information, each agency's column
(its latest disclosures and the fifteen categories of Art 20, counting its sub-agencies as the
column does), and the policy interpretations; in a site group, those of the site's own agency
subtree (``portal.sites.scope``), as its pages show them. Each has a limit in days between
updates: by default two weeks for news-like columns (动态要闻, 工作动态) and six months for
notices and policy documents (通知公告, 政策文件); staff set others per column (``ColumnLimit``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from disclosure import selectors, statutory
from disclosure.models import Document, StatutoryCategory
from inspection.findings import Check, Finding
from inspection.models import ColumnLimit, Section
from interaction.models import MessageReply
from interpretation.models import Interpretation
from portal import sites
from portal.models import Agency
from portal.sites import CurrentSite
from publishing.models import Status

# The inspection's defaults: 动态要闻/工作动态 two weeks; 通知公告 and 政策文件 six months.
DEFAULT_DAYS: dict[str, int] = {
    Section.HOME: 14,
    Section.AGENCY: 14,
    Section.ART20: 180,
    Section.INTERPRETATION: 180,
    # 互动交流: replies published on the site (the reply clock itself is checked per message).
    Section.INTERACTION: 90,
}
# 栏目不更新 is a single veto when more than this many columns are late.
VETO_STALE_COLUMNS = 5


@dataclass(frozen=True)
class Limit:
    max_age_days: int | None
    may_be_empty: bool


class Limits:
    """The limits staff set, read once; ``for_column`` picks the most specific row."""

    def __init__(self, rows: list[ColumnLimit]) -> None:
        self.rows = {(row.section, row.agency_id, row.category): row for row in rows}

    @classmethod
    def load(cls) -> Limits:
        return cls(list(ColumnLimit.objects.all()))

    def for_column(
        self, section: str, agency_id: int | None = None, category: int | None = None
    ) -> Limit:
        for key in (
            (section, agency_id, category),
            (section, None, category),
            (section, agency_id, None),
            (section, None, None),
        ):
            row = self.rows.get(key)
            if row is not None:
                return Limit(row.max_age_days, row.may_be_empty)
        return Limit(DEFAULT_DAYS[section], False)


@dataclass(frozen=True)
class Column:
    section: str
    title: str
    count: int
    last_updated: dt.date | None
    limit: Limit
    agency_id: int | None = None
    category: int | None = None
    public_url: str = ""
    fix_url: str = ""

    def days_since_update(self, today: dt.date) -> int | None:
        return None if self.last_updated is None else (today - self.last_updated).days

    @property
    def is_empty(self) -> bool:
        return self.count == 0

    def is_stale(self, today: dt.date) -> bool:
        """Not updated within its limit (an empty column is reported as empty instead)."""
        days = self.days_since_update(today)
        return (
            self.limit.max_age_days is not None
            and days is not None
            and (days > self.limit.max_age_days)
        )


def _document_add(agency: Agency | None = None) -> str:
    url = reverse("admin:disclosure_document_add")
    return f"{url}?{urlencode({'agency': agency.pk})}" if agency is not None else url


def home_column(limits: Limits, site: CurrentSite | None = None) -> Column:
    summary = sites.scope(Document.objects.published(), site).aggregate(
        count=Count("pk"), last=Max("date_published")
    )
    return Column(
        section=Section.HOME,
        title=_("Home page: latest government information"),
        count=summary["count"],
        last_updated=summary["last"],
        limit=limits.for_column(Section.HOME),
        public_url=reverse("portal:home"),
        fix_url=_document_add(),
    )


def interpretation_column(limits: Limits, site: CurrentSite | None = None) -> Column:
    summary = sites.scope(Interpretation.objects.published(), site).aggregate(
        count=Count("pk"), last=Max("published_at")
    )
    last = summary["last"]
    return Column(
        section=Section.INTERPRETATION,
        title=_("Policy interpretations"),
        count=summary["count"],
        last_updated=timezone.localdate(last) if last else None,
        limit=limits.for_column(Section.INTERPRETATION),
        public_url=reverse("interpretation:list"),
        fix_url=reverse("admin:interpretation_interpretation_add"),
    )


def interaction_column(limits: Limits, site: CurrentSite | None = None) -> Column:
    replies = MessageReply.objects.filter(
        status=Status.PUBLISHED, show_publicly=True, message__publication_consent=True
    )
    replies = sites.scope(replies, site, field="message__agency")
    summary = replies.aggregate(count=Count("message", distinct=True), last=Max("published_at"))
    last = summary["last"]
    return Column(
        section=Section.INTERACTION,
        title=_("Interaction: published replies"),
        count=summary["count"],
        last_updated=timezone.localdate(last) if last else None,
        limit=limits.for_column(Section.INTERACTION),
        public_url=reverse("interaction:messages"),
        fix_url=reverse("admin:interaction_message_changelist"),
    )


def agency_columns(agency: Agency, limits: Limits) -> list[Column]:
    """The agency's latest disclosures and its Art 20 categories, in one aggregate query."""
    categories = statutory.categories()
    aggregates: dict[str, Count | Max] = {"count": Count("pk"), "last": Max("date_published")}
    for category in categories:
        condition = statutory.category_condition(category.number)
        aggregates[f"count{category.number}"] = Count("pk", filter=condition)
        aggregates[f"last{category.number}"] = Max("date_published", filter=condition)
    summary = (
        Document.objects.published()
        .filter(selectors.agency_subtree(agency))
        .aggregate(**aggregates)
    )
    column_url = reverse("portal:agency_column", kwargs={"code": agency.code})
    catalog = reverse("disclosure:catalog")
    columns = [
        Column(
            section=Section.AGENCY,
            title=_("%(agency)s: latest disclosures") % {"agency": agency.name},
            count=summary["count"],
            last_updated=summary["last"],
            limit=limits.for_column(Section.AGENCY, agency.pk),
            agency_id=agency.pk,
            public_url=column_url,
            fix_url=_document_add(agency),
        )
    ]
    for category in categories:
        query = urlencode({"agency": agency.code, "art20": str(category.number)})
        count = summary[f"count{category.number}"]
        last_updated = summary[f"last{category.number}"]
        if category.number == StatutoryCategory.AGENCY and agency.has_profile:
            # Art 20(二) is published as the agency's profile page, kept on the agency itself.
            count += 1
            profile_date = timezone.localdate(agency.updated_at)
            last_updated = max(last_updated, profile_date) if last_updated else profile_date
        columns.append(
            Column(
                section=Section.ART20,
                title=_("%(agency)s: %(numeral)s%(category)s")
                % {"agency": agency.name, "numeral": category.numeral, "category": category.label},
                count=count,
                last_updated=last_updated,
                limit=limits.for_column(Section.ART20, agency.pk, category.number),
                agency_id=agency.pk,
                category=category.number,
                public_url=f"{catalog}?{query}",
                fix_url=_document_add(agency),
            )
        )
    return columns


def all_columns(site: CurrentSite | None = None) -> list[Column]:
    """Every column of the site (None: the whole installation): the home page, the active
    agencies' columns, 政策解读, 互动交流."""
    limits = Limits.load()
    columns = [home_column(limits, site)]
    for agency in sites.scope(Agency.objects.active(), site, field=""):
        columns.extend(agency_columns(agency, limits))
    columns.append(interpretation_column(limits, site))
    columns.append(interaction_column(limits, site))
    return columns


def column_findings(columns: list[Column], today: dt.date) -> list[Finding]:
    """Empty columns and columns not updated within their limits; the home page's staleness,
    an empty column, and more than ``VETO_STALE_COLUMNS`` stale columns are single vetoes."""
    findings = []
    stale = 0
    for column in columns:
        if column.is_empty and not column.limit.may_be_empty:
            findings.append(
                Finding(
                    check=Check.COLUMN_EMPTY,
                    veto=True,
                    subject=column.title,
                    detail=_("Empty column"),
                    agency_id=column.agency_id,
                    fix_url=column.fix_url,
                    public_url=column.public_url,
                )
            )
        elif column.is_stale(today):
            stale += 1
            home = column.section == Section.HOME
            findings.append(
                Finding(
                    check=Check.HOME_STALE if home else Check.COLUMN_STALE,
                    veto=home,
                    subject=column.title,
                    detail=_("Last updated %(date)s, %(days)d days ago (limit: %(limit)d days)")
                    % {
                        "date": column.last_updated,
                        "days": column.days_since_update(today),
                        "limit": column.limit.max_age_days,
                    },
                    agency_id=column.agency_id,
                    fix_url=column.fix_url,
                    public_url=column.public_url,
                )
            )
    if stale > VETO_STALE_COLUMNS:
        findings.append(
            Finding(
                check=Check.COLUMNS_STALE,
                veto=True,
                subject=_("Columns not updated"),
                detail=_("%(count)d columns are not updated within their limits (at most %(max)d)")
                % {"count": stale, "max": VETO_STALE_COLUMNS},
                # Fixed column by column: each stale column is listed with its own link.
            )
        )
    return findings
