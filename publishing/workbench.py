"""The workbench's share of the review-and-publish layer (``portal.workbench``): for every kind
of publishable content with an admin, the drafts to finish (drafters), the items submitted for
review (reviewers) and the approved items to publish (publishers), each count in the agencies
where the user holds that role; and the latest workflow steps in the user's agencies.

The kinds are found in the admin's registry, and each count goes through the admin's own
scoped queryset (``get_queryset``), so a kind added later appears here without a line of code.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, Model, Q
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from portal import access
from portal.models import StaffRole
from portal.workbench import Activity, Task
from publishing.models import Publishable, Status, WorkflowEvent

Role = StaffRole.Role

#: (count key, workbench group, status, role whose work it is)
_STAGES = [
    ("draft", "drafting", Status.DRAFT, Role.DRAFTER),
    ("review", "review", Status.IN_REVIEW, Role.REVIEWER),
    ("approved", "publishing", Status.APPROVED, Role.PUBLISHER),
]


def _publishable_admins(request: HttpRequest) -> list[tuple[type[Publishable], Any]]:
    found = []
    for model, model_admin in admin.site._registry.items():
        if issubclass(model, Publishable) and model_admin.has_view_permission(request):
            found.append((model, model_admin))
    return found


def _changelist(model: type[Model]) -> str | None:
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    except NoReverseMatch:
        return None


def tasks(request: HttpRequest) -> list[Task]:
    user = request.user
    superuser = access.is_superuser(user)
    ids = {role: access.agency_ids_for(user, [role]) for _key, _g, _s, role in _STAGES}
    if not superuser and not any(ids.values()):
        return []
    found = []
    for model, model_admin in _publishable_admins(request):
        changelist = _changelist(model)
        if changelist is None:
            continue
        counts = (
            model_admin.get_queryset(request)
            .order_by()
            .aggregate(
                **{
                    key: Count(
                        "pk",
                        filter=Q(status=status)
                        & (Q() if superuser else Q(agency_id__in=ids[role])),
                    )
                    for key, _group, status, role in _STAGES
                }
            )
        )
        name = model._meta.verbose_name_plural
        labels = {
            "draft": _("%(kind)s: drafts") % {"kind": name},
            "review": _("%(kind)s: submitted for review") % {"kind": name},
            "approved": _("%(kind)s: approved, to publish") % {"kind": name},
        }
        for key, group, status, _role in _STAGES:
            if counts[key]:
                found.append(
                    Task(group, labels[key], counts[key], f"{changelist}?status__exact={status}")
                )
    return found


def _event_relation(model: type[Publishable]) -> tuple[type[WorkflowEvent], str] | None:
    for relation in model._meta.related_objects:
        if issubclass(relation.related_model, WorkflowEvent):
            return relation.related_model, relation.field.name
    return None


def activity(request: HttpRequest, per_kind: int = 10) -> list[Activity]:
    """The latest workflow steps on items the user may see in the back office."""
    user = request.user
    if not access.is_superuser(user) and not access.agency_ids_for(user):
        return []
    found = []
    for model, model_admin in _publishable_admins(request):
        relation = _event_relation(model)
        if relation is None:
            continue
        event_model, item_field = relation
        events = (
            event_model._default_manager.filter(
                **{f"{item_field}__in": model_admin.get_queryset(request).order_by().values("pk")}
            )
            .select_related("actor", item_field)
            .order_by("-created_at", "-id")[:per_kind]
        )
        for event in events:
            item = getattr(event, item_field)
            text = _("%(kind)s “%(item)s”: %(from)s → %(to)s") % {
                "kind": model._meta.verbose_name,
                "item": item,
                "from": event.get_from_status_display() or _("new"),
                "to": event.get_to_status_display() or "-",
            }
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[item.pk]
            )
            actor = str(event.actor) if event.actor else _("the system")
            found.append(Activity(event.created_at, actor, text, url))
    return found
