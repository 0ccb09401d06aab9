"""三同步 compliance: for the published documents that needed an interpretation, how soon
after the document its first interpretation was published — the same day, within 3 working
days, later, or never.

One query for the documents (each with the date of its earliest published interpretation);
working days come from the calendar in memory (``portal.workdays``), so the report costs the
same number of queries whatever the number of documents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure.models import Document
from portal import workdays
from portal.models import Agency
from publishing.models import Status

WITHIN_WORKDAYS = 3


class Timeliness(models.TextChoices):
    SAME_DAY = "same_day", _("Same day")
    WITHIN = "within", _("Within 3 working days")
    LATER = "later", _("Later")
    NEVER = "never", _("Not interpreted")


def classify(published_on: dt.date, interpreted_on: dt.date | None) -> tuple[str, int | None]:
    """The timeliness of an interpretation and the working days it came after the document.

    An interpretation published before its document counts as the same day: it was there when
    the document appeared.
    """
    if interpreted_on is None:
        return Timeliness.NEVER, None
    if interpreted_on <= published_on:
        return Timeliness.SAME_DAY, 0
    days = int(workdays.workdays_between(published_on, interpreted_on))
    return (Timeliness.WITHIN if days <= WITHIN_WORKDAYS else Timeliness.LATER), days


@dataclass
class Row:
    document: Document
    published_on: dt.date
    interpreted_on: dt.date | None
    timeliness: str
    workdays: int | None

    @property
    def timeliness_label(self) -> str:
        return str(Timeliness(self.timeliness).label)


@dataclass
class Counts:
    same_day: int = 0
    within: int = 0
    later: int = 0
    never: int = 0

    def add(self, timeliness: str) -> None:
        setattr(self, timeliness, getattr(self, timeliness) + 1)

    @property
    def total(self) -> int:
        return self.same_day + self.within + self.later + self.never

    @property
    def on_time_percent(self) -> int | None:
        """Share interpreted within 3 working days (same day included), rounded."""
        if not self.total:
            return None
        return round(100 * (self.same_day + self.within) / self.total)


@dataclass
class AgencyCounts:
    agency: Agency
    counts: Counts = field(default_factory=Counts)


@dataclass
class Report:
    rows: list[Row]
    counts: Counts
    by_agency: list[AgencyCounts]


def documents_needing_interpretation() -> models.QuerySet[Document]:
    return Document.objects.published().filter(Q(is_normative=True) | Q(needs_interpretation=True))


def compliance_report(
    *,
    agency: Agency | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Report:
    """The documents of ``agency`` and the agencies below it, published in the period."""
    documents = documents_needing_interpretation()
    if agency is not None:
        documents = documents.filter(agency__path__startswith=agency.path)
    if date_from is not None:
        documents = documents.filter(date_published__gte=date_from)
    if date_to is not None:
        documents = documents.filter(date_published__lte=date_to)
    documents = (
        documents.select_related("agency")
        .annotate(
            first_interpreted_at=Min(
                "interpretations__published_at",
                filter=Q(interpretations__status=Status.PUBLISHED),
            )
        )
        .order_by("-date_published", "-id")
    )
    rows = []
    counts = Counts()
    by_agency: dict[int, AgencyCounts] = {}
    for document in documents:
        published_on = document.date_published or timezone.localdate(document.published_at)
        first = document.first_interpreted_at
        interpreted_on = timezone.localdate(first) if first else None
        timeliness, days = classify(published_on, interpreted_on)
        rows.append(Row(document, published_on, interpreted_on, timeliness, days))
        counts.add(timeliness)
        by_agency.setdefault(document.agency_id, AgencyCounts(document.agency)).counts.add(
            timeliness
        )
    per_agency = sorted(by_agency.values(), key=lambda item: item.agency.path)
    return Report(rows=rows, counts=counts, by_agency=per_agency)
