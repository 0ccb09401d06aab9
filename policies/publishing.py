"""Policy items in the shared review-and-publish workflow (``publishing.workflow``): an item is
submitted only with a published document in force and at least one way to tell the benefit;
its texts are screened for personal data at approval (Art 15)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from disclosure.models import Validity
from disclosure.workflow import ScreenedTextPolicy
from policies.models import PolicyItem
from portal.search import indexing as search_indexing
from publishing.models import Status


def written_texts(item: PolicyItem) -> list[tuple[str, str]]:
    return [
        (_("policy name"), item.name),
        (_("what it grants"), item.summary),
        (_("benefit"), item.benefit_text),
        (_("how to apply"), item.how_to_apply),
        (_("contact office"), item.contact_office),
    ]


class PolicyItemPolicy(ScreenedTextPolicy[PolicyItem]):
    def check_submit(self, obj: PolicyItem) -> None:
        errors = []
        document = obj.document
        if document.status != Status.PUBLISHED:
            errors.append(_("The policy document is not published; publish it first."))
        elif document.validity != Validity.VALID:
            errors.append(
                _("The policy document is “%(validity)s”: its items cannot be published.")
                % {"validity": document.get_validity_display()}
            )
        if obj.benefit_amount is None and not obj.benefit_text.strip():
            errors.append(
                _("Say what the policy grants: an amount in yuan or the benefit in words.")
            )
        if errors:
            raise ValidationError(errors)

    def screened_texts(self, obj: PolicyItem) -> list[tuple[str, str]]:
        return written_texts(obj)

    def after_change(self, obj: PolicyItem) -> None:
        # Published or withdrawn: the search index follows once the transaction commits.
        search_indexing.queue(obj)
