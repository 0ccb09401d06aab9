"""Pictures, audio, video and captions published with content (interpretations, interviews):
uploads checked by their bytes, never by their name or the browser's claim, and the type found
is the one the file is later served with; the admin form and formset the apps' inlines share.

Each app says what it accepts as a ``MediaRule`` per kind of file; ``inspect_media`` applies one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import filetype

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext as _

MB = 1024 * 1024
# Detected type → the type served (browsers expect audio/wav, ``filetype`` says audio/x-wav).
IMAGE_TYPES = {"image/jpeg": "image/jpeg", "image/png": "image/png", "image/webp": "image/webp",
               "image/gif": "image/gif"}  # fmt: skip
AUDIO_TYPES = {"audio/mpeg": "audio/mpeg", "audio/mp4": "audio/mp4", "audio/ogg": "audio/ogg",
               "audio/x-wav": "audio/wav"}  # fmt: skip
VIDEO_TYPES = {"video/mp4": "video/mp4", "video/webm": "video/webm"}


def webvtt(data: bytes) -> str | None:
    """WebVTT captions: UTF-8 text starting with "WEBVTT", then a space, tab or line break."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return "text/vtt" if re.match(r"WEBVTT(?:[ \t\r\n]|$)", text) else None


@dataclass(frozen=True)
class MediaRule:
    """What one kind of file may be: its label in messages, size limit, the accepted formats as
    told to staff, and the binary types accepted with the type each is served as — or, for a
    text format, a function of the whole file giving the type or None."""

    label: str | Promise
    max_bytes: int
    accepted: str
    served: Mapping[str, str] = field(default_factory=dict)
    text_format: Callable[[bytes], str | None] | None = None


@dataclass(frozen=True)
class MediaInfo:
    original_name: str
    content_type: str
    size: int


def sniff(upload: UploadedFile, rule: MediaRule) -> str | None:
    """The content type the bytes are, when it is one the rule accepts."""
    upload.seek(0)
    if rule.text_format is not None:
        data = upload.read()
        upload.seek(0)
        return rule.text_format(data)
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    return None if guess is None else rule.served.get(guess.mime)


def inspect_media(upload: UploadedFile, rule: MediaRule) -> MediaInfo:
    """Check an uploaded file against ``rule``; raises ValidationError with a message."""
    name = PurePath(upload.name or "").name.strip()
    if not name:
        raise ValidationError(_("The file has no name."))
    # Django's upload handlers always know the size; a file that does not is refused as empty.
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    if size > rule.max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; this kind of file may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(rule.max_bytes)}
        )
    content_type = sniff(upload, rule)
    if content_type is None:
        raise ValidationError(
            _("“%(name)s” is not an accepted %(kind)s file. Accepted: %(accepted)s.")
            % {"name": name, "kind": rule.label, "accepted": rule.accepted}
        )
    return MediaInfo(original_name=name[:255], content_type=content_type, size=size)


class MediaForm(forms.ModelForm):
    """An inline row of a media file: ``kind``, ``file`` and ``alt_text`` fields; the file is
    checked when it or its kind changed, and its name, type and size are stored with it.
    Subclasses set ``inspect`` (kind → upload → MediaInfo) and the text asking for a
    description of a picture."""

    inspect: Callable[[UploadedFile, str], MediaInfo]
    picture_kinds: frozenset[str] = frozenset({"image"})
    describe_picture: str | Promise = ""

    info: MediaInfo | None = None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload, kind = data.get("file"), data.get("kind")
        if kind in self.picture_kinds and not (data.get("alt_text") or "").strip():
            self.add_error("alt_text", str(self.describe_picture))
        if upload is not None and kind and {"file", "kind"} & set(self.changed_data):
            try:
                self.info = type(self).inspect(upload, kind)
            except ValidationError as error:
                self.add_error("file", error)
        return data

    def save(self, commit: bool = True) -> Any:
        instance = super().save(commit=False)
        if self.info is not None:
            instance.original_name = self.info.original_name
            instance.content_type = self.info.content_type
            instance.size = self.info.size
        if commit:
            instance.save()
        return instance


class OnePerKindFormSet(forms.BaseInlineFormSet):
    """At most one file of each kind in ``single_kinds`` (kind → the message saying so)."""

    single_kinds: Mapping[str, Callable[[], str]] = {}

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            kind = getattr(form, "cleaned_data", {}).get("kind")
            if not kind or form.cleaned_data.get("DELETE") or kind not in self.single_kinds:
                continue
            if kind in seen:
                raise ValidationError(self.single_kinds[kind]())
            seen.add(kind)
