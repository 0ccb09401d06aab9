"""Media of interpretations: uploads checked by their content, and files served with HTTP range
requests (RFC 9110 section 14), so that audio and video players can seek.

Images (graphic interpretations, posters) are JPEG, PNG, WebP or GIF; audio MP3, M4A, Ogg or
WAV; video MP4 or WebM; captions WebVTT. The type is taken from the bytes (``filetype``), never
from the name or the browser's claim, and that type is the one the file is later served with.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from interpretation.models import MediaKind

MB = 1024 * 1024
IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP", "image/gif": "GIF"}
# Detected type → the type served: browsers expect audio/wav, filetype says audio/x-wav.
AUDIO_TYPES = {"audio/mpeg": "audio/mpeg", "audio/mp4": "audio/mp4", "audio/ogg": "audio/ogg",
               "audio/x-wav": "audio/wav"}  # fmt: skip
VIDEO_TYPES = {"video/mp4": "video/mp4", "video/webm": "video/webm"}
ACCEPTED: dict[str, str] = {
    MediaKind.IMAGE: "JPEG、PNG、WebP、GIF",
    MediaKind.POSTER: "JPEG、PNG、WebP、GIF",
    MediaKind.AUDIO: "MP3、M4A、Ogg、WAV",
    MediaKind.VIDEO: "MP4、WebM",
    MediaKind.CAPTIONS: "WebVTT (.vtt)",
}
MAX_BYTES: dict[str, int] = {
    MediaKind.IMAGE: 10 * MB,
    MediaKind.POSTER: 10 * MB,
    MediaKind.AUDIO: 200 * MB,
    MediaKind.VIDEO: 1024 * MB,
    MediaKind.CAPTIONS: 1 * MB,
}
CHUNK = 64 * 1024


@dataclass(frozen=True)
class MediaInfo:
    original_name: str
    content_type: str
    size: int


def _sniff(upload: UploadedFile, kind: str) -> str | None:
    """The content type the bytes are, when it is one accepted for ``kind``."""
    upload.seek(0)
    if kind == MediaKind.CAPTIONS:
        data = upload.read()
        upload.seek(0)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        # WebVTT: the file starts with "WEBVTT", then a space, tab or line break.
        return "text/vtt" if re.match(r"WEBVTT(?:[ \t\r\n]|$)", text) else None
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    if guess is None:
        return None
    if kind in {MediaKind.IMAGE, MediaKind.POSTER}:
        return guess.mime if guess.mime in IMAGE_TYPES else None
    if kind == MediaKind.AUDIO:
        return AUDIO_TYPES.get(guess.mime)
    if kind == MediaKind.VIDEO:
        return VIDEO_TYPES.get(guess.mime)
    return None


def inspect_media(upload: UploadedFile, kind: str) -> MediaInfo:
    """Check an uploaded media file of ``kind``; raises ValidationError with a message."""
    name = PurePath(upload.name or "").name.strip()
    if not name:
        raise ValidationError(_("The file has no name."))
    # Django's upload handlers always know the size; a file that does not is refused as empty.
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    limit = MAX_BYTES[kind]
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; this kind of file may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    content_type = _sniff(upload, kind)
    if content_type is None:
        raise ValidationError(
            _("“%(name)s” is not an accepted %(kind)s file. Accepted: %(accepted)s.")
            % {"name": name, "kind": MediaKind(kind).label, "accepted": ACCEPTED[kind]}
        )
    return MediaInfo(original_name=name[:255], content_type=content_type, size=size)


# --- Serving with range requests -----------------------------------------------------------

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class Unsatisfiable(Exception):
    """The range asks for bytes the file does not have (416)."""


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte positions, inclusive, asked for by a ``Range`` header.

    None means "send the whole file": no header, a malformed one, or several ranges (which a
    server may answer with the whole representation, RFC 9110 section 14.2). Raises
    ``Unsatisfiable`` when no byte of the file is in the range.
    """
    match = _RANGE.fullmatch(header.strip()) if header else None
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # a suffix: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise Unsatisfiable
        return max(size - length, 0), size - 1
    start = int(first)
    if last and int(last) < start:
        return None  # invalid, so ignored
    if start >= size:
        raise Unsatisfiable
    end = min(int(last), size - 1) if last else size - 1
    return start, end


def _etag(file: FieldFile, size: int) -> str:
    # Stored names are unique (generated) and files are never changed in place.
    digest = hashlib.sha256(f"{file.name}:{size}".encode()).hexdigest()[:32]
    return f'"{digest}"'


def _read(handle: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


def ranged_response(
    request: HttpRequest, file: FieldFile, *, content_type: str, filename: str
) -> HttpResponseBase:
    """The file inline, whole (200) or the part a ``Range`` header asks for (206, or 416)."""
    size = file.size
    etag = _etag(file, size)
    header = request.headers.get("Range", "")
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range != etag:
        header = ""  # the client's copy is another version: send it whole
    try:
        wanted = parse_range(header, size)
    except Unsatisfiable:
        refusal = HttpResponse(status=416)
        refusal["Content-Range"] = f"bytes */{size}"
        refusal["Accept-Ranges"] = "bytes"
        return refusal
    assert file.name is not None  # file.size above has already required a stored file
    handle = file.storage.open(file.name, "rb")
    response: StreamingHttpResponse
    if wanted is None:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = wanted
        length = end - start + 1
        response = StreamingHttpResponse(
            _read(handle, start, length), status=206, content_type=content_type
        )
        # Django's own list of what to close with the response; not in the stubs.
        response._resource_closers.append(handle.close)  # type: ignore[attr-defined]
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    disposition = content_disposition_header(False, filename)
    if disposition is not None:  # None for an empty file name
        response["Content-Disposition"] = disposition
    return response
