"""Words other packages show staff that have no Simplified Chinese in their own catalogs.

Django merges every catalog into one per language, and the project's (LOCALE_PATHS) comes
first, so a msgid translated in ``locale/zh_Hans`` translates that text wherever it appears.
``makemessages`` only keeps msgids it finds in the project's code: they are listed here, marked
with ``gettext_noop`` (nothing here runs). tests/security/test_admin_language.py walks the back
office and fails on English that is left.
"""

from django.utils.translation import gettext_noop

STRINGS = [
    # django.contrib.admin: the screen-reader headers of the app list (Django 5).
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # django-treebeard: moving an agency in the tree.
    gettext_noop("Position"),
    gettext_noop("Relative to"),
    gettext_noop("-- root --"),
    gettext_noop("Child of"),
    gettext_noop("Sibling of"),
    gettext_noop("First child of"),
    gettext_noop("Before"),
    gettext_noop("After"),
    gettext_noop("Invalid form data provided"),
    gettext_noop("You do not have permission to change this object."),
    gettext_noop('Moved node "%(node)s" as child of "%(other)s"'),
    gettext_noop('Moved node "%(node)s" as sibling of "%(other)s"'),
    # django-axes: failed sign-ins and locks.
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Axes"),
]
