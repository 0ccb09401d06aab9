"""Media of interpretations: uploads checked by their content, and files served with HTTP range
requests (RFC 9110 section 14), so that audio and video players can seek.

Images (graphic interpretations, posters) are JPEG, PNG, WebP or GIF; audio MP3, M4A, Ogg or
WAV; video MP4 or WebM; captions WebVTT. The type is taken from the bytes (``filetype``), never
from the name or the browser's claim, and that type is the one the file is later served with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

import filetype

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
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
