"""The tables of the annual report (政府信息公开工作年度报告, Art 49-50, domain-spec section 6).

Every figure is computed in the database by conditional aggregation: one query per table
(table 三 grouped by applicant type and subtype, at most seven groups, summed into the
columns), plus one to list the requests breaking an invariant, whatever the number of requests.

Definitions (table 三), for an agency and a year Y, with ``outcome_date`` the date the
outcome was decided — ``answered_on`` when answered, else ``closed_on`` (abandonment, withdrawal):

- 一、本年新收: registered requests (``received_on`` set) received in Y. Submitted requests
  not yet registered have no receipt date and are not counted.
- 二、上年结转: requests received before 1 January Y and not decided before it (``outcome_date``
  null or on/after 1 January Y).
- 三、本年度办理结果: requests received by 31 December Y whose outcome was decided in Y, by
  outcome row (``OUTCOME_ROWS``); (七) 总计 is the count of the same requests (computed
  independently of the rows, so that an outcome outside the taxonomy shows up).
- 四、结转下年度继续办理: requests received by 31 December Y and not decided by then.

Only requests for government information count. A request to correct records about the
applicant (Art 41, ``RequestKind.RECORD_CORRECTION``) is handled with the same tracking and
timeline but is not a 政府信息公开申请, so it appears in no row of table 三. Each piece of an
application split one matter per request (一事一申请) is a request of its own and counts once.

Columns are the applicant types: 自然人, the five organisation subtypes (an organisation without
a subtype counts as 其他), 法人或其他组织 total, and 总计.

Invariants: 三(七) = sum of (一)…(六), and 一 + 二 = 三(七) + 四, in every column. With these
definitions the second holds by construction unless the data are inconsistent: an outcome dated
before the receipt, a decided date without an outcome, or an outcome without a date. Both
sides are computed separately, and ``invariant_breaches`` lists the requests that break them.

Table 二 (from the portal's documents, plus staff-entered ``AnnualFigures``):
- 行政规范性文件: documents with ``is_normative`` of the agency; 本年制发 = published
  (status published or later withdrawn) with ``date_published`` in Y; 本年废止 = validity
  repealed, with a validity change (``DocumentEvent`` action "validity") recorded in Y — an
  approximation: the event note is free text, and a later re-repeal would count again;
  现行有效 = published and in force (validity "valid") when computed.
- 规章: entered by staff (only provincial and larger-city governments make rules; the portal
  has no genre for them).
- 行政许可, 行政处罚, 行政强制 本年处理决定数量: the enforcement decisions recorded in the portal
  (``enforcement.Decision``) of the agency with a decision date in Y, whatever their publication
  status (a decision counts once made, published or not, and after its 公示期). An agency's
  ``AnnualFigures`` may override a count with a reason; the report then shows the figure as
  entered, the count and the reason (``decision_overrides``).
- 行政事业性收费 (万元): entered by staff.

Table 四 from ``Review``: filed in Y, by kind and result (a decided review keeps its result;
尚未审结 = result pending).

Processing fees (信息处理费, section 六): the sum of fee notices paid in Y and not waived.

A government's report (kind GOVERNMENT) is government-wide: the same sums over the government
office and its direct DEPARTMENT children (not the governments below it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from disclosure.models import Document, DocumentEvent, Validity
from enforcement.models import Decision, DecisionKind
from portal.models import Agency, AgencyKind
from publishing.models import Status as DocumentStatus
from reports.models import AnnualFigures
from requests_app.models import (
    ApplicantType,
    FeeNotice,
    InformationRequest,
    Outcome,
    RequestKind,
    Review,
)

SCHEMA_VERSION = 1

# --- Table 三 layout --------------------------------------------------------------------------

# (key, label) of the columns, in the official order.
COLUMNS: list[tuple[str, str]] = [
    ("person", "自然人"),
    ("business", "商业企业"),
    ("research", "科研机构"),
    ("public_interest", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other", "其他"),
    ("organisation", "小计"),
    ("total", "总计"),
]
ORG_COLUMNS = ["business", "research", "public_interest", "legal_service", "other"]

# The result rows of 三、本年度办理结果: (key, group label, item label, outcomes).
OUTCOME_ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("r1", "（一）予以公开", "", (Outcome.DISCLOSED, Outcome.ALREADY_PUBLIC)),
    ("r2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", (Outcome.PARTIAL,)),
    ("r3_1", "（三）不予公开", "1.属于国家秘密", (Outcome.WITHHELD_STATE_SECRET,)),
    ("r3_2", "（三）不予公开", "2.其他法律行政法规禁止公开", (Outcome.WITHHELD_LAW_FORBIDS,)),
    ("r3_3", "（三）不予公开", "3.危及“三安全一稳定”", (Outcome.WITHHELD_SECURITY_STABILITY,)),
    ("r3_4", "（三）不予公开", "4.保护第三方合法权益", (Outcome.WITHHELD_THIRD_PARTY,)),
    ("r3_5", "（三）不予公开", "5.属于三类内部事务信息", (Outcome.WITHHELD_INTERNAL_AFFAIRS,)),
    ("r3_6", "（三）不予公开", "6.属于四类过程性信息", (Outcome.WITHHELD_PROCESS_INFORMATION,)),
    ("r3_7", "（三）不予公开", "7.属于行政执法案卷", (Outcome.WITHHELD_ENFORCEMENT_FILES,)),
    ("r3_8", "（三）不予公开", "8.属于行政查询事项", (Outcome.WITHHELD_INQUIRY,)),
    ("r4_1", "（四）无法提供", "1.本机关不掌握相关政府信息", (Outcome.UNABLE_NOT_HELD,)),
    ("r4_2", "（四）无法提供", "2.没有现成信息需要另行制作", (Outcome.UNABLE_NEEDS_CREATION,)),
    ("r4_3", "（四）无法提供", "3.补正后申请内容仍不明确", (Outcome.UNABLE_UNCLEAR,)),
    ("r5_1", "（五）不予处理", "1.信访举报投诉类申请", (Outcome.NOT_PROCESSED_COMPLAINT,)),
    ("r5_2", "（五）不予处理", "2.重复申请", (Outcome.NOT_PROCESSED_REPEATED,)),
    ("r5_3", "（五）不予处理", "3.要求提供公开出版物", (Outcome.NOT_PROCESSED_PUBLICATION,)),
    ("r5_4", "（五）不予处理", "4.无正当理由大量反复申请", (Outcome.NOT_PROCESSED_EXCESSIVE,)),
    (
        "r5_5",
        "（五）不予处理",
        "5.要求行政机关确认或重新出具已获取信息",
        (Outcome.NOT_PROCESSED_CONFIRMATION,),
    ),
    (
        "r6_1",
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        (Outcome.OTHER_NO_CORRECTION,),
    ),
    (
        "r6_2",
        "（六）其他处理",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        (Outcome.OTHER_FEE_UNPAID,),
    ),
    ("r6_3", "（六）其他处理", "3.其他", (Outcome.OTHER,)),
]
# All rows of table 三 in order: (key, label) — used by the outputs.
TABLE3_ROWS: list[tuple[str, str]] = [
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_in", "二、上年结转政府信息公开申请数量"),
    *[(key, f"{group}{item}") for key, group, item, _outcomes in OUTCOME_ROWS],
    ("decided", "（七）总计"),
    ("carried_out", "四、结转下年度继续办理"),
]

# Table 四: the review kinds and result columns.
REVIEW_KINDS: list[tuple[str, str]] = [
    (Review.Kind.RECONSIDERATION, "行政复议"),
    (Review.Kind.LITIGATION_DIRECT, "行政诉讼 未经复议直接起诉"),
    (Review.Kind.LITIGATION_AFTER, "行政诉讼 复议后起诉"),
]
REVIEW_RESULTS: list[tuple[str, str]] = [
    (Review.Result.UPHELD, "结果维持"),
    (Review.Result.CORRECTED, "结果纠正"),
    (Review.Result.OTHER, "其他结果"),
    (Review.Result.PENDING, "尚未审结"),
    ("total", "总计"),
]


@dataclass(frozen=True)
class Period:
    year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31)


# --- Scope ---------------------------------------------------------------------------------


def is_government_wide(agency: Agency) -> bool:
    return agency.kind == AgencyKind.GOVERNMENT


def scope_agency_ids(agency: Agency) -> list[int]:
    """The agencies a report covers: a government and its direct departments, or one agency."""
    if not is_government_wide(agency):
        return [agency.pk]
    departments = Agency.objects.filter(
        path__startswith=agency.path, depth=agency.depth + 1, kind=AgencyKind.DEPARTMENT
    ).values_list("pk", flat=True)
    return [agency.pk, *departments]


# --- Table 三 -------------------------------------------------------------------------------


def _decided_date() -> Coalesce:
    return Coalesce(F("answered_on"), F("closed_on"))


def _row_filters(period: Period) -> dict[str, Q]:
    decided_in_year = Q(
        received_on__lte=period.end, outcome_date__gte=period.start, outcome_date__lte=period.end
    )
    rows = {
        "new": Q(received_on__gte=period.start, received_on__lte=period.end),
        "carried_in": Q(received_on__lt=period.start)
        & (Q(outcome_date__isnull=True) | Q(outcome_date__gte=period.start)),
    }
    for key, _group, _item, outcomes in OUTCOME_ROWS:
        rows[key] = decided_in_year & Q(outcome__in=list(outcomes))
    rows["decided"] = decided_in_year
    rows["carried_out"] = Q(received_on__lte=period.end) & (
        Q(outcome_date__isnull=True) | Q(outcome_date__gt=period.end)
    )
    return rows


def _relevant(period: Period) -> Q:
    """Requests that can be in some row: received by the year's end, and received in the year
    or not decided before it (the filter lets the database skip older, closed requests)."""
    return Q(received_on__lte=period.end) & (
        Q(received_on__gte=period.start)
        | Q(outcome_date__isnull=True)
        | Q(outcome_date__gte=period.start)
    )


def _requests(agency_ids: list[int]) -> Any:
    # Art 41 requests to correct records are not 政府信息公开申请: never in table 三.
    return InformationRequest.objects.filter(
        agency_id__in=agency_ids, received_on__isnull=False, kind=RequestKind.DISCLOSURE
    ).annotate(outcome_date=_decided_date())


def _column_of(applicant_type: str, organisation_type: str) -> str:
    if applicant_type == ApplicantType.PERSON:
        return "person"
    # An organisation recorded without a subtype is counted as 其他.
    return organisation_type if organisation_type in ORG_COLUMNS else "other"


def table_three(agency_ids: list[int], year: int) -> dict[str, dict[str, int]]:
    """``{row: {column: count}}`` in one query: the rows are conditional counts, grouped by
    applicant type and subtype (at most seven groups); the subtotal and total columns are
    the sums of those groups."""
    period = Period(year)
    rows = _row_filters(period)
    groups = (
        _requests(agency_ids)
        .filter(_relevant(period))
        .values("applicant_type", "organisation_type")
        .order_by()
        .annotate(**{row: Count("pk", filter=row_q) for row, row_q in rows.items()})
    )
    table = {row: dict.fromkeys((key for key, _label in COLUMNS), 0) for row in rows}
    for group in groups:
        column = _column_of(group["applicant_type"], group["organisation_type"])
        for row in rows:
            count = group[row]
            table[row][column] += count
            table[row]["total"] += count
            if column != "person":
                table[row]["organisation"] += count
    return table


@dataclass(frozen=True)
class InvariantCheck:
    name: str
    description: str
    holds: bool
    failing_columns: list[str]
    tracking_numbers: list[str]


def invariant_breaches(agency_ids: list[int], year: int, limit: int = 200) -> list[str]:
    """Tracking numbers of requests with inconsistent data: an outcome dated before the
    receipt (before the year, it breaks 一 + 二 = 三(七) + 四), a decided date without an
    outcome (it breaks 三(七) = (一)+…+(六)), or an outcome without a date."""
    period = Period(year)
    inconsistent = (
        Q(outcome_date__lt=F("received_on"))
        | (Q(outcome_date__isnull=False) & Q(outcome=""))
        | (Q(outcome_date__isnull=True) & ~Q(outcome=""))
    )
    return list(
        _requests(agency_ids)
        .filter(_relevant(period) & inconsistent)
        .order_by("tracking_number")
        .values_list("tracking_number", flat=True)[:limit]
    )


def check_invariants(
    table: dict[str, dict[str, int]], agency_ids: list[int] | None = None, year: int = 0
) -> list[InvariantCheck]:
    """Both invariants of section 6, per column; with ``agency_ids``, the breaking requests
    of the second one are listed (one more query, only when it fails)."""
    columns = [key for key, _label in COLUMNS]
    row_keys = [key for key, _group, _item, _outcomes in OUTCOME_ROWS]
    first = [c for c in columns if table["decided"][c] != sum(table[r][c] for r in row_keys)]
    second = [
        c
        for c in columns
        if table["new"][c] + table["carried_in"][c] != table["decided"][c] + table["carried_out"][c]
    ]
    breaking_first: list[str] = []
    breaking_second: list[str] = []
    if agency_ids is not None and (first or second):
        breaking = invariant_breaches(agency_ids, year)
        breaking_second = breaking if second else []
        if first:
            # Decided in the year with an outcome outside the taxonomy.
            known = [o for _k, _g, _i, outcomes in OUTCOME_ROWS for o in outcomes]
            period = Period(year)
            breaking_first = list(
                _requests(agency_ids)
                .filter(outcome_date__gte=period.start, outcome_date__lte=period.end)
                .exclude(outcome__in=known)
                .order_by("tracking_number")
                .values_list("tracking_number", flat=True)[:200]
            )
    return [
        InvariantCheck(
            "results_total",
            "三（七）= （一）+（二）+（三）+（四）+（五）+（六）",
            not first,
            first,
            breaking_first,
        ),
        InvariantCheck("balance", "一 + 二 = 三（七）+ 四", not second, second, breaking_second),
    ]


# --- Table 二 -------------------------------------------------------------------------------


def table_two(agency_ids: list[int], year: int) -> dict[str, Any]:
    period = Period(year)
    published = Q(status__in=[DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN])
    repealed_in_year = Exists(
        DocumentEvent.objects.filter(
            document=OuterRef("pk"),
            action="validity",
            created_at__date__gte=period.start,
            created_at__date__lte=period.end,
        )
    )
    documents = (
        Document.objects.filter(agency_id__in=agency_ids, is_normative=True)
        .annotate(repealed_in_year=repealed_in_year)
        .aggregate(
            issued=Count(
                "pk",
                filter=published
                & Q(date_published__gte=period.start, date_published__lte=period.end),
            ),
            repealed=Count(
                "pk", filter=Q(validity=Validity.REPEALED, repealed_in_year=True) & published
            ),
            in_force=Count(
                "pk", filter=Q(status=DocumentStatus.PUBLISHED, validity=Validity.VALID)
            ),
        )
    )
    figures = list(
        AnnualFigures.objects.filter(agency_id__in=agency_ids, year=year)
        .select_related("agency")
        .order_by("agency__path")
    )
    rules = {
        key: sum(getattr(row, f"rules_{key}") for row in figures)
        for key in ("issued", "repealed", "in_force")
    }
    fees = sum((row.fees_collected for row in figures), Decimal(0))
    decisions, overrides = decision_counts(agency_ids, year, figures)
    return {
        "rules": rules,
        "normative": {
            "issued": documents["issued"],
            "repealed": documents["repealed"],
            "in_force": documents["in_force"],
        },
        **decisions,
        "decision_overrides": overrides,
        # 万元, as a string: JSON keeps it exact.
        "fees_10k_yuan": str(fees.quantize(Decimal("0.0001"))),
    }


# Table 二's decision rows: (key in the table, enforcement kind, override field of AnnualFigures).
DECISION_ROWS = [
    ("licensing", DecisionKind.LICENSING, "licensing_decisions"),
    ("penalty", DecisionKind.PENALTY, "penalty_decisions"),
    ("coercion", DecisionKind.COERCION, "coercion_decisions"),
]


def decision_counts(
    agency_ids: list[int], year: int, figures: list[AnnualFigures]
) -> tuple[dict[str, int], list[dict]]:
    """本年处理决定数量 of 许可, 处罚 and 强制: per agency, the decisions recorded with a decision
    date in the year (any status), unless the agency's ``figures`` (of that year, agency
    joined) override a count; summed over the agencies. Returns the totals and, per agency
    that overrides, the figures entered, the counts they replace and the reason. One query."""
    period = Period(year)
    counted: dict[tuple[int, str], int] = {
        (row["agency_id"], row["kind"]): row["n"]
        for row in Decision.objects.filter(
            agency_id__in=agency_ids,
            decision_date__gte=period.start,
            decision_date__lte=period.end,
        )
        .values("agency_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    totals = dict.fromkeys((key for key, _kind, _field in DECISION_ROWS), 0)
    for (_agency, kind), n in counted.items():
        for key, row_kind, _field in DECISION_ROWS:
            if kind == row_kind:
                totals[key] += n
    overrides = []
    for row in figures:
        entered = {}
        for key, kind, field in DECISION_ROWS:
            value = getattr(row, field)
            if value is None:
                continue
            count = counted.get((row.agency_id, kind), 0)
            totals[key] += value - count
            entered[key] = {"entered": value, "counted": count}
        if entered:
            overrides.append(
                {
                    "agency": row.agency.name,
                    "figures": entered,
                    "reason": row.decisions_override_reason,
                }
            )
    return totals, overrides


# --- Table 四 and fees ------------------------------------------------------------------------


def table_four(agency_ids: list[int], year: int) -> dict[str, dict[str, int]]:
    period = Period(year)
    aggregates = {}
    for kind, _label in REVIEW_KINDS:
        for result, _result_label in REVIEW_RESULTS:
            condition = Q(kind=kind) if result == "total" else Q(kind=kind, result=result)
            aggregates[f"{kind}__{result}"] = Count("pk", filter=condition)
    counts = Review.objects.filter(
        request__agency_id__in=agency_ids, filed_on__gte=period.start, filed_on__lte=period.end
    ).aggregate(**aggregates)
    return {
        kind: {result: counts[f"{kind}__{result}"] or 0 for result, _l in REVIEW_RESULTS}
        for kind, _label in REVIEW_KINDS
    }


def processing_fees(agency_ids: list[int], year: int) -> Decimal:
    """信息处理费 charged in the year: fee notices paid in the year, not waived (yuan)."""
    period = Period(year)
    total = FeeNotice.objects.filter(
        request__agency_id__in=agency_ids,
        paid_on__gte=period.start,
        paid_on__lte=period.end,
        waived=False,
    ).aggregate(total=Sum("amount"))["total"]
    return (total or Decimal(0)).quantize(Decimal("0.01"))


# --- The whole report -----------------------------------------------------------------------


def compute(agency: Agency, year: int) -> dict[str, Any]:
    """All tables of the report, as plain JSON-able data (what a published report freezes).

    At most seven queries: the scope (for a government), tables 二 (three: documents, staff
    figures, enforcement decisions), 三 and 四, and the fees — whatever the number of requests
    and decisions.
    """
    agency_ids = scope_agency_ids(agency)
    return {
        "schema": SCHEMA_VERSION,
        "agency": {"code": agency.code, "name": agency.name},
        "year": year,
        "government_wide": is_government_wide(agency),
        "agency_count": len(agency_ids),
        "table2": table_two(agency_ids, year),
        "table3": table_three(agency_ids, year),
        "table4": table_four(agency_ids, year),
        "processing_fees_yuan": str(processing_fees(agency_ids, year)),
    }


def compute_with_checks(agency: Agency, year: int) -> tuple[dict[str, Any], list[InvariantCheck]]:
    """The tables and the invariant check, listing the requests that break an invariant."""
    tables = compute(agency, year)
    checks = check_invariants(tables["table3"], scope_agency_ids(agency), year)
    return tables, checks
