"""Pictures, the video, its poster and captions of a conference, checked by their content
(``publishing.media``): pictures and posters JPEG, PNG, WebP or GIF; video MP4 or WebM;
captions WebVTT. Files are served with HTTP range requests (``portal.ranges``), so that the
player can seek."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from briefings.models import MediaKind
from publishing import media
from publishing.media import MB, MediaInfo

__all__ = ["MediaInfo", "inspect_media", "rule"]

ACCEPTED: dict[str, str] = {
    MediaKind.IMAGE: "JPEG、PNG、WebP、GIF",
    MediaKind.POSTER: "JPEG、PNG、WebP、GIF",
    MediaKind.VIDEO: "MP4、WebM",
    MediaKind.CAPTIONS: "WebVTT (.vtt)",
}
MAX_BYTES: dict[str, int] = {
    MediaKind.IMAGE: 10 * MB,
    MediaKind.POSTER: 10 * MB,
    MediaKind.VIDEO: 2048 * MB,
    MediaKind.CAPTIONS: 2 * MB,
}
SERVED: dict[str, dict[str, str]] = {
    MediaKind.IMAGE: media.IMAGE_TYPES,
    MediaKind.POSTER: media.IMAGE_TYPES,
    MediaKind.VIDEO: media.VIDEO_TYPES,
}


def rule(kind: str) -> media.MediaRule:
    return media.MediaRule(
        label=MediaKind(kind).label,
        max_bytes=MAX_BYTES[kind],
        accepted=ACCEPTED[kind],
        served=SERVED.get(kind, {}),
        text_format=media.webvtt if kind == MediaKind.CAPTIONS else None,
    )


def inspect_media(upload: UploadedFile, kind: str) -> MediaInfo:
    """Check an uploaded file of ``kind``; raises ValidationError with a message."""
    if kind not in MAX_BYTES:
        raise ValidationError(_("Choose what kind of file this is."))
    return media.inspect_media(upload, rule(kind))
