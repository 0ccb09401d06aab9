"""Template tags that other apps' pages use to show interpretations and Q&A entries."""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString

from disclosure.models import Document
from interpretation import bodies, selectors
from interpretation.models import InterpretationMedia
from portal import sites

register = template.Library()


@register.simple_tag(takes_context=True)
def interpretations_for(context: template.Context, document: Document) -> dict[str, list]:
    """``{% interpretations_for document as related %}``: the published interpretations and
    Q&A entries of a document (two queries), those of the request's site."""
    request = context.get("request")
    site = sites.current_site(request) if isinstance(request, HttpRequest) else None
    return selectors.for_document(document, site)


@register.filter
def media_url(item: InterpretationMedia, preview: bool = False) -> str:
    """The address of a media file: public, or the staff copy in the back office's preview
    (an unpublished interpretation's files have no public address)."""
    if preview:
        return reverse("admin:interpretation_media_staff", args=[item.pk])
    return item.get_absolute_url()


@register.filter
def section_text(body: str) -> SafeString:
    """An interpretation's section as sanitised HTML (a plain one set in paragraphs, a line that
    is only 【heading】 a subheading: interpretation.bodies)."""
    return bodies.page_html(str(body), plain=bodies.sections_html)


@register.filter
def rich_text(body: str) -> SafeString:
    """A consultation's text, its adoption report or a Q&A answer as sanitised HTML (a plain
    one in paragraphs, as ``linebreaks`` set it: interpretation.bodies)."""
    return bodies.page_html(str(body), plain=bodies.paragraphs_html)
