"""Consultations on major decisions (重大决策预公开): public comments, their moderation and the
adoption report (意见采纳情况), and closing when the period ends.

Comments are taken only while a published consultation is open. Nothing a member of the public
writes appears before a moderator approves it, after the same screening for personal data as a
document (Art 15), and the contact they give never appears at all.
After closing, the agency decides for each approved comment whether it was adopted (a reason
when partly or not adopted) and publishes the report, written in the editor and sanitised
(``interpretation.bodies``); it is reminded until it does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import screening
from interpretation import bodies
from interpretation.models import Adoption, Comment, Consultation, Moderation, Phase
from portal import access, emails, page_cache
from portal.models import StaffRole
from portal.search import indexing as search_indexing
from publishing.models import Status
from publishing.workflow import record_event

Role = StaffRole.Role

MODERATORS = [Role.REVIEWER, Role.PUBLISHER]
ADOPTION_EDITORS = [Role.DRAFTER, Role.REVIEWER, Role.PUBLISHER]
REPORT_PUBLISHERS = [Role.PUBLISHER]
REPORT_RECIPIENTS = [Role.PUBLISHER, Role.OFFICE_HEAD]
# Until the adoption report is out, the agency hears about it again every week.
REMIND_EVERY_DAYS = 7

COMMENT_MIN_LENGTH = 5
COMMENT_MAX_LENGTH = 2000


def _require(user: User, consultation: Consultation, roles: Sequence[str]) -> None:
    if not any(access.can_act(user, consultation.agency_id, role) for role in roles):
        labels = "、".join(str(Role(role).label) for role in roles)
        raise PermissionDenied(
            _("This needs one of the roles %(roles)s in %(agency)s.")
            % {"roles": labels, "agency": consultation.agency.name}
        )


# --- Comments -----------------------------------------------------------------------------


def comment_submit(
    *, consultation: Consultation, name: str, contact: str, body: str, today: dt.date | None = None
) -> Comment:
    """A comment from the public page; it waits for moderation."""
    if consultation.status != Status.PUBLISHED or consultation.phase(today) != Phase.OPEN:
        raise ValidationError(_("Comments on this draft are not being taken now."))
    return Comment.objects.create(
        consultation=consultation, name=name.strip(), contact=contact.strip(), body=body.strip()
    )


@transaction.atomic
def comment_moderate(
    *,
    comment: Comment,
    user: User,
    approve: bool,
    reason: str = "",
    override_reason: str = "",
) -> Comment:
    """Approve a comment for publication, or reject it with a reason (kept internal).

    Art 15: what the public writes is screened like a document before it is published (a
    commenter's ID or phone number, or someone else's); approval with hits needs
    ``override_reason``, recorded in the consultation's audit trail."""
    locked = (
        Comment.objects.select_for_update()
        .select_related("consultation__agency")
        .get(pk=comment.pk)
    )
    _require(user, locked.consultation, MODERATORS)
    if not approve and not reason.strip():
        raise ValidationError(_("Give the reason for rejecting the comment."))
    override = ""
    if approve:
        # The name is published with the comment; the contact never is.
        override = screening.check_publishable_texts(
            agency_id=locked.consultation.agency_id,
            texts=[(str(_("name")), locked.name), (str(_("comment")), locked.body)],
            override_reason=override_reason,
        )
    locked.moderation = Moderation.APPROVED if approve else Moderation.REJECTED
    locked.rejection_reason = "" if approve else reason.strip()
    locked.moderated_by = user
    locked.moderated_at = timezone.now()
    locked.save()
    page_cache.public_content_changed()  # the consultation's page shows approved comments
    record_event(
        document=locked.consultation,
        user=user,
        action="comment_approve" if approve else "comment_reject",
        note=": ".join(filter(None, [f"#{locked.pk}", override or locked.rejection_reason])),
    )
    return locked


@transaction.atomic
def comment_set_adoption(
    *, comment: Comment, user: User, adoption: str, reason: str = ""
) -> Comment:
    """Record whether an approved comment was adopted; partly or not adopted needs a reason."""
    locked = (
        Comment.objects.select_for_update()
        .select_related("consultation__agency")
        .get(pk=comment.pk)
    )
    _require(user, locked.consultation, ADOPTION_EDITORS)
    if locked.consultation.report_published_at is not None:
        raise ValidationError(_("The adoption report is published; its decisions are final."))
    if locked.moderation != Moderation.APPROVED:
        raise ValidationError(_("Only approved comments are considered for adoption."))
    if adoption not in Adoption.values:
        raise ValidationError(_("Choose adopted, partly adopted or not adopted."))
    if adoption != Adoption.ADOPTED and not reason.strip():
        raise ValidationError(_("Say why the comment was not, or only partly, adopted."))
    locked.adoption = adoption
    locked.adoption_reason = reason.strip()
    locked.save(update_fields=["adoption", "adoption_reason"])
    return locked


# --- The adoption report ------------------------------------------------------------------


@dataclass(frozen=True)
class AdoptionSummary:
    received: int
    approved: int
    rejected: int
    pending: int
    adopted: int
    partly: int
    not_adopted: int

    @property
    def undecided(self) -> int:
        return self.approved - self.adopted - self.partly - self.not_adopted


def adoption_summary(consultation: Consultation) -> AdoptionSummary:
    """The figures of the report, in one aggregate query."""
    approved = Q(moderation=Moderation.APPROVED)
    figures = consultation.comments.aggregate(
        received=Count("pk"),
        approved=Count("pk", filter=approved),
        rejected=Count("pk", filter=Q(moderation=Moderation.REJECTED)),
        pending=Count("pk", filter=Q(moderation=Moderation.PENDING)),
        adopted=Count("pk", filter=approved & Q(adoption=Adoption.ADOPTED)),
        partly=Count("pk", filter=approved & Q(adoption=Adoption.PARTLY)),
        not_adopted=Count("pk", filter=approved & Q(adoption=Adoption.NOT_ADOPTED)),
    )
    return AdoptionSummary(**figures)


@transaction.atomic
def consultation_close(*, consultation: Consultation, user: User | None = None) -> bool:
    """Stop taking comments. Idempotent: False when it was already closed."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.closed_at is not None:
        return False
    locked.closed_at = timezone.now()
    locked.save(update_fields=["closed_at", "updated_at"])
    page_cache.public_content_changed()
    record_event(document=locked, user=user, action="close")
    return True


@transaction.atomic
def report_publish(
    *, consultation: Consultation, user: User, report: str, override_reason: str = ""
) -> Consultation:
    """Publish how the comments were adopted (意见采纳情况), once comments are closed and every
    comment is moderated and every approved one decided.

    The report and the published replies to comments (the reasons for not adopting them) are
    screened for personal data first (Art 15); publishing with hits needs ``override_reason``,
    recorded in the audit trail."""
    locked = (
        Consultation.objects.select_for_update().select_related("agency").get(pk=consultation.pk)
    )
    _require(user, locked, REPORT_PUBLISHERS)
    if locked.status != Status.PUBLISHED or locked.phase() != Phase.CLOSED:
        raise ValidationError(_("The report is published after the comment period has closed."))
    if locked.report_published_at is not None:
        raise ValidationError(_("The adoption report is already published."))
    report = bodies.report_clean(report)
    if not report:
        raise ValidationError(_("Write the report: how the comments were considered."))
    summary = adoption_summary(locked)
    if summary.pending:
        raise ValidationError(
            _("%(count)d comments still await moderation.") % {"count": summary.pending}
        )
    if summary.undecided:
        raise ValidationError(
            _("Decide for %(count)d approved comments whether they were adopted.")
            % {"count": summary.undecided}
        )
    replies = locked.comments.approved().exclude(adoption_reason="").order_by("pk")
    override = screening.check_publishable_texts(
        agency_id=locked.agency_id,
        texts=[
            (str(_("adoption report")), bodies.screening_text(report)),
            *(
                (_("reply to comment #%(number)d") % {"number": reply.pk}, reply.adoption_reason)
                for reply in replies
            ),
        ],
        override_reason=override_reason,
    )
    now = timezone.now()
    if locked.closed_at is None:
        locked.closed_at = now
        record_event(document=locked, user=user, action="close")
    locked.report = report
    locked.report_published_at = now
    locked.save()
    record_event(document=locked, user=user, action="publish_report", note=override)
    search_indexing.queue(locked)  # the report is searched with the draft
    return locked


# --- The daily sweep ----------------------------------------------------------------------


def _recipients(consultation: Consultation) -> list[str]:
    addresses = sorted(
        set(
            get_user_model()
            .objects.filter(
                is_active=True,
                staff_roles__agency_id=consultation.agency_id,
                staff_roles__role__in=REPORT_RECIPIENTS,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not addresses and consultation.agency.office_email:
        addresses = [consultation.agency.office_email]
    return addresses


def send_report_reminder(*, consultation: Consultation, to: list[str]) -> None:
    path = reverse("admin:interpretation_consultation_change", args=[consultation.pk])
    emails.send(
        "consultation-report-reminder",
        to=to,
        context={
            "consultation": consultation,
            "summary": adoption_summary(consultation),
            "admin_url": f"{settings.SITE_URL}{path}",
        },
    )


def close_due_consultations(today: dt.date | None = None) -> int:
    """Close the published consultations whose last day has passed; returns how many."""
    day = today or timezone.localdate()
    closed = 0
    for consultation in Consultation.objects.due_to_close(day):
        closed += consultation_close(consultation=consultation)
    return closed


def send_report_reminders(today: dt.date | None = None) -> int:
    """Remind each agency with a closed consultation and no adoption report yet, at most once
    every ``REMIND_EVERY_DAYS``; safe to run twice a day. Returns the reminders sent."""
    day = today or timezone.localdate()
    cutoff = timezone.make_aware(
        dt.datetime.combine(day - dt.timedelta(days=REMIND_EVERY_DAYS - 1), dt.time.min)
    )
    waiting = (
        Consultation.objects.published()
        .filter(closed_at__isnull=False, report_published_at__isnull=True)
        .filter(Q(report_reminded_at__isnull=True) | Q(report_reminded_at__lt=cutoff))
        .select_related("agency")
    )
    sent = 0
    for consultation in waiting:
        to = _recipients(consultation)
        if not to:
            continue
        send_report_reminder(consultation=consultation, to=to)
        Consultation.objects.filter(pk=consultation.pk).update(report_reminded_at=timezone.now())
        sent += 1
    return sent
