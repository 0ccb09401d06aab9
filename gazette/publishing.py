"""Gazette issues in the shared review-and-publish workflow (``publishing.workflow``): an issue
goes to review with its PDF and its table of contents, and is published only while every
document it prints is published; its own texts (the summary, the plain-text lines such as
人事任免) are screened for personal data at approval (Art 15). Publishing or withdrawing an
issue retires every cached page (the workflow does it), so the pages of the documents it prints
show or drop their "刊登于" line at once; the search index follows once the transaction
commits."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from disclosure.workflow import ScreenedTextPolicy
from gazette import drafting
from gazette.models import Issue
from portal.search import indexing as search_indexing


class IssuePolicy(ScreenedTextPolicy[Issue]):
    def check_submit(self, obj: Issue) -> None:
        problems = drafting.contents_problems(obj)
        if problems:
            raise ValidationError(problems)

    def screened_texts(self, obj: Issue) -> list[tuple[str, str]]:
        # The documents were screened when they were published; the issue's own lines are not.
        texts = [(_("summary"), obj.summary)]
        texts += [(_("table of contents"), entry.text) for entry in obj.entries.filter(text__gt="")]
        return [(label, text) for label, text in texts if text]

    def before_publish(self, obj: Issue, user: User, options: dict[str, Any]) -> None:
        # A document may have been withdrawn while the issue was in review.
        problems = drafting.contents_problems(obj)
        if problems:
            raise ValidationError(problems)

    def after_change(self, obj: Issue) -> None:
        search_indexing.queue(obj)
