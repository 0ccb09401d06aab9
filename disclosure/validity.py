"""Validity (有效性) of documents: normative documents must carry it (统一标注有效性)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import selectors
from disclosure.models import Document, Status, Validity
from disclosure.workflow import record_event
from portal import access
from portal.models import StaffRole
from portal.search import indexing as search_indexing


@transaction.atomic
def document_set_validity(
    *,
    document: Document,
    user: AbstractBaseUser,
    validity: str,
    expiry_date: dt.date | None = None,
    replaced_by: Document | None = None,
    note: str = "",
) -> Document:
    """Change the validity of a published document (e.g. it was repealed or amended)."""
    access.require_role(user, document.agency_id, StaffRole.Role.PUBLISHER)
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if validity not in Validity.values:
        raise ValidationError(_("Unknown validity."))
    if replaced_by is not None:
        if replaced_by.pk == locked.pk:
            raise ValidationError(_("A document cannot replace itself."))
        if replaced_by.status != Status.PUBLISHED:
            raise ValidationError(_("The amending or superseding document must be published."))
    before = locked.get_validity_display()
    locked.validity = validity
    if expiry_date is not None:
        locked.expiry_date = expiry_date
    locked.replaced_by = replaced_by
    locked.save(update_fields=["validity", "expiry_date", "replaced_by", "updated_at"])
    selectors.catalog_changed()
    search_indexing.queue(locked)
    record_event(
        document=locked,
        user=user,
        action="validity",
        note=f"{before} → {locked.get_validity_display()} {note}".strip(),
    )
    return locked


def expire_due_documents(today: dt.date | None = None) -> int:
    """Mark 失效 every document still 有效 whose expiry date has passed.

    The expiry date is the last day in force (有效期至), so a document expiring on 31 December
    switches on 1 January. Safe to run twice: switched documents no longer match.
    """
    day = today or timezone.localdate()
    count = 0
    due = Document.objects.filter(validity=Validity.VALID, expiry_date__lt=day)
    for document_id in due.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            locked = (
                Document.objects.select_for_update()
                .filter(pk=document_id, validity=Validity.VALID)
                .first()
            )
            if locked is None:
                continue
            locked.validity = Validity.EXPIRED
            locked.save(update_fields=["validity", "updated_at"])
            search_indexing.queue(locked)
            record_event(
                document=locked,
                user=None,
                action="expire",
                note=_("Expired on %(date)s") % {"date": locked.expiry_date.isoformat()},
            )
            count += 1
    if count:
        selectors.catalog_changed()
    return count
