"""Benchmark of information requests (prints figures; not a timed test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \
        python bench/requests_reminders.py [--requests 100000] [--submissions 200]

1. The daily reminder sweep (``reminders.send_deadline_reminders``) over that many open
   requests: the SQL queries and time to decide and record the day's reminders, against one
   raw SQL query selecting the same rows; then the delivery task's work (``reminders.deliver``
   in batches over one connection each, e-mail kept in memory). All in a transaction that is
   rolled back, so nothing is recorded or marked as sent.
2. Public form submissions per second through the full view (``/requests/apply/``, middleware,
   form, service, templates), with the rate limits raised, also rolled back.

Creates the demo data and as many requests as needed (``generate_requests``) first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

common.setup(DEBUG="1", CELERY_TASK_ALWAYS_EAGER="1")  # creates the database if missing, migrates

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402
from django.utils import timezone  # noqa: E402

from portal import workdays  # noqa: E402
from portal.models import Agency  # noqa: E402
from requests_app import intake, reminders  # noqa: E402
from requests_app.models import InformationRequest  # noqa: E402

RAW_DUE_ROWS = """
SELECT r.id, r.tracking_number, r.status, r.due_date, r.due_provisional, r.document_title,
       r.document_number, r.agency_id, r.handler_id, a.name, u.email, u.is_active
FROM requests_app_informationrequest r
JOIN portal_agency a ON a.id = r.agency_id
LEFT JOIN auth_user u ON u.id = r.handler_id
WHERE r.status IN ('received', 'in_progress')
  AND r.due_date IN (%(d5)s, %(d3)s, %(d1)s)
  AND NOT EXISTS (
    SELECT 1 FROM requests_app_remindersent s
    WHERE s.request_id = r.id AND s.due_date = r.due_date
      AND s.kind = CASE r.due_date WHEN %(d5)s THEN 'reminder-5' WHEN %(d3)s THEN 'reminder-3'
                                   ELSE 'reminder-1' END)
ORDER BY r.due_date, r.id
"""

RAW_RECORD = """
INSERT INTO requests_app_remindersent (request_id, kind, due_date, created_at)
SELECT r.id, CASE r.due_date WHEN %(d5)s THEN 'reminder-5' WHEN %(d3)s THEN 'reminder-3'
                             ELSE 'reminder-1' END, r.due_date, now()
FROM ({due_rows}) AS r
ON CONFLICT (request_id, kind, due_date) DO NOTHING
""".replace("{due_rows}", RAW_DUE_ROWS)

LOCMEM_EMAIL = "django.core.mail.backends.locmem.EmailBackend"


class QueryCounter:
    """Counts every query (``CaptureQueriesContext`` keeps only the last 9,000)."""

    def __init__(self) -> None:
        self.total = 0
        self.selects = 0

    def __call__(self, execute, sql, params, many, context):
        self.total += 1
        self.selects += sql.lstrip().upper().startswith("SELECT")
        return execute(sql, params, many, context)


def median_seconds(function, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def sweep_day() -> object:
    """Today if it is a working day, else the next one (the sweep skips non-working days)."""
    day = timezone.localdate()
    return day if workdays.is_workday(day) else workdays.add_workdays(day, 1)


def bench_sweep() -> None:
    day = sweep_day()
    targets = reminders.reminder_targets(day)
    params = {f"d{n}": target for target, n in targets.items()}
    print(f"sweep day {day}; reminder due dates {', '.join(str(d) for d in targets)}")

    def orm_rows() -> list:
        return list(reminders.due_for_reminder(day))

    def raw_rows() -> list:
        with connection.cursor() as cursor:
            cursor.execute(RAW_DUE_ROWS, params)
            return cursor.fetchall()

    orm_rows(), raw_rows()  # warm up (plans, calendar)
    due = len(raw_rows())
    assert due == len(orm_rows()), "the ORM and the raw SQL select different rows"
    raw_seconds = median_seconds(raw_rows)

    def raw_record() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(RAW_RECORD, params)
            transaction.set_rollback(True)

    raw_record_seconds = median_seconds(raw_record)

    # Deciding and recording (what the daily sweep does; delivery is queued to Celery): the
    # median of five sweeps, each rolled back, then one more whose rows the delivery sends.
    def sweep_rolled_back() -> None:
        with transaction.atomic(), mock.patch.object(reminders, "queue_delivery"):
            reminders.send_deadline_reminders(day)
            transaction.set_rollback(True)

    sweep_seconds = median_seconds(sweep_rolled_back)
    queued: list[list[int]] = []
    counter = QueryCounter()
    with transaction.atomic():
        with (
            mock.patch.object(
                reminders, "queue_delivery", side_effect=lambda ids: queued.append(ids) or len(ids)
            ),
            connection.execute_wrapper(counter),
        ):
            recorded = reminders.send_deadline_reminders(day)
        ids = queued[0] if queued else []
        # Delivery: the Celery task's work, in batches over one connection each.
        delivery_counter = QueryCounter()
        with (
            override_settings(EMAIL_BACKEND=LOCMEM_EMAIL),
            connection.execute_wrapper(delivery_counter),
        ):
            start = time.perf_counter()
            delivered = sum(
                reminders.deliver(ids[i : i + reminders.BATCH], today=day)
                for i in range(0, len(ids), reminders.BATCH)
            )
            delivery_seconds = time.perf_counter() - start
        transaction.set_rollback(True)  # nothing is recorded or marked as sent

    batches = max(1, -(-len(ids) // reminders.BATCH))
    print(f"due rows: {due}; reminders recorded and queued by the sweep: {recorded}")
    print(
        f"sweep (decide and record): {counter.total} SQL queries ({counter.selects} SELECT), "
        f"{sweep_seconds * 1000:.1f} ms (goal ≤ 10 queries, ≤ 3x one raw SQL)"
    )
    print(
        f"  / raw SQL selecting the due rows ({raw_seconds * 1000:.1f} ms): "
        f"{sweep_seconds / raw_seconds:.2f}x; / raw SQL selecting and recording them, one "
        f"INSERT … SELECT ({raw_record_seconds * 1000:.1f} ms): "
        f"{sweep_seconds / raw_record_seconds:.2f}x"
    )
    print(
        f"delivery (Celery task): {delivered} e-mails in {batches} batches of ≤{reminders.BATCH}, "
        f"{delivery_counter.total} SQL queries ({delivery_counter.total / batches:.1f} per batch), "
        f"{delivery_seconds:.2f} s, {delivery_seconds / max(delivered, 1) * 1000:.2f} ms per e-mail"
    )


def bench_submissions(count: int) -> None:
    try:
        resolve("/requests/apply/")
    except Resolver404:
        print("form submissions: skipped: form not available")
        return
    agency = Agency.objects.get(code="331100000")

    def payload(n: int) -> dict:
        return {
            "agency": agency.pk,
            "applicant_type": "person",
            "person_name": "测试申请人",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13912345678",
            "email": f"bench-form-{n}@example.com",
            "address": "浙江省丽水市莲都区花园路88号",
            "postcode": "323000",
            "description": f"请公开2025年本市城乡居民最低生活保障资金的使用情况（基准 {n}）",
            "delivery_method": "email",
            "delivery_form": "electronic",
            "consent": "on",
            "website": "",
        }

    client = Client()
    rates = {"REQUESTS_RATE_PER_IP": "1000000/h", "REQUESTS_RATE_PER_EMAIL": "1000000/h"}
    with override_settings(EMAIL_BACKEND=LOCMEM_EMAIL, **rates), transaction.atomic():
        first = client.post("/requests/apply/", payload(-1))
        if first.status_code != 302:
            print(f"form submissions: skipped: the form answered {first.status_code}")
            transaction.set_rollback(True)
            return
        start = time.perf_counter()
        codes = [client.post("/requests/apply/", payload(n)).status_code for n in range(count)]
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)  # the bench leaves no applications behind
    ok = codes.count(302)
    print(
        f"form submissions: {ok}/{count} accepted in {elapsed:.2f} s: "
        f"{ok / elapsed:.1f} submissions/s ({elapsed / count * 1000:.1f} ms each)"
    )
    hashing = median_seconds(lambda: intake.hash_access_code("ABCDEFGHJKMN"), runs=3)
    print(f"  of which hashing the access code (keyed hash): {hashing * 1000:.3f} ms each")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--submissions", type=int, default=200)
    args = parser.parse_args()
    if not Agency.objects.filter(code="331100000").exists():
        call_command("load_demo", "--allow-production", stdout=open(os.devnull, "w"))  # noqa: SIM115
    missing = args.requests - InformationRequest.objects.open().count()
    if missing > 0:
        print(f"generating {missing} open requests …", flush=True)
        call_command("generate_requests", missing, stdout=open(os.devnull, "w"))  # noqa: SIM115
    # The planner's statistics after a bulk load (cheap once done).
    common.vacuum_analyze("requests_app_informationrequest", "requests_app_remindersent")
    print(f"open requests: {InformationRequest.objects.open().count()}")
    common.print_scale(open_requests=InformationRequest.objects.open().count())
    common.print_load("the sweep")
    bench_sweep()
    common.print_load("the form submissions")
    bench_submissions(args.submissions)


if __name__ == "__main__":
    main()
