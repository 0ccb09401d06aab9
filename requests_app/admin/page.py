"""What the request page of the back office shows: the applicant's request (masked as the
viewer's role requires, ``requests_app.access.can_see_personal_data``), the state and the
deadline in words, and the actions the state machine allows this user, each with what it does
in one sentence. The rules stay in ``handling``, ``deadlines`` and ``privacy``; this module only
reads them for the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Field
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import access, admin_marks
from portal.access import AnyUser
from portal.models import StaffRole
from portal.typed import StrOrPromise
from requests_app import access as request_access
from requests_app import deadlines, handling, privacy, releases
from requests_app.models import InformationRequest, Status
from requests_app.models.choices import PAUSED_STATUSES

Role = StaffRole.Role

#: What each move does, in one sentence, shown under its button and on its form. Every move of
#: ``handling.TRANSITIONS`` has one (tests/requests_app/test_request_page.py).
CONSEQUENCES: dict[str, StrOrPromise] = {
    "register": gettext_lazy(
        "Registering confirms the receipt date; the 20-working-day answer period counts from it."
    ),
    "start": gettext_lazy(
        "You become the handler; the applicant sees that the request is being handled."
    ),
    "request_correction": gettext_lazy(
        "The applicant is asked to correct the request; the answer period starts again when "
        "the corrected request arrives."
    ),
    "receive_correction": gettext_lazy(
        "The answer period starts again from the day the corrected request was received."
    ),
    "abandon": gettext_lazy(
        "The applicant did not correct the request in time: it is closed (other handling)."
    ),
    "consult_third_party": gettext_lazy(
        "The answer period stops while the third party has 15 working days to reply."
    ),
    "third_party_replied": gettext_lazy(
        "The answer period runs again from the day the consultation ended."
    ),
    "consult_agency": gettext_lazy(
        "The answer period stops while the other agency has 15 working days to reply."
    ),
    "agency_replied": gettext_lazy(
        "The answer period runs again from the day the consultation ended."
    ),
    "extend": gettext_lazy(
        "The answer period is extended by at most 20 working days; the applicant is informed."
    ),
    "fee_notice": gettext_lazy(
        "The applicant receives a fee notice; the answer period stops until the fee is paid."
    ),
    "fee_paid": gettext_lazy("The answer period runs again from the day the fee was paid."),
    "fee_waived": gettext_lazy("The fee is waived and the answer period runs again."),
    "fee_expired": gettext_lazy(
        "The applicant did not pay in time: the request is closed (other handling)."
    ),
    "answer": gettext_lazy("The applicant receives the answer letter and the answer period ends."),
    "close": gettext_lazy("The delivery date is recorded and the request is closed."),
    "withdraw": gettext_lazy("The request is closed as withdrawn by the applicant."),
    "ask_reasons": gettext_lazy(
        "The applicant is asked to explain the number or frequency of the requests; the office "
        "head then decides (Art 35)."
    ),
    "reasons_received": gettext_lazy(
        "The applicant's reasons are recorded for the office head to decide on."
    ),
    "volume_decision": gettext_lazy(
        "The office head decides: not processed, or answered by a reasonable later date."
    ),
    "disclose_despite_objection": gettext_lazy(
        "The third party receives a written notice of the disclosure and its reasons (Art 32)."
    ),
    "split": gettext_lazy(
        "Every other matter becomes a request of its own, with its own tracking number and period."
    ),
    "notice_served": gettext_lazy(
        "The applicant's period runs from the day they received the notice."
    ),
    "reopen": gettext_lazy(
        "The request returns to the correction or the fee it was closed on, with a new period."
    ),
}
LETTER_PDF = gettext_lazy("The answer letter as sent, with the released files attached.")
RELEASED_FILES = gettext_lazy("Files uploaded here are released to the applicant with the answer.")
PUBLISH = gettext_lazy(
    "A draft for proactive disclosure is created without the applicant's personal data; it is "
    "published after the usual review."
)
RECORD_REVIEW = gettext_lazy(
    "Records a reconsideration or lawsuit about this request; it counts in the annual report."
)


@dataclass(frozen=True)
class Action:
    url: str
    label: StrOrPromise
    consequence: StrOrPromise
    primary: bool = True  # a step of the workflow; False: a tool (letter, files, review)


def actions_for(user: AnyUser, info_request: InformationRequest) -> list[Action]:
    """The steps this user may take now (the state machine's and registration), then the
    tools of an answered request; nothing for a role that only reads."""
    pk = info_request.pk
    steps = []
    if info_request.status == Status.SUBMITTED and access.can_act(
        user, info_request.agency_id, Role.HANDLER
    ):
        url = reverse("admin:requests_app_register", args=[pk])
        steps.append(Action(url, _("Register"), CONSEQUENCES["register"]))
    for action, label in handling.available_actions(info_request, user):
        url = reverse("admin:requests_app_workflow", args=[pk, action])
        steps.append(Action(url, label, CONSEQUENCES[action]))
    answer = getattr(info_request, "answer", None)
    if answer is not None:
        if request_access.can_see_personal_data(user, info_request):
            url = reverse("admin:requests_app_letter_pdf", args=[pk])
            steps.append(Action(url, _("Letter (PDF)"), LETTER_PDF, primary=False))
        if (
            info_request.status == Status.ANSWERED
            and answer.outcome in releases.RELEASING_OUTCOMES
            and access.can_act(user, info_request.agency_id, Role.HANDLER)
        ):
            url = reverse("admin:requests_app_released_files", args=[pk])
            steps.append(Action(url, _("Released files"), RELEASED_FILES, primary=False))
        # Art 44: the new document is a draft, so it is the drafter's to create.
        if (
            answer.published_as_id is None
            and answer.outcome in releases.PROACTIVE_OUTCOMES
            and access.can_act(user, info_request.agency_id, Role.DRAFTER)
        ):
            url = reverse("admin:requests_app_publish", args=[pk])
            label = _("Publish as proactive disclosure (Art 44)")
            steps.append(Action(url, label, PUBLISH, primary=False))
    if info_request.status != Status.SUBMITTED and request_access.can_work_on(user, info_request):
        url = f"{reverse('admin:requests_app_review_add')}?request={pk}"
        steps.append(Action(url, _("Record a review"), RECORD_REVIEW, primary=False))
    return steps


@dataclass(frozen=True)
class Period:
    """A pause of the answer clock or an extension, in one line."""

    what: str
    dates: str
    detail: str = ""


@dataclass(frozen=True)
class Deadline:
    status: str
    mark: str  # admin_marks.request_deadline: words, symbol and colour class
    due_date: dt.date | None
    provisional: bool
    stopped: bool  # a pause (correction, consultation, fee) stops the clock
    periods: list[Period] = field(default_factory=list)


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else "…"


def deadline_for(info_request: InformationRequest, today: dt.date) -> Deadline:
    """The state, the working days left or overdue (in words), the statutory due date and the
    pauses and extension that moved it."""
    running = info_request.status in (Status.RECEIVED, Status.IN_PROGRESS)
    days = None
    if running and info_request.due_date is not None:
        days = deadlines.workdays_left(info_request.due_date, today)
    periods = []
    correction = getattr(info_request, "correction", None)
    if correction is not None:
        periods.append(Period(
            _("Correction (Art 30)"),
            f"{_day(correction.notified_on)} – {_day(correction.received_on)}",
            _("reply due %(date)s") % {"date": _day(correction.due_on)} if correction.due_on
            else "",
        ))  # fmt: skip
    for pause in info_request.pauses.order_by("started_on", "id"):
        detail = pause.party
        if pause.reply_due and pause.ended_on is None:
            detail = _("%(party)s, reply due %(date)s") % {
                "party": pause.party or "—", "date": _day(pause.reply_due),
            }  # fmt: skip
        periods.append(Period(
            pause.get_kind_display(), f"{_day(pause.started_on)} – {_day(pause.ended_on)}", detail
        ))  # fmt: skip
    for fee in info_request.fees.order_by("sent_on", "id"):
        end = fee.paid_on
        periods.append(Period(
            _("Fee notice"), f"{_day(fee.sent_on)} – {_day(end)}",
            _("waived") if fee.waived else _("pay by %(date)s") % {"date": _day(fee.pay_by)},
        ))  # fmt: skip
    for extension in info_request.extensions.order_by("approved_on", "id"):
        periods.append(Period(
            _("Extension (Art 33)"), _day(extension.approved_on),
            _("%(days)d working days: %(reason)s") % {
                "days": extension.workdays, "reason": extension.reason,
            },
        ))  # fmt: skip
    return Deadline(
        status=info_request.get_status_display(),
        mark=admin_marks.request_deadline(days),
        due_date=info_request.due_date,
        provisional=info_request.due_provisional,
        stopped=info_request.status in PAUSED_STATUSES,
        periods=periods,
    )


@dataclass(frozen=True)
class Item:
    label: StrOrPromise
    value: str


def _label(name: str) -> str:
    field = InformationRequest._meta.get_field(name)
    assert isinstance(field, Field)  # a column of the request, not a relation's other side
    return str(field.verbose_name)


def applicant_summary(user: AnyUser, info_request: InformationRequest) -> list[Item]:
    """Who applied: in full for the handler and the supervisors, masked for everyone else
    (the same rule and masks as the applicant section of the request page)."""
    r = info_request
    full = request_access.can_see_personal_data(user, r)
    items = [
        Item(_label("name"), r.name if full else privacy.mask_name(r.name)),
        Item(_label("applicant_type"), r.get_applicant_type_display()),
        Item(_label("phone"), r.phone if full else privacy.mask_phone(r.phone)),
        Item(_label("email"), (r.email or "") if full else privacy.mask_email(r.email)),
    ]
    if full:
        items.append(Item(_label("address"), r.address or ""))
    return [item for item in items if item.value]


def request_summary(info_request: InformationRequest) -> list[Item]:
    """What the applicant asked for and how they want it delivered."""
    r = info_request
    items = [
        Item(_label("description"), r.description),
        Item(_label("document_title"), r.document_title),
        Item(_label("document_number"), r.document_number),
        Item(_label("purpose"), r.purpose),
        Item(
            _label("delivery_method"), r.get_delivery_method_display() if r.delivery_method else ""
        ),
        Item(_label("delivery_form"), r.get_delivery_form_display() if r.delivery_form else ""),
    ]
    if r.fee_waiver_requested:
        items.append(Item(_label("fee_waiver_reason"), r.fee_waiver_reason or "—"))
    return [item for item in items if item.value]
