"""How staff are named in the back office: by their full name in Chinese order.

A Chinese name is written family name first (王芳): ``last_name`` then ``first_name``, with no
space between them when both are Chinese, and with one where either is written in Latin letters
(Smith John reads wrong either way; "John Smith" is typed into first and last name in that case,
so Latin names keep Western order). The user name (lishui-handler) is shown only where a person
has no name on record.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def full_name(user: AbstractBaseUser | AnonymousUser | None) -> str:
    if user is None or not getattr(user, "pk", None):
        return ""
    family = (getattr(user, "last_name", "") or "").strip()
    given = (getattr(user, "first_name", "") or "").strip()
    if family and given:
        if _is_cjk(family) or _is_cjk(given):
            return f"{family}{given}"
        return f"{given} {family}"
    return family or given or user.get_username()


def staff_label(user: AbstractBaseUser) -> str:
    """``User.__str__`` for the whole project (set in ``PortalConfig.ready``): every list
    column, read-only field and audit line that shows a person shows the name."""
    return full_name(user)
