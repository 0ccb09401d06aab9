"""Drafting power items: only drafts are edited, only by drafters of the agency; the code is
unique within the agency. A published item is changed through a revision
(``power_item_revise``): a draft copy that goes through review and, once published, is applied
to the item with a new version (``powers.versions``)."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal import access
from portal.models import StaffRole
from powers.models import PowerItem, Responsibility
from publishing.models import Status
from publishing.workflow import record_event

# Office phone numbers as they are published: digits with - ( ) +, several separated by 、 or
# a comma, an extension after 转.
_PHONE = re.compile(r"^[0-9()（）+\-— 转、,，/]+$")


def check_drafter(item: PowerItem, *, user: User) -> None:
    if item.agency_id and not access.can_act(user, item.agency_id, StaffRole.Role.DRAFTER):
        raise ValidationError(
            {"agency": _("You can only draft for an agency where you are a drafter.")}
        )


def check_item(item: PowerItem) -> None:
    """Normalise and check the item's fields; raises ValidationError by field."""
    errors: dict[str, str] = {}
    item.code = "".join((item.code or "").split())
    item.name = " ".join((item.name or "").split())
    item.office = " ".join((item.office or "").split())
    item.contact_phone = (item.contact_phone or "").strip()
    item.supervision_phone = (item.supervision_phone or "").strip()
    if not item.code:
        errors["code"] = _("Give the item code (事项编码).")
    elif (
        not item.is_revision
        and item.agency_id
        and PowerItem.objects.catalog()
        .filter(agency_id=item.agency_id, code=item.code)
        .exclude(pk=item.pk)
        .exists()
    ):
        errors["code"] = _("This agency already has a power item with this code.")
    for field in ("contact_phone", "supervision_phone"):
        if getattr(item, field) and not _PHONE.match(getattr(item, field)):
            errors[field] = _(
                "A phone number has digits and - ( ) + only; separate several numbers with 、."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def power_item_save(*, item: PowerItem, user: User) -> PowerItem:
    """Create or update a draft item or revision (nothing is saved when a check fails)."""
    if item.pk:
        current = PowerItem.objects.select_for_update().get(pk=item.pk)
        if current.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be edited; this one is “%(status)s”.")
                % {"status": current.get_status_display()}
            )
        item.revision_of_id, item.version = current.revision_of_id, current.version
        if current.is_revision:
            # A revision changes the item it was made from, of that agency, under its code.
            item.agency_id, item.code = current.agency_id, current.code
    check_drafter(item, user=user)
    check_item(item)
    creating = item.pk is None
    if creating and item.drafter_id is None:
        item.drafter = user
    item.save()
    if creating:
        record_event(document=item, user=user, action="create", to_status=Status.DRAFT)
    return item


@transaction.atomic
def power_item_revise(*, item: PowerItem, user: User) -> PowerItem:
    """Start changing a published item: a draft copy of it, content and responsibilities,
    which the drafter edits and sends to review. One revision at a time per item."""
    locked = PowerItem.objects.select_for_update().get(pk=item.pk)
    if locked.is_revision or locked.status != Status.PUBLISHED:
        raise ValidationError(_("Only a published item can be revised."))
    if not access.can_act(user, locked.agency_id, StaffRole.Role.DRAFTER):
        raise ValidationError(_("You can only draft for an agency where you are a drafter."))
    if PowerItem.objects.open_revisions().filter(revision_of=locked).exists():
        raise ValidationError(
            _("This item already has a revision in progress; finish or delete it first.")
        )
    revision = PowerItem(
        revision_of=locked,
        version=locked.version,
        agency_id=locked.agency_id,
        code=locked.code,
        name=locked.name,
        category=locked.category,
        sub_items=locked.sub_items,
        basis=locked.basis,
        office=locked.office,
        accountability_cases=locked.accountability_cases,
        contact_phone=locked.contact_phone,
        supervision_phone=locked.supervision_phone,
        notes=locked.notes,
        drafter=user,
    )
    revision.save()
    revision.basis_documents.set(locked.basis_documents.all())
    Responsibility.objects.bulk_create(
        Responsibility(power_item=revision, order=row.order, duty=row.duty,
                       accountability_basis=row.accountability_basis)
        for row in locked.responsibilities.all()
    )  # fmt: skip
    record_event(
        document=revision, user=user, action="create", to_status=Status.DRAFT,
        note=_("Revision of version %(number)d") % {"number": locked.version},
    )  # fmt: skip
    return revision


def open_revision(item: PowerItem) -> PowerItem | None:
    return PowerItem.objects.open_revisions().filter(revision_of=item).first()
