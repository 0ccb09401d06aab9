"""Interpretations and consultations in the shared review-and-publish workflow, and 三同步
(three synchronisations, domain-spec section 5): a normative document, or one marked as needing
an interpretation, is published with its interpretation, or with a recorded reason why not.

The workflow itself is ``publishing.workflow``; the policies here are named by the models
(``workflow_policy``). ``document_publish`` is the one service that publishes a document, so
the 三同步 check is an explicit call, never skipped.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.models import Document
from disclosure.workflow import ScreenedTextPolicy
from interpretation import bodies
from interpretation.models import (
    Consultation,
    Interpretation,
    InterpretationWaiver,
    MediaKind,
)
from portal import access
from portal.models import StaffRole
from portal.search import indexing as search_indexing
from publishing import workflow
from publishing.models import Status

Role = StaffRole.Role

# 《重大行政决策程序暂行条例》第十四条: comments are taken for at least 30 days in general; a
# shorter period is explained when the draft is published.
MIN_CONSULTATION_DAYS = 30


class InterpretationPolicy(ScreenedTextPolicy[Interpretation]):
    """No index number; the content must be there before review, and its text is screened
    for personal data at approval (Art 15)."""

    def check_submit(self, obj: Interpretation) -> None:
        kinds = set(obj.media.values_list("kind", flat=True))
        errors = []
        if not obj.documents.exists():
            errors.append(_("Link the interpretation to the documents it explains."))
        if not obj.has_sections() and not kinds - {MediaKind.CAPTIONS, MediaKind.POSTER}:
            errors.append(
                _("Fill in at least one section or add images, audio or video before submitting.")
            )
        if kinds & {MediaKind.AUDIO, MediaKind.VIDEO} and not (
            obj.transcript.strip() or MediaKind.CAPTIONS in kinds
        ):
            # Accessibility: what is said in audio and video must also be available as text.
            errors.append(_("Audio and video need a transcript or captions."))
        if errors:
            raise ValidationError(errors)

    def screened_texts(self, obj: Interpretation) -> list[tuple[str, str]]:
        # The interpreter's name is published on purpose; what is said about others is not.
        return [
            (str(_("title")), obj.title),
            (str(_("summary")), obj.summary),
            *((str(label), bodies.screening_text(body)) for label, body in obj.sections()),
            (str(_("transcript")), obj.transcript),
            *(
                (str(_("alternative text")), alt)
                for alt in obj.media.values_list("alt_text", flat=True)
            ),
            *(
                (str(_("caption")), caption)
                for caption in obj.media.values_list("caption", flat=True)
            ),
        ]

    def after_change(self, obj: Interpretation) -> None:
        # Published or withdrawn: the search index follows once the transaction commits.
        search_indexing.queue(obj)


class ConsultationPolicy(ScreenedTextPolicy[Consultation]):
    def check_submit(self, obj: Consultation) -> None:
        if obj.period_days < MIN_CONSULTATION_DAYS and not obj.short_period_reason.strip():
            raise ValidationError(
                _(
                    "Comments are taken for %(days)d days; a period under %(min)d days needs a "
                    "reason, which is published with the draft."
                )
                % {"days": obj.period_days, "min": MIN_CONSULTATION_DAYS}
            )

    def screened_texts(self, obj: Consultation) -> list[tuple[str, str]]:
        # Not ``contact``: the agency's address for comments is published on purpose.
        return [
            (str(_("title")), obj.title),
            (str(_("draft text")), bodies.screening_text(obj.draft_text)),
            (str(_("basis")), bodies.screening_text(obj.basis)),
            (str(_("explanation")), bodies.screening_text(obj.explanation)),
            (str(_("reason for a short period")), obj.short_period_reason),
        ]

    def before_publish(self, obj: Consultation, user: User, options: dict) -> None:
        if obj.closes_on < timezone.localdate():
            raise ValidationError(
                _("The comment period has already ended; return the draft to change the dates.")
            )

    def after_change(self, obj: Consultation) -> None:
        search_indexing.queue(obj)


def needs_interpretation(document: Document) -> bool:
    return document.is_normative or document.needs_interpretation


def three_sync_check(*, document: Document, user: User, waiver_reason: str = "") -> str:
    """三同步: a document that needs an interpretation is published after a published
    interpretation of it, or with a reason for publishing it without one, which is recorded.
    Returns the audit note ("" when nothing needs saying)."""
    if not needs_interpretation(document):
        return ""
    if Interpretation.objects.published().filter(documents=document).exists():
        return ""
    reason = waiver_reason.strip()
    if not reason:
        raise ValidationError(
            _(
                "This document needs a published interpretation (three synchronisations). "
                "Publish it together with its interpretation, or give the reason for "
                "publishing it without one."
            ),
            code="interpretation_missing",
        )
    InterpretationWaiver.objects.create(document=document, reason=reason, user=user)
    return _("Published without an interpretation: %(reason)s") % {"reason": reason}


@transaction.atomic
def document_publish(
    *, obj: Document, user: User, waiver_reason: str = "", note: str = ""
) -> Document:
    """Publish an approved document: the one service that does, so 三同步 is always checked
    (``waiver_reason`` is used only when it has no published interpretation). The back office's
    publish step of a document calls it (``interpretation.admin``)."""
    locked = Document.objects.select_for_update().get(pk=obj.pk)
    waiver = three_sync_check(document=locked, user=user, waiver_reason=waiver_reason)
    return workflow.publish(obj=locked, user=user, note="\n".join(filter(None, [note, waiver])))


@transaction.atomic
def publish_with_interpretation(
    *, document: Document, interpretation: Interpretation, user: User
) -> tuple[Document, Interpretation]:
    """三同步 in one action: publish an approved interpretation and the approved document it
    explains, in one transaction, so that neither goes public without the other."""
    # Lock both rows (document first, always) so no one else moves either meanwhile.
    locked_document = Document.objects.select_for_update().get(pk=document.pk)
    locked_interpretation = Interpretation.objects.select_for_update().get(pk=interpretation.pk)
    if not locked_interpretation.documents.filter(pk=locked_document.pk).exists():
        raise ValidationError(_("This interpretation is not linked to that document."))
    for item in (locked_interpretation, locked_document):
        if not access.can_act(user, item.agency_id, Role.PUBLISHER):
            raise PermissionDenied(
                _("Publishing both needs the publisher role in the agency of each.")
            )
        if item.status != Status.APPROVED:
            raise ValidationError(
                _("“%(title)s” is “%(status)s”; both must be approved to be published together.")
                % {"title": item, "status": item.get_status_display()}
            )
    # The interpretation first: the document's 三同步 check then finds it published.
    published_interpretation = workflow.publish(obj=locked_interpretation, user=user)
    published_document = document_publish(
        obj=locked_document,
        user=user,
        note=_("Published together with its interpretation “%(title)s”.")
        % {"title": locked_interpretation.title},
    )
    return published_document, published_interpretation
