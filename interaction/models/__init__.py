"""互动交流: the public message box (messages, replies, routing, the reply clock) in
``messages``; online interviews and public government meetings in ``events``."""

from interaction.models.events import (  # noqa: F401 - the app's models
    ApplicationPhase,
    Decision,
    DeclineReason,
    IdType,
    Interview,
    InterviewEvent,
    InterviewGuest,
    InterviewMedia,
    InterviewPhase,
    InterviewRecord,
    InterviewRecordEvent,
    MediaKind,
    Meeting,
    MeetingApplication,
    MeetingAttachment,
    MeetingEvent,
    MeetingMinutes,
    MeetingMinutesEvent,
)
