"""Making an issue: only drafts are edited, only by drafters of the gazette's agency; the issue's
number is unique in its gazette and year (and its running number in the gazette); the PDF is
checked by its content like every upload (``disclosure.attachments``); the table of contents
prints published documents only, each once, under the gazette's own 栏目.

The same checks run when the back office saves a form (``admin``), when code saves through the
services below, and again at submission and publication (``publishing.IssuePolicy``): a document
withdrawn while the issue waited for review stops its publication.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import IO

from pypdf import PdfReader

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from disclosure import access as disclosure_access
from disclosure import attachments
from disclosure.documents import normalize_doc_number
from disclosure.models import Attachment, Document
from gazette.models import Entry, Gazette, GazetteSection, Issue
from portal import access, page_cache
from portal.models import StaffRole
from publishing.models import Status
from publishing.workflow import record_event

logger = logging.getLogger(__name__)
Role = StaffRole.Role


# --- The issue ------------------------------------------------------------------------------


def check_drafter(issue: Issue, *, user: User | AnonymousUser) -> None:
    if issue.gazette_id and not access.can_act(user, issue.gazette.agency_id, Role.DRAFTER):
        raise ValidationError(
            {"gazette": _("You can only make issues of a gazette whose agency you draft for.")}
        )


def check_numbers(issue: Issue) -> None:
    """第N期 once per gazette and year, 总第N期 once per gazette; raises by field."""
    if not issue.gazette_id:
        return
    others = Issue.objects.filter(gazette_id=issue.gazette_id).exclude(pk=issue.pk)
    errors = {}
    if issue.year and issue.number and others.filter(year=issue.year, number=issue.number):
        errors["number"] = _(
            "%(gazette)s already has issue no. %(number)s of %(year)s; give another number."
        ) % {"gazette": issue.gazette.book_title, "year": issue.year, "number": issue.number}
    if issue.total_number and others.filter(total_number=issue.total_number):
        errors["total_number"] = _(
            "%(gazette)s already has an issue with running number %(total)s; give another one."
        ) % {"gazette": issue.gazette.book_title, "total": issue.total_number}
    if issue.number is not None and issue.number < 1:
        errors["number"] = _("The issue number starts at 1.")
    if issue.publication_date and issue.year and issue.publication_date.year < issue.year:
        errors["publication_date"] = _("An issue of %(year)s cannot appear before that year.") % {
            "year": issue.year
        }
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class PdfInfo:
    original_name: str
    size: int
    pages: int | None


def count_pages(stream: IO[bytes]) -> int | None:
    """The number of pages, or None when pypdf cannot tell (the file is still accepted: it
    passed the content check, and readers are more lenient than pypdf)."""
    stream.seek(0)
    try:
        return len(PdfReader(stream, strict=False).pages)
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on damaged files
        logger.info("PDF pages not counted (%s)", type(exc).__name__)
        return None
    finally:
        stream.seek(0)


def check_pdf(upload: UploadedFile) -> PdfInfo:
    """The checks of every upload (content, size: ``disclosure.attachments``), and a PDF."""
    info = attachments.inspect_upload(upload)
    if info.kind != Attachment.Kind.PDF:
        raise ValidationError(
            _("The issue is published as one PDF file; “%(name)s” is not a PDF.")
            % {"name": info.original_name}
        )
    return PdfInfo(info.original_name, info.size, count_pages(upload))


def apply_pdf(issue: Issue, upload: UploadedFile, info: PdfInfo) -> None:
    issue.pdf = upload
    issue.pdf_name = info.original_name
    issue.pdf_size = info.size
    issue.pdf_pages = info.pages


def _lock_draft(issue: Issue) -> None:
    current = Issue.objects.select_for_update().get(pk=issue.pk)
    if current.status != Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be edited; this one is “%(status)s”.")
            % {"status": current.get_status_display()}
        )


@transaction.atomic
def issue_save(*, issue: Issue, user: User, pdf: UploadedFile | None = None) -> Issue:
    """Create or update a draft issue, with a new PDF if given (nothing is saved when a check
    fails)."""
    if issue.pk:
        _lock_draft(issue)
    check_drafter(issue, user=user)
    check_numbers(issue)
    if pdf is not None:
        apply_pdf(issue, pdf, check_pdf(pdf))
    issue.agency_id = issue.gazette.agency_id
    creating = issue.pk is None
    if creating and issue.drafter_id is None:
        issue.drafter = user
    issue.save()
    if creating:
        record_event(document=issue, user=user, action="create", to_status=Status.DRAFT)
    return issue


# --- The table of contents ------------------------------------------------------------------

# The public address of a document, as copied from the site: /disclosure/documents/123/.
_DOCUMENT_URL = re.compile(r"/disclosure/documents/(\d+)/?(?:[?#].*)?$")


def find_document(reference: str, *, user: User | AnonymousUser) -> Document:
    """The document an editor names by its 索引号, its 文号 or the address of its page.

    A published document is found whatever its agency (a gazette prints the government's, its
    office's and its departments' documents). An unpublished one is found only among the
    user's own agencies' (and then refused by ``check_entry`` with its title): another agency's
    drafts stay unknown."""
    text = reference.strip()
    published = Document.objects.published()
    visible = disclosure_access.document_queryset_for(user)
    url = _DOCUMENT_URL.search(text)
    if url:
        pk = int(url.group(1))
        found = published.filter(pk=pk).first() or visible.filter(pk=pk).first()
        if found is not None:
            return found
    else:
        for field, value in (
            ("index_number", text),
            ("doc_number_key", normalize_doc_number(text)),
        ):
            if not value:
                continue
            matches = list(published.filter(**{field: value})[:2])
            if len(matches) > 1:
                raise ValidationError(
                    _(
                        "Several published documents have the document number “%(reference)s”; "
                        "give the index number of the one to print."
                    )
                    % {"reference": text}
                )
            if matches:
                return matches[0]
            draft = visible.filter(**{field: value}).first()
            if draft is not None:
                return draft
    raise ValidationError(
        _("No published document has the index number, document number or address “%(reference)s”.")
        % {"reference": text}
    )


def check_entry(entry: Entry, *, duplicates: bool = True) -> None:
    """An entry of an issue's contents; raises ValidationError by field."""
    issue = entry.issue
    errors: dict[str, str] = {}
    if entry.section_id and issue.gazette_id and entry.section.gazette_id != issue.gazette_id:
        errors["section"] = _("“%(section)s” is a section of another gazette.") % {
            "section": entry.section.name
        }
    entry.text = " ".join((entry.text or "").split())
    document = entry.document if entry.document_id else None
    if document is not None and entry.text:
        errors["text"] = _(
            "An entry is either a document or a line of text: leave the text empty, or remove "
            "the document."
        )
    elif document is None and not entry.text:
        errors["document"] = _("Name a published document, or write the line of text.")
    if document is not None and document.status != Status.PUBLISHED:
        errors["document"] = not_published_message(document)
    elif (
        document is not None
        and duplicates
        and issue.pk
        and Entry.objects.filter(issue=issue, document=document).exclude(pk=entry.pk).exists()
    ):
        errors["document"] = _("“%(title)s” is already in this issue's table of contents.") % {
            "title": document.title
        }
    if entry.page is not None and issue.pdf_pages and entry.page > issue.pdf_pages:
        errors["page"] = _("The PDF of this issue has %(pages)d pages.") % {
            "pages": issue.pdf_pages
        }
    if errors:
        raise ValidationError(errors)


def not_published_message(document: Document) -> str:
    return _(
        "“%(title)s” is not published (it is “%(status)s”): a gazette issue prints published "
        "documents only."
    ) % {"title": document.title, "status": document.get_status_display()}


@transaction.atomic
def entry_add(
    *,
    issue: Issue,
    user: User,
    section: GazetteSection,
    document: Document | None = None,
    text: str = "",
    page: int | None = None,
    order: int | None = None,
) -> Entry:
    """Add a line to a draft issue's table of contents (the back office's inline does the same
    through its form)."""
    _lock_draft(issue)
    check_drafter(issue, user=user)
    if order is None:
        order = Entry.objects.filter(issue=issue, section=section).count() + 1
    entry = Entry(issue=issue, section=section, document=document, text=text, page=page,
                  order=order)  # fmt: skip
    check_entry(entry)
    entry.save()
    return entry


def contents_problems(issue: Issue) -> list[str]:
    """What stops an issue from going to review or being published: no PDF, no contents, or a
    document that is not (or no longer) published."""
    problems = []
    if not issue.pdf:
        problems.append(_("Upload the PDF of the whole issue."))
    entries = list(issue.entries.select_related("document", "section"))
    if not entries:
        problems.append(_("Fill in the table of contents."))
    problems += [
        not_published_message(entry.document)
        for entry in entries
        if entry.document is not None and entry.document.status != Status.PUBLISHED
    ]
    problems += [
        _("“%(section)s” is a section of another gazette.") % {"section": entry.section.name}
        for entry in entries
        if entry.section.gazette_id != issue.gazette_id
    ]
    return problems


# --- The gazette ----------------------------------------------------------------------------


@transaction.atomic
def gazette_save(*, gazette: Gazette) -> Gazette:
    """Create or change a gazette (its title or 栏目 show on every published issue's page and
    on the pages of the documents it printed)."""
    gazette.save()
    page_cache.public_content_changed()
    return gazette
