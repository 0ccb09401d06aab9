"""The message box's back office (``admin_messages``)."""

from interaction import admin_messages  # noqa: F401  (registers the admins)
