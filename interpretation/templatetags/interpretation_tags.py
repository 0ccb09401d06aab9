"""Template tags that other apps' pages use to show interpretations and Q&A entries."""

from __future__ import annotations

import re

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from disclosure.models import Document
from interpretation import selectors
from interpretation.models import InterpretationMedia

register = template.Library()


@register.simple_tag
def interpretations_for(document: Document) -> dict[str, list]:
    """``{% interpretations_for document as related %}``: the published interpretations and
    Q&A entries of a document (two queries)."""
    return selectors.for_document(document)


@register.filter
def media_url(item: InterpretationMedia, preview: bool = False) -> str:
    """The address of a media file: public, or the staff copy in the back office's preview
    (an unpublished interpretation's files have no public address)."""
    if preview:
        return reverse("admin:interpretation_media_staff", args=[item.pk])
    return item.get_absolute_url()


_SUBHEADING = re.compile(r"【([^【】]{1,60})】")


@register.filter(needs_autoescape=True)
def section_text(text: str, autoescape: bool = True) -> str:
    """Plain section text as paragraphs; a line that is only 【heading】 becomes a subheading."""
    esc = conditional_escape if autoescape else (lambda value: value)
    blocks = []
    for line in (line.strip() for line in str(text).splitlines()):
        if not line:
            continue
        heading = _SUBHEADING.fullmatch(line)
        if heading:
            blocks.append(f"<h3>{esc(heading.group(1))}</h3>")
        else:
            blocks.append(f"<p>{esc(line)}</p>")
    return mark_safe("\n".join(blocks))  # noqa: S308 - every piece of text is escaped above
