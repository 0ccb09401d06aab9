"""Onboarding a site of the site group from a spreadsheet (集约化平台 onboarding): the site's
agencies, then the site over them, all or nothing.

The sheet (CSV in UTF-8, or XLSX, first sheet) has a header row with the columns ``code``,
``parent_code``, ``name``, ``level``, ``kind`` and optionally ``office_phone``,
``office_address``, ``office_email``. The first data row is the site's root agency; its
``parent_code`` names an agency that exists already (or is empty for a new root). Every other
row's parent is an agency of the sheet above it, or one that exists. Levels and kinds are the
model's values (``city``, ``county`` …; ``government``, ``department``, ``other``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal import agencies, sites
from portal.models import Agency, AgencyKind, AgencyLevel, Site
from portal.spreadsheets import unneutralise

COLUMNS = ("code", "parent_code", "name", "level", "kind")
OPTIONAL = ("office_phone", "office_address", "office_email")


@dataclass(frozen=True)
class Onboarded:
    site: Site
    agencies: int


def read_rows(path: Path) -> list[dict[str, str]]:
    """The sheet's rows as dicts of stripped text, by the header row's names."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        values = [
            ["" if cell is None else str(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    else:
        text = path.read_text(encoding="utf-8-sig")
        values = list(csv.reader(io.StringIO(text)))
    if not values:
        raise ValidationError(_("The spreadsheet is empty."))
    header = [name.strip().lower() for name in values[0]]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ValidationError(
            _("The header row lacks the columns: %(names)s.") % {"names": ", ".join(missing)}
        )
    return [
        {name: unneutralise(str(value).strip()) for name, value in zip(header, row, strict=False)}
        for row in values[1:]
        if any(str(value).strip() for value in row)
    ]


@transaction.atomic
def site_onboard(*, rows: list[dict[str, str]], name: str, hosts: list[str]) -> Onboarded:
    """Create the sheet's agencies and a site over the first; any error (with its row number)
    undoes everything."""
    if not rows:
        raise ValidationError(_("The spreadsheet has no agencies."))
    errors: list[str] = []
    created: dict[str, Agency] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        code, parent_code = row.get("code", ""), row.get("parent_code", "")
        parent = created.get(parent_code) or (
            Agency.objects.filter(code=parent_code).first() if parent_code else None
        )
        if parent_code and parent is None:
            errors.append(
                _("Row %(row)d: no agency has the parent code %(code)s.")
                % {"row": number, "code": parent_code}
            )
            continue
        if parent is None and number > 2:
            errors.append(_("Row %(row)d: only the first row may be a root.") % {"row": number})
            continue
        level, kind = row.get("level", ""), row.get("kind", "") or AgencyKind.DEPARTMENT
        if level not in AgencyLevel.values or kind not in AgencyKind.values:
            errors.append(_("Row %(row)d: unknown level or kind.") % {"row": number})
            continue
        try:
            created[code] = agencies.agency_create(
                parent=parent,
                name=row.get("name", ""),
                code=code,
                level=level,
                kind=kind,
                **{field: row[field] for field in OPTIONAL if row.get(field)},
            )
        except ValidationError as error:
            messages = "; ".join(error.messages)
            errors.append(_("Row %(row)d: %(errors)s") % {"row": number, "errors": messages})
    if errors:
        raise ValidationError(errors)
    root = created[rows[0]["code"]]
    site = sites.site_create(name=name, root_agency=root, hosts=hosts)
    return Onboarded(site=site, agencies=len(created))
