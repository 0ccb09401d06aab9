"""Drafting a beneficiary list: only drafts are edited, only by drafters of the agency. The
list's own fields are checked here (the 公示期, the supervision phone); its file is read and
masked by ``subsidies.importing`` and its rows replaced here, with the file kept encrypted, in
the same transaction: a list is never left half-imported."""

from __future__ import annotations

import base64
import re

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal import access
from portal.models import StaffRole
from publishing.models import Status
from publishing.workflow import record_event
from subsidies.importing import ParsedUpload
from subsidies.masking import is_phone
from subsidies.models import BeneficiaryList, BeneficiaryRow, SourceFile, default_notice_end

# 监督电话: an office's landline (0578-2123456, 0578-2123456转801), a service hotline (12345,
# 12349 民政服务热线, 96xxx) or a 400/800 number; several may be given, separated by 、 or ，.
_HOTLINE = re.compile(r"^(?:1[0-9]{4}|9[0-9]{4,5}|[48]00[0-9]{7})$")
_SEPARATORS = re.compile(r"[、，,;；/]+|\s{2,}")


def supervision_phone_problem(value: str) -> str | None:
    numbers = [part.strip() for part in _SEPARATORS.split(value) if part.strip()]
    if not numbers:
        return _("Give the phone number that takes objections during the notice period.")
    for number in numbers:
        compact = re.sub(r"[\s\-－()（）]", "", re.sub(r"转\d{1,6}$", "", number))
        if re.fullmatch(r"(?:\+?86)?1[3-9][0-9]{9}", compact):
            return _(
                "Give an office landline or a service hotline, not a personal mobile number: "
                "the number is published."
            )
        if not (_HOTLINE.match(compact) or (is_phone(compact) and compact.startswith("0"))):
            return _(
                "“%(number)s” is not a phone number with its area code (e.g. 0578-2123456) or a "
                "service hotline (e.g. 12345)."
            ) % {"number": number}
    return None


def check_list(beneficiary_list: BeneficiaryList) -> None:
    """Normalise and check a list's own fields; raises ValidationError by field."""
    item = beneficiary_list
    item.title = " ".join((item.title or "").split())
    item.period = " ".join((item.period or "").split())
    item.supervision_phone = " ".join((item.supervision_phone or "").split())
    item.notes = (item.notes or "").strip()
    errors: dict[str, str] = {}
    if item.notice_start and not item.notice_end:
        item.notice_end = default_notice_end(item.notice_start)
    if item.notice_start and item.notice_end and item.notice_end < item.notice_start:
        errors["notice_end"] = _("The notice period cannot end before it starts.")
    problem = supervision_phone_problem(item.supervision_phone)
    if problem:
        errors["supervision_phone"] = problem
    if errors:
        raise ValidationError(errors)


def check_drafter(beneficiary_list: BeneficiaryList, *, user: User) -> None:
    if beneficiary_list.agency_id and not access.can_act(
        user, beneficiary_list.agency_id, StaffRole.Role.DRAFTER
    ):
        raise ValidationError(
            {"agency": _("You can only draft for an agency where you are a drafter.")}
        )


def _rows_replace(beneficiary_list: BeneficiaryList, upload: ParsedUpload, user: User) -> None:
    beneficiary_list.rows.all().delete()
    BeneficiaryRow.objects.bulk_create(
        [BeneficiaryRow(beneficiary_list=beneficiary_list, **values) for values in upload.rows],
        batch_size=1000,
    )
    beneficiary_list.columns = upload.columns
    beneficiary_list.save(update_fields=["columns", "updated_at"])
    SourceFile.objects.update_or_create(
        beneficiary_list=beneficiary_list,
        defaults={
            "original_name": upload.filename,
            "content": base64.b64encode(upload.content).decode("ascii"),
            "sha256": upload.sha256,
            "size": len(upload.content),
            "uploaded_by": user if user.is_authenticated else None,
        },
    )
    # The note names the file by its digest only: a file name may name a person.
    record_event(
        document=beneficiary_list,
        user=user,
        action="import",
        note=_("%(count)d rows imported and masked (file %(digest)s).")
        % {"count": len(upload.rows), "digest": upload.sha256[:12]},
    )


@transaction.atomic
def list_save(
    *, beneficiary_list: BeneficiaryList, user: User, upload: ParsedUpload | None = None
) -> BeneficiaryList:
    """Create or update a draft list, and import its file when one is given (its rows
    replace the list's). Nothing is saved when a check fails."""
    if beneficiary_list.pk:
        current = BeneficiaryList.objects.select_for_update().get(pk=beneficiary_list.pk)
        if current.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be edited; this one is “%(status)s”.")
                % {"status": current.get_status_display()}
            )
    check_drafter(beneficiary_list, user=user)
    check_list(beneficiary_list)
    creating = beneficiary_list.pk is None
    if creating and beneficiary_list.drafter_id is None:
        beneficiary_list.drafter = user
    beneficiary_list.save()
    if creating:
        record_event(document=beneficiary_list, user=user, action="create", to_status=Status.DRAFT)
    if upload is not None:
        _rows_replace(beneficiary_list, upload, user)
    return beneficiary_list


def source_content(beneficiary_list: BeneficiaryList) -> tuple[str, bytes] | None:
    """The stored file's name and bytes (decrypted), for the checks before review."""
    source = SourceFile.objects.filter(beneficiary_list=beneficiary_list).first()
    if source is None:
        return None
    return source.original_name, base64.b64decode(source.content)
