"""Benchmark of information requests (prints figures; not a timed test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \
        python bench/requests_reminders.py [--requests 100000] [--submissions 200]

1. The daily reminder sweep (``reminders.send_deadline_reminders``) over that many open
   requests: SQL queries and seconds, run inside a transaction that is rolled back (so nothing
   is marked as sent) with e-mail kept in memory; and the sweep's selection of due rows against
   one raw SQL query selecting the same rows.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")

import django

django.setup()

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
    orm_seconds = median_seconds(orm_rows)
    raw_seconds = median_seconds(raw_rows)

    counter = QueryCounter()
    with override_settings(EMAIL_BACKEND=LOCMEM_EMAIL), transaction.atomic():
        with connection.execute_wrapper(counter):
            start = time.perf_counter()
            sent = reminders.send_deadline_reminders(day)
            sweep_seconds = time.perf_counter() - start
        transaction.set_rollback(True)  # nothing is marked as sent

    print(f"due rows: {due}; reminders sent by the sweep: {sent}")
    print(
        f"reminder sweep: {counter.total} SQL queries ({counter.selects} SELECT; per reminder "
        f"one savepoint, INSERT and release), {sweep_seconds:.3f} s with the e-mails, "
        f"{sweep_seconds / max(sent, 1) * 1000:.1f} ms per reminder"
    )
    print(f"sweep selection of due rows (ORM, 1 query): median {orm_seconds * 1000:.1f} ms")
    print(f"raw SQL selecting the same due rows:        median {raw_seconds * 1000:.1f} ms")
    print(f"ORM selection / raw SQL: {orm_seconds / raw_seconds:.2f}x")
    print(f"whole sweep / raw SQL:   {sweep_seconds / raw_seconds:.1f}x")


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
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database of its own.")

    call_command("migrate", verbosity=0)
    if not Agency.objects.filter(code="331100000").exists():
        call_command("load_demo", "--allow-production", stdout=open(os.devnull, "w"))  # noqa: SIM115
    missing = args.requests - InformationRequest.objects.open().count()
    if missing > 0:
        print(f"generating {missing} open requests …", flush=True)
        call_command("generate_requests", missing, stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE requests_app_informationrequest")
        cursor.execute("ANALYZE requests_app_remindersent")
    print(f"open requests: {InformationRequest.objects.open().count()}")
    bench_sweep()
    bench_submissions(args.submissions)


if __name__ == "__main__":
    main()
