"""Writing documents: the checks and derived fields every save goes through."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

import nh3

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from disclosure import paragraphs, timeliness
from disclosure.models import DisclosureAttribute, Document
from portal import access
from portal.models import StaffRole
from publishing.models import Status
from publishing.workflow import record_event

# Body HTML: structure and formatting only. No scripts, styles, event handlers, frames or
# embeds; images only from this site (an external image is a tracking pixel or a hotlink).
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s",
    "sub", "sup", "span", "div", "blockquote", "pre", "code", "ul", "ol", "li", "dl", "dt",
    "dd", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "a", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "ol": {"start"},
    # Only the classes that set the 落款 and its date right-aligned (disclosure.paragraphs).
    "p": {"class"},
}


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        return value if value in paragraphs.BODY_CLASSES else None
    if tag == "img" and attribute == "src":
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or not value.startswith("/"):
            return None
    return value


# Word and WPS put on the clipboard (and in "save as web page") a document's looks as classes,
# style attributes and conditional comments, and its lists as paragraphs styled "mso-list" with
# the number or bullet typed in front. The structure is kept: such paragraphs become a list,
# body headings start at h2 (the page's title is its h1); the looks go (nh3, below).
_WORD_LIST_MARKER = re.compile(r"<!\[if !supportLists\]>.*?<!\[endif\]>", re.S | re.I)
_WORD_CONDITIONAL = re.compile(r"<!\[(?:if[^\]]*|endif)\]>", re.I)
_WORD_LIST_PARAGRAPH = re.compile(
    r"<p\b[^>]*\bmso-list:\s*l\d+[^>]*>(?P<marker>.*?<!\[endif\]>)?(?P<item>.*?)</p>",
    re.S | re.I,
)
_WORD_LIST_RUN = re.compile(r"(?:<p\b[^>]*\bmso-list:\s*l\d+[^>]*>.*?</p>\s*)+", re.S | re.I)
_ORDERED_MARKER = re.compile(
    r"[0-9０-９一二三四五六七八九十a-zA-Zⅰ-ⅹⅠ-Ⅹ]+[.．、)）]|[（(][0-9一二三四五六七八九十]+[)）]"
)
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.I)


def _word_list(run: re.Match[str]) -> str:
    items = list(_WORD_LIST_PARAGRAPH.finditer(run[0]))
    first_marker = nh3.clean(items[0]["marker"] or "", tags=set()).strip() if items else ""
    tag = "ol" if _ORDERED_MARKER.match(first_marker) else "ul"
    body = "".join(f"<li>{item['item']}</li>" for item in items)
    return f"<{tag}>{body}</{tag}>"


def _structure_from_word(html: str) -> str:
    if "mso-" in html or "<![if" in html:
        html = _WORD_LIST_RUN.sub(_word_list, html)
        html = _WORD_LIST_MARKER.sub("", html)
        html = _WORD_CONDITIONAL.sub("", html)
    if re.search(r"<h1\b", html, re.I):
        html = _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}", html)
    return html


def sanitize_body(html: str) -> str:
    return nh3.clean(
        _structure_from_word(html),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "xml"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


_YEAR_BRACKETS = re.compile(r"[\[［【(（〔﹝]\s*(\d{4})\s*[\]］】)）〕﹞]")


def normalize_doc_number(text: str) -> str:
    """``丽委办发[2016] 81号`` and ``丽委办发〔2016〕81号`` give the same key."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _YEAR_BRACKETS.sub(r"〔\1〕", text)
    return re.sub(r"\s+", "", text)


def check_document(document: Document, *, user: User) -> None:
    """Every rule a draft must satisfy to be saved; raises ValidationError by field."""
    errors: dict[str, list[str]] = {}
    if document.agency_id and not (
        access.can_act(user, document.agency_id, StaffRole.Role.DRAFTER)
        or access.is_superuser(user)
    ):
        errors.setdefault("agency", []).append(
            _("You can only file documents for an agency where you are a drafter.")
        )
    if document.disclosure_attribute == DisclosureAttribute.WITHHELD:
        entry = document.withheld_reason
        if entry is None:
            errors.setdefault("withheld_reason", []).append(
                _("A document that is not disclosed needs a negative-list entry as its reason.")
            )
        elif entry.agency_id != document.agency_id:
            errors.setdefault("withheld_reason", []).append(
                _("Choose an entry from this agency's own negative list.")
            )
    elif document.withheld_reason_id:
        errors.setdefault("withheld_reason", []).append(
            _("Only a document that is not disclosed has a reason for not disclosing it.")
        )
    if (
        document.expiry_date
        and document.effective_date
        and document.expiry_date < document.effective_date
    ):
        errors.setdefault("expiry_date", []).append(
            _("The expiry date cannot be before the effective date.")
        )
    if document.replaced_by_id and document.replaced_by_id == document.pk:
        errors.setdefault("replaced_by", []).append(_("A document cannot replace itself."))
    if errors:
        raise ValidationError(errors)


def fill_derived_fields(document: Document) -> None:
    document.body = sanitize_body(document.body)
    document.doc_number = (document.doc_number or "").strip()
    document.doc_number_key = normalize_doc_number(document.doc_number)
    # Art 26: publish within 20 working days of the information being formed (or the limit
    # of the document's catalog item, where a law sets another).
    due = timeliness.publication_due(document)
    if due is not None:
        document.publish_due = due
        document.publish_due_provisional = due.provisional


@transaction.atomic
def document_save(*, document: Document, user: User) -> Document:
    """Create or update a draft. Only drafts are edited; later changes go through the
    workflow (return to draft) or the validity service."""
    if document.pk:
        current = Document.objects.select_for_update().get(pk=document.pk)
        if current.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be edited; this document is “%(status)s”.")
                % {"status": current.get_status_display()}
            )
    check_document(document, user=user)
    fill_derived_fields(document)
    creating = document.pk is None
    if creating and document.drafter_id is None:
        document.drafter = user
    document.save()
    if creating:
        record_event(document=document, user=user, action="create", to_status=Status.DRAFT)
    return document
