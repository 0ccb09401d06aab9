"""Beneficiary lists in the shared review-and-publish workflow (``publishing.workflow``).

The rows were masked at import; before review and again at approval the portal checks that it
worked: no row of the public table holds one of its own values in clear (read again from the
stored file), and the personal-data detectors find nothing in any published cell. Either
finding stops the list, with no override: the file must be imported again. The list's own
texts (title, period, notes, column headings) are screened like any text about to become
public (Art 15), where the reviewer may override with a reason. A list is published only while
its 公示期 has not ended.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import screening
from disclosure.workflow import ScreenedTextPolicy
from portal.search import indexing as search_indexing
from subsidies import drafting, importing
from subsidies.models import BeneficiaryList, BeneficiaryRow

TEXT_FIELDS = ("name", "id_number", "bank_card", "phone", "address", "community", "category")


def public_texts(beneficiary_list: BeneficiaryList) -> dict[int, str]:
    """Every published text of each row, by the row's number in the file."""
    found = {}
    rows = BeneficiaryRow.objects.filter(beneficiary_list=beneficiary_list).values_list(
        "source_row", "extra", *TEXT_FIELDS
    )
    for source_row, extra, *texts in rows.iterator(chunk_size=2000):
        found[source_row] = "\n".join([*texts, *(str(value) for value in extra.values())])
    return found


def masking_problems(beneficiary_list: BeneficiaryList) -> list[str]:
    """Why the public rows may not be published (empty when they may)."""
    problems = []
    texts = public_texts(beneficiary_list)
    detected = sorted(
        number for number, text in texts.items() if screening.find_personal_data(text)
    )
    source = drafting.source_content(beneficiary_list)
    leaked: list[int] = []
    if source is not None:
        filename, content = source
        clear = importing.clear_values(filename=filename, content=content)
        leaked = importing.leaked_rows(texts, clear)
    rows = sorted(set(detected) | set(leaked))
    if rows:
        problems.append(
            _(
                "The public table still holds personal data in clear (rows %(rows)s of the "
                "file). Import the file again; the list cannot be published as it is."
            )
            % {"rows": "、".join(str(number) for number in rows[:20])}
        )
    return problems


class BeneficiaryListPolicy(ScreenedTextPolicy[BeneficiaryList]):
    def check_submit(self, obj: BeneficiaryList) -> None:
        if not obj.rows.exists():
            raise ValidationError(_("Upload the list's spreadsheet before submitting it."))
        problems = masking_problems(obj)
        if problems:
            raise ValidationError(problems)

    def screened_texts(self, obj: BeneficiaryList) -> list[tuple[str, str]]:
        headings = " ".join(column["heading"] for column in obj.columns)
        return [
            (_("title"), obj.title),
            (_("period covered"), obj.period),
            (_("notes"), obj.notes),
            (_("column headings"), headings),
        ]

    def check_approval(self, obj: BeneficiaryList, note: str, override_reason: str) -> str:
        # The rows first, never overridable: what the reviewer saw must be what is published.
        problems = masking_problems(obj)
        if problems:
            raise ValidationError(problems)
        return super().check_approval(obj, note, override_reason)

    def before_publish(self, obj: BeneficiaryList, user: User, options: dict[str, Any]) -> None:
        if obj.notice_end < timezone.localdate():
            raise ValidationError(
                _(
                    "The notice period ended on %(date)s: a list is published only for its "
                    "notice period. Return it to the drafter to set new dates."
                )
                % {"date": obj.notice_end.isoformat()}
            )

    def after_change(self, obj: BeneficiaryList) -> None:
        # Published or withdrawn: the search index follows once the transaction commits.
        search_indexing.queue(obj)
