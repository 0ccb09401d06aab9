"""Whether a body of HTML shows anything, without the admin and editor imports of
``portal.richtext`` (models and services ask it too)."""

from __future__ import annotations

import re
from html import unescape

from django.utils.html import strip_tags

_IMAGE_TAG = re.compile(r"<img\b", re.IGNORECASE)
# Blank as a reader sees it: the editor's empty paragraph, no-break and ideographic spaces.
_BLANK = " \t\r\n\u00a0\u3000\ufeff"


def has_content(html: str) -> bool:
    """Whether an HTML body (or plain text from before the editor) shows some text or an
    image: what the editor posts when emptied (``<p></p>``, a lone line break) shows nothing."""
    if _IMAGE_TAG.search(html):
        return True
    return bool(unescape(strip_tags(html)).strip(_BLANK))
