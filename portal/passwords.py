"""Staff password rules beyond Django's validators (网络安全等级保护 2.0, level 3: 口令具有复杂度
要求): at least three kinds of characters, and not the user name. Length (10), common and
all-digit passwords are Django's own validators (AUTH_PASSWORD_VALIDATORS in settings)."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def character_classes(password: str) -> set[str]:
    """Which of lower-case letters, upper-case letters, digits and other characters occur."""
    found = set()
    for char in password:
        if char.isdigit():
            found.add("digit")
        elif char.islower():
            found.add("lower")
        elif char.isupper():
            found.add("upper")
        else:
            found.add("other")  # punctuation, spaces, and letters without case (e.g. 汉字)
    return found


class CharacterClassesValidator:
    """At least ``min_classes`` of: lower-case letters, upper-case letters, digits, others."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if len(character_classes(password)) < self.min_classes:
            raise ValidationError(
                _(
                    "The password must mix at least %(count)d of these: lower-case letters, "
                    "upper-case letters, digits, and other characters such as punctuation."
                )
                % {"count": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _(
            "Your password must mix at least %(count)d of these: lower-case letters, upper-case "
            "letters, digits, and other characters such as punctuation."
        ) % {"count": self.min_classes}


class NotUserNameValidator:
    """The password may not be, or contain, the user name (in any case, forwards or back)."""

    def validate(self, password: str, user: Any = None) -> None:
        username = getattr(user, "get_username", lambda: "")() if user is not None else ""
        name = unicodedata.normalize("NFKC", username or "").casefold()
        if len(name) < 3:
            return
        folded = unicodedata.normalize("NFKC", password).casefold()
        if name in folded or name[::-1] in folded:
            raise ValidationError(
                _("The password may not contain your user name."), code="password_has_username"
            )

    def get_help_text(self) -> str:
        return _("Your password may not contain your user name.")
