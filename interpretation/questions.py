"""Writing policy Q&A entries: the admin saves and deletes through here, so that the search
index follows (after the transaction commits), never from ``save()`` or signals.

A published entry is public text written by the agency: like a document, it is screened for
personal data (Art 15) whenever it is published or its text changes while published, and goes
out with hits only with a reason, recorded on the entry (``screening_override``). The answer is
sanitised HTML written in the editor (``interpretation.bodies``); the screening reads its text.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import screening
from interpretation import bodies
from interpretation.models import PolicyQuestion
from portal.search import indexing as search_indexing


def _needs_screening(question: PolicyQuestion, answer: str) -> bool:
    if not question.is_published:
        return False
    stored = PolicyQuestion.objects.filter(pk=question.pk).first() if question.pk else None
    return (
        stored is None
        or not stored.is_published
        or ((stored.question, stored.answer) != (question.question, answer))
    )


def question_screening_check(*, question: PolicyQuestion, override_reason: str = "") -> str:
    """Raise ValidationError when the entry is about to be published (or changed while
    published) with personal data and no ``override_reason``; return the override note to
    record ("" when there is nothing to record)."""
    # The answer as it will be saved (the form checks what was posted, before saving).
    answer = bodies.answer_clean(question.answer)
    if not _needs_screening(question, answer):
        return ""
    return screening.check_publishable_texts(
        agency_id=question.agency_id,
        texts=[
            (str(_("question")), question.question),
            (str(_("answer")), bodies.screening_text(answer)),
        ],
        override_reason=override_reason,
    )


@transaction.atomic
def question_save(
    *, question: PolicyQuestion, user: User | None = None, override_reason: str = ""
) -> PolicyQuestion:
    bodies.bodies_clean(question)
    override = question_screening_check(question=question, override_reason=override_reason)
    if override:
        who = user.get_username() if user is not None else ""
        question.screening_override = f"{timezone.localdate():%Y-%m-%d} {who}: {override}"
    question.save()
    search_indexing.queue(question)  # published, changed or unpublished: the index follows
    return question


@transaction.atomic
def question_delete(*, question: PolicyQuestion) -> None:
    search_indexing.queue(question)  # the key is taken now; the item is gone when it runs
    question.delete()
