"""Mixed public traffic against a running portal, for ``bench/load/run.py``.

Browsing users (``Visitor``) read the home page, the catalog with filters and paging, document
pages, search (simplified and traditional queries) and the document API; a fixed number of
``Applicant`` users submit information requests through the real public form at a steady
pace. The load rises in stages (``StagedShape``). At the end, a JSON report goes to
``LOAD_REPORT``: per-type figures, per-stage figures, failures and the tracking numbers the
confirmation pages showed.

Settings come from the environment (set by ``run.py``): ``LOAD_TARGETS`` (a JSON file with
document ids, agency codes and ids to pick from), ``LOAD_STAGES`` ("25,50,100,200"),
``LOAD_STAGE_SECONDS``, ``LOAD_APPLICANTS``, ``LOAD_SUBMIT_EVERY`` (seconds per applicant
between submissions), ``LOAD_REPORT``, and ``LOAD_HOSTS`` (several nodes, comma-separated base
URLs: each user is given one in turn, and the report has figures per node).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
import time
import uuid
from pathlib import Path
from typing import Any

from locust import HttpUser, LoadTestShape, between, constant_pacing, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.env import Environment

TARGETS: dict[str, Any] = json.loads(Path(os.environ["LOAD_TARGETS"]).read_text(encoding="utf-8"))
STAGES = [int(n) for n in os.environ.get("LOAD_STAGES", "25,50,100,200").split(",")]
STAGE_SECONDS = float(os.environ.get("LOAD_STAGE_SECONDS", "75"))
APPLICANTS = int(os.environ.get("LOAD_APPLICANTS", "2"))
SUBMIT_EVERY = float(os.environ.get("LOAD_SUBMIT_EVERY", "3"))
REPORT = os.environ.get("LOAD_REPORT", "load-report.json")

# Simplified and traditional forms of the same words: the index folds one into the other.
QUERIES = [
    "政务公开", "政務公開", "通知", "工作通知", "有关事项", "有關事項", "财政预算", "財政預算",
    "安全生产", "安全生產", "教育", "环境保护", "環境保護", "信息公开", "資訊公開", "人民政府",
    "交通运输", "交通運輸", "卫生健康", "衛生健康", "规范性文件", "規範性文件", "住房", "年度报告",
]  # fmt: skip

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TRACKING_NUMBER = re.compile(r'class="tracking-number">(\d{4}-\d{6,})<')
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

HOSTS = [host for host in os.environ.get("LOAD_HOSTS", "").split(",") if host]
_next_host = itertools.count()
node_times: dict[str, list[float]] = {}  # node -> response times (ms)
node_failures: dict[str, int] = {}

accepted: list[str] = []  # tracking numbers shown on confirmation pages
stage_now = [0]  # index of the current stage, set by the shape
stage_times: dict[int, list[float]] = {}  # stage -> response times (ms)
stage_failures: dict[int, int] = {}
stage_started: dict[int, float] = {}
stage_ended: dict[int, float] = {}


def resident_id(rng: random.Random) -> str:
    """A valid 18-character resident identity number (real date, right check digit)."""
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 50))
    body = f"110105{birth:%Y%m%d}{rng.randrange(1000):03d}"
    total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def _spread(user: HttpUser | FastHttpUser) -> None:
    """Several nodes: this user talks to the next one (before its client is made)."""
    if HOSTS:
        user.host = HOSTS[next(_next_host) % len(HOSTS)]


class Visitor(FastHttpUser):
    """A citizen browsing; the mix weighs document pages and the catalog most."""

    def __init__(self, environment: Environment) -> None:
        _spread(self)
        super().__init__(environment)

    # People read a page before they click on: 2 to 8 seconds between pages.
    wait_time = between(2, 8)

    @task(10)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(20)
    def catalog(self) -> None:
        params: dict[str, Any] = {}
        choice = random.random()
        if choice < 0.3:
            params["agency"] = random.choice(TARGETS["agency_codes"])
        elif choice < 0.5:
            params["year"] = random.randint(2016, 2026)
        elif choice < 0.6 and TARGETS["theme_ids"]:
            params["theme"] = random.choice(TARGETS["theme_ids"])
        elif choice < 0.7:
            params["validity"] = random.choice(["valid", "expired"])
        if random.random() < 0.5:
            params["page"] = random.randint(2, 50)
        self.client.get("/disclosure/", params=params, name="catalog")

    @task(30)
    def document(self) -> None:
        pk = random.choice(TARGETS["document_ids"])
        self.client.get(f"/disclosure/documents/{pk}/", name="document")

    @task(15)
    def search(self) -> None:
        params: dict[str, Any] = {"q": random.choice(QUERIES)}
        if random.random() < 0.2:
            params["page"] = random.randint(2, 5)
        if random.random() < 0.2:
            params["sort"] = "date"
        self.client.get("/search/", params=params, name="search")

    @task(10)
    def api_list(self) -> None:
        params: dict[str, Any] = {"page_size": random.choice([20, 50, 100])}
        if random.random() < 0.5:
            params["agency"] = random.choice(TARGETS["agency_codes"])
        with self.client.get(
            "/api/v1/documents/", params=params, name="api-list", catch_response=True
        ) as response:
            if response.status_code == 200 and random.random() < 0.3:
                following = response.json().get("next")
                if following:
                    self.client.get(following, name="api-list")

    @task(15)
    def api_detail(self) -> None:
        pk = random.choice(TARGETS["document_ids"])
        self.client.get(f"/api/v1/documents/{pk}/", name="api-detail")


class Applicant(HttpUser):
    """Someone applying online: GET the form (CSRF cookie and token), POST a valid application
    with the honeypot left empty, and read the tracking number off the confirmation page."""

    fixed_count = APPLICANTS
    wait_time = constant_pacing(SUBMIT_EVERY)

    def __init__(self, environment: Environment) -> None:
        _spread(self)
        super().__init__(environment)

    @task
    def submit(self) -> None:
        # A new visitor each time: new connection, new session, new CSRF cookie.
        self.client.close()
        self.client.cookies.clear()
        form = self.client.get("/requests/apply/", name="submit-form")
        token = CSRF.search(form.text or "")
        if form.status_code != 200 or token is None:
            return  # the failed GET is already counted (or had no token: counted below)
        rng = random.Random()
        data = {
            "csrfmiddlewaretoken": token[1],
            "agency": random.choice(TARGETS["agency_ids"]),
            "applicant_type": "person",
            "person_name": "压测申请人",
            "id_type": "resident_id",
            "id_number": resident_id(rng),
            "phone": f"139{rng.randrange(10**8):08d}",
            # A new address each time: the per-address limit (5/h) is real and stays on.
            "email": f"load-{uuid.uuid4().hex[:16]}@example.com",
            "address": "浙江省丽水市莲都区花园路88号",
            "postcode": "323000",
            "description": "请公开2025年本市城乡居民最低生活保障资金的使用情况（负载测试）",
            "delivery_method": "email",
            "delivery_form": "electronic",
            "consent": "on",
            "website": "",  # the honeypot: a person leaves it empty
        }
        with self.client.post(
            "/requests/apply/", data=data, name="submit", catch_response=True
        ) as response:
            found = TRACKING_NUMBER.search(response.text or "")
            if response.status_code != 200 or not response.url.endswith("/requests/apply/done/"):
                response.failure(f"no confirmation page (HTTP {response.status_code})")
            elif found is None:
                response.failure("confirmation page without a tracking number")
            else:
                accepted.append(found[1])


class StagedShape(LoadTestShape):
    """``STAGES`` browsing users, ``STAGE_SECONDS`` each, plus the applicants throughout."""

    def tick(self) -> tuple[int, float] | None:
        run_time = self.get_run_time()
        index = int(run_time // STAGE_SECONDS)
        now = time.monotonic()
        stage_started.setdefault(0, now)
        if index != stage_now[0]:
            stage_ended[stage_now[0]] = now
            if index >= len(STAGES):
                return None
            stage_now[0] = index
            stage_started[index] = now
        return STAGES[index] + APPLICANTS, 20


@events.request.add_listener
def _count(response_time: float, exception: Exception | None, **kwargs: Any) -> None:
    stage = stage_now[0]
    stage_times.setdefault(stage, []).append(response_time)
    if exception is not None:
        stage_failures[stage] = stage_failures.get(stage, 0) + 1
    url = str(kwargs.get("url") or "")
    node = next((host for host in HOSTS if url.startswith(host)), None)
    if node is not None:
        node_times.setdefault(node, []).append(response_time)
        if exception is not None:
            node_failures[node] = node_failures.get(node, 0) + 1


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


@events.quitting.add_listener
def _report(environment: Environment, **kwargs: Any) -> None:
    stats = environment.stats
    types = {}
    for (name, method), entry in sorted(stats.entries.items()):
        types[name] = {
            "method": method,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
            "max": entry.max_response_time,
        }
    total = stats.total
    stages = []
    for index, users in enumerate(STAGES):
        times = stage_times.get(index, [])
        seconds = stage_ended.get(index, time.monotonic()) - stage_started.get(index, 0.0)
        stages.append(
            {
                "users": users,
                "seconds": round(seconds, 1),
                "requests": len(times),
                "failures": stage_failures.get(index, 0),
                "rps": len(times) / seconds if seconds > 0 else 0.0,
                "p50": _percentile(times, 0.5),
                "p95": _percentile(times, 0.95),
                "p99": _percentile(times, 0.99),
            }
        )
    report = {
        "requests": total.num_requests,
        "failures": total.num_failures,
        "seconds": total.last_request_timestamp - total.start_time
        if total.last_request_timestamp
        else 0.0,
        "types": types,
        "stages": stages,
        "errors": [
            {
                "method": e.method,
                "name": e.name,
                "error": str(e.error),
                "occurrences": e.occurrences,
            }
            for e in stats.errors.values()
        ],
        "accepted": accepted,
        "nodes": [
            {
                "url": host,
                "requests": len(node_times.get(host, [])),
                "failures": node_failures.get(host, 0),
                "p50": _percentile(node_times.get(host, []), 0.5),
                "p95": _percentile(node_times.get(host, []), 0.95),
                "p99": _percentile(node_times.get(host, []), 0.99),
            }
            for host in HOSTS
        ],
    }
    with open(REPORT, "w", encoding="utf-8") as out:
        json.dump(report, out, ensure_ascii=False, indent=1)
