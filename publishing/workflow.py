"""The review-and-publish workflow (公开属性源头认定 + 保密审查, domain-spec section 2), shared by
everything the portal publishes: documents, interpretations, consultations, annual reports.

    draft → in review → approved → published → withdrawn
      ↑________|___________|   (returned to the drafter from review or after approval)

A publisher withdraws an item; the system withdraws one whose public period has ended
(``expire``, e.g. a beneficiary list after its 公示期).

The moves are the data in ``TRANSITIONS`` (``publishing.transitions``: states, roles, service,
form), checked in one place (``_begin``); every move writes one event in the item's audit
trail. What a kind of content adds — checks before review, the screening at approval, fields
set at publication, what follows a change — is its ``Policy``, which the model names in
``workflow_policy`` (a dotted path): the engine finds it from the item, nothing registers it.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Generic, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import page_cache
from portal.models import StaffRole
from publishing.models import Publishable, ReviewResult, Status
from publishing.transitions import SYSTEM, AnyUser, Machine, transition

Role = StaffRole.Role
P = TypeVar("P", bound=Publishable)

_SERVICES = "publishing.workflow"
_FORMS = "publishing.admin"
TRANSITIONS = Machine(
    transition("submit", gettext_lazy("Submit for review"), [Status.DRAFT], Status.IN_REVIEW,
               [Role.DRAFTER], f"{_SERVICES}.submit"),
    transition("return", gettext_lazy("Return to the drafter"),
               [Status.IN_REVIEW, Status.APPROVED], Status.DRAFT,
               [Role.REVIEWER, Role.PUBLISHER], f"{_SERVICES}.return_to_draft",
               form=f"{_FORMS}.NoteForm"),
    transition("approve", gettext_lazy("Approve"), [Status.IN_REVIEW], Status.APPROVED,
               [Role.REVIEWER], f"{_SERVICES}.approve", form=f"{_FORMS}.ReviewForm"),
    transition("publish", gettext_lazy("Publish"), [Status.APPROVED], Status.PUBLISHED,
               [Role.PUBLISHER], f"{_SERVICES}.publish"),
    transition("withdraw", gettext_lazy("Withdraw"), [Status.PUBLISHED], Status.WITHDRAWN,
               [Role.PUBLISHER], f"{_SERVICES}.withdraw", form=f"{_FORMS}.ReasonForm"),
    # The end of a public period fixed when the item was drafted (a beneficiary list's 公示期):
    # the system withdraws it in a daily sweep; no person performs this move.
    transition("expire", gettext_lazy("End of the public period"), [Status.PUBLISHED],
               Status.WITHDRAWN, [], f"{_SERVICES}.expire", system=True),
    record="obj",
)  # fmt: skip


class Policy(Generic[P]):
    """What a kind of publishable content adds to the shared workflow. The default adds
    nothing; a model names its own subclass in ``workflow_policy`` (``Policy[ItsModel]``: the
    methods receive items of that model)."""

    def check_submit(self, obj: P) -> None:
        """Raise ValidationError when ``obj`` is not ready for review."""

    def after_submit(self, obj: P, user: User) -> None:
        """Side effects once submitted (inside the transaction)."""

    def check_approval(self, obj: P, note: str, override_reason: str) -> str:
        """Checks at approval beyond the confidentiality review (e.g. the personal-data
        screening, Art 15); returns the audit note, with any override recorded."""
        return note

    def before_publish(self, obj: P, user: User, options: dict[str, Any]) -> None:
        """Checks and fields set at publication; may raise ValidationError."""

    def after_change(self, obj: P) -> None:
        """Published, withdrawn or changed: public caches and the search index follow."""


@cache
def _policy(path: str) -> Policy[Any]:
    return import_string(path)() if path else Policy()


def policy_for(obj: P) -> Policy[P]:
    """The policy the item's model names (each model names its own: ``Policy[ItsModel]``)."""
    return _policy(getattr(type(obj), "workflow_policy", ""))


#: What the audit trail calls the steps that are not moves of ``TRANSITIONS`` (those use the
#: move's own label).
EVENT_LABELS = {
    "create": gettext_lazy("Created"),
    "close": gettext_lazy("Closed"),
    "publish_report": gettext_lazy("Report published"),
    "change_recorded": gettext_lazy("Change recorded"),
    "comment_approve": gettext_lazy("Comment approved"),
    "draw": gettext_lazy("Random draw made"),
    "import": gettext_lazy("Imported"),
    "new_round": gettext_lazy("New round opened"),
    "revise": gettext_lazy("Revision started"),
    "screening_resolve": gettext_lazy("Screening findings resolved"),
    "validity": gettext_lazy("Validity changed"),
    "record": gettext_lazy("Activity recorded"),
}


def action_label(action: str) -> str:
    """The audit trail's words for a step (提交审核, 新建…); an unknown step by its code."""
    if action in TRANSITIONS:
        return str(TRANSITIONS[action].label)
    return str(EVENT_LABELS.get(action, action))


def record_event(
    *,
    document: Publishable,
    user: User | None,
    action: str,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> models.Model:
    """Append one event to the audit trail of ``document`` (any publishable content)."""
    return document.event_model._default_manager.create(
        **{document.event_field: document},
        actor=user if user is not None and user.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def can_perform(obj: Publishable, user: AnyUser, action: str) -> bool:
    return TRANSITIONS.can_perform(obj.status, obj.agency_id, user, action)


def available_actions(obj: Publishable, user: AnyUser) -> list[tuple[str, str]]:
    """(action, label) pairs the user may perform on the item now, for buttons."""
    return [
        (name, str(move.label))
        for name, move in TRANSITIONS.items()
        if can_perform(obj, user, name)
    ]


def _begin(obj: P, user: User | None, action: str) -> tuple[P, str]:
    """Lock the row and check the move; returns the locked item and its status before it."""
    locked = type(obj)._default_manager.select_for_update().select_related("agency").get(pk=obj.pk)
    TRANSITIONS.check(
        status=locked.status, status_label=locked.get_status_display(), agency=locked.agency,
        user=user, name=action, what=str(locked._meta.verbose_name),
    )  # fmt: skip
    return locked, locked.status


def _finish(locked: P, user: User | None, action: str, from_status: str, note: str = "") -> P:
    target = TRANSITIONS[action].target
    assert target is not None  # every move of this workflow changes the status
    locked.status = target
    locked.save()
    if locked.status in (Status.PUBLISHED, Status.WITHDRAWN):
        page_cache.public_content_changed()
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
def submit(*, obj: P, user: User) -> P:
    locked, from_status = _begin(obj, user, "submit")
    policy = policy_for(locked)
    policy.check_submit(locked)
    result = _finish(locked, user, "submit", from_status)
    policy.after_submit(result, user)
    return result


@transaction.atomic
def return_to_draft(*, obj: P, user: User, note: str) -> P:
    if not note.strip():
        raise ValidationError(_("Say what the drafter should change."))
    locked, from_status = _begin(obj, user, "return")
    locked.review_result = ""
    locked.reviewer = None
    return _finish(locked, user, "return", from_status, note.strip())


@transaction.atomic
def approve(
    *,
    obj: P,
    user: User,
    review_result: str,
    review_notes: str = "",
    override_reason: str = "",
) -> P:
    """Approve after the confidentiality review (保密审查) and the content's own checks (for
    everything published, the personal-data screening: ``Policy.check_approval``)."""
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
    note = policy_for(locked).check_approval(locked, review_notes.strip(), override_reason)
    locked.review_result = review_result
    locked.review_notes = review_notes.strip()
    locked.reviewer = user
    return _finish(locked, user, "approve", from_status, note)


@transaction.atomic
def publish(*, obj: P, user: User, **options: Any) -> P:
    """Publish an approved item. ``options`` reach its policy (e.g. a note)."""
    locked, from_status = _begin(obj, user, "publish")
    locked.published_at = timezone.now()
    locked.publisher = user
    policy = policy_for(locked)
    policy.before_publish(locked, user, options)
    result = _finish(locked, user, "publish", from_status, str(options.get("note", "")))
    policy.after_change(result)
    return result


@transaction.atomic
def withdraw(*, obj: P, user: User, reason: str) -> P:
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


@transaction.atomic
def expire(*, obj: P, user: User | None = SYSTEM, reason: str = "") -> P:
    """The system withdraws a published item whose public period has ended (a daily sweep),
    recording the withdrawal and its reason in the audit trail like a publisher's. Only the
    system may: a user calling it (the admin's workflow page) is refused by the table."""
    locked, from_status = _begin(obj, user, "expire")
    locked.withdrawn_at = timezone.now()
    locked.withdrawal_reason = reason.strip()
    result = _finish(locked, user, "expire", from_status, reason.strip())
    policy_for(result).after_change(result)
    return result
