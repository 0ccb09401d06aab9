"""Attachments: checked by their content, not just their extension, and stored under generated
names (see ``models._attachment_path``); the original name is only used for downloads.

``check_archive`` is the one guard against zip bombs, for every path that opens a ZIP container
(DOCX, XLSX, OFD, ZIP): attachments, released files and consultation attachments (through
``inspect_upload``), text extraction, and the catalog import."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from disclosure.models import Attachment

Kind = Attachment.Kind

EXTENSIONS: dict[str, str] = {
    ".pdf": Kind.PDF,
    ".doc": Kind.DOC,
    ".docx": Kind.DOCX,
    ".xls": Kind.XLS,
    ".xlsx": Kind.XLSX,
    ".ofd": Kind.OFD,
    ".wps": Kind.WPS,
    ".et": Kind.XLS,  # WPS spreadsheet, an OLE container like .xls
    ".zip": Kind.ZIP,
    ".jpg": Kind.IMAGE,
    ".jpeg": Kind.IMAGE,
    ".png": Kind.IMAGE,
    ".gif": Kind.IMAGE,
    ".webp": Kind.IMAGE,
    # Scanners write TIFF (often several pages in one file): the backlog of paper documents.
    ".tif": Kind.IMAGE,
    ".tiff": Kind.IMAGE,
}
CONTENT_TYPES: dict[str, str] = {
    Kind.PDF: "application/pdf",
    Kind.DOC: "application/msword",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.XLS: "application/vnd.ms-excel",
    Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Kind.OFD: "application/ofd",
    Kind.WPS: "application/vnd.ms-works",
    Kind.ZIP: "application/zip",
}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

MB = 1024 * 1024
# Zip containers, judged from their central directory before any member is read. Python's
# zipfile never inflates a member past the size the directory declares, so the declared sizes
# bound what any reader (python-docx, openpyxl, ours) can be made to unpack.
ARCHIVE_MAX_UNZIPPED_BYTES = 300 * MB
ARCHIVE_MAX_MEMBERS = 10_000
# Office XML compresses about 5-20 times; a member or an archive over 1 MB that shrank more
# than 100 times is built to explode.
ARCHIVE_MAX_RATIO = 100
ARCHIVE_RATIO_FLOOR = 1 * MB


@dataclass(frozen=True)
class UploadInfo:
    original_name: str
    kind: str
    content_type: str
    size: int
    sha256: str


def _too_compressed(unzipped: int, zipped: int) -> bool:
    return unzipped > ARCHIVE_RATIO_FLOOR and unzipped > ARCHIVE_MAX_RATIO * max(zipped, 1)


def check_archive(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a zip bomb: too many members, too much unpacked, or compressed beyond belief.

    Reads only the central directory. Raises ValidationError with a message for the user.
    """
    members = archive.infolist()
    if len(members) > ARCHIVE_MAX_MEMBERS:
        raise ValidationError(
            _("“%(name)s” holds %(count)d files; at most %(max)d are accepted.")
            % {"name": name, "count": len(members), "max": ARCHIVE_MAX_MEMBERS}
        )
    unzipped = sum(member.file_size for member in members)
    if unzipped > ARCHIVE_MAX_UNZIPPED_BYTES:
        raise ValidationError(
            _("“%(name)s” would unpack to %(size)s; files may unpack to at most %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(unzipped),
                "limit": filesizeformat(ARCHIVE_MAX_UNZIPPED_BYTES),
            }
        )
    zipped = sum(member.compress_size for member in members)
    if _too_compressed(unzipped, zipped) or any(
        _too_compressed(member.file_size, member.compress_size) for member in members
    ):
        raise ValidationError(
            _(
                "“%(name)s” is compressed far more than any ordinary file (a “zip bomb”) and "
                "was refused."
            )
            % {"name": name}
        )


def check_archive_file(stream: IO[bytes], name: str) -> None:
    """``check_archive`` for an open file; leaves it at its start. Not a zip: no complaint
    here (the reader that expects one will say so)."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            check_archive(archive, name)
    except zipfile.BadZipFile:
        pass
    finally:
        stream.seek(0)


def _zip_kind(data: UploadedFile) -> str | None:
    data.seek(0)
    try:
        with zipfile.ZipFile(data) as archive:
            check_archive(archive, PurePath(data.name or "").name)
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    finally:
        data.seek(0)
    if "word/document.xml" in names:
        return Kind.DOCX
    if "xl/workbook.xml" in names:
        return Kind.XLSX
    if "OFD.xml" in names:
        return Kind.OFD
    return Kind.ZIP


def _sniff(upload: UploadedFile, claimed: str) -> tuple[str, str] | None:
    """The (kind, content type) the bytes actually are, or None when not an allowed type."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return Kind.PDF, CONTENT_TYPES[Kind.PDF]
    if head.startswith(OLE_MAGIC):
        # DOC, XLS and WPS are all OLE compound files; the extension tells them apart.
        if claimed in {Kind.DOC, Kind.XLS, Kind.WPS}:
            return claimed, CONTENT_TYPES[claimed]
        return None
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(upload)
        return (kind, CONTENT_TYPES[kind]) if kind else None
    guess = filetype.guess(head)
    if guess is not None and guess.mime in IMAGE_TYPES:
        return Kind.IMAGE, guess.mime
    return None


def inspect_upload(upload: UploadedFile) -> UploadInfo:
    """Check an uploaded attachment; raises ValidationError with a message for the user."""
    name = PurePath(upload.name or "").name.strip()
    if not name:
        raise ValidationError(_("The file has no name."))
    extension = PurePath(name).suffix.lower()
    claimed = EXTENSIONS.get(extension)
    if claimed is None:
        allowed = "、".join(sorted({ext.lstrip(".") for ext in EXTENSIONS}))
        raise ValidationError(
            _("“%(name)s” is not an accepted file type. Accepted: %(allowed)s.")
            % {"name": name, "allowed": allowed}
        )
    limit = settings.DISCLOSURE_ATTACHMENT_MAX_BYTES
    # Django's upload handlers always know the size; a file that does not is refused as empty.
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; attachments may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    sniffed = _sniff(upload, claimed)
    if sniffed is None or sniffed[0] != claimed:
        raise ValidationError(
            _(
                "The content of “%(name)s” does not match its extension %(ext)s; it may be "
                "damaged or another kind of file."
            )
            % {"name": name, "ext": extension}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return UploadInfo(
        original_name=name[:255],
        kind=sniffed[0],
        content_type=sniffed[1],
        size=size,
        sha256=digest.hexdigest(),
    )


def apply_upload_info(attachment: Attachment, info: UploadInfo) -> None:
    attachment.original_name = info.original_name
    attachment.kind = info.kind
    attachment.content_type = info.content_type
    attachment.size = info.size
    attachment.sha256 = info.sha256
