"""What an answer releases, and Art 44: the files released to the applicant with an answer
(e.g. a redacted copy), and moving information asked for by several applicants into proactive
disclosure (the repeated subjects, and a draft document made from a released answer)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePath

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from disclosure import attachments, documents
from disclosure.models import Attachment, DisclosureAttribute, Document
from portal import access
from portal.models import StaffRole
from requests_app import letters, notifications
from requests_app.models import (
    Answer,
    InformationRequest,
    Outcome,
    ReleasedFile,
    Status,
)
from requests_app.timeline import record_event

Role = StaffRole.Role

# Outcomes that give the applicant information, so files can be released with them; a refusal
# or a "cannot provide" releases nothing.
RELEASING_OUTCOMES = frozenset({Outcome.ALREADY_PUBLIC, Outcome.DISCLOSED, Outcome.PARTIAL})
# Art 44: only information that may be disclosed moves into proactive disclosure.
PROACTIVE_OUTCOMES = frozenset({Outcome.DISCLOSED, Outcome.PARTIAL})
PROACTIVE_SUMMARY = "依申请公开转主动公开（《条例》第四十四条）"
PROACTIVE_TITLE_FALLBACK = "依申请公开转主动公开的政府信息"


# --- Released files -----------------------------------------------------------------------------


@transaction.atomic
def released_file_add(*, answer: Answer, upload: UploadedFile, user: User) -> ReleasedFile:
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
def answer_publish_proactively(*, answer: Answer, user: User) -> Document:
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
        upload = UploadedFile(
            handle,
            name=released.original_name,
            content_type=released.content_type,
            size=released.file.size,
        )
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
