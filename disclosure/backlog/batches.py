"""Approving and publishing an import batch as a whole.

A reviewer approves the batch on one confirmation page that lists its documents with their
screening results; the publisher then publishes it the same way. Each document goes through
the workflow's own transition (``publishing.workflow.approve`` / ``publish``): its events are
written, its screening is checked, its index number is taken in the year it was published.

All or nothing: if any document of the batch cannot take the step (its screening has not
finished, has unresolved hits, or the user may not act on it), nothing is approved and the page
says which documents stop it and why. A batch is one body of records brought in together;
approving part of it would leave the reviewer to work out what went online and what did not.
A document the reviewer will not let through is returned to its drafter on its own page: a
returned document (a draft again) is left out of the batch's step, which approves the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import screening
from disclosure.models import Attachment, Document, ImportBatch, ScreeningRun, TextStatus
from portal import access
from portal.models import StaffRole
from publishing import workflow
from publishing.models import ReviewResult, Status

Role = StaffRole.Role

APPROVE = "approve"
PUBLISH = "publish"
# The status a document has before each step, and the role that takes it.
STEPS = {APPROVE: (Status.IN_REVIEW, Role.REVIEWER), PUBLISH: (Status.APPROVED, Role.PUBLISHER)}


@dataclass
class DocumentCheck:
    """One document of the batch as the confirmation page shows it."""

    document: Document
    row: int | None
    run: ScreeningRun | None
    screening_current: bool
    unresolved: int
    unread_files: list[Attachment] = field(default_factory=list)  # text not (fully) read
    problems: list[str] = field(default_factory=list)  # what stops the step


def batch_documents(batch: ImportBatch) -> QuerySet[Document]:
    files = Attachment.objects.only(
        "id", "document_id", "original_name", "title", "kind", "size", "text_source",
        "text_status", "text_note", "order",
    )  # fmt: skip
    return (
        Document.objects.filter(import_batch=batch)
        .select_related("agency", "theme__parent", "genre")
        .prefetch_related(Prefetch("attachments", queryset=files))
        .order_by("id")
    )


def next_step(batch: ImportBatch) -> str | None:
    """The step the batch waits for: approval while any document is in review, then
    publication while any is approved; None when there is none."""
    statuses = set(Document.objects.filter(import_batch=batch).values_list("status", flat=True))
    if Status.IN_REVIEW in statuses:
        return APPROVE
    if Status.APPROVED in statuses:
        return PUBLISH
    return None


def _rows(batch: ImportBatch) -> dict[int, int]:
    return {entry["document"]: entry["row"] for entry in batch.rows if entry.get("document")}


def batch_check(batch: ImportBatch, user: User, step: str | None) -> list[DocumentCheck]:
    """Each document with its screening, and what stops ``step`` for it (none when the step
    may go ahead for the whole batch)."""
    rows = _rows(batch)
    documents = list(batch_documents(batch))
    screenings = screening.screening_overview(documents)
    checks = []
    for document in documents:
        overview = screenings[document.pk]
        check = DocumentCheck(
            document=document,
            row=rows.get(document.pk),
            run=overview.run,
            screening_current=overview.current,
            unresolved=overview.unresolved,
            unread_files=[
                attachment
                for attachment in document.attachments.all()
                if attachment.text_status
                in {TextStatus.FAILED, TextStatus.UNAVAILABLE, TextStatus.PARTIAL}
            ],
        )
        if step is not None:
            check.problems = _problems(document, user, step, check)
        checks.append(check)
    return checks


def _problems(document: Document, user: User, step: str, check: DocumentCheck) -> list[str]:
    status, role = STEPS[step]
    if document.status == Status.DRAFT:
        return []  # returned to its drafter: not part of the batch's step
    if document.status != status:
        return []  # past this step already
    problems = []
    if not access.can_act(user, document.agency_id, role):
        problems.append(_("You do not hold the role this step needs for this agency."))
    if step == APPROVE:
        if document.drafter_id == user.pk:
            problems.append(_("You imported this document: another reviewer must approve it."))
        if not check.screening_current:
            problems.append(_("The pre-publication screening has not finished."))
        elif check.unresolved:
            problems.append(
                _("The screening found %(count)d unresolved hits.") % {"count": check.unresolved}
            )
    return problems


def _in_step(batch: ImportBatch, step: str) -> list[Document]:
    status, _role = STEPS[step]
    return list(Document.objects.filter(import_batch=batch, status=status).order_by("id"))


class BatchRefused(ValidationError):
    """The step was refused for the whole batch; ``refusals`` names each document stopped
    and why."""

    def __init__(self, refusals: list[tuple[Document, list[str]]]) -> None:
        super().__init__(
            _("Nothing was done: %(count)d documents of the batch cannot take this step.")
            % {"count": len(refusals)}
        )
        self.refusals = refusals


@transaction.atomic
def batch_approve(
    *, batch: ImportBatch, user: User, review_result: str, review_notes: str = ""
) -> int:
    """Approve every document of the batch in review (保密审查 recorded on each), or none.
    Returns how many were approved."""
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    access.require_role(user, locked.agency_id, Role.REVIEWER)
    if review_result not in {ReviewResult.CLEAR, ReviewResult.REDACTED}:
        raise ValidationError(_("Record the result of the confidentiality review."))
    checks = {c.document.pk: c for c in batch_check(locked, user, APPROVE)}
    refusals = [(c.document, c.problems) for c in checks.values() if c.problems]
    if refusals:
        raise BatchRefused(refusals)
    documents = _in_step(locked, APPROVE)
    if not documents:
        raise ValidationError(_("No document of this batch is waiting for approval."))
    for document in documents:
        try:
            workflow.approve(
                obj=document,
                user=user,
                review_result=review_result,
                review_notes=review_notes,
            )
        except (ValidationError, PermissionDenied) as error:
            # The checks above passed, so something changed meanwhile: undo the whole batch.
            raise BatchRefused([(document, _messages(error))]) from error
    locked.approved_by = user
    locked.approved_at = timezone.now()
    locked.save(update_fields=["approved_by", "approved_at"])
    return len(documents)


@transaction.atomic
def batch_publish(*, batch: ImportBatch, user: User) -> int:
    """Publish every approved document of the batch (each keeps its own 发布日期 and gets an
    index number of its year), or none. Returns how many were published."""
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    access.require_role(user, locked.agency_id, Role.PUBLISHER)
    checks = batch_check(locked, user, PUBLISH)
    refusals = [(c.document, c.problems) for c in checks if c.problems]
    if refusals:
        raise BatchRefused(refusals)
    documents = _in_step(locked, PUBLISH)
    if not documents:
        raise ValidationError(_("No document of this batch is waiting for publication."))
    for document in documents:
        try:
            workflow.publish(obj=document, user=user, note=_("Published with its import batch."))
        except (ValidationError, PermissionDenied) as error:
            raise BatchRefused([(document, _messages(error))]) from error
    locked.published_by = user
    locked.published_at = timezone.now()
    locked.save(update_fields=["published_by", "published_at"])
    return len(documents)


def _messages(error: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(error) or _("You may not take this step.")]
