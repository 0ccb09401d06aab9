"""Recording a suggestion or proposal and its reply: only drafts are edited, only by drafters of
the lead agency; the number is unique for its kind and year; the reply is sanitised HTML; the
dates follow each other; the lead agency does not assist itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.documents import sanitize_body
from portal import access
from portal.models import Agency, StaffRole
from proposals.models import Proposal
from publishing.models import Status
from publishing.workflow import record_event

Role = StaffRole.Role


def check_drafter(proposal: Proposal, *, user: User | AnonymousUser) -> None:
    if proposal.agency_id and not access.can_act(user, proposal.agency_id, Role.DRAFTER):
        raise ValidationError(
            {"agency": _("You can only record items led by an agency where you are a drafter.")}
        )


def check_proposal(proposal: Proposal, *, today: dt.date | None = None) -> None:
    """Raises ValidationError (by field); tidies the texts and sanitises the reply."""
    today = today or timezone.localdate()
    proposal.title = " ".join(proposal.title.split())
    proposal.proposer = " ".join(proposal.proposer.split())
    proposal.session = " ".join(proposal.session.split())
    proposal.reply = sanitize_body(proposal.reply) if proposal.reply.strip() else ""
    errors: dict[str, str] = {}
    if proposal.year and not 1949 <= proposal.year <= today.year + 1:
        errors["year"] = _("Give the year of the session.")
    if proposal.number is not None and proposal.number < 1:
        errors["number"] = _("The number starts at 1.")
    if proposal.received_on:
        if proposal.received_on > today:
            errors["received_on"] = _("The assignment cannot be in the future.")
        elif proposal.year and proposal.received_on.year < proposal.year:
            errors["received_on"] = _(
                "An item of %(year)s cannot be assigned before that year."
            ) % {"year": proposal.year}
    if proposal.replied_on:
        if proposal.replied_on > today:
            errors["replied_on"] = _("The reply cannot be in the future.")
        elif proposal.received_on and proposal.replied_on < proposal.received_on:
            errors["replied_on"] = _("The reply cannot come before the assignment.")
    if proposal.kind and proposal.year and proposal.number:
        taken = Proposal.objects.filter(
            kind=proposal.kind, year=proposal.year, session=proposal.session,
            number=proposal.number,
        ).exclude(pk=proposal.pk)  # fmt: skip
        if taken.exists():
            errors["number"] = _("This number is already taken for this kind in this session.")
    if errors:
        raise ValidationError(errors)


def check_assisting(proposal: Proposal, assisting: Iterable[Agency]) -> None:
    if proposal.agency_id and any(agency.pk == proposal.agency_id for agency in assisting):
        raise ValidationError(
            {"assisting_agencies": _("The lead agency is not one of its own assisting agencies.")}
        )


@transaction.atomic
def proposal_save(
    *, proposal: Proposal, user: User, assisting: Iterable[Agency] | None = None
) -> Proposal:
    """Create or update a draft; with ``assisting``, the assisting agencies are replaced."""
    if proposal.pk:
        current = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if current.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be edited; this one is “%(status)s”.")
                % {"status": current.get_status_display()}
            )
    check_drafter(proposal, user=user)
    check_proposal(proposal)
    if assisting is not None:
        assisting = list(assisting)
        check_assisting(proposal, assisting)
    creating = proposal.pk is None
    if creating and proposal.drafter_id is None:
        proposal.drafter = user
    proposal.full_clean(exclude=["agency", "drafter"], validate_unique=False)
    proposal.save()
    if assisting is not None:
        proposal.assisting_agencies.set(assisting)
    if creating:
        record_event(document=proposal, user=user, action="create", to_status=Status.DRAFT)
    return proposal
