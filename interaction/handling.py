"""Handling a message in the back office, and what the citizen does after the reply.

Staff of the agency the message is with (request handlers) route it to another agency or a
sub-agency (转办, with a reason; the clock keeps running from the first receipt), name a lead
office and assisting offices (承办/协办), which write their progress notes; the office head may
extend the reply period once, with a reason. The reply itself goes through the shared
review-and-publish workflow (``interaction.replies``). The citizen rates the reply with the query
code; a dissatisfied citizen may have the message reopened once, with a new reply period.

Each service locks the message, checks the role and the state, and writes one event.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import screening
from interaction import clock
from interaction.intake import record_event
from interaction.models import (
    ContactAccess,
    Message,
    MessageDesk,
    MessageOffice,
    MessageReply,
    MessageStatus,
    OfficeRole,
    ProgressNote,
    Rating,
)
from portal import access
from portal.models import Agency, StaffRole
from publishing.models import Status
from requests_app import privacy

Role = StaffRole.Role
MAX_EXTENSION_WORKDAYS = 15


def _locked(message: Message) -> Message:
    return Message.objects.select_for_update().select_related("kind", "agency").get(pk=message.pk)


def _require_open(message: Message) -> None:
    if not message.is_open:
        raise ValidationError(
            _("The message is “%(status)s”; this is no longer possible.")
            % {"status": message.get_status_display()}
        )


def visible_messages(user: User) -> QuerySet[Message]:
    """The messages a staff member may see: those with an agency where they hold a role, and
    those their office handles (lead or assisting)."""
    messages = Message.objects.all()
    if access.is_superuser(user):
        return messages
    ids = access.agency_ids_for(user)
    if not ids:
        return messages.none()
    return messages.filter(Q(agency_id__in=ids) | Q(offices__agency_id__in=ids)).distinct()


CONTACT_ROLES = (Role.HANDLER, Role.OFFICE_HEAD, Role.PRIVACY_OFFICER)


def sees_contacts(user: User | AnonymousUser, message: Message) -> bool:
    """Whether the user sees the citizen's name, contacts and files in full: those who answer
    citizens (handlers, office heads, the privacy officer) of the agency the message is with or
    of its lead office; drafters, reviewers and publishers see them masked."""
    offices = [
        message.agency_id,
        *message.offices.filter(role=OfficeRole.LEAD).values_list("agency_id", flat=True),
    ]
    return any(access.can_act(user, office, role) for office in offices for role in CONTACT_ROLES)


SUPERVISOR_ROLES = (Role.OFFICE_HEAD, Role.PRIVACY_OFFICER)


def contact_access_record(*, user: User, message: Message, what: str, page: str) -> ContactAccess:
    """Log one view of the citizen's name and contacts (or file) in full; the office head and
    the privacy officer read the log (个人信息保护法 Art 54)."""
    return ContactAccess.objects.create(user=user, message=message, what=what, page=page[:300])


def contact_log_for(user: User | AnonymousUser) -> QuerySet[ContactAccess]:
    """The log of the agencies where the user is office head or privacy officer."""
    return access.scope_queryset(
        ContactAccess.objects.all(), user, agency_field="message__agency", roles=SUPERVISOR_ROLES
    )


def can_read_contact_log(user: User | AnonymousUser) -> bool:
    return access.is_superuser(user) or bool(access.agency_ids_for(user, SUPERVISOR_ROLES))


def routing_targets(message: Message) -> QuerySet[Agency]:
    """Where a message may be routed: any agency that takes messages, and the agency's own
    sub-agencies and offices (which need not have a desk of their own)."""
    desks = MessageDesk.objects.filter(is_open=True).values("agency_id")
    return (
        Agency.objects.active()
        .filter(
            Q(pk__in=desks)
            | Q(path__startswith=message.agency.path, depth__gt=message.agency.depth)
        )
        .exclude(pk=message.agency_id)
        .order_by("path")
    )


@transaction.atomic
def message_route(*, message: Message, user: User, to: Agency, reason: str) -> Message:
    """转办: hand the message to another agency (or a sub-agency) with a reason. The offices
    named so far were the old agency's and are released; the reply clock keeps running."""
    locked = _locked(message)
    access.require_role(user, locked.agency_id, Role.HANDLER)
    _require_open(locked)
    if not reason.strip():
        raise ValidationError(_("Say why the message goes to another agency."))
    if not routing_targets(locked).filter(pk=to.pk).exists():
        raise ValidationError(
            _("%(name)s does not take messages and is not part of %(agency)s.")
            % {"name": to.name, "agency": locked.agency.name}
        )
    previous = locked.agency
    locked.agency = to
    locked.status = MessageStatus.RECEIVED
    locked.save(update_fields=["agency", "status", "updated_at"])
    locked.offices.all().delete()
    record_event(
        locked,
        action="route",
        user=user,
        note=f"{previous.name} → {to.name}: {reason.strip()}",
        public_note=_("Your message was passed from %(from)s to %(to)s, which will reply.")
        % {"from": previous.name, "to": to.name},
    )
    return locked


@transaction.atomic
def message_assign(
    *, message: Message, user: User, lead: Agency, assisting: Iterable[Agency] = ()
) -> Message:
    """Name the lead office (承办) and the assisting offices (协办): the agency itself or its
    sub-agencies lead; any active agency may assist."""
    locked = _locked(message)
    access.require_role(user, locked.agency_id, Role.HANDLER)
    _require_open(locked)
    if lead.pk != locked.agency_id and not (
        lead.path.startswith(locked.agency.path) and lead.depth > locked.agency.depth
    ):
        raise ValidationError(
            _("The lead office is %(agency)s or one of its sub-agencies.")
            % {"agency": locked.agency.name}
        )
    helpers = [agency for agency in assisting if agency.pk != lead.pk]
    locked.offices.all().delete()
    MessageOffice.objects.create(
        message=locked, agency=lead, role=OfficeRole.LEAD, assigned_by=user
    )
    for agency in helpers:
        MessageOffice.objects.create(
            message=locked, agency=agency, role=OfficeRole.ASSIST, assigned_by=user
        )
    locked.status = MessageStatus.IN_PROGRESS
    locked.save(update_fields=["status", "updated_at"])
    names = "、".join(agency.name for agency in helpers)
    record_event(
        locked,
        action="assign",
        user=user,
        note=_("Lead: %(lead)s; assisting: %(assisting)s")
        % {"lead": lead.name, "assisting": names or "—"},
        public_note=_("Your message is being handled by %(lead)s.") % {"lead": lead.name},
    )
    return locked


def lead_office(message: Message) -> Agency:
    """The office that replies: the lead office, or the agency the message is with."""
    office = message.offices.filter(role=OfficeRole.LEAD).select_related("agency").first()
    return office.agency if office else message.agency


@transaction.atomic
def note_add(*, message: Message, user: User, office: Agency, text: str) -> ProgressNote:
    """A progress note of one of the handling offices, by its staff."""
    locked = _locked(message)
    if not text.strip():
        raise ValidationError(_("Write what the office did."))
    if not locked.offices.filter(agency=office).exists() and office.pk != locked.agency_id:
        raise ValidationError(
            _("%(office)s is not handling this message.") % {"office": office.name}
        )
    if not access.is_staff_of(user, office):
        raise PermissionDenied(
            _("Only the staff of %(office)s write its notes.") % {"office": office.name}
        )
    return ProgressNote.objects.create(
        message=locked, office=office, author=user, text=text.strip()
    )


@transaction.atomic
def message_extend(*, message: Message, user: User, workdays: int, reason: str) -> Message:
    """The office head extends the reply period once, by up to 15 working days, with a reason
    the citizen reads."""
    locked = _locked(message)
    access.require_role(user, locked.agency_id, Role.OFFICE_HEAD)
    _require_open(locked)
    if locked.extension_workdays:
        raise ValidationError(_("The reply period of this message was already extended once."))
    if not 1 <= workdays <= MAX_EXTENSION_WORKDAYS:
        raise ValidationError(
            _("An extension is 1 to %(max)d working days.") % {"max": MAX_EXTENSION_WORKDAYS}
        )
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension; the citizen reads it."))
    if locked.due_on < timezone.localdate():
        raise ValidationError(_("The reply is already overdue; an extension is granted before."))
    locked.extension_workdays = workdays
    locked.extension_reason = reason.strip()
    locked.due_on = clock.due_date(locked)
    locked.save(update_fields=["extension_workdays", "extension_reason", "due_on", "updated_at"])
    record_event(
        locked,
        action="extend",
        user=user,
        note=reason.strip(),
        public_note=_(
            "The reply period was extended by %(days)d working days to %(due)s: %(reason)s"
        )
        % {"days": workdays, "due": locked.due_on.isoformat(), "reason": reason.strip()},
    )
    return locked


@transaction.atomic
def reply_draft(*, message: Message, user: User, text: str, show_publicly: bool) -> MessageReply:
    """Draft the reply, in the lead office's name; it then goes through review
    (``publishing.workflow``)."""
    locked = _locked(message)
    _require_open(locked)
    office = lead_office(locked)
    access.require_role(user, office, Role.DRAFTER)
    if not text.strip():
        raise ValidationError(_("Write the reply."))
    if show_publicly and not locked.publication_consent:
        raise ValidationError(
            _("The citizen did not agree to publication: the reply can only be sent to them.")
        )
    pending = locked.replies.exclude(status__in=[Status.PUBLISHED, Status.WITHDRAWN])
    if pending.exists():
        raise ValidationError(_("A reply to this message is already being drafted or reviewed."))
    reply = MessageReply.objects.create(
        message=locked, agency=office, text=text.strip(), show_publicly=show_publicly, drafter=user
    )
    if not locked.public_subject:
        prepare_public_texts(locked)
    return reply


def public_text_editable(message: Message) -> bool:
    """Whether staff may still edit the question as published: while the message is open and
    no reply is in review, approved or on the site — the screening at approval must see the
    text that is published."""
    if not message.is_open:
        return False
    locked_by = message.replies.filter(
        Q(status__in=[Status.IN_REVIEW, Status.APPROVED])
        | Q(status=Status.PUBLISHED, show_publicly=True)
    )
    return not locked_by.exists()


def masked_copy(message: Message, text: str) -> str:
    """``text`` (the citizen's subject or question) with the personal data the screening finds
    masked, and the citizen's own name wherever they wrote it."""
    for match in sorted(screening.find_personal_data(text), key=lambda m: -m.start):
        text = text[: match.start] + screening.mask(match.kind, match.text) + text[match.end :]
    if len(message.name) >= 2:
        text = text.replace(message.name, privacy.mask_name(message.name))
    return text


def staff_subject(message: Message) -> str:
    """The subject as the back office's lists and links show it to every role: the published
    wording once prepared, else the citizen's subject masked (their own words may name them or
    others); the full subject is on the message page for those who see the contacts."""
    return message.public_subject or masked_copy(message, message.subject)


def prepare_public_texts(message: Message) -> None:
    """The question as it would be published: personal data found by the screening masked.
    Staff edit it further before review; the screening runs again at approval."""
    message.public_subject = masked_copy(message, message.subject)
    message.public_text = masked_copy(message, message.text)
    message.save(update_fields=["public_subject", "public_text", "updated_at"])


@transaction.atomic
def correction_confirm(*, message: Message, user: User, note: str) -> Message:
    """Staff confirm the error a citizen reported on a document; the document is then
    corrected through its own edit (with the Art 26 change duty), linked from the message."""
    locked = _locked(message)
    access.require_role(user, locked.agency_id, Role.HANDLER)
    if locked.document_id is None:
        raise ValidationError(_("This message is not about a published document."))
    if locked.correction_confirmed_at is not None:
        raise ValidationError(_("The error was already confirmed."))
    if not note.strip():
        raise ValidationError(_("Say what is wrong and how it will be corrected."))
    locked.correction_confirmed_at = timezone.now()
    locked.save(update_fields=["correction_confirmed_at", "updated_at"])
    record_event(
        locked,
        action="confirm_error",
        user=user,
        note=note.strip(),
        public_note=_(
            "The agency confirmed the error you reported and is correcting the document."
        ),
    )
    return locked


# --- The citizen, after the reply ----------------------------------------------------------


@transaction.atomic
def message_rate(*, message: Message, rating: str, comment: str = "") -> Message:
    """The citizen rates the reply. Satisfied (or fairly) closes the message; dissatisfied
    leaves it open to one reopening."""
    locked = _locked(message)
    if locked.status != MessageStatus.REPLIED:
        raise ValidationError(_("Only a replied message can be rated."))
    if locked.rating:
        raise ValidationError(_("You have already rated this reply."))
    if rating not in Rating.values:
        raise ValidationError(_("Choose how satisfied you are with the reply."))
    locked.rating = rating
    locked.rated_at = timezone.now()
    locked.rating_comment = comment.strip()[:500]
    if rating != Rating.DISSATISFIED or locked.reopened_on is not None:
        locked.status = MessageStatus.CLOSED
    locked.save(update_fields=["rating", "rated_at", "rating_comment", "status", "updated_at"])
    record_event(
        locked,
        action="rate",
        actor_label="留言人",
        note=f"{locked.get_rating_display()} {locked.rating_comment}".strip(),
        public_note=_("You rated the reply: %(rating)s.") % {"rating": locked.get_rating_display()},
    )
    return locked


@transaction.atomic
def message_reopen(*, message: Message, reason: str) -> Message:
    """A dissatisfied citizen has the message handled again, once; a new reply period runs
    from today's receipt date."""
    locked = _locked(message)
    if not locked.can_reopen:
        raise ValidationError(
            _("A message can be reopened once, after you rated its reply as dissatisfied.")
        )
    if not reason.strip():
        raise ValidationError(_("Say what the reply left unanswered."))
    locked.reopened_on = clock.receipt_date(timezone.localdate())
    locked.status = MessageStatus.IN_PROGRESS
    locked.rating = ""
    locked.rated_at = None
    locked.replied_on = None
    locked.due_on = clock.due_date(locked)
    locked.save()
    record_event(
        locked,
        action="reopen",
        actor_label="留言人",
        note=reason.strip(),
        public_note=_(
            "You asked for the message to be handled again. The new reply is due by %(due)s."
        )
        % {"due": locked.due_on.isoformat()},
    )
    return locked
