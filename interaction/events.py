"""The rules of online interviews (在线访谈) and public government meetings (会议公开).

Announcements, transcripts and minutes go through the shared review-and-publish workflow
(``publishing.workflow``) with the policies here: their texts are screened for personal data at
approval (Art 15), a transcript or minutes only after the event, and only once its announcement
is published. Applications to attend a meeting are taken while its period is open and while
public seats are left; the seats are counted under a lock on the meeting, so two last
applications cannot both take the last seat. Applicants' personal data are erased a set number
of days after the meeting (``anonymise_past_applications``, daily).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.workflow import ScreenedTextPolicy
from interaction.models.events import (
    ApplicationAccess,
    ApplicationPhase,
    Decision,
    DeclineReason,
    IdType,
    Interview,
    InterviewPhase,
    InterviewRecord,
    MediaKind,
    Meeting,
    MeetingApplication,
    MeetingMinutes,
)
from portal import access, emails, page_cache, queue
from portal.models import StaffRole
from portal.search import indexing as search_indexing
from publishing import drafts, media
from publishing.events import EventRecord
from publishing.models import Publishable, Status
from publishing.workflow import record_event

Role = StaffRole.Role
P = TypeVar("P", bound=Publishable)

# 个人信息保护法 Art 6: applicants' data are seen by the staff who handle the public's data
# (the roles that see information-request applicants), not by every editor of the agency.
APPLICATION_HANDLERS = [Role.HANDLER, Role.OFFICE_HEAD, Role.PRIVACY_OFFICER]

MOBILE = re.compile(r"1\d{10}")


# --- Drafts -------------------------------------------------------------------------------


check_drafter = drafts.check_drafter


def draft_save(*, obj: P, user: User) -> P:
    """Create or update a draft announcement, transcript or minutes. A transcript or minutes
    takes the agency of its interview or meeting."""
    if isinstance(obj, EventRecord):
        obj.take_agency()
    return drafts.save_draft(obj, user=user)


# --- Workflow policies --------------------------------------------------------------------


class InterviewPolicy(ScreenedTextPolicy[Interview]):
    def check_submit(self, obj: Interview) -> None:
        if not obj.guests.exists():
            raise ValidationError(_("Name at least one guest of the interview before submitting."))

    def screened_texts(self, obj: Interview) -> list[tuple[str, str]]:
        # The guests are public officials named on purpose; the rest is screened.
        return [(str(_("topic")), obj.title), (str(_("summary")), obj.summary)]

    def after_change(self, obj: Interview) -> None:
        search_indexing.queue(obj)


class InterviewRecordPolicy(ScreenedTextPolicy[InterviewRecord]):
    def check_submit(self, obj: InterviewRecord) -> None:
        if obj.interview.phase() == InterviewPhase.UPCOMING:
            raise ValidationError(
                _("The transcript is submitted after the interview has taken place.")
            )
        if not obj.transcript.strip():
            raise ValidationError(_("Write the transcript before submitting."))

    def screened_texts(self, obj: InterviewRecord) -> list[tuple[str, str]]:
        return [
            (str(_("transcript")), obj.transcript),
            *(
                (str(_("text alternative")), alt)
                for alt in obj.media.values_list("alt_text", flat=True)
            ),
            *((str(_("title")), title) for title in obj.media.values_list("title", flat=True)),
        ]

    def before_publish(self, obj: InterviewRecord, user: User, options: dict) -> None:
        if obj.interview.status != Status.PUBLISHED:
            raise ValidationError(_("Publish the interview's announcement first."))

    def after_change(self, obj: InterviewRecord) -> None:
        # The interview's page, search entry and sitemap date carry the transcript: its
        # ``updated_at`` moves too, so the index reconciliation catches up if the queue fails.
        Interview.objects.filter(pk=obj.interview_id).update(updated_at=timezone.now())
        search_indexing.queue(obj.interview)


class MeetingPolicy(ScreenedTextPolicy[Meeting]):
    def screened_texts(self, obj: Meeting) -> list[tuple[str, str]]:
        # Not ``contact``: the agency's address for questions is published on purpose.
        return [
            (str(_("title")), obj.title),
            (str(_("place")), obj.place),
            (str(_("agenda")), obj.agenda),
        ]

    def before_publish(self, obj: Meeting, user: User, options: dict) -> None:
        # Seed 000 (五): the agenda is published in advance, so the public can apply to attend.
        if obj.applications_close_at <= timezone.now():
            raise ValidationError(
                _(
                    "The application period has already ended; return the announcement to "
                    "change the dates."
                )
            )

    def after_change(self, obj: Meeting) -> None:
        search_indexing.queue(obj)


class MeetingMinutesPolicy(ScreenedTextPolicy[MeetingMinutes]):
    def check_submit(self, obj: MeetingMinutes) -> None:
        if not obj.meeting.has_ended():
            raise ValidationError(_("The minutes are submitted after the meeting has ended."))
        if not obj.text.strip():
            raise ValidationError(_("Write the minutes and decisions before submitting."))

    def screened_texts(self, obj: MeetingMinutes) -> list[tuple[str, str]]:
        return [(str(_("minutes and decisions")), obj.text)]

    def before_publish(self, obj: MeetingMinutes, user: User, options: dict) -> None:
        if obj.meeting.status != Status.PUBLISHED:
            raise ValidationError(_("Publish the meeting's announcement first."))

    def after_change(self, obj: MeetingMinutes) -> None:
        Meeting.objects.filter(pk=obj.meeting_id).update(updated_at=timezone.now())
        search_indexing.queue(obj.meeting)


# --- Pictures and video of an interview ---------------------------------------------------

ACCEPTED: dict[str, str] = {MediaKind.IMAGE: "JPEG、PNG、WebP、GIF", MediaKind.VIDEO: "MP4、WebM"}
MAX_BYTES: dict[str, int] = {MediaKind.IMAGE: 10 * media.MB, MediaKind.VIDEO: 1024 * media.MB}
SERVED: dict[str, dict[str, str]] = {
    MediaKind.IMAGE: media.IMAGE_TYPES,
    MediaKind.VIDEO: media.VIDEO_TYPES,
}


def inspect_media(upload: UploadedFile, kind: str) -> media.MediaInfo:
    """Check an uploaded picture or video by its bytes (``publishing.media``). Raises
    ValidationError."""
    if kind not in MAX_BYTES:
        raise ValidationError(_("Choose whether the file is a picture or the video."))
    rule = media.MediaRule(
        label=MediaKind(kind).label,
        max_bytes=MAX_BYTES[kind],
        accepted=ACCEPTED[kind],
        served=SERVED[kind],
    )
    return media.inspect_media(upload, rule)


# --- Applications to attend a meeting -------------------------------------------------------


@dataclass(frozen=True)
class ApplicationCounts:
    applied: int
    accepted: int
    declined: int
    pending: int


def application_counts(meeting: Meeting) -> ApplicationCounts:
    figures = meeting.applications.aggregate(
        applied=Count("pk"),
        accepted=Count("pk", filter=Q(decision=Decision.ACCEPTED)),
        declined=Count("pk", filter=Q(decision=Decision.DECLINED)),
        pending=Count("pk", filter=Q(decision=Decision.PENDING)),
    )
    return ApplicationCounts(**figures)


def seats_taken(meeting: Meeting) -> int:
    """Applications holding a seat: accepted or awaiting a decision (a declined one frees
    its seat)."""
    return meeting.applications.exclude(decision=Decision.DECLINED).count()


def seats_left(meeting: Meeting) -> int:
    return max(meeting.seats - seats_taken(meeting), 0)


def _check_open(meeting: Meeting, now: dt.datetime) -> None:
    if meeting.status != Status.PUBLISHED:
        raise ValidationError(_("This meeting does not take applications."), code="closed")
    phase = meeting.application_phase(now)
    if phase == ApplicationPhase.NOT_YET:
        raise ValidationError(
            _("Applications open on %(date)s.")
            % {"date": timezone.localtime(meeting.applications_open_at).strftime("%Y-%m-%d %H:%M")},
            code="not_yet",
        )
    if phase == ApplicationPhase.CLOSED:
        raise ValidationError(
            _("The application period for this meeting has ended; no more applications are taken."),
            code="closed",
        )


@transaction.atomic
def application_submit(
    *,
    meeting: Meeting,
    name: str,
    mobile: str = "",
    id_type: str = "",
    id_number: str = "",
    email: str = "",
    reason: str = "",
    now: dt.datetime | None = None,
) -> MeetingApplication:
    """Apply to attend a public meeting. Raises ValidationError (nothing saved) when the
    period is not open, the seats are taken or the applicant cannot be identified."""
    moment = now or timezone.now()
    name, mobile, id_number = name.strip(), mobile.strip(), id_number.strip()
    if not name:
        raise ValidationError(_("Give your name."), code="name")
    if not mobile and not id_number:
        raise ValidationError(
            _("Give your mobile number or an identity document number, so that you can be "
              "admitted at the door."),
            code="identity",
        )  # fmt: skip
    if mobile and not MOBILE.fullmatch(mobile):
        raise ValidationError(_("Enter an 11-digit mobile number."), code="mobile")
    if id_number and not id_type:
        raise ValidationError(_("Say which identity document the number is of."), code="id_type")
    if id_type not in IdType.values:
        raise ValidationError(_("Choose an identity document from the list."), code="id_type")
    # The lock on the meeting serialises applications to it: the count below cannot change
    # before this one is saved, so the last seat goes to one applicant only.
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(locked, moment)
    if seats_taken(locked) >= locked.seats:
        raise ValidationError(
            _("All %(seats)d public seats of this meeting are taken; no more applications are "
              "taken.") % {"seats": locked.seats},
            code="full",
        )  # fmt: skip
    number = (locked.applications.aggregate(last=Max("number"))["last"] or 0) + 1
    application = MeetingApplication.objects.create(
        meeting=locked,
        number=number,
        submitted_at=moment,
        name=name,
        id_type=id_type if id_number else "",
        id_number=id_number,
        mobile=mobile,
        email=email.strip(),
        reason=reason.strip(),
    )
    page_cache.public_content_changed()  # the page shows the counts
    return application


def can_handle_applications(user: User | AnonymousUser, agency_id: int) -> bool:
    """Whether the user sees and decides the applications to the agency's meetings. Being a
    superuser is not enough: running the portal is not handling the public's data."""
    return agency_id in access.agency_ids_for(user, APPLICATION_HANDLERS)


def _require_handler(user: User, meeting: Meeting) -> None:
    if not can_handle_applications(user, meeting.agency_id):
        raise PermissionDenied(
            _("Deciding on applications needs the role of request handler, office head or "
              "personal-information protection officer in the agency.")
        )  # fmt: skip


def check_decision(
    *, application: MeetingApplication, user: User, decision: str, decline_reason: str = ""
) -> None:
    """Raise PermissionDenied or ValidationError when the decision cannot be recorded (for the
    form; ``application_decide`` checks again under the lock)."""
    meeting = application.meeting
    _require_handler(user, meeting)
    if application.anonymised_at is not None:
        raise ValidationError(_("The applicant's data have been erased; the decision is final."))
    if decision not in {Decision.ACCEPTED, Decision.DECLINED}:
        raise ValidationError(_("Choose accepted or declined."))
    if decision == Decision.DECLINED and decline_reason not in DeclineReason.values:
        raise ValidationError(_("Choose the reason for declining."))
    if decision == Decision.ACCEPTED:
        accepted = meeting.applications.filter(decision=Decision.ACCEPTED).exclude(
            pk=application.pk
        )
        if accepted.count() >= meeting.seats:
            raise ValidationError(
                _("All %(seats)d public seats are already given to accepted applicants.")
                % {"seats": meeting.seats}
            )


SUPERVISOR_ROLES = (Role.OFFICE_HEAD, Role.PRIVACY_OFFICER)


def application_access_record(
    *, user: User, application: MeetingApplication, page: str
) -> ApplicationAccess:
    """Log one view of an applicant's personal data (个人信息保护法 Art 54)."""
    return ApplicationAccess.objects.create(user=user, application=application, page=page[:300])


def application_access_log_for(user: User | AnonymousUser) -> QuerySet[ApplicationAccess]:
    """The log of the agencies where the user is office head or privacy officer."""
    return access.scope_queryset(
        ApplicationAccess.objects.all(), user, agency_field="application__meeting__agency",
        roles=SUPERVISOR_ROLES,
    )  # fmt: skip


def can_read_application_access_log(user: User | AnonymousUser) -> bool:
    return access.is_superuser(user) or bool(access.agency_ids_for(user, SUPERVISOR_ROLES))


@transaction.atomic
def application_decide(
    *,
    application: MeetingApplication,
    user: User,
    decision: str,
    decline_reason: str = "",
    note: str = "",
) -> MeetingApplication:
    """Accept or decline an application (declining with a reason, which is published with
    the decision, never with the applicant's name). Recorded in the meeting's audit trail."""
    # The meeting first (as applications do), then the application: the seat count cannot
    # change while it is checked.
    meeting = Meeting.objects.select_for_update().get(pk=application.meeting_id)
    locked = (
        MeetingApplication.objects.select_for_update()
        .select_related("meeting")
        .get(pk=application.pk)
    )
    check_decision(application=locked, user=user, decision=decision, decline_reason=decline_reason)
    locked.decision = decision
    locked.decline_reason = decline_reason if decision == Decision.DECLINED else ""
    locked.decision_note = note.strip()
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.save()
    page_cache.public_content_changed()
    transaction.on_commit(
        lambda: queue.enqueue("interaction.tasks_events.notify_decision", locked.pk)
    )
    label = locked.get_decline_reason_display() if decision == Decision.DECLINED else ""
    record_event(
        document=meeting,
        user=user,
        action=f"application_{decision}",
        note=": ".join(filter(None, [f"#{locked.number}", str(label)])),
    )
    return locked


def deliver_decision_notice(application_id: int) -> bool:
    """E-mail the applicant the decision, once, if they gave an address (the row is locked
    while sending and marked in the same transaction)."""
    with transaction.atomic():
        application = (
            MeetingApplication.objects.select_for_update(of=("self",))
            .select_related("meeting__agency")
            .get(pk=application_id)
        )
        if (
            not application.email
            or application.decision == Decision.PENDING
            or application.decision_notified_at is not None
        ):
            return False
        emails.send(
            "meeting-decision", to=[application.email], context={"application": application}
        )
        application.decision_notified_at = timezone.now()
        application.save(update_fields=["decision_notified_at"])
    return True


# --- Retention ----------------------------------------------------------------------------


def anonymise_past_applications(now: dt.datetime | None = None) -> int:
    """Erase the personal data of applications to meetings that ended more than
    ``MEETING_APPLICATION_RETENTION_DAYS`` ago; the number, dates and decision stay for the
    public record. Idempotent: returns how many were erased now (0 when run again)."""
    moment = now or timezone.now()
    cutoff = moment - dt.timedelta(days=settings.MEETING_APPLICATION_RETENTION_DAYS)
    due = MeetingApplication.objects.filter(meeting__ends_at__lt=cutoff, anonymised_at__isnull=True)
    erased = 0
    for application in due.iterator():
        application.name = ""
        application.id_type = ""
        application.id_number = ""
        application.mobile = ""
        application.email = ""
        application.reason = ""
        application.decision_note = ""
        application.anonymised_at = moment
        application.save()
        erased += 1
    return erased
