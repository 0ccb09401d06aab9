"""RSS and Atom feeds of the published quarterly progress reports on key tasks."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keytasks import selectors
from keytasks.models import ProgressReport
from publishing.feeds import PortalAtomFeed, PublicationFeed, plain_text


class ProgressReportFeed(PublicationFeed):
    title = gettext_lazy("Key tasks: quarterly progress")
    description = gettext_lazy("Progress reports on the key tasks of the government work reports")

    def link(self) -> str:
        return reverse("keytasks:index")

    def items(self) -> list[ProgressReport]:
        reports = self.scope(
            selectors.published_reports(), field=f"task__{selectors.TASK_AGENCY}"
        ).select_related("task__task_list__agency", "task__lead_agency")
        return list(reports.order_by("-published_at", "-id")[: self.length])

    def item_title(self, item: ProgressReport) -> str:
        return _("%(list)s, task %(number)d: progress in %(year)d %(quarter)s") % {
            "list": item.task.task_list.title,
            "number": item.task.number,
            "year": item.task.task_list.year,
            "quarter": item.get_quarter_display(),
        }

    def item_description(self, item: ProgressReport) -> str:
        facts = [
            item.task.text,
            _("Lead agency: %(agency)s") % {"agency": item.task.lead_agency.name},
        ]
        if item.percent is not None:
            facts.append(_("%(percent)d%% complete") % {"percent": item.percent})
        if item.assessment:
            facts.append(str(item.get_assessment_display()))
        return plain_text("\n".join(facts), item.text)

    def item_pubdate(self, item: ProgressReport) -> dt.datetime | None:
        return item.published_at


class ProgressReportAtomFeed(ProgressReportFeed):
    feed_type = PortalAtomFeed
    subtitle = ProgressReportFeed.description
