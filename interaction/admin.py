"""The interaction app's back office: each part registers its own admin classes."""

from interaction import admin_events  # noqa: F401 - registers interviews and meetings
