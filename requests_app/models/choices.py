"""The fixed vocabularies of information requests: applicant and ID types, channels, delivery,
statuses (with the open and paused sets) and outcomes with their legal grounds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from disclosure.models import LegalGround


class ApplicantType(models.TextChoices):
    PERSON = "person", _("Natural person")
    ORGANISATION = "organisation", _("Legal person or other organisation")


class OrganisationType(models.TextChoices):
    """Subtypes of the annual report's columns (domain-spec section 6)."""

    BUSINESS = "business", _("Business")
    RESEARCH = "research", _("Research institute")
    PUBLIC_INTEREST = "public_interest", _("Public-interest organisation")
    LEGAL_SERVICE = "legal_service", _("Legal-service organisation")
    OTHER = "other", _("Other")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident identity card")
    PASSPORT = "passport", _("Passport")
    HK_MACAO = "hk_macao", _("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN = "taiwan", _("Mainland travel permit for Taiwan residents")
    OTHER = "other", _("Other identity document")


class Channel(models.TextChoices):
    """How the request arrived; it decides the receipt date (Art 31)."""

    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    SIGNED_POST = "signed_post", _("Signed-for post")
    LETTER = "letter", _("Ordinary letter")
    FAX = "fax", _("Fax")
    EMAIL = "email", _("E-mail")
    ORAL = "oral", _("Oral (written down by staff)")


class DeliveryMethod(models.TextChoices):
    EMAIL = "email", _("E-mail")
    POST = "post", _("Post")
    IN_PERSON = "in_person", _("Collect in person")
    ONLINE = "online", _("Online download")


class DeliveryForm(models.TextChoices):
    PAPER = "paper", _("Paper")
    ELECTRONIC = "electronic", _("Electronic")


class RequestKind(models.TextChoices):
    """What the applicant asks for. Art 41 requests to correct records about the applicant are
    handled like requests (tracking, timeline, answer) but are not 政府信息公开申请: they stay
    out of the annual report's table 三."""

    DISCLOSURE = "disclosure", _("Request for government information")
    RECORD_CORRECTION = "record_correction", _("Request to correct records about oneself (Art 41)")


class NoticeService(models.TextChoices):
    """How a notice (correction, fee) reaches the applicant; its period runs from receipt."""

    ELECTRONIC = "electronic", _("Electronically (received the day it is sent)")
    POST = "post", _("By post (received on the recorded delivery date)")
    IN_PERSON = "in_person", _("In person (received the day it is handed over)")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting registration")
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    CORRECTION = "correction", _("Awaiting correction")
    THIRD_PARTY = "third_party", _("Consulting a third party")
    AGENCY_CONSULT = "agency_consult", _("Consulting another agency")
    FEE_PENDING = "fee_pending", _("Awaiting fee payment")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = [
    Status.SUBMITTED,
    Status.RECEIVED,
    Status.IN_PROGRESS,
    Status.CORRECTION,
    Status.THIRD_PARTY,
    Status.AGENCY_CONSULT,
    Status.FEE_PENDING,
]
# Statuses whose stored due date can pass: the clock runs (received, in progress), a
# consultation is counted only up to its reply due date (Art 32, 34), or the answer awaits
# delivery.
CLOCK_STATUSES = [
    Status.RECEIVED,
    Status.IN_PROGRESS,
    Status.THIRD_PARTY,
    Status.AGENCY_CONSULT,
    Status.ANSWERED,
]
# While in these states the answer clock does not run (Art 30, 32, 34; fee rules).
PAUSED_STATUSES = [Status.CORRECTION, Status.THIRD_PARTY, Status.AGENCY_CONSULT, Status.FEE_PENDING]


class Outcome(models.TextChoices):
    """Exactly one per closed request: the annual report's taxonomy (section 6, table 三)."""

    ALREADY_PUBLIC = "already_public", _("Already proactively published (told where)")
    DISCLOSED = "disclosed", _("Disclosed")
    PARTIAL = "partial", _("Partly disclosed")
    WITHHELD_STATE_SECRET = "withheld_state_secret", _("Not disclosed: state secret")
    WITHHELD_LAW_FORBIDS = (
        "withheld_law_forbids",
        _("Not disclosed: other laws and regulations forbid it"),
    )
    WITHHELD_SECURITY_STABILITY = (
        "withheld_security_stability",
        _("Not disclosed: endangers security or stability"),
    )
    WITHHELD_THIRD_PARTY = "withheld_third_party", _("Not disclosed: third-party rights")
    WITHHELD_INTERNAL_AFFAIRS = "withheld_internal_affairs", _("Not disclosed: internal affairs")
    WITHHELD_PROCESS_INFORMATION = (
        "withheld_process_information",
        _("Not disclosed: process information"),
    )
    WITHHELD_ENFORCEMENT_FILES = (
        "withheld_enforcement_files",
        _("Not disclosed: administrative-enforcement case files"),
    )
    WITHHELD_INQUIRY = "withheld_inquiry", _("Not disclosed: administrative inquiry matter")
    UNABLE_NOT_HELD = "unable_not_held", _("Cannot provide: not held by this agency")
    UNABLE_NEEDS_CREATION = (
        "unable_needs_creation",
        _("Cannot provide: would have to be newly created"),
    )
    UNABLE_UNCLEAR = "unable_unclear", _("Cannot provide: still unclear after correction")
    NOT_PROCESSED_COMPLAINT = (
        "not_processed_complaint",
        _("Not processed: a petition, complaint or report"),
    )
    NOT_PROCESSED_REPEATED = "not_processed_repeated", _("Not processed: repeated request")
    NOT_PROCESSED_PUBLICATION = (
        "not_processed_publication",
        _("Not processed: asks for a publication"),
    )
    NOT_PROCESSED_EXCESSIVE = (
        "not_processed_excessive",
        _("Not processed: unreasonably many requests without good reason"),
    )
    NOT_PROCESSED_CONFIRMATION = (
        "not_processed_confirmation",
        _("Not processed: asks to confirm or reissue information already obtained"),
    )
    OTHER_NO_CORRECTION = (
        "other_no_correction",
        _("Other: no correction in time without good reason"),
    )
    OTHER_FEE_UNPAID = "other_fee_unpaid", _("Other: fee not paid in time")
    OTHER = "other", _("Other")
    # Art 41 (a request to correct records about the applicant, not counted in table 三).
    RECORD_CORRECTED = "record_corrected", _("Art 41: the record was corrected")
    RECORD_REFERRED = (
        "record_referred",
        _("Art 41: referred to the agency with power to correct it"),
    )
    RECORD_APPLY_ELSEWHERE = (
        "record_apply_elsewhere",
        _("Art 41: told to apply to the agency with power to correct it"),
    )
    RECORD_NOT_CORRECTED = (
        "record_not_corrected",
        _("Art 41: not corrected (the record was found accurate or the proof insufficient)"),
    )


# Outcomes of Art 41 requests; every other outcome belongs to a request for information.
RECORD_CORRECTION_OUTCOMES = frozenset(
    {
        Outcome.RECORD_CORRECTED,
        Outcome.RECORD_REFERRED,
        Outcome.RECORD_APPLY_ELSEWHERE,
        Outcome.RECORD_NOT_CORRECTED,
    }
)
# Outcomes set when an applicant's period runs out (其他处理 1, 2): never chosen by staff, and
# the only ones the office head may reopen when the applicant had good reason (正当理由).
AUTOMATIC_CLOSURE_OUTCOMES = frozenset({Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_FEE_UNPAID})


# The legal ground behind each 不予公开 outcome (the negative list uses the same grounds).
WITHHELD_GROUNDS: dict[str, str] = {
    Outcome.WITHHELD_STATE_SECRET: LegalGround.STATE_SECRET,
    Outcome.WITHHELD_LAW_FORBIDS: LegalGround.LAW_FORBIDS,
    Outcome.WITHHELD_SECURITY_STABILITY: LegalGround.SECURITY_STABILITY,
    Outcome.WITHHELD_THIRD_PARTY: LegalGround.THIRD_PARTY,
    Outcome.WITHHELD_INTERNAL_AFFAIRS: LegalGround.INTERNAL_AFFAIRS,
    Outcome.WITHHELD_PROCESS_INFORMATION: LegalGround.PROCESS_INFORMATION,
    Outcome.WITHHELD_ENFORCEMENT_FILES: LegalGround.ENFORCEMENT_FILES,
    Outcome.WITHHELD_INQUIRY: LegalGround.INQUIRY,
}
