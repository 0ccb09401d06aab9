"""Benchmark data: many open information requests, bulk-inserted.

    manage.py generate_requests 100000 [--batch 2000] [--seed 1]

Requests are spread over every agency, mostly running (received, in progress) with answer due
dates from 30 working days ago to 40 ahead, the rest awaiting registration or paused. Each
gets tracking number ``B<year>-<n>`` (never the real ``<year>-<n>`` scheme), one precomputed
access-code hash, and fictional applicant data, encrypted per row like real data (the slow
part). No correction, pause or fee rows are made: the reminder sweep does not need them. A
``bench-handler`` (handler in every agency, assigned to all) and a ``bench-head`` get e-mail
addresses so that reminders and escalations have recipients.
"""

from __future__ import annotations

import random
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from portal import workdays
from portal.models import Agency, StaffRole
from requests_app import privacy
from requests_app.models import (
    ApplicantType,
    Channel,
    DeliveryForm,
    DeliveryMethod,
    IdType,
    InformationRequest,
    Status,
)

PREFIX = "B"
# (status, share): mostly running, as in a real office.
STATUS_MIX = [
    (Status.IN_PROGRESS, 60),
    (Status.RECEIVED, 12),
    (Status.SUBMITTED, 7),
    (Status.CORRECTION, 7),
    (Status.THIRD_PARTY, 5),
    (Status.AGENCY_CONSULT, 4),
    (Status.FEE_PENDING, 5),
]
SUBJECTS = [
    "2025年度财政预算执行情况", "城市道路改造项目预算", "老旧小区改造补助资金分配表",
    "公共租赁住房分配结果", "政府采购项目中标公告", "农村饮用水工程实施方案",
    "中小学招生划片方案", "环境影响评价批复", "行政处罚决定书", "重大建设项目批准文件",
]  # fmt: skip


def bench_staff() -> tuple:
    """The bench handler and office head, with e-mail and roles in every agency."""
    User = get_user_model()
    handler, _ = User.objects.get_or_create(
        username="bench-handler",
        defaults={"is_staff": True, "email": "bench-handler@example.gov.cn"},
    )
    head, _ = User.objects.get_or_create(
        username="bench-head", defaults={"is_staff": True, "email": "bench-head@example.gov.cn"}
    )
    agency_ids = list(Agency.objects.values_list("pk", flat=True))
    for user, role in ((handler, StaffRole.Role.HANDLER), (head, StaffRole.Role.OFFICE_HEAD)):
        have = set(
            StaffRole.objects.filter(user=user, role=role).values_list("agency_id", flat=True)
        )
        StaffRole.objects.bulk_create(
            [StaffRole(user=user, agency_id=a, role=role) for a in agency_ids if a not in have]
        )
    return handler, head


class Command(BaseCommand):
    help = "Bulk-insert open information requests for benchmarks (not for production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("count", type=int)
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["count"]
        rng = random.Random(options["seed"])
        agencies = list(Agency.objects.values_list("pk", flat=True))
        if not agencies:
            raise CommandError("No agencies: run manage.py load_demo first.")
        handler, _ = bench_staff()
        today = timezone.localdate()
        # Working days around today, computed once (the calendar is the slow part otherwise).
        due_days = [workdays.add_workdays(today, n) for n in range(-30, 41)]
        received_of = {day: workdays.add_workdays(day, -20) for day in due_days}
        statuses = [s for s, share in STATUS_MIX for _ in range(share)]
        code_hash = make_password("BENCHCODE000")  # one hash for all: hashing is slow by design
        year = today.year
        start = InformationRequest.objects.filter(tracking_number__startswith=PREFIX).count()
        began = time.perf_counter()
        for offset in range(0, count, options["batch"]):
            rows = []
            for n in range(start + offset, start + min(offset + options["batch"], count)):
                status = rng.choice(statuses)
                due = rng.choice(due_days)
                subject = rng.choice(SUBJECTS)
                registered = status != Status.SUBMITTED
                rows.append(
                    InformationRequest(
                        tracking_number=f"{PREFIX}{year}-{n:08d}",
                        access_code_hash=code_hash,
                        agency_id=rng.choice(agencies),
                        channel=Channel.ONLINE if not registered else Channel.IN_PERSON,
                        received_on=received_of[due] if registered else None,
                        applicant_type=ApplicantType.PERSON,
                        name=f"测试申请人{n % 9973}",
                        id_type=IdType.OTHER,
                        id_number=f"BENCH{n:010d}",
                        phone=f"1380000{n % 10000:04d}",
                        email=f"bench{n}@example.com",
                        applicant_key=privacy.keyed_hash(f"bench-{n % 20000}"),
                        description=f"请公开{subject}（基准测试数据 {n}）。",
                        document_title=subject,
                        delivery_method=DeliveryMethod.EMAIL,
                        delivery_form=DeliveryForm.ELECTRONIC,
                        status=status,
                        handler=handler if registered else None,
                        due_date=due if registered and status != Status.CORRECTION else None,
                        subject_key=subject,
                    )
                )
            with transaction.atomic():
                InformationRequest.objects.bulk_create(rows)
            done = min(offset + options["batch"], count)
            self.stdout.write(f"\r{done}/{count} …", ending="")
            self.stdout.flush()
        elapsed = time.perf_counter() - began
        self.stdout.write(f"\n{count} requests generated in {elapsed:.1f}s\n")
