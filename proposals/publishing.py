"""Suggestions and proposals in the shared review-and-publish workflow (``publishing.workflow``):
what is published is the result of the handling (办理结果), so an item goes to review only with
its reply, the reply's date and its category; its texts are screened for personal data at
approval (Art 15) — a reply may quote a deputy's phone number, which must not be published."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from disclosure.workflow import ScreenedTextPolicy
from portal.search import indexing as search_indexing
from proposals.models import Proposal


class ProposalPolicy(ScreenedTextPolicy[Proposal]):
    def check_submit(self, obj: Proposal) -> None:
        errors = []
        if not strip_tags(obj.reply).strip():
            errors.append(_("Add the reply: what is published is the result of the handling."))
        if obj.replied_on is None:
            errors.append(_("Give the day the reply was sent."))
        if not obj.category:
            errors.append(_("Give the reply's category (A, B or C)."))
        if errors:
            raise ValidationError(errors)

    def screened_texts(self, obj: Proposal) -> list[tuple[str, str]]:
        texts = [(_("title"), obj.title), (_("proposer"), obj.proposer),
                 (_("reply"), strip_tags(obj.reply))]  # fmt: skip
        return [(label, text) for label, text in texts if text]

    def after_change(self, obj: Proposal) -> None:
        search_indexing.queue(obj)
