"""Budget disclosures in the shared review-and-publish workflow (``publishing.workflow``): a
disclosure goes to review with its documents, its tables and figures (``drafting.
submit_problems``), and its written explanations are screened for personal data at approval
(Art 15). Published or withdrawn, the search index follows once the transaction commits."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from budgets import drafting
from budgets.models import BudgetDisclosure
from disclosure.workflow import ScreenedTextPolicy
from portal.search import indexing as search_indexing


class BudgetDisclosurePolicy(ScreenedTextPolicy[BudgetDisclosure]):
    def check_submit(self, obj: BudgetDisclosure) -> None:
        problems = drafting.submit_problems(obj)
        if problems:
            raise ValidationError(problems)

    def screened_texts(self, obj: BudgetDisclosure) -> list[tuple[str, str]]:
        texts = [
            (_("explanation of the budget"), obj.description),
            (_("reasons for the changes"), obj.variance_explanation),
            (_("approval document"), obj.approved_by),
        ]
        return [(label, text) for label, text in texts if text]

    def after_change(self, obj: BudgetDisclosure) -> None:
        search_indexing.queue(obj)
