"""Benchmark of the annual report's computation (prints figures; not a timed test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_reportbench \
        python bench/annual_report.py [--requests 1000000] [--departments 20] [--repeat 5]

Builds (once; reused when the rows are already there) a government with departments and that
many registered requests over three years (2023-2025), with every outcome, applicant type and
open/closed state, inserted with one ``INSERT ... SELECT generate_series`` that copies the
encrypted applicant columns of one template request (PostgreSQL only). Then times, for 2025:

1. ``annual_report.compute`` for one department (all tables, about 1/(departments+1) of rows);
2. ``annual_report.compute`` for the government-wide report (every row);
3. one plain ``GROUP BY`` query over the same rows (applicant type, subtype, outcome, year of
   receipt and of decision) — the floor any aggregation must pay — and the ratio.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

common.setup(DEBUG="1")  # creates the database if missing, migrates

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from portal.agencies import agency_create  # noqa: E402
from portal.models import Agency, AgencyKind, AgencyLevel  # noqa: E402
from reports import tables as annual_report  # noqa: E402
from requests_app.models import InformationRequest  # noqa: E402

YEAR = 2025
GOVERNMENT_CODE = "BENCH00000"
PREFIX = "R"

GROUP_BY = """
SELECT applicant_type, organisation_type, outcome,
       received_on < %(start)s AS earlier,
       COALESCE(answered_on, closed_on) < %(start)s AS decided_before,
       COALESCE(answered_on, closed_on) > %(end)s AS decided_after,
       COUNT(*)
FROM requests_app_informationrequest
WHERE agency_id = ANY(%(agencies)s) AND received_on <= %(end)s
GROUP BY 1, 2, 3, 4, 5, 6
"""

# The rows: a number n from generate_series decides everything, deterministically.
INSERT = """
INSERT INTO requests_app_informationrequest (
    tracking_number, access_code_hash, agency_id, channel, submitted_at, received_on,
    applicant_type, organisation_type, name, id_type, id_number, credit_code,
    legal_representative, contact_person, phone, email, address, postcode, applicant_key,
    email_key, description, document_title, document_number, purpose, delivery_method,
    delivery_form, fee_waiver_requested, fee_waiver_reason, status, handler_id, corrected_on,
    due_date, due_provisional, outcome, answered_on, closed_on, subject_key, created_at,
    updated_at{more_columns})
SELECT
    %(prefix)s || n, t.access_code_hash,
    (%(agencies)s::int[])[1 + n %% %(agency_count)s], t.channel, t.submitted_at,
    DATE '2023-01-01' + (n %% 1095),
    CASE WHEN n %% 3 = 0 THEN 'organisation' ELSE 'person' END,
    CASE WHEN n %% 3 = 0 THEN (%(subtypes)s::text[])[1 + (n / 3) %% 5] ELSE '' END,
    t.name, t.id_type, t.id_number, t.credit_code, t.legal_representative, t.contact_person,
    t.phone, t.email, t.address, t.postcode, t.applicant_key, t.email_key, t.description,
    t.document_title, t.document_number, t.purpose, t.delivery_method, t.delivery_form,
    false, '',
    CASE WHEN n %% 10 = 0 THEN 'in_progress'
         WHEN (%(outcomes)s::text[])[1 + n %% %(outcome_count)s] LIKE 'other%%' THEN 'closed'
         ELSE 'answered' END,
    NULL, NULL, NULL, false,
    CASE WHEN n %% 10 = 0 THEN '' ELSE (%(outcomes)s::text[])[1 + n %% %(outcome_count)s] END,
    CASE WHEN n %% 10 = 0 OR (%(outcomes)s::text[])[1 + n %% %(outcome_count)s] LIKE 'other%%'
         THEN NULL ELSE DATE '2023-01-01' + (n %% 1095) + (n %% 37) END,
    CASE WHEN n %% 10 <> 0 AND (%(outcomes)s::text[])[1 + n %% %(outcome_count)s] LIKE 'other%%'
         THEN DATE '2023-01-01' + (n %% 1095) + (n %% 37) END,
    '', now(), now(){more_values}
FROM generate_series(%(first)s, %(last)s) AS n,
     (SELECT * FROM requests_app_informationrequest WHERE tracking_number = 'RTEMPLATE') AS t
"""


# The outcomes of requests for government information, the report's rows (the Art 41 record
# corrections' own outcomes are not counted in it).
OUTCOMES = [
    str(o) for _key, _group, _item, outcomes in annual_report.OUTCOME_ROWS for o in outcomes
]


def insert_sql() -> str:
    """INSERT with the columns above, and every other column of the table (added since this
    script was written) copied from the template request, so that a NOT NULL one is filled."""
    with connection.cursor() as cursor:
        table = connection.introspection.get_table_description(
            cursor, "requests_app_informationrequest"
        )
    listed = INSERT.split("SELECT", 1)[0]
    more = [
        column.name
        for column in table
        if column.name != "id" and not re.search(rf"\b{column.name}\b", listed)
    ]
    return INSERT.replace("{more_columns}", "".join(f", {name}" for name in more)).replace(
        "{more_values}", "".join(f", t.{name}" for name in more)
    )


def agencies(departments: int) -> tuple[Agency, list[Agency]]:
    government = Agency.objects.filter(code=GOVERNMENT_CODE).first()
    if government is None:
        government = agency_create(
            parent=None, name="基准市人民政府", code=GOVERNMENT_CODE,
            level=AgencyLevel.CITY, kind=AgencyKind.GOVERNMENT,
        )  # fmt: skip
    children = list(
        Agency.objects.filter(path__startswith=government.path, depth=government.depth + 1)
    )
    for number in range(len(children), departments):
        children.append(
            agency_create(
                parent=government,
                name=f"基准市第{number + 1}局",
                code=f"BENCH{number + 1:05d}",
                level=AgencyLevel.CITY,
                kind=AgencyKind.DEPARTMENT,
            )
        )
    return government, children


def ensure_rows(total: int, agency_ids: list[int]) -> float:
    existing = InformationRequest.objects.filter(tracking_number__startswith=PREFIX).count()
    if not InformationRequest.objects.filter(tracking_number="RTEMPLATE").exists():
        InformationRequest.objects.create(
            agency_id=agency_ids[0], tracking_number="RTEMPLATE", channel="in_person",
            access_code_hash="x", applicant_type="person", name="王某某", id_type="resident_id",
            id_number="440524198001010013", phone="13812345678", email="a@example.com",
            description="请公开本市城乡居民最低生活保障资金使用情况",
            delivery_method="email", delivery_form="electronic",
        )  # fmt: skip
        existing += 1
    wanted = total + 1  # the template is not counted
    started = time.perf_counter()
    batch = 200_000
    insert = insert_sql()
    with connection.cursor() as cursor:
        for first in range(existing, wanted, batch):
            last = min(first + batch, wanted) - 1
            cursor.execute(
                insert,
                {
                    "prefix": PREFIX, "agencies": agency_ids, "agency_count": len(agency_ids),
                    "subtypes": ["business", "research", "public_interest", "legal_service",
                                 "other"],
                    "outcomes": OUTCOMES, "outcome_count": len(OUTCOMES),
                    "first": first, "last": last,
                },
            )  # fmt: skip
            print(f"  inserted up to {last:,}", flush=True)
    elapsed = time.perf_counter() - started
    # The planner's statistics after the bulk load (cheap once done).
    common.vacuum_analyze("requests_app_informationrequest")
    return elapsed


def timed(function, repeat: int) -> tuple[float, int]:
    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
        queries = len(captured.captured_queries)
    return statistics.median(times), queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    government, departments = agencies(args.departments)
    scope = annual_report.scope_agency_ids(government)
    print(f"Generating {args.requests:,} requests over {len(scope)} agencies ...")
    seconds = ensure_rows(args.requests, scope)
    rows = InformationRequest.objects.filter(agency_id__in=scope).count()
    print(f"  {rows:,} rows in scope (generation {seconds:.1f} s)")
    common.print_scale(requests=rows, agencies=len(scope))

    common.print_load("the timings")
    department = departments[0]
    dept_rows = InformationRequest.objects.filter(agency=department).count()
    one, one_queries = timed(lambda: annual_report.compute(department, YEAR), args.repeat)
    wide, wide_queries = timed(lambda: annual_report.compute(government, YEAR), args.repeat)

    def group_by(ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                GROUP_BY, {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31", "agencies": ids}
            )
            cursor.fetchall()

    one_floor, _q = timed(lambda: group_by([department.pk]), args.repeat)
    wide_floor, _q = timed(lambda: group_by(scope), args.repeat)
    table = annual_report.compute(government, YEAR)["table3"]
    checks = annual_report.check_invariants(table)
    print(f"\nReport year {YEAR}, median of {args.repeat} runs:")
    print(f"  one department ({dept_rows:,} rows): {one:.3f} s, {one_queries} queries; "
          f"GROUP BY {one_floor:.3f} s; ratio {one / one_floor:.1f}x")  # fmt: skip
    print(f"  government-wide ({rows:,} rows): {wide:.3f} s, {wide_queries} queries; "
          f"GROUP BY {wide_floor:.3f} s; ratio {wide / wide_floor:.1f}x")  # fmt: skip
    print(f"  table 三 totals: new {table['new']['total']:,}, carried in "
          f"{table['carried_in']['total']:,}, decided {table['decided']['total']:,}, carried "
          f"out {table['carried_out']['total']:,}; invariants "
          f"{'hold' if all(c.holds for c in checks) else 'FAIL'}")  # fmt: skip


if __name__ == "__main__":
    main()
