"""Rich-text editing of the bodies staff write (django-prose-editor, a maintained ProseMirror
editor whose scripts, styles and icon font are served from our static files).

The editor is only a way of writing HTML: what it posts is cleaned by the app's own sanitiser
when saved (``disclosure.documents.sanitize_body``), which stays the authority on what a body
may hold. Pasted Word/WPS markup (classes, styles, fonts, ``mso-*``, ``<o:p>``) comes out as
plain structure there, whatever the editor did with it.

Content-Security-Policy: the editor's modules find each other through an import map, an
inline ``<script type="importmap">``. It carries the response's nonce (``with_csp_nonce``),
so the policy stays without 'unsafe-inline'. Without JavaScript the field is the plain
textarea it always was, with a hint under it (``widgets/richtext.html``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import Media as NonceMedia

from django.contrib.admin import ModelAdmin
from django.forms import Media
from django.http import HttpRequest, HttpResponse
from django.views.i18n import JavaScriptCatalog

# What a body may be given in the editor: the structure of an official document, nothing of
# its looks (no colours, fonts or alignment; the 落款 is set right by its class on the public
# page). Headings start at h2: the page's title is its h1. Everything here is in the
# sanitiser's allow-list (disclosure.documents.ALLOWED_TAGS).
BODY_EXTENSIONS: dict[str, Any] = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HardBreak": True,
    "Blockquote": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Image": True,
    # The 落款 and its date keep their classes when an existing body is opened and saved (the
    # classes are set from the text when a body is written, disclosure.paragraphs; so there
    # is no menu for them, MENU_GROUPS).
    "NodeClass": {"cssClasses": {"paragraph": ["doc-signature", "doc-date"]}},
    "HTML": False,
    "Menu": {
        "groups": [
            {"group": "blockType -lists", "type": "dropdown", "minItems": 2},
            {"group": "lists"},
            {"group": "nodes -blockType -lists"},
            {"group": "marks"},
            {"group": "link"},
            {"group": "table"},
            {"group": "history"},
        ]
    },
}


class BodyEditorWidget(AdminProseEditorWidget):
    """The admin's body editor; the textarea under it stays the form's field."""

    template_name = "widgets/richtext.html"
    #: (URL, title) of the images among the record's attachments, offered for insertion.
    images: list[tuple[str, str]]

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={"rows": 20, "class": "vLargeTextField", **(attrs or {})},
            config={"extensions": BODY_EXTENSIONS},
            preset="configurable",
        )
        self.images = []

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["images"] = self.images
        return context

    @property
    def media(self) -> Media:
        # The toolbar's titles in Chinese (static/js/richtext.js).
        return super().media + Media(js=["js/richtext.js"])


def with_csp_nonce(media: Media, request: HttpRequest) -> Media:
    """The page's media, its tags (the import map among them) carrying the CSP nonce."""
    # django-csp's lazy nonce is falsy until read: str() reads it, and so it is in the header.
    lazy_nonce = getattr(request, "csp_nonce", None)
    if lazy_nonce is None:
        return media
    return NonceMedia.from_media(media, nonce=str(lazy_nonce))


class RichTextAdminMixin(ModelAdmin):
    """For an admin whose form has a ``BodyEditorWidget``: the change form's scripts carry
    the CSP nonce."""

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        if "media" in context:
            context["media"] = with_csp_nonce(context["media"], request)
        return super().render_change_form(request, context, add, change, form_url, obj)


# The editor's own texts (its buttons' titles and dialogs) in the admin's JavaScript catalog:
# the package has no Chinese; ours is in portal/jscatalog (not a "locale" directory, which
# makemessages would take for the place of portal's own Python strings).
JS_CATALOG_DIR = Path(__file__).resolve().parent / "jscatalog"


class AdminJavaScriptCatalog(JavaScriptCatalog):
    def get_paths(self, packages: list[str]) -> list[str]:
        return [*super().get_paths(packages), str(JS_CATALOG_DIR)]
