"""The staff workbench (工作台): the back office's home page says what waits for whom.

Each app that has work for staff adds a module ``<app>/workbench.py`` with any of:

- ``tasks(request) -> list[Task]``: counts of what waits for the signed-in user in that app,
  each linking to the filtered list where the work is done (drafts to finish, items to review
  or publish, requests by urgency, messages due, failing self-inspection items);
- ``rates(request) -> list[Rate]``: on-time figures of the agencies the user heads (办公室负责人);
- ``activity(request) -> list[Activity]``: recent steps in the user's agencies.

The admin index (``portal.admin_site.PortalAdminSite.index``) collects them with
``autodiscover_modules``, so portal imports no app (tests/architecture). Every count comes from
the app's own scoped querysets: a member of staff sees only the agencies where they hold the
role the work needs, and a zero is left out, so the page lists only what there is to do.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.typed import StrOrPromise

#: The groups of the page, in the order shown, with their headings.
GROUPS: dict[str, StrOrPromise] = {
    "drafting": _("To draft and finish"),
    "review": _("To review"),
    "publishing": _("To publish"),
    "requests": _("Information requests"),
    "messages": _("Messages from the public"),
    "timeliness": _("Publication deadlines"),
    "inspection": _("Self-inspection"),
}


@dataclass(frozen=True)
class Task:
    group: str  # a key of GROUPS
    label: StrOrPromise
    count: int
    url: str
    urgent: bool = False  # overdue or due today: shown first and marked in words


@dataclass(frozen=True)
class Rate:
    label: StrOrPromise
    on_time: int
    total: int

    @property
    def percent(self) -> int | None:
        return None if not self.total else round(100 * self.on_time / self.total)


@dataclass(frozen=True)
class Activity:
    at: dt.datetime
    actor: str
    text: str
    url: str


@dataclass(frozen=True)
class Section:
    key: str
    title: StrOrPromise
    tasks: list[Task]


def _modules() -> list[ModuleType]:
    found = []
    for config in apps.get_app_configs():
        if config.name not in settings.PORTAL_APPS or f"{config.name}.workbench" == __name__:
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.workbench"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.workbench":
                raise
    return found


def sections(request: HttpRequest) -> list[Section]:
    """What waits for the user, grouped; groups and tasks with nothing in them left out."""
    tasks: list[Task] = []
    for module in _modules():
        if hasattr(module, "tasks"):
            tasks += [task for task in module.tasks(request) if task.count]
    found = []
    for key, title in GROUPS.items():
        mine = sorted(
            (t for t in tasks if t.group == key), key=lambda t: (not t.urgent, str(t.label))
        )
        if mine:
            found.append(Section(key, title, mine))
    return found


def rates(request: HttpRequest) -> list[Rate]:
    found: list[Rate] = []
    for module in _modules():
        if hasattr(module, "rates"):
            found += module.rates(request)
    return found


def activity(request: HttpRequest, limit: int = 10) -> list[Activity]:
    found: list[Activity] = []
    for module in _modules():
        if hasattr(module, "activity"):
            found += module.activity(request)
    return sorted(found, key=lambda item: item.at, reverse=True)[:limit]


def this_year_start(today: dt.date) -> dt.date:
    return today.replace(month=1, day=1)
