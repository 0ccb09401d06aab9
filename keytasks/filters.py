"""The API's filters of key tasks (django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from keytasks.models import KeyTask, ListKind, TaskResult
from keytasks.progress import TaskState


def _government(queryset: QuerySet, name: str, value: str) -> QuerySet:
    return queryset.filter(task_list__agency__code=value)


def _lead(queryset: QuerySet, name: str, value: str) -> QuerySet:
    return queryset.filter(lead_agency__code=value)


class KeyTaskFilter(django_filters.FilterSet):
    government = django_filters.CharFilter(method=_government, label=_("Government (agency code)"))
    year = django_filters.NumberFilter(field_name="task_list__year", label=_("Year"))
    kind = django_filters.ChoiceFilter(
        field_name="task_list__kind", choices=ListKind.choices, label=_("Kind of list")
    )
    list = django_filters.NumberFilter(field_name="task_list_id", label=_("Task list (id)"))
    lead = django_filters.CharFilter(method=_lead, label=_("Lead agency (agency code)"))
    state = django_filters.ChoiceFilter(
        field_name="state", choices=TaskState.choices, label=_("State (today, Beijing time)")
    )
    result = django_filters.ChoiceFilter(choices=TaskResult.choices, label=_("Year-end result"))

    class Meta:
        model = KeyTask
        fields: list[str] = []
