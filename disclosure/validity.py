"""Validity (有效性) of documents: normative documents must carry it (统一标注有效性)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import selectors, timeliness
from disclosure.models import Document, PublicationDuty, Validity
from portal import access
from portal.models import StaffRole
from portal.search import indexing as search_indexing
from publishing.models import Status
from publishing.workflow import record_event


@transaction.atomic
def document_set_validity(
    *,
    document: Document,
    user: User,
    validity: str,
    expiry_date: dt.date | None = None,
    replaced_by: Document | None = None,
    note: str = "",
    changed_on: dt.date | None = None,
) -> Document:
    """Change the validity of a published document (e.g. it was repealed or amended).

    Art 26: a change is published within 20 working days of the day it happened
    (``changed_on``, today if not given). Recording it here publishes it at once: the duty is
    met today, on time or late, and the document's open change duties (``timeliness``) with it.
    """
    access.require_role(user, document.agency_id, StaffRole.Role.PUBLISHER)
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if validity not in Validity.values:
        raise ValidationError(_("Unknown validity."))
    if replaced_by is not None:
        if replaced_by.pk == locked.pk:
            raise ValidationError(_("A document cannot replace itself."))
        if replaced_by.status != Status.PUBLISHED:
            raise ValidationError(_("The amending or superseding document must be published."))
    today = timezone.localdate()
    changed_on = changed_on or today
    timeliness.check_changed_on(changed_on)
    before = locked.get_validity_display()
    previous = locked.validity
    locked.validity = validity
    if expiry_date is not None:
        locked.expiry_date = expiry_date
    locked.replaced_by = replaced_by
    locked.save(update_fields=["validity", "expiry_date", "replaced_by", "updated_at"])
    selectors.catalog_changed()
    search_indexing.queue(locked)
    if validity != previous:
        timeliness.duty_start(
            document=locked,
            change=_CHANGES.get(validity, PublicationDuty.Change.VALIDITY),
            changed_on=changed_on,
            user=user,
            published_on=today,
            note=note,
        )
    timeliness.duty_fulfil(document=locked, published_on=today)
    record_event(
        document=locked,
        user=user,
        action="validity",
        note=f"{before} → {locked.get_validity_display()} {note}".strip(),
    )
    return locked


_CHANGES: dict[str, str] = {
    Validity.AMENDED: PublicationDuty.Change.AMENDED,
    Validity.REPEALED: PublicationDuty.Change.REPEALED,
}


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
            # None when its expiry date was removed meanwhile: it no longer expires.
            if locked is None or locked.expiry_date is None:
                continue
            locked.validity = Validity.EXPIRED
            locked.save(update_fields=["validity", "updated_at"])
            search_indexing.queue(locked)
            # Art 26: the change (out of force the day after the expiry date) is public now.
            timeliness.duty_start(
                document=locked,
                change=PublicationDuty.Change.VALIDITY,
                changed_on=min(locked.expiry_date + dt.timedelta(days=1), day),
                user=None,
                published_on=day,
            )
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
