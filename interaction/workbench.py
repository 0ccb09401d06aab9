"""The workbench's share of the message box (``portal.workbench``): for those who answer
citizens (handlers, office heads), the messages past their reply date and those due within
five working days, in the agencies and offices they work for."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from interaction import handling
from interaction.models import Message, MessageStatus
from portal import access, workdays
from portal.admin_marks import SOON_WORKDAYS
from portal.workbench import Task

OPEN = [MessageStatus.RECEIVED, MessageStatus.IN_PROGRESS]


def tasks(request: HttpRequest) -> list[Task]:
    user = request.user
    if not isinstance(user, User):
        return []
    if not access.is_superuser(user) and not access.agency_ids_for(user, handling.CONTACT_ROLES):
        return []
    today = timezone.localdate()
    horizon = workdays.add_workdays(today, SOON_WORKDAYS)
    ids = handling.visible_messages(user).filter(status__in=OPEN).values("pk")

    counts = Message.objects.filter(pk__in=ids).aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=horizon)),
    )
    changelist = reverse("admin:interaction_message_changelist")
    return [
        Task("messages", _("Messages past their reply date"), counts["overdue"],
             f"{changelist}?due_on__lt={today.isoformat()}&status__in=received,in_progress",
             urgent=True),
        Task("messages", _("Replies due within 5 working days"), counts["soon"],
             f"{changelist}?due_on__gte={today.isoformat()}&due_on__lte={horizon.isoformat()}"
             "&status__in=received,in_progress"),
    ]  # fmt: skip
