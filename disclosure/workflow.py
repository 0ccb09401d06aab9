"""What proactive disclosure adds to the shared review-and-publish workflow
(``publishing.workflow``): the document's policy (the content it needs before review, the
pre-publication screening of its text and attachments, the index number and publication date,
the catalog and search index that follow), and the policy of short published texts screened at
approval (interpretations, consultations, annual reports use it).

Both check Art 15 (personal data; the agency's negative-list keywords) before approval; the
reviewer may go on only with a reason, which the audit trail keeps with the masked hits.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import selectors
from disclosure.models import DisclosureAttribute, Document
from disclosure.passages import passages_split
from portal.search import indexing as search_indexing
from portal.search import registry as search_registry
from publishing.workflow import P, Policy


class DocumentPolicy(Policy[Document]):
    def check_submit(self, obj: Document) -> None:
        if not obj.body.strip() and not obj.attachments.exists():
            raise ValidationError(
                _("Add the body text or at least one attachment before submitting.")
            )

    def after_submit(self, obj: Document, user: User) -> None:
        from disclosure import screening

        # The reviewer needs the screening results; it runs in the background (Celery).
        screening.screening_start(document=obj, user=user)

    def check_approval(self, obj: Document, note: str, override_reason: str) -> str:
        from disclosure import screening

        if not screening.screening_is_current(obj):
            raise ValidationError(
                _(
                    "The pre-publication screening has not finished for the current text; wait "
                    "for it or run it again."
                )
            )
        hits = list(screening.unresolved_hits(obj))
        if not hits:
            return note
        if not override_reason.strip():
            raise ValidationError(
                _(
                    "The screening found %(count)d unresolved hits. Resolve them, or approve "
                    "with an override and a reason."
                )
                % {"count": len(hits)}
            )
        return (
            _("%(notes)s\nOverride of %(count)d screening hits: %(reason)s")
            % {"notes": note, "count": len(hits), "reason": override_reason.strip()}
        ).strip()

    def before_publish(self, obj: Document, user: User, options: dict) -> None:
        from disclosure.index_numbers import index_number_assign

        if obj.disclosure_attribute != DisclosureAttribute.PROACTIVE:
            raise ValidationError(
                _("Only proactively disclosed documents are published; this one is “%(attr)s”.")
                % {"attr": obj.get_disclosure_attribute_display()}
            )
        if not (obj.is_historical and obj.date_published):
            obj.date_published = timezone.localdate(obj.published_at)
        # A historical document keeps the day it was first published (发布日期, from the
        # import), and its index number is taken in that year's sequence.
        index_number_assign(document=obj)

    def after_change(self, obj: Document) -> None:
        selectors.catalog_changed()
        # Published (or published again with a new text): its articles are split anew, keeping
        # their anchors; withdrawn: they leave the search index with it (one index task).
        split = passages_split(document=obj)
        search_indexing.queue_keys([search_registry.key_for(obj), *split.keys])


class ScreenedTextPolicy(Policy[P]):
    """For content whose published text is short and has no attachments: its texts are
    screened at approval, synchronously (Art 15)."""

    def screened_texts(self, obj: P) -> list[tuple[str, str]]:
        """(location, text) pairs scanned at approval for personal data and negative-list
        keywords."""
        return []

    def check_approval(self, obj: P, note: str, override_reason: str) -> str:
        from disclosure import screening

        texts = self.screened_texts(obj)
        if not texts:
            return note
        override = screening.check_publishable_texts(
            agency_id=obj.agency_id, texts=texts, override_reason=override_reason
        )
        return f"{note}\n{override}".strip() if override else note
