"""The review-and-publish workflow (公开属性源头认定 + 保密审查, domain-spec section 2).

    draft → in review → approved → published → withdrawn
      ↑________|___________|   (returned to the drafter from review or after approval)

Each move is a service function; the allowed moves are the data in ``TRANSITIONS`` and are
checked in one place (``_begin``). Every move writes one ``DocumentEvent``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure import selectors
from disclosure.models import (
    DisclosureAttribute,
    Document,
    DocumentEvent,
    ReviewResult,
    Status,
)
from portal import access
from portal.models import StaffRole

Role = StaffRole.Role


@dataclass(frozen=True)
class Transition:
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(
        gettext_lazy("Submit for review"),
        frozenset({Status.DRAFT}),
        Status.IN_REVIEW,
        frozenset({Role.DRAFTER}),
    ),
    "return": Transition(
        gettext_lazy("Return to the drafter"),
        frozenset({Status.IN_REVIEW, Status.APPROVED}),
        Status.DRAFT,
        frozenset({Role.REVIEWER, Role.PUBLISHER}),
    ),
    "approve": Transition(
        gettext_lazy("Approve"),
        frozenset({Status.IN_REVIEW}),
        Status.APPROVED,
        frozenset({Role.REVIEWER}),
    ),
    "publish": Transition(
        gettext_lazy("Publish"),
        frozenset({Status.APPROVED}),
        Status.PUBLISHED,
        frozenset({Role.PUBLISHER}),
    ),
    "withdraw": Transition(
        gettext_lazy("Withdraw"),
        frozenset({Status.PUBLISHED}),
        Status.WITHDRAWN,
        frozenset({Role.PUBLISHER}),
    ),
}


def record_event(
    *,
    document: Document,
    user: AbstractBaseUser | None,
    action: str,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> DocumentEvent:
    return DocumentEvent.objects.create(
        document=document,
        actor=user if user is not None and user.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def can_perform(document: Document, user: AbstractBaseUser, action: str) -> bool:
    transition = TRANSITIONS[action]
    return document.status in transition.sources and any(
        access.can_act(user, document.agency_id, role) for role in transition.roles
    )


def available_actions(document: Document, user: AbstractBaseUser) -> list[tuple[str, str]]:
    """(action, label) pairs the user may perform on the document now, for buttons."""
    return [
        (name, str(transition.label))
        for name, transition in TRANSITIONS.items()
        if can_perform(document, user, name)
    ]


def _begin(document: Document, user: AbstractBaseUser, action: str) -> tuple[Document, str]:
    """Lock the row and check the move; returns the locked document and its status."""
    transition = TRANSITIONS[action]
    locked = Document.objects.select_for_update().select_related("agency").get(pk=document.pk)
    if locked.status not in transition.sources:
        raise ValidationError(
            _("“%(action)s” is not possible while the document is “%(status)s”.")
            % {"action": transition.label, "status": locked.get_status_display()}
        )
    if not any(access.can_act(user, locked.agency_id, role) for role in transition.roles):
        roles = "、".join(str(Role(role).label) for role in sorted(transition.roles))
        raise PermissionDenied(
            _("“%(action)s” needs the role %(roles)s in %(agency)s.")
            % {"action": transition.label, "roles": roles, "agency": locked.agency.name}
        )
    return locked, locked.status


def _finish(
    locked: Document, user: AbstractBaseUser, action: str, from_status: str, note: str = ""
) -> Document:
    locked.status = TRANSITIONS[action].target
    locked.save()
    record_event(
        document=locked,
        user=user,
        action=action,
        from_status=from_status,
        to_status=locked.status,
        note=note,
    )
    return locked


@transaction.atomic
def document_submit(*, document: Document, user: AbstractBaseUser) -> Document:
    from disclosure import screening

    locked, from_status = _begin(document, user, "submit")
    if not locked.body.strip() and not locked.attachments.exists():
        raise ValidationError(_("Add the body text or at least one attachment before submitting."))
    result = _finish(locked, user, "submit", from_status)
    # The reviewer needs the screening results; it runs in the background (Celery).
    screening.screening_start(document=result, user=user)
    return result


@transaction.atomic
def document_return(*, document: Document, user: AbstractBaseUser, note: str) -> Document:
    if not note.strip():
        raise ValidationError(_("Say what the drafter should change."))
    locked, from_status = _begin(document, user, "return")
    locked.review_result = ""
    locked.reviewer = None
    return _finish(locked, user, "return", from_status, note.strip())


@transaction.atomic
def document_approve(
    *,
    document: Document,
    user: AbstractBaseUser,
    review_result: str,
    review_notes: str = "",
    override_reason: str = "",
) -> Document:
    """Approve after the confidentiality review (保密审查) and pre-publication screening."""
    from disclosure import screening

    locked, from_status = _begin(document, user, "approve")
    if locked.drafter_id == user.pk:
        # Four eyes: whoever drafted a document does not review it.
        raise PermissionDenied(_("The drafter of a document cannot approve it."))
    if review_result not in {ReviewResult.CLEAR, ReviewResult.REDACTED}:
        if review_result == ReviewResult.NOT_FOR_PUBLICATION:
            raise ValidationError(
                _("The review found the document must not be published; return it instead.")
            )
        raise ValidationError(_("Record the result of the confidentiality review."))
    if review_result == ReviewResult.REDACTED and not review_notes.strip():
        raise ValidationError(_("Say which passages were removed."))
    if not screening.screening_is_current(locked):
        raise ValidationError(
            _(
                "The pre-publication screening has not finished for the current text; wait for "
                "it or run it again."
            )
        )
    hits = list(screening.unresolved_hits(locked))
    note = review_notes.strip()
    if hits:
        if not override_reason.strip():
            raise ValidationError(
                _(
                    "The screening found %(count)d unresolved hits. Resolve them, or approve with "
                    "an override and a reason."
                )
                % {"count": len(hits)}
            )
        note = _("%(notes)s\nOverride of %(count)d screening hits: %(reason)s") % {
            "notes": note,
            "count": len(hits),
            "reason": override_reason.strip(),
        }
        note = note.strip()
    locked.review_result = review_result
    locked.review_notes = review_notes.strip()
    locked.reviewer = user
    return _finish(locked, user, "approve", from_status, note)


@transaction.atomic
def document_publish(*, document: Document, user: AbstractBaseUser) -> Document:
    from disclosure.index_numbers import index_number_assign

    locked, from_status = _begin(document, user, "publish")
    if locked.disclosure_attribute != DisclosureAttribute.PROACTIVE:
        raise ValidationError(
            _("Only proactively disclosed documents are published; this one is “%(attr)s”.")
            % {"attr": locked.get_disclosure_attribute_display()}
        )
    now = timezone.now()
    locked.published_at = now
    locked.date_published = timezone.localdate(now)
    locked.publisher = user
    index_number_assign(document=locked)
    selectors.catalog_changed()
    return _finish(locked, user, "publish", from_status)


@transaction.atomic
def document_withdraw(*, document: Document, user: AbstractBaseUser, reason: str) -> Document:
    if not reason.strip():
        raise ValidationError(_("Give the reason for withdrawing the document."))
    locked, from_status = _begin(document, user, "withdraw")
    locked.withdrawn_at = timezone.now()
    locked.withdrawal_reason = reason.strip()
    selectors.catalog_changed()
    return _finish(locked, user, "withdraw", from_status, reason.strip())
