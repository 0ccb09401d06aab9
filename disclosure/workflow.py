"""The review-and-publish workflow (公开属性源头认定 + 保密审查, domain-spec section 2).

    draft → in review → approved → published → withdrawn
      ↑________|___________|   (returned to the drafter from review or after approval)

Each move is a service function; the allowed moves are the data in ``TRANSITIONS`` and are
checked in one place (``_begin``). Every move writes one ``DocumentEvent``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure import selectors
from disclosure.models import DisclosureAttribute, Document
from portal import access
from portal.models import StaffRole
from portal.search import indexing as search_indexing
from publishing.models import Publishable, ReviewResult, Status

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
    document: Publishable,
    user: AbstractBaseUser | None,
    action: str,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> models.Model:
    """Append one event to the audit trail of ``document`` (any publishable content)."""
    return document.event_model.objects.create(
        **{document.event_field: document},
        actor=user if user is not None and user.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


class Policy:
    """What a kind of publishable content adds to the shared workflow. Each app registers
    one per model (``register_policy``) from its ``AppConfig.ready``."""

    #: Approval needs a finished pre-publication screening of the current text (documents:
    #: attachments make it a background task).
    requires_screening = False

    def screened_texts(self, obj: Publishable) -> list[tuple[str, str]]:
        """(location, text) pairs scanned at approval for personal data and negative-list
        keywords, synchronously: for content whose text is short and has no attachments."""
        return []

    def check_submit(self, obj: Publishable) -> None:
        """Raise ValidationError when ``obj`` is not ready for review."""

    def after_submit(self, obj: Publishable, user: AbstractBaseUser) -> None:
        """Side effects once submitted (inside the transaction)."""

    def before_publish(self, obj: Publishable, user: AbstractBaseUser, options: dict) -> None:
        """Checks and fields set at publication; may raise ValidationError."""

    def after_change(self, obj: Publishable) -> None:
        """Published, withdrawn or changed: public caches and the search index follow."""


class DocumentPolicy(Policy):
    requires_screening = True

    def check_submit(self, obj: Document) -> None:
        if not obj.body.strip() and not obj.attachments.exists():
            raise ValidationError(
                _("Add the body text or at least one attachment before submitting.")
            )

    def after_submit(self, obj: Document, user: AbstractBaseUser) -> None:
        from disclosure import screening

        # The reviewer needs the screening results; it runs in the background (Celery).
        screening.screening_start(document=obj, user=user)

    def before_publish(self, obj: Document, user: AbstractBaseUser, options: dict) -> None:
        from disclosure.index_numbers import index_number_assign

        if obj.disclosure_attribute != DisclosureAttribute.PROACTIVE:
            raise ValidationError(
                _("Only proactively disclosed documents are published; this one is “%(attr)s”.")
                % {"attr": obj.get_disclosure_attribute_display()}
            )
        obj.date_published = timezone.localdate(obj.published_at)
        index_number_assign(document=obj)

    def after_change(self, obj: Document) -> None:
        selectors.catalog_changed()
        search_indexing.queue(obj)


_policies: dict[type, Policy] = {Document: DocumentPolicy()}
# Checks other apps add to a publication (e.g. 三同步: a normative document needs its
# interpretation); each takes (obj, user, options) and may raise ValidationError.
PublishCheck = Callable[[Publishable, AbstractBaseUser, dict], None]
_publish_checks: list[PublishCheck] = []


def register_policy(model: type, policy: Policy) -> None:
    _policies[model] = policy


def register_publish_check(check: PublishCheck) -> None:
    if check not in _publish_checks:
        _publish_checks.append(check)


def policy_for(obj: Publishable) -> Policy:
    return _policies.get(type(obj), Policy())


def can_perform(document: Publishable, user: AbstractBaseUser, action: str) -> bool:
    transition = TRANSITIONS[action]
    return document.status in transition.sources and any(
        access.can_act(user, document.agency_id, role) for role in transition.roles
    )


def available_actions(document: Publishable, user: AbstractBaseUser) -> list[tuple[str, str]]:
    """(action, label) pairs the user may perform on the item now, for buttons."""
    return [
        (name, str(transition.label))
        for name, transition in TRANSITIONS.items()
        if can_perform(document, user, name)
    ]


def _begin(obj: Publishable, user: AbstractBaseUser, action: str) -> tuple[Publishable, str]:
    """Lock the row and check the move; returns the locked item and its status."""
    transition = TRANSITIONS[action]
    locked = type(obj).objects.select_for_update().select_related("agency").get(pk=obj.pk)
    if locked.status not in transition.sources:
        raise ValidationError(
            _("“%(action)s” is not possible while the %(item)s is “%(status)s”.")
            % {
                "action": transition.label,
                "item": locked._meta.verbose_name,
                "status": locked.get_status_display(),
            }
        )
    if not any(access.can_act(user, locked.agency_id, role) for role in transition.roles):
        roles = "、".join(str(Role(role).label) for role in sorted(transition.roles))
        raise PermissionDenied(
            _("“%(action)s” needs the role %(roles)s in %(agency)s.")
            % {"action": transition.label, "roles": roles, "agency": locked.agency.name}
        )
    return locked, locked.status


def _finish(
    locked: Publishable, user: AbstractBaseUser, action: str, from_status: str, note: str = ""
) -> Publishable:
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
def submit(*, obj: Publishable, user: AbstractBaseUser) -> Publishable:
    locked, from_status = _begin(obj, user, "submit")
    policy = policy_for(locked)
    policy.check_submit(locked)
    result = _finish(locked, user, "submit", from_status)
    policy.after_submit(result, user)
    return result


@transaction.atomic
def return_to_draft(*, obj: Publishable, user: AbstractBaseUser, note: str) -> Publishable:
    if not note.strip():
        raise ValidationError(_("Say what the drafter should change."))
    locked, from_status = _begin(obj, user, "return")
    locked.review_result = ""
    locked.reviewer = None
    return _finish(locked, user, "return", from_status, note.strip())


@transaction.atomic
def approve(
    *,
    obj: Publishable,
    user: AbstractBaseUser,
    review_result: str,
    review_notes: str = "",
    override_reason: str = "",
) -> Publishable:
    """Approve after the confidentiality review (保密审查) and, for documents, the
    pre-publication screening."""
    locked, from_status = _begin(obj, user, "approve")
    if locked.drafter_id == user.pk:
        # Four eyes: whoever drafted an item does not review it.
        raise PermissionDenied(
            _("The drafter of a %(item)s cannot approve it.") % {"item": locked._meta.verbose_name}
        )
    if review_result not in {ReviewResult.CLEAR, ReviewResult.REDACTED}:
        if review_result == ReviewResult.NOT_FOR_PUBLICATION:
            raise ValidationError(
                _("The review found the %(item)s must not be published; return it instead.")
                % {"item": locked._meta.verbose_name}
            )
        raise ValidationError(_("Record the result of the confidentiality review."))
    if review_result == ReviewResult.REDACTED and not review_notes.strip():
        raise ValidationError(_("Say which passages were removed."))
    note = review_notes.strip()
    policy = policy_for(locked)
    if policy.requires_screening:
        note = _check_screening(locked, note, override_reason)
    elif texts := policy.screened_texts(locked):
        note = _check_texts(locked, texts, note, override_reason)
    locked.review_result = review_result
    locked.review_notes = review_notes.strip()
    locked.reviewer = user
    return _finish(locked, user, "approve", from_status, note)


def _check_screening(locked: Document, note: str, override_reason: str) -> str:
    from disclosure import screening

    if not screening.screening_is_current(locked):
        raise ValidationError(
            _(
                "The pre-publication screening has not finished for the current text; wait for "
                "it or run it again."
            )
        )
    hits = list(screening.unresolved_hits(locked))
    if not hits:
        return note
    if not override_reason.strip():
        raise ValidationError(
            _(
                "The screening found %(count)d unresolved hits. Resolve them, or approve with "
                "an override and a reason."
            )
            % {"count": len(hits)}
        )
    return (
        _("%(notes)s\nOverride of %(count)d screening hits: %(reason)s")
        % {"notes": note, "count": len(hits), "reason": override_reason.strip()}
    ).strip()


def _check_texts(
    locked: Publishable, texts: list[tuple[str, str]], note: str, override_reason: str
) -> str:
    """Art 15: personal data (and negative-list keywords) found in the text stop the approval
    unless the reviewer overrides with a reason; hits are named masked, never in clear."""
    from disclosure import screening

    override = screening.check_publishable_texts(
        agency_id=locked.agency_id, texts=texts, override_reason=override_reason
    )
    return f"{note}\n{override}".strip() if override else note


@transaction.atomic
def publish(*, obj: Publishable, user: AbstractBaseUser, **options: object) -> Publishable:
    """Publish an approved item. ``options`` reach the registered publish checks (e.g. a
    reason for publishing a normative document without its interpretation)."""
    locked, from_status = _begin(obj, user, "publish")
    locked.published_at = timezone.now()
    locked.publisher = user
    policy = policy_for(locked)
    policy.before_publish(locked, user, options)
    for check in _publish_checks:
        check(locked, user, options)
    result = _finish(locked, user, "publish", from_status, str(options.get("note", "")))
    policy.after_change(result)
    return result


@transaction.atomic
def withdraw(*, obj: Publishable, user: AbstractBaseUser, reason: str) -> Publishable:
    if not reason.strip():
        raise ValidationError(
            _("Give the reason for withdrawing the %(item)s.") % {"item": obj._meta.verbose_name}
        )
    locked, from_status = _begin(obj, user, "withdraw")
    locked.withdrawn_at = timezone.now()
    locked.withdrawal_reason = reason.strip()
    result = _finish(locked, user, "withdraw", from_status, reason.strip())
    policy_for(result).after_change(result)
    return result


# The document names used across the disclosure app.
def document_submit(*, document: Document, user: AbstractBaseUser) -> Document:
    return submit(obj=document, user=user)


def document_return(*, document: Document, user: AbstractBaseUser, note: str) -> Document:
    return return_to_draft(obj=document, user=user, note=note)


def document_approve(*, document: Document, user: AbstractBaseUser, **review: str) -> Document:
    return approve(obj=document, user=user, **review)


def document_publish(*, document: Document, user: AbstractBaseUser, **options: object) -> Document:
    return publish(obj=document, user=user, **options)


def document_withdraw(*, document: Document, user: AbstractBaseUser, reason: str) -> Document:
    return withdraw(obj=document, user=user, reason=reason)
