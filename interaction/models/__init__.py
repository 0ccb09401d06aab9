"""互动交流: the public message box (messages, replies, routing, the reply clock) in
``messages``; online interviews and public government meetings in ``events``."""

from interaction.models.messages import (
    CorrectionType,
    Message,
    MessageDesk,
    MessageEvent,
    MessageFile,
    MessageKind,
    MessageNotice,
    MessageOffice,
    MessageReply,
    MessageSequence,
    MessageStatus,
    OfficeRole,
    ProgressNote,
    Rating,
    ReplyEvent,
)

__all__ = [
    "CorrectionType",
    "Message",
    "MessageDesk",
    "MessageEvent",
    "MessageFile",
    "MessageKind",
    "MessageNotice",
    "MessageOffice",
    "MessageReply",
    "MessageSequence",
    "MessageStatus",
    "OfficeRole",
    "ProgressNote",
    "Rating",
    "ReplyEvent",
]
