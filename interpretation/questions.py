"""Writing policy Q&A entries: the admin saves and deletes through here, so that the search
index follows (after the transaction commits), never from ``save()`` or signals."""

from __future__ import annotations

from django.db import transaction

from interpretation.models import PolicyQuestion
from portal.search import indexing as search_indexing


@transaction.atomic
def question_save(*, question: PolicyQuestion) -> PolicyQuestion:
    question.save()
    search_indexing.queue(question)  # published, changed or unpublished: the index follows
    return question


@transaction.atomic
def question_delete(*, question: PolicyQuestion) -> None:
    search_indexing.queue(question)  # the key is taken now; the item is gone when it runs
    question.delete()
