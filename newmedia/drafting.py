"""Recording an account: drafts are edited only by drafters of the operating agency; the QR
code is checked by its bytes (a PNG, JPEG, WebP or GIF picture, like every picture the portal
publishes: ``publishing.media``); the dates must follow each other.

What changes while a published account runs — the day it last published, its inspection, its
closure — is recorded by ``account_record_activity`` without a new review, in its audit trail.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newmedia.models import Account, InspectionStatus, Platform
from portal import access, page_cache
from portal.models import StaffRole
from portal.search import indexing as search_indexing
from publishing import media
from publishing.models import Status
from publishing.workflow import record_event

Role = StaffRole.Role

QR_RULE = media.MediaRule(
    label=gettext_lazy("picture"),
    max_bytes=2 * media.MB,
    accepted="PNG、JPEG、WebP、GIF",
    served=media.IMAGE_TYPES,
)


def check_qr(upload: UploadedFile) -> media.MediaInfo:
    """Raises ValidationError unless the bytes are an accepted picture."""
    return media.inspect_media(upload, QR_RULE)


def check_drafter(account: Account, *, user: User | AnonymousUser) -> None:
    if account.agency_id and not access.can_act(user, account.agency_id, Role.DRAFTER):
        raise ValidationError(
            {"agency": _("You can only record accounts of an agency where you are a drafter.")}
        )


def _check_dates(account: Account, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if account.opened_on and account.opened_on > today:
        errors["opened_on"] = _("The account cannot have opened in the future.")
    if account.closed_on:
        if account.closed_on > today:
            errors["closed_on"] = _("Record the closure on the day the account closed.")
        elif account.opened_on and account.closed_on < account.opened_on:
            errors["closed_on"] = _("An account cannot close before it opened.")
        if not account.closure_reason.strip():
            errors["closure_reason"] = _("Say why the account was closed.")
    elif account.closure_reason.strip():
        errors["closed_on"] = _("Give the day the account closed, or leave the reason empty.")
    if account.last_updated_on:
        if account.last_updated_on > today:
            errors["last_updated_on"] = _("The last update cannot be in the future.")
        elif account.opened_on and account.last_updated_on < account.opened_on:
            errors["last_updated_on"] = _("The last update cannot be before the account opened.")
    if account.inspected_on and account.inspected_on > today:
        errors["inspected_on"] = _("The inspection cannot be in the future.")
    if account.inspection_status != InspectionStatus.NOT_INSPECTED and not account.inspected_on:
        errors["inspected_on"] = _("Give the day of the inspection.")
    return errors


def check_account(account: Account, *, today: dt.date | None = None) -> None:
    """Raises ValidationError (by field) when the record does not hold together."""
    account.name = " ".join(account.name.split())
    account.handle = account.handle.strip()
    account.platform_name = " ".join(account.platform_name.split())
    errors = _check_dates(account, today or timezone.localdate())
    if account.platform == Platform.OTHER and not account.platform_name:
        errors["platform_name"] = _("Name the platform.")
    elif account.platform != Platform.OTHER and account.platform_name:
        errors["platform_name"] = _("Only an account on another platform names its platform.")
    if errors:
        raise ValidationError(errors)


def apply_qr(account: Account, upload: UploadedFile, info: media.MediaInfo) -> None:
    account.qr_code = upload
    account.qr_name = info.original_name
    account.qr_content_type = info.content_type


@transaction.atomic
def account_save(*, account: Account, user: User, qr_upload: UploadedFile | None = None) -> Account:
    """Create or update a draft account (its QR code, when one is uploaded, checked first)."""
    if account.pk:
        current = Account.objects.select_for_update().get(pk=account.pk)
        if current.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be edited; this one is “%(status)s”.")
                % {"status": current.get_status_display()}
            )
    check_drafter(account, user=user)
    check_account(account)
    if qr_upload is not None:
        apply_qr(account, qr_upload, check_qr(qr_upload))
    creating = account.pk is None
    if creating and account.drafter_id is None:
        account.drafter = user
    account.full_clean(exclude=["agency", "drafter", "qr_code"])
    account.save()
    if creating:
        record_event(document=account, user=user, action="create", to_status=Status.DRAFT)
    return account


# What a drafter may record on a published account, and the audit action of each.
ACTIVITY_FIELDS = ("last_updated_on", "inspection_status", "inspected_on", "closed_on",
                   "closure_reason")  # fmt: skip


@transaction.atomic
def _field_label(name: str) -> str:
    field = Account._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def account_record_activity(
    *,
    account: Account,
    user: User,
    last_updated_on: dt.date | None,
    inspection_status: str,
    inspected_on: dt.date | None,
    closed_on: dt.date | None,
    closure_reason: str = "",
    today: dt.date | None = None,
) -> Account:
    """Record the last update, the inspection and the closure of an account in any status
    (drafters of its agency); each changed value is noted in its audit trail."""
    locked = Account.objects.select_for_update().get(pk=account.pk)
    access.require_role(user, locked.agency_id, Role.DRAFTER)
    if locked.closed_on is not None and closed_on is None:
        raise ValidationError(
            {"closed_on": _("A closed account stays closed; register a new account instead.")}
        )
    if inspection_status not in InspectionStatus.values:
        raise ValidationError({"inspection_status": _("Choose an inspection result.")})
    if locked.last_updated_on and last_updated_on and last_updated_on < locked.last_updated_on:
        raise ValidationError(
            {"last_updated_on": _("The last update cannot move back to an earlier day.")}
        )
    values = {
        "last_updated_on": last_updated_on, "inspection_status": inspection_status,
        "inspected_on": inspected_on, "closed_on": closed_on,
        "closure_reason": closure_reason.strip(),
    }  # fmt: skip
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name, value in values.items():
        setattr(locked, name, value)
    errors = _check_dates(locked, today or timezone.localdate())
    if errors:
        raise ValidationError(errors)
    locked.save()
    note = "；".join(f"{_field_label(name)}：{values[name] or '—'}" for name in changed)
    action = "close" if "closed_on" in changed else "record"
    record_event(document=locked, user=user, action=action, from_status=locked.status,
                 to_status=locked.status, note=note)  # fmt: skip
    if locked.status == Status.PUBLISHED:
        page_cache.public_content_changed()
        if "closed_on" in changed:
            search_indexing.queue(locked)  # the search result says 已关停
    return locked
