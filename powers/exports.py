"""The open-data dataset of power items (``data/power-items.csv`` and ``.json``, all agencies
or one with its sub-agencies): published items, one row each, with their responsibilities and
basis of accountability joined in one cell (formulas neutralised by the shared export)."""

from __future__ import annotations

from django.db.models import QuerySet

from disclosure.exports import Dataset
from portal.models import Agency
from powers import selectors
from powers.models import PowerItem


def _rows(agency: Agency | None) -> QuerySet[PowerItem]:
    found = selectors.published()
    if agency is not None:
        found = found.filter(agency__path__startswith=agency.path)
    return found


def _responsibilities(item: PowerItem) -> str:
    return "\n".join(
        f"{row.duty}（{row.accountability_basis}）" if row.accountability_basis else row.duty
        for row in item.responsibilities.all()
    )


def _row(item: PowerItem) -> list[object]:
    return [
        item.code,
        item.name,
        item.get_category_display(),
        "\n".join(item.sub_item_list),
        item.basis,
        "\n".join(document.title for document in item.published_basis_documents),
        item.agency.name,
        item.office,
        _responsibilities(item),
        item.accountability_cases,
        item.contact_phone,
        item.supervision_phone,
        item.notes,
        item.version,
        item.get_absolute_url(),
    ]


DATASET: Dataset[PowerItem] = Dataset(
    "power-items",
    [
        ("code", "事项编码"),
        ("name", "事项名称"),
        ("category", "职权类别"),
        ("sub_items", "子项"),
        ("basis", "设定依据"),
        ("basis_documents", "依据文件"),
        ("agency", "实施机关"),
        ("office", "承办机构"),
        ("responsibilities", "责任事项（追责依据）"),
        ("accountability_cases", "追责情形"),
        ("contact_phone", "咨询电话"),
        ("supervision_phone", "监督电话"),
        ("notes", "备注"),
        ("version", "版本"),
        ("url", "链接"),
    ],
    _rows,
    _row,
)
