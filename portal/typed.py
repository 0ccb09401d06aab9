"""Types shared by the apps' annotations (checked by mypy with django-stubs; see pyproject.toml).

Nothing here runs differently from plain Django: these are names for what the code already
handles, so that an annotation says it once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.http import HttpRequest

if TYPE_CHECKING:
    # A text that may still be a lazy translation (gettext_lazy): labels, choices, messages.
    from django.contrib.admin.options import _FieldOpts
    from django.utils.functional import _StrOrPromise as StrOrPromise

    # An admin's fieldsets as get_fieldsets returns them: [(title, {"fields": [...]}), ...].
    Fieldsets = list[tuple[StrOrPromise | None, _FieldOpts]]
else:
    StrOrPromise = str
    Fieldsets = list


class StaffRequest(HttpRequest):
    """A request of a signed-in user: the back office and the staff API, behind their login."""

    user: User
