"""Information requests (依申请公开, domain-spec section 4).

Applicants' identity numbers and contacts are encrypted at rest (a database dump alone does not
reveal them); lookups that need them (rate limits, per-applicant fee counts) use keyed hashes.

The models live in submodules by what they hold; every name is re-exported here, so
``from requests_app.models import InformationRequest`` and the migrations' references
(``requests_app.models._applicant_file_path``, ``_released_file_path``) keep working.
"""

from requests_app.models.answers import Answer, ReleasedFile, _released_file_path
from requests_app.models.choices import (
    AUTOMATIC_CLOSURE_OUTCOMES,
    CLOCK_STATUSES,
    OPEN_STATUSES,
    PAUSED_STATUSES,
    RECORD_CORRECTION_OUTCOMES,
    WITHHELD_GROUNDS,
    ApplicantType,
    Channel,
    DeliveryForm,
    DeliveryMethod,
    IdType,
    NoticeService,
    OrganisationType,
    Outcome,
    RequestKind,
    Status,
)
from requests_app.models.privacy import PersonalDataAccess
from requests_app.models.procedure import (
    Correction,
    Extension,
    FeeNotice,
    Pause,
    ThirdPartyNotice,
    VolumeInquiry,
)
from requests_app.models.reminders import ReminderSent
from requests_app.models.requests import (
    InformationRequest,
    RequestEvent,
    RequestFile,
    RequestQuerySet,
    TrackingSequence,
    _applicant_file_path,
)
from requests_app.models.reviews import Review

__all__ = [
    "AUTOMATIC_CLOSURE_OUTCOMES",
    "CLOCK_STATUSES",
    "OPEN_STATUSES",
    "PAUSED_STATUSES",
    "RECORD_CORRECTION_OUTCOMES",
    "WITHHELD_GROUNDS",
    "Answer",
    "ApplicantType",
    "Channel",
    "Correction",
    "DeliveryForm",
    "DeliveryMethod",
    "Extension",
    "FeeNotice",
    "IdType",
    "InformationRequest",
    "NoticeService",
    "OrganisationType",
    "Outcome",
    "Pause",
    "PersonalDataAccess",
    "ReleasedFile",
    "ReminderSent",
    "RequestEvent",
    "RequestFile",
    "RequestKind",
    "RequestQuerySet",
    "Review",
    "Status",
    "ThirdPartyNotice",
    "TrackingSequence",
    "VolumeInquiry",
    "_applicant_file_path",
    "_released_file_path",
]
