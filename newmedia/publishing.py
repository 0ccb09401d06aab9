"""New media accounts in the shared review-and-publish workflow (``publishing.workflow``): an
account goes to review with what identifies it (its ID or address, and a QR code unless it is
closed); its texts are screened for personal data at approval (Art 15)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from disclosure.workflow import ScreenedTextPolicy
from newmedia.models import Account
from portal.search import indexing as search_indexing


class AccountPolicy(ScreenedTextPolicy[Account]):
    def check_submit(self, obj: Account) -> None:
        errors = []
        if not obj.handle and not obj.link:
            errors.append(_("Give the account's ID or its address, so that people can find it."))
        if not obj.qr_code and not obj.is_closed:
            errors.append(_("Add the account's QR code: the list shows it for people to scan."))
        if errors:
            raise ValidationError(errors)

    def screened_texts(self, obj: Account) -> list[tuple[str, str]]:
        texts = [(_("account name"), obj.name), (_("what the account publishes"),
                 obj.description), (_("reason for the closure"), obj.closure_reason)]  # fmt: skip
        return [(label, text) for label, text in texts if text]

    def after_change(self, obj: Account) -> None:
        search_indexing.queue(obj)
