"""Power items in the shared review-and-publish workflow (``publishing.workflow``).

Publishing a new item records its first version; publishing a revision applies it to the item
it changes (``powers.versions.apply_revision``: a new version with what changed); withdrawing
an item records its last version. The public texts are screened at approval (Art 15): they are
written by staff and must name no one.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from disclosure.workflow import ScreenedTextPolicy
from portal.search import indexing as search_indexing
from powers import versions
from powers.models import PowerItem, Responsibility
from publishing.models import Status


def _label(model: type[Any], field: str) -> str:
    return str(capfirst(model._meta.get_field(field).verbose_name))


def written_texts(item: PowerItem) -> list[tuple[str, str]]:
    """(label, text) of the public texts written by staff, responsibilities included."""
    texts = [
        (_label(PowerItem, field), getattr(item, field))
        for field in ("name", "sub_items", "basis", "office", "accountability_cases", "notes",
                      "change_reason")
    ]  # fmt: skip
    for row in item.responsibilities.all():
        texts.append((_label(Responsibility, "duty"), row.duty))
        texts.append((_label(Responsibility, "accountability_basis"), row.accountability_basis))
    return [(label, text) for label, text in texts if text]


class PowerItemPolicy(ScreenedTextPolicy[PowerItem]):
    def check_submit(self, obj: PowerItem) -> None:
        if not obj.responsibilities.exists():
            raise ValidationError(
                _("List at least one responsibility (责任事项) of the power before review.")
            )
        if obj.revision_of_id is not None:
            # The same checks as at publication, early: the drafter hears of them now.
            assert obj.revision_of is not None
            versions.check_revision(obj, obj.revision_of)

    def screened_texts(self, obj: PowerItem) -> list[tuple[str, str]]:
        return written_texts(obj)

    def before_publish(self, obj: PowerItem, user: User, options: dict[str, Any]) -> None:
        if obj.revision_of_id is not None:
            versions.apply_revision(revision=obj, user=user)
        else:
            versions.record_created(item=obj, user=user)

    def after_change(self, obj: PowerItem) -> None:
        if obj.status == Status.WITHDRAWN:
            if obj.revision_of_id is not None:
                # Raised inside the workflow's transaction: the withdrawal is undone.
                raise ValidationError(
                    _("A published revision is part of its item's history; withdraw the item "
                      "itself.")
                )  # fmt: skip
            event = obj.events.filter(action="withdraw").order_by("-id").first()
            versions.record_withdrawn(
                item=obj, user=event.actor if event else None, reason=obj.withdrawal_reason
            )
        # Published, revised or withdrawn: the item's search entry follows once the
        # transaction commits (the workflow has already retired the cached pages).
        search_indexing.queue(obj.revision_of or obj)
