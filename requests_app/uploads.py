"""Files applicants attach to an online request (e.g. proof of identity, Art 29).

Only PDF, JPEG and PNG are accepted, recognised by their content (``filetype``) rather than
by their name: an executable renamed ``身份证.pdf`` is refused. The name's extension must also
agree with the content, so that staff never open a file as something it is not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

import filetype

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_FILES = 5
# The application form's own fields, on top of its files (the request text is 5,000 characters).
FORM_FIELDS_BYTES = 1024 * 1024
# The content types accepted, with the extensions each may carry.
ACCEPTED: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
# filetype needs at most the first 8 KiB to recognise these formats.
_HEAD_BYTES = 8192


def sniff_content_type(upload: UploadedFile) -> str | None:
    """The accepted content type the bytes really are, or None."""
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    guess = filetype.guess(head)
    if guess is None or guess.mime not in ACCEPTED:
        return None
    return guess.mime


@dataclass(frozen=True)
class CheckedUpload:
    """An attachment that passed the checks, with its name and size as received and the
    content type its bytes really are."""

    file: UploadedFile
    name: str
    size: int
    content_type: str


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Check one attachment; raise ValidationError for the user when it is refused."""
    received_name = upload.name or ""
    name = PurePath(received_name).name.strip() or "?"
    limit = settings.REQUESTS_ATTACHMENT_MAX_BYTES
    # Django's upload handlers always give the size; a file without one counts as empty.
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; each file may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, JPG or PNG file (files are checked by their content, "
                "not their name). Save it as PDF, JPG or PNG and attach it again."
            )
            % {"name": name}
        )
    if PurePath(name).suffix.lower() not in ACCEPTED[content_type]:
        raise ValidationError(
            _(
                "The content of “%(name)s” does not match its extension; it may be damaged or "
                "another kind of file. Save it as PDF, JPG or PNG and attach it again."
            )
            % {"name": name}
        )
    return CheckedUpload(file=upload, name=received_name, size=size, content_type=content_type)


def check_uploads(uploads: Sequence[UploadedFile]) -> list[CheckedUpload]:
    """Check all attachments; every problem is reported, not only the first."""
    if len(uploads) > MAX_FILES:
        raise ValidationError(
            _("Attach at most %(max)d files; you chose %(count)d.")
            % {"max": MAX_FILES, "count": len(uploads)}
        )
    checked: list[CheckedUpload] = []
    problems: list[ValidationError] = []
    for upload in uploads:
        try:
            checked.append(check_upload(upload))
        except ValidationError as error:
            problems.append(error)
    if problems:
        raise ValidationError(problems)
    return checked


def max_request_bytes() -> int:
    """The largest application the form can accept: every file at its limit, and the fields.
    A larger body is refused before it is read (portal.body_limits)."""
    return MAX_FILES * settings.REQUESTS_ATTACHMENT_MAX_BYTES + FORM_FIELDS_BYTES
