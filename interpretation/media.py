"""Media of interpretations, checked by their content (``publishing.media``).

Images (graphic interpretations, posters) are JPEG, PNG, WebP or GIF; audio MP3, M4A, Ogg or
WAV; video MP4 or WebM; captions WebVTT. Files are served with HTTP range requests
(``portal.ranges``), so that audio and video players can seek.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from interpretation.models import MediaKind
from publishing import media
from publishing.media import MB, MediaInfo

__all__ = ["ACCEPTED", "MAX_BYTES", "MediaInfo", "inspect_media"]

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
SERVED: dict[str, dict[str, str]] = {
    MediaKind.IMAGE: media.IMAGE_TYPES,
    MediaKind.POSTER: media.IMAGE_TYPES,
    MediaKind.AUDIO: media.AUDIO_TYPES,
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
    """Check an uploaded media file of ``kind``; raises ValidationError with a message."""
    return media.inspect_media(upload, rule(kind))
