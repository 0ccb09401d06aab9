"""Downloads of major decisions: every decision of the published catalogs as an open-data
dataset (``data/major-decisions.csv`` and ``.json``: the catalog's columns and each decision's
current stage), and one catalog's decisions as CSV from its page; streamed like every export
(``disclosure.exports``: a BOM for Excel, formula-like text neutralised)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from decisions import lifecycle, selectors
from decisions.models import Decision
from disclosure.exports import CHUNK_SIZE, Dataset, content_disposition, csv_lines
from portal import sites
from portal.models import Agency


def _decisions(agency: Agency | None) -> QuerySet[Decision]:
    found = selectors.decisions()
    if agency is not None:
        found = found.filter(catalog__agency__path__startswith=agency.path)
    return found


def _decision_row(decision: Decision) -> list[object]:
    published = [step.kind for step in decision.published_steps]
    stage = lifecycle.current_stage(published)
    return [
        decision.catalog.agency.name,
        decision.catalog.year,
        decision.number,
        decision.title,
        decision.lead_agency,
        decision.legal_basis,
        decision.planned_start,
        decision.planned_end,
        "是" if decision.hearing_required else "否",
        str(stage.label) if stage else "未启动",
        "是" if lifecycle.is_complete(published) else "否",
        decision.get_absolute_url(),
    ]


DATASET: Dataset[Decision] = Dataset(
    "major-decisions",
    [
        ("government", "决策机关"),
        ("year", "年度"),
        ("number", "序号"),
        ("title", "决策事项"),
        ("lead_agency", "承办单位"),
        ("legal_basis", "决策依据"),
        ("planned_start", "计划启动时间"),
        ("planned_end", "计划完成时间"),
        ("hearing_required", "是否听证"),
        ("stage", "当前进展"),
        ("complete", "程序是否完成"),
        ("url", "链接"),
    ],
    _decisions,
    _decision_row,
    site_field=selectors.DECISION_AGENCY,
)


@require_safe
def catalog_csv(request: HttpRequest, code: str, year: int) -> HttpResponseBase:
    catalog = selectors.catalog_for(code, year)
    if catalog is None:
        raise Http404
    if (moved := sites.elsewhere(request, catalog.agency)) is not None:
        return moved
    rows = selectors.decisions_of(catalog).iterator(chunk_size=CHUNK_SIZE)
    stamp = timezone.localdate().isoformat()
    response = StreamingHttpResponse(
        csv_lines(DATASET, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition(
        f"{catalog.title}-{stamp}.csv", f"major-decisions-{code}-{year}-{stamp}.csv"
    )
    return response
