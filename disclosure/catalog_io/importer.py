"""Checking every row, then importing all rows or none."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import translation

from disclosure.catalog_io.layout import (
    _BOTH_LEVEL_NAMES,
    _COUNTY_NAMES,
    _HEADING_OF,
    _LEVEL_SPLIT,
    _NOTICE_BOARD_VARIANT,
    _SPLIT,
    _TEXT_FIELDS,
    _TOWNSHIP_NAMES,
    ACTION_CREATE,
    ACTION_UPDATE,
    AUDIENCE_ALIASES,
    AUDIENCE_NAMES,
    CHANNEL_ALIASES,
    CHANNEL_NAMES,
    COLUMNS,
    LEVEL_COUNTY,
    LEVEL_TOWNSHIP,
    MODE_ALIASES,
    MODE_NAMES,
    VALUE_SEPARATOR,
    CatalogFileError,
    ImportReport,
    RowData,
    RowError,
    RowOutcome,
    require_catalog_role,
)
from disclosure.catalog_io.reader import (
    _normalize,
    parse_upload,
)
from disclosure.models import (
    DEFAULT_TIME_LIMIT,
    Audience,
    CatalogDomain,
    CatalogItem,
    CatalogMode,
    Channel,
)
from portal import access
from portal.models import Agency
from portal.search import indexing as search_indexing

# --- Validation ----------------------------------------------------------------------------


_WORKDAYS = re.compile(r"(\d{1,2})\s*个?工作日")


def statutory_workdays(time_limit: str) -> int | None:
    """Art 26: the number of working days a catalog's time limit reads, when it is another
    than the 20 of Art 26 (另有规定) — "自信息形成之日起5个工作日内" gives 5; the default
    wording, or a limit not in working days ("每季度", "实时"), gives None."""
    match = _WORKDAYS.search(time_limit or "")
    if match is None:
        return None
    days = int(match.group(1))
    return days if 1 <= days <= 60 and days != 20 else None


def _choice_table(
    choices: type[Channel] | type[Audience] | type[CatalogMode],
    names: dict[str, str],
    aliases: dict[str, str],
) -> dict[str, str]:
    """Normalized name -> value: the canonical names, the aliases, the zh-hans labels (once
    translated) and the stored values."""
    table = {_normalize(value): value for value in choices.values}
    with translation.override("zh-hans"):
        table.update({_normalize(str(label)): value for value, label in choices.choices})
    table.update({_normalize(name): value for name, value in aliases.items()})
    table.update({_normalize(name): value for value, name in names.items()})
    return table


def _parse_channels(text: str, table: dict[str, str]) -> tuple[list[str], list[str]]:
    """The channel values named in ``text`` in the fixed order, and the unknown names."""
    text = _NOTICE_BOARD_VARIANT.sub("社区/企事业单位/村", text)
    found, unknown = set(), []
    for token in _SPLIT.split(text):
        if not token:
            continue
        value = table.get(_normalize(token))
        if value is None:
            unknown.append(token)
        else:
            found.add(value)
    return [value for value in Channel.values if value in found], unknown


def _parse_levels(text: str) -> tuple[bool, bool] | None:
    """(county, township), or None when the text names no known level."""
    if _normalize(text) in _BOTH_LEVEL_NAMES:
        return True, True
    county = township = False
    for token in _LEVEL_SPLIT.split(text):
        if not token:
            continue
        name = _normalize(token)
        if name in _COUNTY_NAMES:
            county = True
        elif name in _TOWNSHIP_NAMES:
            township = True
        else:
            return None
    return (county, township) if county or township else None


@dataclass(frozen=True)
class _Lookups:
    """What the cells are checked against, read once per import."""

    domains: dict[str, CatalogDomain]
    channels: dict[str, str]
    audiences: dict[str, str]
    modes: dict[str, str]

    @classmethod
    def load(cls) -> _Lookups:
        return cls(
            domains={_normalize(d.name): d for d in CatalogDomain.objects.all()},
            channels=_choice_table(Channel, CHANNEL_NAMES, CHANNEL_ALIASES),
            audiences=_choice_table(Audience, AUDIENCE_NAMES, AUDIENCE_ALIASES),
            modes=_choice_table(CatalogMode, MODE_NAMES, MODE_ALIASES),
        )


def _cell_error(row: RowData, key: str, message: str) -> RowError:
    return RowError(row.row, _HEADING_OF[key], row.values.get(key, ""), message)


def _check_row(
    row: RowData, *, position: int, lookups: _Lookups
) -> tuple[list[RowError], dict[str, Any], CatalogDomain | None]:
    """The errors of one row, the model fields it sets, and its domain."""
    values = row.values
    errors = [
        _cell_error(row, column.key, "不能为空。")
        for column in COLUMNS
        if column.required and not values.get(column.key)
    ]
    fields: dict[str, Any] = {}
    for key in _TEXT_FIELDS:
        if key not in values:
            continue
        text = fields[key] = values[key]
        field = CatalogItem._meta.get_field(key)
        limit = field.max_length if isinstance(field, models.Field) else None
        if limit is not None and len(text) > limit:
            message = f"长度为{len(text)}个字符，超过上限{limit}个字符。"
            errors.append(_cell_error(row, key, message))
    if "time_limit" in fields and not fields["time_limit"]:
        fields["time_limit"] = DEFAULT_TIME_LIMIT
    if "time_limit" in fields:
        fields["time_limit_workdays"] = statutory_workdays(fields["time_limit"])
    fields.setdefault("item_level2", "")

    domain = None
    if values.get("domain"):
        domain = lookups.domains.get(_normalize(values["domain"]))
        if domain is None:
            names = VALUE_SEPARATOR.join(d.name for d in lookups.domains.values())
            message = f"公开领域“{values['domain']}”不存在，可选：{names}。"
            errors.append(_cell_error(row, "domain", message))

    if "channels" in values:
        channels, unknown = _parse_channels(values["channels"], lookups.channels)
        if unknown:
            named = "".join(f"“{token}”" for token in unknown)
            options = VALUE_SEPARATOR.join(CHANNEL_NAMES.values())
            errors.append(_cell_error(row, "channels", f"无法识别的渠道{named}，可选：{options}。"))
        fields["channels"] = channels

    for key, table, choice_names, default in (
        ("audience", lookups.audiences, AUDIENCE_NAMES, Audience.PUBLIC),
        ("mode", lookups.modes, MODE_NAMES, CatalogMode.PROACTIVE),
    ):
        if key not in values:
            continue
        # An empty cell means the model's default, as for a new item entered by hand.
        value = table.get(_normalize(values[key])) if values[key] else default
        if value is None:
            options = " / ".join(choice_names.values())
            message = f"无法识别的{_HEADING_OF[key]}“{values[key]}”，可选：{options}。"
            errors.append(_cell_error(row, key, message))
        fields[key] = value

    if "level" in values:
        levels = _parse_levels(values["level"]) if values["level"] else (True, False)
        if levels is None:
            options = f"{LEVEL_COUNTY} / {LEVEL_TOWNSHIP} / {LEVEL_COUNTY}、{LEVEL_TOWNSHIP}"
            message = f"无法识别的公开层级“{values['level']}”，可选：{options}。"
            errors.append(_cell_error(row, "level", message))
        else:
            fields["level_county"], fields["level_township"] = levels

    # 序号 orders the items; numbering like （一） or 1.1 is kept out of it, not an error.
    number = values.get("number", "")
    fields["order"] = int(number) if number.isdecimal() and len(number) <= 9 else position
    return errors, fields, domain


def validate_rows(*, agency: Agency, rows: Sequence[RowData]) -> ImportReport:
    """Check every cell of every row, and plan for each valid row a create or an update.

    Nothing is written. Errors carry the row number, the heading and a specific message.
    """
    report = ImportReport()
    lookups = _Lookups.load()
    existing = {
        (item.domain_id, item.item_level1, item.item_level2): item
        for item in CatalogItem.objects.filter(agency=agency)
    }
    first_seen: dict[tuple[str, str, str], int] = {}
    for position, row in enumerate(rows, start=1):
        errors, fields, domain = _check_row(row, position=position, lookups=lookups)
        domain_name = row.values.get("domain", "")
        level1, level2 = fields.get("item_level1", ""), fields["item_level2"]
        label = " / ".join(part for part in (domain_name, level1, level2) if part)
        key = (_normalize(domain_name), level1, level2)
        if domain_name and level1:
            if key in first_seen:
                message = f"与第{first_seen[key]}行重复：公开领域、一级事项和二级事项都相同。"
                errors.append(RowError(row.row, "", label, message))
            else:
                first_seen[key] = row.row
        report.errors.extend(errors)
        if errors or domain is None:
            continue
        item = existing.get((domain.pk, level1, level2))
        if item is None:
            fields["domain"] = domain
        report.outcomes.append(
            RowOutcome(
                row=row.row,
                action=ACTION_CREATE if item is None else ACTION_UPDATE,
                label=label,
                fields=fields,
                item=item,
            )
        )
    return report


# --- Import --------------------------------------------------------------------------------


def catalog_import(
    *, agency: Agency, user: access.AnyUser, filename: str, content: bytes
) -> ImportReport:
    """Import an uploaded catalog spreadsheet into ``agency``'s catalog: every row or none.

    Rows matching an existing item (same domain, level-1 and level-2 item) update it; the rest
    are created. Raises PermissionDenied unless the user keeps the agency's catalog.
    """
    require_catalog_role(user, agency)
    try:
        rows = parse_upload(filename=filename, content=content)
    except CatalogFileError as error:
        return ImportReport(filename=filename, errors=[RowError(None, "", "", str(error))])
    with transaction.atomic():
        # One import per agency at a time: validation decides between create and update on
        # what exists, and that must not change before the rows are written.
        list(Agency.objects.select_for_update().filter(pk=agency.pk).values_list("pk"))
        report = validate_rows(agency=agency, rows=rows)
        report.filename = filename
        if report.errors:
            return report
        try:
            with transaction.atomic():
                _write(agency, report.outcomes)
                search_indexing.queue_many(CatalogItem.objects.for_agency(agency))
        except IntegrityError:
            # Someone added one of the items in the back office meanwhile.
            report.errors.append(
                RowError(None, "", "", "保存时与其他人的修改冲突，未导入任何行，请重新导入。")
            )
            return report
    report.imported = True
    return report


def _write(agency: Agency, outcomes: Sequence[RowOutcome]) -> None:
    new = [CatalogItem(agency=agency, **o.fields) for o in outcomes if o.item is None]
    changed: list[CatalogItem] = []
    names: set[str] = set()
    for outcome in outcomes:
        if outcome.item is not None:
            for name, value in outcome.fields.items():
                setattr(outcome.item, name, value)
            changed.append(outcome.item)
            names.update(outcome.fields)
    CatalogItem.objects.bulk_create(new)
    if changed:
        CatalogItem.objects.bulk_update(changed, sorted(names), batch_size=500)
