"""Open-data downloads (CSV and JSON) of the document catalog, the catalog items and the
negative list, for everything or per agency (the agency and its sub-agencies); apps above
disclosure add theirs with ``register_dataset`` (enforcement decisions).

Streamed: rows come from ``.iterator(chunk_size=2000)`` and are written one by one, so a
100,000-row export never sits in memory. The CSV starts with a UTF-8 byte-order mark because
Excel otherwise reads UTF-8 Chinese as the legacy code page.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import quote

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from disclosure import selectors
from disclosure.models import CatalogItem, Channel, Document, NegativeListEntry
from portal import sites
from portal.models import Agency
from portal.spreadsheets import neutralise_row

CHUNK_SIZE = 2000
BOM = "\ufeff"


M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Dataset(Generic[M]):
    slug: str
    columns: list[tuple[str, str]]  # (key, Chinese header)
    rows: Callable[[Agency | None], QuerySet[M]]
    row: Callable[[M], list[object]]
    #: The path to the rows' agency, for rows without an ``agency`` of their own (a gazette's
    #: table of contents: "issue__agency"), which scopes them to the request's site.
    site_field: str = ""


def _documents(agency: Agency | None) -> QuerySet[Document]:
    # No prefetch: prefetch_related would be ignored by iterator() without chunking anyway,
    # and the export shows the issuing agency only (joined in the same query).
    documents = Document.objects.published().with_metadata().order_by("-date_published", "-id")
    if agency is not None:
        documents = documents.filter(selectors.agency_subtree(agency))
    return documents


def _document_row(d: Document) -> list[object]:
    return [
        d.index_number or "",
        d.title,
        d.doc_number,
        d.agency.name,
        d.date_formed,
        d.date_published,
        str(d.theme) if d.theme else "",
        d.genre.name if d.genre else "",
        d.catalog_item.domain.name if d.catalog_item else "",
        d.get_validity_display(),
        d.get_disclosure_attribute_display(),
        "是" if d.is_normative else "否",
        d.get_absolute_url(),
    ]


def _items(agency: Agency | None) -> QuerySet[CatalogItem]:
    items = CatalogItem.objects.select_related("agency", "domain").order_by(
        "agency__path", "domain__order", "order", "id"
    )
    if agency is not None:
        items = items.filter(agency__path__startswith=agency.path)
    return items


def _item_row(i: CatalogItem) -> list[object]:
    labels = dict(Channel.choices)
    return [
        i.agency.name,
        i.domain.name,
        i.item_level1,
        i.item_level2,
        i.content,
        i.legal_basis,
        i.time_limit,
        i.responsible,
        "、".join(str(labels.get(c, c)) for c in i.channels),
        i.get_audience_display(),
        i.get_mode_display(),
    ]


def _negative(agency: Agency | None) -> QuerySet[NegativeListEntry]:
    entries = selectors.negative_list_entries()  # screening keywords deferred, never read
    if agency is not None:
        entries = entries.filter(agency__path__startswith=agency.path)
    return entries


def _negative_row(e: NegativeListEntry) -> list[object]:
    return [
        e.agency.name,
        e.get_category_display(),
        e.matter,
        e.get_legal_ground_display(),
        e.basis,
        e.effective_date,
    ]


DATASETS: dict[str, Dataset[Any]] = {
    "documents": Dataset(
        "documents",
        [
            ("index_number", "索引号"),
            ("title", "标题"),
            ("doc_number", "发文字号"),
            ("agency", "发布机构"),
            ("date_formed", "成文日期"),
            ("date_published", "发布日期"),
            ("theme", "主题分类"),
            ("genre", "体裁分类"),
            ("domain", "目录领域"),
            ("validity", "有效性"),
            ("disclosure_attribute", "公开方式"),
            ("is_normative", "规范性文件"),
            ("url", "链接"),
        ],
        _documents,
        _document_row,
    ),
    "catalog-items": Dataset(
        "catalog-items",
        [
            ("agency", "公开主体机关"),
            ("domain", "领域"),
            ("item_level1", "一级事项"),
            ("item_level2", "二级事项"),
            ("content", "公开内容（要素）"),
            ("legal_basis", "公开依据"),
            ("time_limit", "公开时限"),
            ("responsible", "公开主体"),
            ("channels", "公开渠道和载体"),
            ("audience", "公开对象"),
            ("mode", "公开方式"),
        ],
        _items,
        _item_row,
    ),
    "negative-list": Dataset(
        "negative-list",
        [
            ("agency", "机关"),
            ("category", "类别"),
            ("matter", "不予公开事项"),
            ("legal_ground", "理由"),
            ("basis", "依据"),
            ("effective_date", "生效日期"),
        ],
        _negative,
        _negative_row,
    ),
}


def register_dataset(dataset: Dataset[Any]) -> None:
    """Add another app's dataset to the open-data downloads (from its ``AppConfig.ready``):
    apps above disclosure (enforcement decisions) publish through the same streamed CSV and
    JSON, under ``data/<slug>.<fmt>``."""
    current = DATASETS.get(dataset.slug)
    if current is not None and current is not dataset:
        raise ValueError(f"Dataset {dataset.slug!r} is taken.")
    DATASETS[dataset.slug] = dataset


def site_rows(
    spec: Dataset[M], site: sites.CurrentSite, agency: Agency | None = None
) -> QuerySet[M]:
    """The rows of ``spec`` (of ``agency`` and below, or all) within ``site``: what its export
    serves on the site's hosts."""
    found = spec.rows(agency)
    if spec.site_field:
        return sites.scope(found, site, field=spec.site_field)
    return sites.scope_records(found, site)


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _text(value: object) -> str:
    return "" if value is None else str(value)


def csv_lines(dataset: Dataset, rows: Iterable[object]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([header for _key, header in dataset.columns])
    for obj in rows:
        # Titles and names are typed by staff: none may run as a formula when the file is opened.
        yield writer.writerow(neutralise_row(_text(value) for value in dataset.row(obj)))


def json_chunks(dataset: Dataset, rows: Iterable[object]) -> Iterator[str]:
    keys = [key for key, _header in dataset.columns]
    yield "["
    first = True
    for obj in rows:
        record = dict(zip(keys, (_text(value) for value in dataset.row(obj)), strict=True))
        yield ("" if first else ",") + "\n" + json.dumps(record, ensure_ascii=False)
        first = False
    yield "\n]\n"


def content_disposition(filename: str, fallback: str) -> str:
    """RFC 6266/5987: an ASCII fallback plus the UTF-8 name for Chinese agency names."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


@require_GET
def export(
    request: HttpRequest, dataset: str, fmt: str, code: str | None = None
) -> StreamingHttpResponse:
    spec = DATASETS.get(dataset)
    if spec is None or fmt not in ("csv", "json"):
        raise Http404
    # The request's site's records only (portal.sites), and only its agencies' exports.
    site = sites.current_site(request)
    agency = sites.agency_or_404(request, Agency.objects.all(), code=code) if code else None
    rows = site_rows(spec, site, agency).iterator(chunk_size=CHUNK_SIZE)
    stamp = timezone.localdate().isoformat()
    fallback = f"{agency.code + '-' if agency else ''}{spec.slug}-{stamp}.{fmt}"
    name = f"{agency.name}-{spec.slug}-{stamp}.{fmt}" if agency else fallback
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_lines(spec, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            json_chunks(spec, rows), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = content_disposition(name, fallback)
    return response
