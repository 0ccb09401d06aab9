"""The documents of a budget disclosure: PDF (the tables with their explanation, as approved)
or XLSX (the tables as data). Checked by their content with the same checks as documents'
attachments (``disclosure.attachments``: extension and bytes must agree, zip bombs refused),
then limited to these two formats."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from disclosure import attachments
from disclosure.models import Attachment

ACCEPTED = {Attachment.Kind.PDF, Attachment.Kind.XLSX}


def inspect_attachment(upload: UploadedFile) -> attachments.UploadInfo:
    """Check an uploaded file; raises ValidationError with a message for staff."""
    info = attachments.inspect_upload(upload)
    if info.kind not in ACCEPTED:
        raise ValidationError(
            _("“%(name)s” is not a PDF or XLSX file; budgets and final accounts are published "
              "as PDF, with their tables also as XLSX if you wish.")
            % {"name": info.original_name}
        )  # fmt: skip
    return info
