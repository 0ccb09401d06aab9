"""The interaction app's back office: the message box (``admin_messages``), interviews and
public meetings (``admin_events``)."""

from interaction import admin_events, admin_messages  # noqa: F401  (registers the admins)
