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

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import Media as NonceMedia

from django import forms
from django.contrib.admin import ModelAdmin, display
from django.forms import Media
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.i18n import JavaScriptCatalog

from portal.html_content import has_content
from portal.typed import Fieldsets, StrOrPromise


# What a body may be given in the editor: the structure of an official document, nothing of
# its looks (no colours, fonts or alignment; the 落款 is set right by its class on the public
# page). Headings start at h2: the page's title is its h1. Everything here is in the
# sanitiser's allow-list (disclosure.documents.ALLOWED_TAGS).
def editor_extensions(
    *, heading_levels: list[int], images: bool = True, signature: bool = False
) -> dict[str, Any]:
    """The editor's tools for a body: headings of ``heading_levels`` (those below the page's
    own headings), lists, tables, links; images only where the record has its own to offer
    (``BodyEditorWidget.images``); the 落款's classes only for official documents."""
    extensions: dict[str, Any] = {
        "Heading": {"levels": heading_levels},
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
    }
    if images:
        extensions["Image"] = True
    if signature:
        # The 落款 and its date keep their classes when an existing body is opened and saved
        # (the classes are set from the text when a body is written, disclosure.paragraphs;
        # so there is no menu for them, MENU_GROUPS).
        extensions["NodeClass"] = {"cssClasses": {"paragraph": ["doc-signature", "doc-date"]}}
    extensions["HTML"] = False
    extensions["Menu"] = {
        "groups": [
            {"group": "blockType -lists", "type": "dropdown", "minItems": 2},
            {"group": "lists"},
            {"group": "nodes -blockType -lists"},
            {"group": "marks"},
            {"group": "link"},
            {"group": "table"},
            {"group": "history"},
        ]
    }
    return extensions


BODY_EXTENSIONS = editor_extensions(heading_levels=[2, 3, 4], images=True, signature=True)
# A text under one of the page's own h2 headings (an interpretation's section, a consultation's
# draft, a Q&A answer): its headings start at h3 (a paste from Word's h1 to h3 keeps its three
# levels, interpretation.bodies).
SECTION_EXTENSIONS = editor_extensions(heading_levels=[3, 4, 5], images=True)
SECTION_EXTENSIONS_WITHOUT_IMAGES = editor_extensions(heading_levels=[3, 4, 5], images=False)


class BodyEditorWidget(AdminProseEditorWidget):
    """The admin's body editor; the textarea under it stays the form's field."""

    template_name = "widgets/richtext.html"
    #: (URL, title) of the images among the record's attachments, offered for insertion.
    images: list[tuple[str, str]]

    def __init__(
        self, attrs: dict[str, Any] | None = None, *, extensions: dict[str, Any] | None = None
    ) -> None:
        super().__init__(
            attrs={"rows": 20, "class": "vLargeTextField", **(attrs or {})},
            config={"extensions": BODY_EXTENSIONS if extensions is None else extensions},
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


def offer_images(
    form: type[forms.ModelForm[Any]], names: Iterable[str], images: list[tuple[str, str]]
) -> None:
    """Offer ``images`` ((URL, title) of the record's own files) in the editors of the fields
    ``names`` of ``form``: a body's images come from its record, never from another site."""
    for name in names:
        field = form.base_fields.get(name)
        if field is not None and isinstance(field.widget, BodyEditorWidget):
            field.widget.images = images


def with_csp_nonce(media: Media, request: HttpRequest) -> Media:
    """The page's media, its tags (the import map among them) carrying the CSP nonce."""
    # django-csp's lazy nonce is falsy until read: str() reads it, and so it is in the header.
    lazy_nonce = getattr(request, "csp_nonce", None)
    if lazy_nonce is None:
        return media
    return NonceMedia.from_media(media, nonce=str(lazy_nonce))


class RichTextFormField(forms.CharField):
    """A body written in the editor. What the editor posts when nothing is written in it
    (``<p></p>``, a lone line break) is an empty field, so that a required body is asked for;
    the saving service sanitises whatever is posted."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        return text if has_content(text) else ""


class RichTextAdminMixin(ModelAdmin):
    """For an admin whose form has a ``BodyEditorWidget``: the change form's scripts carry
    the CSP nonce. (It is a ModelAdmin: list it after mixins that are not, such as
    ``DraftingAdminMixin``, whose permissions must come before ModelAdmin's.)

    The fields named in ``rich_text_fields`` (name → label) are shown as they read when the
    record cannot be edited (past drafting, or for a user who may only read it), not as their
    HTML: each is replaced by ``<name>_shown`` (``rich_text_fieldsets``), which shows
    ``rich_text_html(name, value)``, the app's own rendering of the sanitised body."""

    rich_text_fields: ClassVar[dict[str, StrOrPromise]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, label in cls.rich_text_fields.items():
            setattr(cls, f"{name}_shown", _shown(name, label))

    def rich_text_html(self, name: str, value: str) -> str:
        """The body ``value`` of field ``name`` as the public page shows it (sanitised)."""
        raise NotImplementedError

    def _rich_text_read_only(self, request: HttpRequest, obj: Any) -> bool:
        return obj is not None and not self.has_change_permission(request, obj)

    def rich_text_fieldsets(
        self, request: HttpRequest, obj: Any, fieldsets: Fieldsets
    ) -> Fieldsets:
        """``fieldsets`` with the rich-text fields shown as they read when ``obj`` is read
        only."""
        if not self.rich_text_fields or not self._rich_text_read_only(request, obj):
            return fieldsets
        return [
            (
                title,
                {
                    **options,
                    "fields": [
                        f"{name}_shown"
                        if isinstance(name, str) and name in self.rich_text_fields
                        else name
                        for name in options["fields"]
                    ],
                },
            )
            for title, options in fieldsets
        ]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Fieldsets:
        return self.rich_text_fieldsets(request, obj, list(super().get_fieldsets(request, obj)))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if self.rich_text_fields and self._rich_text_read_only(request, obj):
            readonly += [f"{name}_shown" for name in self.rich_text_fields]
        return readonly

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


def _shown(name: str, label: StrOrPromise) -> Callable[[RichTextAdminMixin, Any], str]:
    @display(description=label)
    def shown(admin: RichTextAdminMixin, obj: Any) -> str:
        return format_html(
            '<div class="doc-body readonly-body">{}</div>',
            mark_safe(admin.rich_text_html(name, getattr(obj, name))),  # noqa: S308 - sanitised
        )

    shown.__name__ = f"{name}_shown"
    return shown


# The editor's own texts (its buttons' titles and dialogs) in the admin's JavaScript catalog:
# the package has no Chinese; ours is in portal/jscatalog (not a "locale" directory, which
# makemessages would take for the place of portal's own Python strings).
JS_CATALOG_DIR = Path(__file__).resolve().parent / "jscatalog"


class AdminJavaScriptCatalog(JavaScriptCatalog):
    def get_paths(self, packages: list[str]) -> list[str]:
        return [*super().get_paths(packages), str(JS_CATALOG_DIR)]
