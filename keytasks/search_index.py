"""What key task lists put in the site search: each published list, found by its title, its
government and year, and its tasks' texts, targets and lead agencies. Progress reports and
findings are read on the task pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keytasks import selectors
from keytasks.models import TaskList
from portal.search.registry import IndexDefinition, SearchFields


class TaskListIndex(IndexDefinition[TaskList]):
    key = "key_task_list"
    label = _("Key tasks")
    model = TaskList

    def queryset_to_index(self) -> QuerySet[TaskList]:
        return selectors.published_lists()

    def to_fields(self, obj: TaskList) -> SearchFields:
        kind = str(obj.get_kind_display())
        tasks = obj.tasks.select_related("lead_agency").order_by("number")
        lines = [f"{t.number}. {t.text} {t.target} {t.lead_agency.name}" for t in tasks]
        return SearchFields(
            title=obj.title,
            url=obj.get_absolute_url(),
            content="\n".join([obj.summary, *lines]),
            meta=" ".join([str(obj.year), kind, obj.agency.name]),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            genre=kind,
            date=timezone.localtime(obj.published_at).date() if obj.published_at else None,
        )
