"""Answer letters (答复告知书): one template per kind of outcome, citing the articles; the fee
notice (收费通知书); the files released with an answer; and Art 44, moving information asked for
by several applicants into proactive disclosure."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import translation
from django.utils.translation import gettext as _

from disclosure import attachments, documents
from disclosure.models import Attachment, DisclosureAttribute, Document
from portal import access
from portal.models import StaffRole
from requests_app import letters, notifications
from requests_app.models import (
    RECORD_CORRECTION_OUTCOMES,
    WITHHELD_GROUNDS,
    Answer,
    FeeNotice,
    InformationRequest,
    Outcome,
    ReleasedFile,
    Status,
    ThirdPartyNotice,
)
from requests_app.timeline import record_event

Role = StaffRole.Role

# The template of each outcome (under templates/requests_app/letters/).
LETTER_TEMPLATES: dict[str, str] = {
    Outcome.ALREADY_PUBLIC: "already_public",
    Outcome.DISCLOSED: "disclosed",
    Outcome.PARTIAL: "partial",
    **dict.fromkeys(WITHHELD_GROUNDS, "withheld"),
    # Art 36(七): a matter with a procedure of its own, not Art 36(三).
    Outcome.WITHHELD_INQUIRY: "inquiry",
    Outcome.UNABLE_NOT_HELD: "not_held",
    Outcome.UNABLE_NEEDS_CREATION: "needs_creation",
    Outcome.UNABLE_UNCLEAR: "unclear",
    Outcome.NOT_PROCESSED_COMPLAINT: "not_processed",
    Outcome.NOT_PROCESSED_REPEATED: "not_processed",
    Outcome.NOT_PROCESSED_PUBLICATION: "not_processed",
    Outcome.NOT_PROCESSED_EXCESSIVE: "not_processed",
    Outcome.NOT_PROCESSED_CONFIRMATION: "not_processed",
    Outcome.OTHER: "other",
    **dict.fromkeys(RECORD_CORRECTION_OUTCOMES, "record_correction"),
}
LETTERS_DIR = "requests_app/letters"

# Outcomes that give the applicant information, so files can be released with them; a refusal
# or a "cannot provide" releases nothing.
RELEASING_OUTCOMES = frozenset({Outcome.ALREADY_PUBLIC, Outcome.DISCLOSED, Outcome.PARTIAL})
# Art 44: only information that may be disclosed moves into proactive disclosure.
PROACTIVE_OUTCOMES = frozenset({Outcome.DISCLOSED, Outcome.PARTIAL})
PROACTIVE_SUMMARY = "依申请公开转主动公开（《条例》第四十四条）"
PROACTIVE_TITLE_FALLBACK = "依申请公开转主动公开的政府信息"


class PdfUnavailable(RuntimeError):
    """WeasyPrint, or the system libraries it needs (Pango), is not installed."""

    def __init__(self, detail: str = "") -> None:
        message = "无法生成PDF文件：服务器未安装WeasyPrint或其所需的系统库（Pango）。"
        super().__init__(f"{message}{detail}" if detail else message)


# --- Letters ------------------------------------------------------------------------------------


def _render(template: str, context: dict[str, Any]) -> str:
    # Letters are legal documents in Simplified Chinese, whatever the staff member's language.
    with translation.override(settings.LANGUAGE_CODE):
        return letters.tidy(render_to_string(f"{LETTERS_DIR}/{template}", context))


def _request_context(info_request: InformationRequest) -> dict[str, Any]:
    agency = info_request.agency
    return {
        "request": info_request,
        "agency": agency,
        "letter_number": letters.letter_number(info_request),
        "reconsideration_body": letters.reconsideration_body(agency),
        "site_name": settings.SITE_NAME,
    }


def _released_files(answer: Answer) -> list[ReleasedFile]:
    # An answer is rendered before it is first saved (handling.request_answer), with no files.
    return list(answer.files.order_by("id")) if answer.pk else []


def _document_url(document: Document | None) -> str:
    if document is None:
        return ""
    try:
        return document.get_absolute_url()
    except NoReverseMatch:  # the public pages are not mounted (e.g. a back-office-only site)
        return ""


def _letter_context(answer: Answer) -> dict[str, Any]:
    info_request = answer.request
    correction = getattr(info_request, "correction", None) if info_request.pk else None
    return {
        **_request_context(info_request),
        "answer": answer,
        "outcome": answer.outcome,
        "released_files": _released_files(answer),
        "published_url": _document_url(answer.published_document),
        "correction": correction,
    }


def render_letter_html(answer: Answer) -> str:
    """The letter as an HTML fragment, in Chinese whatever the staff member's language."""
    name = LETTER_TEMPLATES.get(answer.outcome, "other")
    return _render(f"{name}.html", _letter_context(answer))


def render_letter_pdf(answer: Answer) -> bytes:
    """The letter as a PDF (A4), with the released files embedded as PDF attachments.

    Rendered afresh, so that it lists the files released since the answer; everything else it
    says depends only on what the answer recorded.
    """
    released = _released_files(answer)
    embedded = []
    for item in released:
        with item.file.open("rb") as handle:
            embedded.append((item.original_name, handle.read()))
    return _html_to_pdf(
        render_letter_html(answer),
        title=f"政府信息公开申请答复告知书 {letters.letter_number(answer.request)}",
        author=answer.request.agency.name,
        files=embedded,
    )


def render_fee_notice_html(notice: FeeNotice) -> str:
    """The fee notice (收费通知书): basis, rate, amount, how and by when to pay."""
    context = {
        **_request_context(notice.request),
        "notice": notice,
        "fee_lines": letters.fee_breakdown(notice),
    }
    return _render("fee_notice.html", context)


def render_fee_notice_pdf(notice: FeeNotice) -> bytes:
    return _html_to_pdf(
        render_fee_notice_html(notice),
        title=f"政府信息公开信息处理费收费通知书 {letters.letter_number(notice.request)}",
        author=notice.request.agency.name,
    )


def render_third_party_notice_html(notice: ThirdPartyNotice) -> str:
    """Art 32: the written notice to a third party whose objection is overridden."""
    context = {**_request_context(notice.request), "notice": notice}
    return _render("third_party_notice.html", context)


def render_third_party_notice_pdf(notice: ThirdPartyNotice) -> bytes:
    return _html_to_pdf(
        notice.letter_html,
        title=f"政府信息公开第三方告知书 {letters.letter_number(notice.request)}",
        author=notice.request.agency.name,
    )


def _html_to_pdf(
    fragment: str, *, title: str, author: str, files: Sequence[tuple[str, bytes]] = ()
) -> bytes:
    # Imported here: a server without Pango still starts, and only PDF letters are unavailable.
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailable(f"（{error}）") from error
    page = render_to_string(
        f"{LETTERS_DIR}/_print.html", {"letter": fragment, "title": title, "author": author}
    )
    # A letter loads nothing from outside: no URL is fetched, whatever the text contains.
    no_fetching = weasyprint.URLFetcher(allowed_protocols=())
    pdf_attachments = [
        weasyprint.Attachment(file_obj=io.BytesIO(data), name=name, url_fetcher=no_fetching)
        for name, data in files
    ]
    html = weasyprint.HTML(string=page, base_url=None, url_fetcher=no_fetching)
    return html.write_pdf(attachments=pdf_attachments or None)


# --- Released files -----------------------------------------------------------------------------


@transaction.atomic
def released_file_add(
    *, answer: Answer, upload: UploadedFile, user: AbstractBaseUser
) -> ReleasedFile:
    """Attach a file released to the applicant (e.g. a redacted copy) to the answer, while the
    request is answered and not yet closed (delivery closes it)."""
    info_request = (
        InformationRequest.objects.select_for_update()
        .select_related("agency")
        .get(pk=answer.request_id)
    )
    access.require_role(user, info_request.agency_id, Role.HANDLER)
    if info_request.status != Status.ANSWERED:
        raise ValidationError(
            _("Files can be released only while the request is answered and not yet closed.")
        )
    if answer.outcome not in RELEASING_OUTCOMES:
        raise ValidationError(
            _("This answer (“%(outcome)s”) gives no information; there is nothing to release.")
            % {"outcome": Outcome(answer.outcome).label}
        )
    info = attachments.inspect_upload(upload)
    released = ReleasedFile(
        answer=answer,
        original_name=info.original_name,
        content_type=info.content_type,
        size=info.size,
    )
    # A generated name on disk; the original name is only used for downloads.
    suffix = PurePath(info.original_name).suffix.lower()[:10]
    upload.seek(0)
    released.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    released.save()
    record_event(
        info_request=info_request,
        user=user,
        action="release_file",
        note=info.original_name,
        public_note=f"答复附件已提供：{info.original_name}",
        visible=True,
    )
    notifications.status_changed_later(info_request.pk)
    return released


# --- Art 44: from an answer to proactive disclosure --------------------------------------------


def _proactive_title(info_request: InformationRequest) -> str:
    """The requested document's title, else the applicant's description made into a title;
    never the applicant's details."""
    personal = [
        info_request.name,
        info_request.id_number,
        info_request.phone,
        info_request.email,
        info_request.address,
        info_request.contact_person,
        info_request.legal_representative,
        info_request.credit_code,
    ]
    title = letters.strip_personal_data(info_request.document_title, personal=personal)
    title = title or letters.title_from_description(info_request.description, personal=personal)
    return title[:500] or PROACTIVE_TITLE_FALLBACK


@transaction.atomic
def answer_publish_proactively(*, answer: Answer, user: AbstractBaseUser) -> Document:
    """Art 44: turn the information released by an answer into a proactive-disclosure draft,
    linked both ways (``answer.published_as``, ``document.source_requests``).

    "One step" ends at a complete draft: like every document, it is published only after the
    confidentiality review (保密审查) of the normal review-and-publish workflow. The draft carries
    the released files and nothing of the applicant's: no name, contacts or request text
    beyond a title stripped of personal data.
    """
    locked = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("request__agency", "published_as")
        .get(pk=answer.pk)
    )
    info_request = locked.request
    access.require_role(user, info_request.agency_id, Role.DRAFTER)
    if locked.outcome not in PROACTIVE_OUTCOMES:
        raise ValidationError(
            _(
                "Only information that was disclosed or partly disclosed can be published "
                "proactively (Art 44); this answer is “%(outcome)s”."
            )
            % {"outcome": Outcome(locked.outcome).label}
        )
    if locked.published_as is not None:
        raise ValidationError(
            _("This answer was already turned into the document “%(title)s”.")
            % {"title": locked.published_as.title}
        )
    document = documents.document_save(
        document=Document(
            agency=info_request.agency,
            title=_proactive_title(info_request),
            date_formed=locked.answered_on,
            disclosure_attribute=DisclosureAttribute.PROACTIVE,
            summary=PROACTIVE_SUMMARY,
        ),
        user=user,
    )
    for order, released in enumerate(locked.files.order_by("id")):
        _copy_as_attachment(released, document=document, order=order)
    locked.published_as = document
    locked.save(update_fields=["published_as"])
    answer.published_as = document
    record_event(
        info_request=info_request,
        user=user,
        action="publish_proactively",
        note=_("Proactive-disclosure draft “%(title)s” created (Art 44).")
        % {"title": document.title},
    )
    return document


def _copy_as_attachment(released: ReleasedFile, *, document: Document, order: int) -> Attachment:
    with released.file.open("rb") as handle:
        upload = File(handle, name=released.original_name)
        # Checked again by content: the attachment rules are the disclosure app's to keep.
        info = attachments.inspect_upload(upload)
        attachment = Attachment(document=document, order=order)
        attachments.apply_upload_info(attachment, info)
        upload.seek(0)
        attachment.file.save(info.original_name, upload, save=False)
    attachment.save()
    return attachment


@dataclass(frozen=True)
class RepeatedSubject:
    """A subject several applicants asked one agency about (Art 44 dashboard row)."""

    agency_id: int
    agency_name: str
    subject_key: str
    applicants: int
    requests: int
    disclosed: int  # requests answered with the information, fully or partly
    latest_request_id: int
    latest_tracking_number: str
    latest_submitted_at: dt.datetime

    @property
    def subject(self) -> str:
        return self.subject_key


def repeated_subjects(
    *, agency_ids: Collection[int], min_applicants: int = 2
) -> list[RepeatedSubject]:
    """Subjects requested from the same agency by at least ``min_applicants`` distinct
    applicants (by the keyed applicant hash), most applicants first; one query."""
    same_subject = InformationRequest.objects.filter(
        agency_id=OuterRef("agency_id"), subject_key=OuterRef("subject_key")
    ).order_by("-submitted_at", "-id")
    rows = (
        InformationRequest.objects.filter(agency_id__in=agency_ids)
        .exclude(subject_key="")
        .values("agency_id", "agency__name", "subject_key")
        .annotate(
            applicants=Count("applicant_key", distinct=True),
            requests=Count("id"),
            disclosed=Count("id", filter=Q(outcome__in=PROACTIVE_OUTCOMES)),
            latest_request_id=Subquery(same_subject.values("pk")[:1]),
            latest_tracking_number=Subquery(same_subject.values("tracking_number")[:1]),
            latest_submitted_at=Subquery(same_subject.values("submitted_at")[:1]),
        )
        .filter(applicants__gte=min_applicants)
        .order_by("-applicants", "-latest_submitted_at", "subject_key")
    )
    return [
        RepeatedSubject(
            agency_id=row["agency_id"],
            agency_name=row["agency__name"],
            subject_key=row["subject_key"],
            applicants=row["applicants"],
            requests=row["requests"],
            disclosed=row["disclosed"],
            latest_request_id=row["latest_request_id"],
            latest_tracking_number=row["latest_tracking_number"],
            latest_submitted_at=row["latest_submitted_at"],
        )
        for row in rows
    ]
