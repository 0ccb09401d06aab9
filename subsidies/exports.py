"""Downloads of beneficiary lists: the open-data dataset of the lists on display
(``data/subsidy-lists.csv`` and ``.json``, with their totals, never their rows' people), and
one list's masked rows (``subsidies/<id>/rows.csv`` and ``.json``), streamed like every export
(``disclosure.exports``: a BOM for Excel, formula-like text neutralised)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from disclosure.exports import (
    CHUNK_SIZE,
    Dataset,
    content_disposition,
    csv_lines,
    json_chunks,
)
from portal import sites
from portal.models import Agency
from subsidies import selectors
from subsidies.models import BeneficiaryList, BeneficiaryRow


def _lists(agency: Agency | None) -> QuerySet[BeneficiaryList]:
    found = selectors.lists()
    if agency is not None:
        found = found.filter(agency__path__startswith=agency.path)
    return found


def _list_row(item: Any) -> list[object]:
    return [
        item.title,
        item.get_kind_display(),
        item.period,
        item.agency.name,
        item.notice_start,
        item.notice_end,
        item.supervision_phone,
        item.row_count,
        "" if item.people_total is None else item.people_total,
        "" if item.amount_total is None else item.amount_total,
        item.get_absolute_url(),
    ]


DATASET: Dataset[BeneficiaryList] = Dataset(
    "subsidy-lists",
    [
        ("title", "名单名称"),
        ("kind", "类别"),
        ("period", "所属期间"),
        ("agency", "公示机关"),
        ("notice_start", "公示开始日期"),
        ("notice_end", "公示截止日期"),
        ("supervision_phone", "监督电话"),
        ("row_count", "名单条目数"),
        ("people_total", "人数合计"),
        ("amount_total", "金额合计（元）"),
        ("url", "链接"),
    ],
    _lists,
    _list_row,
)


def rows_dataset(beneficiary_list: BeneficiaryList) -> Dataset[BeneficiaryRow]:
    """One list's masked rows, with the list's own columns (序号 first)."""
    keys = beneficiary_list.column_keys()

    def rows(_agency: Agency | None) -> QuerySet[BeneficiaryRow]:
        return selectors.rows_of(beneficiary_list)

    def row(item: BeneficiaryRow) -> list[object]:
        return [item.number, *item.cells(keys)]

    columns = [("number", "序号")]
    columns += [(column["key"], column["heading"]) for column in beneficiary_list.columns]
    return Dataset(f"subsidy-list-{beneficiary_list.pk}", columns, rows, row)


@require_safe
def rows_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    beneficiary_list = selectors.list_on_display(pk)
    if beneficiary_list is None or fmt not in ("csv", "json"):
        raise Http404
    if (moved := sites.elsewhere(request, beneficiary_list.agency)) is not None:
        return moved
    dataset = rows_dataset(beneficiary_list)
    rows = dataset.rows(None).iterator(chunk_size=CHUNK_SIZE)
    stamp = timezone.localdate().isoformat()
    fallback = f"{dataset.slug}-{stamp}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_lines(dataset, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            json_chunks(dataset, rows), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = content_disposition(
        f"{beneficiary_list.title}-{stamp}.{fmt}", fallback
    )
    return response
