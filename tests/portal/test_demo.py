"""``manage.py load_demo``: a realistic tree and staff logins; running it twice changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from decisions import demo as decisions_demo
from decisions import lifecycle
from decisions.models import StepKind
from disclosure.models import CatalogItem, Document
from gazette import demo as gazette_demo
from interpretation.models import Consultation, Interpretation, PolicyQuestion
from keytasks import demo as keytasks_demo
from portal import access
from portal.models import Agency, AgencyLevel, StaffRole
from requests_app.models import InformationRequest

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db

# The demo's major decisions that reached 决策公布: each is published as a document.
DECIDED = sum(
    1
    for spec in decisions_demo.SPECS
    if spec.reached is not None
    and lifecycle.POSITION[spec.reached] >= lifecycle.POSITION[StepKind.DECISION]
)


def load() -> str:
    out = StringIO()
    call_command("load_demo", "--allow-production", stdout=out)
    return out.getvalue()


def snapshot() -> tuple:
    return (
        sorted(Agency.objects.values_list("code", "path", "name", "updated_at")),
        sorted(get_user_model().objects.values_list("username", "password", "last_login")),
        sorted(StaffRole.objects.values_list("user__username", "agency__code", "role")),
    )


def test_demo_tree_has_every_level_from_province_to_village():
    load()
    assert set(Agency.objects.values_list("level", flat=True)) == set(AgencyLevel.values)
    province = Agency.objects.get(code="330000000")
    assert province.level == AgencyLevel.PROVINCE
    cities = Agency.objects.get_children(province).filter(level=AgencyLevel.CITY, kind="government")
    assert cities.count() == 2
    for city in cities:
        assert Agency.objects.get_children(city).filter(level=AgencyLevel.COUNTY).exists()
        assert Agency.objects.get_descendants(city).filter(level=AgencyLevel.TOWNSHIP).exists()


def test_demo_prints_logins_for_every_role_in_two_agencies():
    out = load()
    roles = StaffRole.objects.values_list("agency__code", "role")
    # Every role in the two cities; the message box adds a lead office's login (教育局), the
    # key tasks a drafter in each lead department (who reports its progress).
    lead_drafters = StaffRole.objects.filter(user__username__regex=r"^lishui-[a-z]+-drafter$")
    leads = set(lead_drafters.values_list("agency__code", flat=True))
    assert {role for code, role in roles if code in leads - {"331100003"}} == {"drafter"}
    agencies = {code for code, _ in roles} - {"331100003"} - leads
    assert len(agencies) == 2
    assert {role for code, role in roles if code == "331100003"} == {"drafter", "handler"}
    for code in agencies:
        assert {role for c, role in roles if c == code} == set(StaffRole.Role.values)
    for username in get_user_model().objects.values_list("username", flat=True):
        assert username in out


def test_demo_staff_are_scoped_to_their_agency():
    load()
    lishui = get_user_model().objects.get(username="lishui-drafter")
    visible = access.scope_queryset(StaffRole.objects.all(), lishui)
    assert set(visible.values_list("agency__code", flat=True)) == {"331100000"}


def test_running_load_demo_twice_changes_nothing():
    load()
    before = snapshot()
    load()
    assert snapshot() == before


def test_load_demo_refuses_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("load_demo", stdout=StringIO())
    assert not Agency.objects.exists()


def summary_table(out: str) -> dict[str, tuple[int, int]]:
    """The closing table: label → (in the portal, new in this run)."""
    lines = out.split("in the portal  new in this run\n", 1)[1].splitlines()
    rows = {}
    for line in lines:
        label, total, new = line.rsplit(maxsplit=2)
        rows[label.strip()] = (int(total), int(new))
    return rows


def test_load_demo_ends_with_what_the_portal_holds_counted_from_the_database():
    rows = summary_table(load())
    assert rows["Agencies"] == (Agency.objects.count(), Agency.objects.count())
    published = Document.objects.published().count()
    # The four corpus documents, the policy the corpus interpretation explains, the documents
    # the demo gazette prints, the three historical documents of the demo's import batch and
    # the documents of the major decisions decided (decisions/demo.py).
    assert published == 8 + len(gazette_demo.DOCUMENTS) + DECIDED
    assert rows["Documents published"] == (published, published)
    assert rows["Interpretations published"][0] == Interpretation.objects.published().count()
    assert rows["Q&A entries published"][0] == PolicyQuestion.objects.published().count()
    assert rows["Consultations published"][0] == Consultation.objects.published().count()
    assert rows["Information requests"][0] == InformationRequest.objects.count() > 0
    # 2 × 6 roles, the superuser, a lead office, the key tasks' lead departments' drafters
    assert rows["Staff logins"][0] == 14 + len({task[1] for task in keytasks_demo.TASKS})


def test_a_second_run_says_nothing_is_new():
    load()
    rows = summary_table(load())
    assert {new for _, new in rows.values()} == {0}
    assert rows["Documents published"][0] == 8 + len(gazette_demo.DOCUMENTS) + DECIDED


def test_a_demo_document_whose_title_staff_changed_is_not_created_again():
    load()
    document = Document.objects.get(title__startswith="中共丽水市委办公室")
    original = document.title
    Document.objects.filter(pk=document.pk).update(title="丽水市全面推进政务公开工作实施方案")
    count = Document.objects.count()
    load()
    assert Document.objects.count() == count
    assert not Document.objects.filter(title=original).exists()


def test_edited_demo_questions_and_catalog_items_are_not_created_again():
    load()
    question = PolicyQuestion.objects.get(question="申请政府信息公开需要交费吗？")
    PolicyQuestion.objects.filter(pk=question.pk).update(question="申请政府信息公开收费吗？")
    item = CatalogItem.objects.order_by("order").first()
    CatalogItem.objects.filter(pk=item.pk).update(item_level2=item.item_level2 + "（修订）")
    questions, items = PolicyQuestion.objects.count(), CatalogItem.objects.count()
    load()
    assert (PolicyQuestion.objects.count(), CatalogItem.objects.count()) == (questions, items)


def test_a_deleted_demo_draft_stays_deleted():
    load()
    drafts = Document.objects.exclude(status="published")
    drafts.filter(title__contains="第四季度").delete()
    remaining = drafts.count()
    load()
    assert Document.objects.exclude(status="published").count() == remaining


def test_load_demo_without_redis_prints_no_warning_and_no_task_lines(tmp_path):
    """As `make demo` runs it on a fresh clone: SQLite, no REDIS_URL, tasks in-process."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY"}
    }
    environment.update(DEBUG="1", DATA_DIR=str(tmp_path))

    def manage(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 - our own interpreter and code
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

    assert manage("migrate", "--noinput", "-v0").returncode == 0
    result = manage("load_demo")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Task " not in result.stdout
    assert "Documents published" in result.stdout
