"""What the public sees of the party of a decision (行政执法公示): a natural person's name only as
its first character and one asterisk (张*), whatever its length; an organisation's name as it is.
The ID number is never shown, not even masked."""

from __future__ import annotations

from enforcement.models import SubjectType


def mask_person_name(name: str) -> str:
    name = "".join(name.split())
    return f"{name[:1]}*" if name else ""


def public_name(subject_type: str, name: str) -> str:
    """The party's name as published; the operator of an individual business trades under its
    own name, which is public, so only a natural person's name is masked."""
    if subject_type == SubjectType.PERSON:
        return mask_person_name(name)
    return name.strip()


def mask_id_number(value: str | None) -> str:
    """For staff without a role that needs it: the first and last characters only."""
    if not value:
        return ""
    return value[:1] + "*" * max(len(value) - 2, 1) + value[-1:]
