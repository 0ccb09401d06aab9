"""Data files uploaded as distributions, checked by their content like every upload.

Binary formats (XLSX, XLS, PDF, DOCX, ZIP) go through the attachments' check
(``disclosure.attachments.inspect_upload``: the content matches the extension, no zip bomb,
the size limit). Text formats, which that check does not accept, are checked here: CSV, JSON
and XML must be UTF-8 text (a CSV may start with the byte-order mark Excel wants), JSON must
parse, XML must be well-formed without a DTD (no entity expansion), and none may hold a NUL
byte (a binary file renamed). The format chosen must be the file's.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from disclosure import attachments
from opendata.models import MEDIA_TYPES, Format

TEXT_FORMATS: dict[str, str] = {Format.CSV: ".csv", Format.JSON: ".json", Format.XML: ".xml"}
BINARY_FORMATS: dict[str, str] = {
    Format.XLSX: attachments.Kind.XLSX,
    Format.XLS: attachments.Kind.XLS,
    Format.PDF: attachments.Kind.PDF,
    Format.DOCX: attachments.Kind.DOCX,
    Format.ZIP: attachments.Kind.ZIP,
}
BOM = b"\xef\xbb\xbf"


def _read_text(upload: UploadedFile, name: str) -> str:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if b"\x00" in data:
        raise ValidationError(
            _("“%(name)s” is not a text file; it may be another kind of file renamed.")
            % {"name": name}
        )
    try:
        return data.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("“%(name)s” is not UTF-8 text; save it again as UTF-8 (in Excel: CSV UTF-8).")
            % {"name": name}
        ) from error


class _NoDoctype(Exception):
    pass


def _check_xml(text: str, name: str) -> None:
    parser = expat.ParserCreate()

    def refuse(*args: object) -> None:
        raise _NoDoctype

    # A DTD could declare entities that expand without end ("billion laughs"): none accepted.
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(text, True)
    except _NoDoctype as error:
        raise ValidationError(
            _("“%(name)s” declares a DTD; data files may not.") % {"name": name}
        ) from error
    except expat.ExpatError as error:
        raise ValidationError(
            _("“%(name)s” is not well-formed XML (line %(line)s).")
            % {"name": name, "line": error.lineno}
        ) from error


def _inspect_text(upload: UploadedFile, fmt: str, name: str) -> attachments.UploadInfo:
    limit = settings.DISCLOSURE_ATTACHMENT_MAX_BYTES
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; attachments may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    text = _read_text(upload, name)
    if fmt == Format.JSON:
        try:
            json.loads(text)
        except ValueError as error:
            raise ValidationError(_("“%(name)s” is not valid JSON.") % {"name": name}) from error
    elif fmt == Format.XML:
        _check_xml(text, name)
    return attachments.UploadInfo(
        original_name=name[:255],
        kind=fmt,
        content_type=MEDIA_TYPES[fmt],
        size=size,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),  # of the text, BOM left out
    )


def inspect_data_file(upload: UploadedFile, fmt: str) -> attachments.UploadInfo:
    """Check an uploaded data file of format ``fmt``; raises ValidationError with a message
    for the user."""
    name = PurePath(upload.name or "").name.strip()
    if not name:
        raise ValidationError(_("The file has no name."))
    extension = PurePath(name).suffix.lower()
    if fmt in TEXT_FORMATS:
        if extension != TEXT_FORMATS[fmt]:
            raise ValidationError(
                _("“%(name)s” is not a %(format)s file (its name should end in %(ext)s).")
                % {"name": name, "format": fmt, "ext": TEXT_FORMATS[fmt]}
            )
        return _inspect_text(upload, fmt, name)
    if fmt not in BINARY_FORMATS:
        raise ValidationError(_("Choose the format of the file."))
    info = attachments.inspect_upload(upload)
    if info.kind != BINARY_FORMATS[fmt]:
        raise ValidationError(
            _("“%(name)s” is not a %(format)s file (its name should end in %(ext)s).")
            % {"name": name, "format": fmt, "ext": "." + fmt.lower()}
        )
    return info
