"""Writing interpretations and consultations: only drafts are edited, only by drafters of the
agency; later changes go through the workflow (return to draft). Their bodies are sanitised
HTML whoever saves them (``interpretation.bodies``)."""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import User

from interpretation import bodies
from publishing import drafts
from publishing.models import Publishable

P = TypeVar("P", bound=Publishable)


check_drafter = drafts.check_drafter


def draft_save(*, obj: P, user: User) -> P:
    """Create or update a draft interpretation or consultation."""
    bodies.bodies_clean(obj)
    return drafts.save_draft(obj, user=user)
