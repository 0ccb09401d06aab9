"""Stored and reflected XSS: script payloads typed into every text field people can write,
fetched back from every page, feed, API response and export that shows them.

A page fails when its parsed HTML holds a live payload: a <script> element running it, an
element with an ``on…`` handler running it, the injected ``<img src=x>``, or a
``javascript:`` link. Feeds are parsed as XML and their HTML-bearing elements checked the same
way (readers render them); JSON and CSV must never be served as HTML.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest

from django.db import models
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from briefings.transcripts import sanitize_transcript
from disclosure import passages
from disclosure.documents import sanitize_body
from disclosure.models import Attachment, Document
from enforcement.models import Decision, SubjectType
from interpretation.models import Comment
from keytasks.models import ProgressReport, SupervisionFinding
from opendata.models import Distribution
from portal.search import indexing, store
from publishing.models import Status
from requests_app import handling, intake
from requests_app.models import InformationRequest, Outcome
from requests_app.timeline import record_event
from subsidies.models import BeneficiaryList
from tests.factories import StaffClient
from tests.requests_app.conftest import new_request
from tests.security.fixtures_matrix import (
    World,
    tracking_client,
    world_fixture,  # noqa: F401 - the world fixture
)
from tests.security.matrix_urls import all_patterns, keep_import_report, url_for

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
PAYLOADS = [f"{JS_URL} {SCRIPT}{IMG}", f"{SCRIPT}{IMG}", IMG, SCRIPT]  # longest that fits
HOSTILE_BODY = (
    "<p>正文</p><script>alert(1)</script><img src=x onerror=alert(1)>"
    '<a href="javascript:alert(1)">链接</a><a href=" JaVaScRiPt:alert(1)">链接</a>'
    '<svg onload=alert(1)></svg><iframe src="javascript:alert(1)"></iframe>'
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">段落</p>'
    '<img src="/media/a.png" onerror="alert(1)"><a href="data:text/html,<script>alert(1)</script>">'
    '数据</a><math><mi xlink:href="javascript:alert(1)">x</mi></math>'
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'
)


class LivePayloads(HTMLParser):
    """Collects what a browser would run from the payloads."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "alert(1)" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in self.URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(1)" in data:
            self.found.append(f"<script>{data[:60]}</script>")


def live_payloads(html: str) -> list[str]:
    parser = LivePayloads()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_checker_sees_live_payloads():
    """The checker itself must catch what it is looking for, and not escaped text."""
    assert live_payloads(f"<p>{SCRIPT}</p>")
    assert live_payloads(f'<input value="{IMG}">')
    assert live_payloads(f'<a href="{JS_URL}">x</a>')
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert not live_payloads(f'<p>{escaped}</p><input value="{escaped}">')
    assert not live_payloads(f"<p>{JS_URL}</p>")


def test_the_document_body_sanitiser_keeps_nothing_executable():
    cleaned = sanitize_body(HOSTILE_BODY)
    assert "正文" in cleaned
    assert live_payloads(cleaned) == []
    for dangerous in ("<script", "<iframe", "<svg", "onerror", "onclick", "onload", "style="):
        assert dangerous not in cleaned.lower()
    assert "javascript:" not in cleaned.lower() and "data:text/html" not in cleaned


def test_the_transcript_sanitiser_keeps_nothing_executable():
    cleaned = sanitize_transcript(HOSTILE_BODY)
    assert "正文" in cleaned and "段落" in cleaned
    assert live_payloads(cleaned) == []
    for dangerous in ("<script", "<iframe", "<svg", "<img", "onerror", "onclick", "style="):
        assert dangerous not in cleaned.lower()
    assert "javascript:" not in cleaned.lower() and "data:text/html" not in cleaned


# --- Staff-written text, everywhere it is shown -------------------------------------------

# Keys, numbers and hashes the portal generates or validates; and HTML the portal renders
# itself (the answer letter) or sanitises (the body, checked above and set sanitised below).
NOT_FREE_TEXT = {
    "code", "tracking_number", "access_code_hash", "index_number", "sha256", "slug", "path",
    "applicant_key", "subject_key", "password", "username", "key", "file", "content_type",
    "session_hash", "letter_html", "body", "doc_number_key", "email", "id_number", "phone",
    "credit_code", "ip_address", "user_agent", "http_accept", "path_info", "get_data",
    "post_data", "source", "original_name", "office_website", "office_email", "postcode",
}  # fmt: skip


def _payload_for(field: models.Field) -> str | None:
    if not isinstance(field, models.CharField | models.TextField) or field.choices:
        return None
    if field.name in NOT_FREE_TEXT or (not field.editable and field.name != "original_name"):
        return None
    limit = field.max_length or 10_000
    return next((payload for payload in PAYLOADS if len(payload) <= limit), None)


def fill_with_payloads(obj: models.Model, **extra) -> list[str]:
    """Write the payload into every free-text field of ``obj`` (as staff could type it)."""
    values = {}
    for field in obj._meta.concrete_fields:
        payload = _payload_for(field)
        if payload is not None:
            values[field.attname] = payload
    values |= extra
    type(obj)._default_manager.filter(pk=obj.pk).update(**values)
    return sorted(values)


@pytest.fixture
def hostile_world(world: World, settings, tmp_path) -> World:
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    objects = [*world.objects.values(), world.agency_a, world.staff_a]
    for obj in objects:
        if isinstance(obj, Document):
            fill_with_payloads(obj, body=sanitize_body(HOSTILE_BODY))
        elif isinstance(obj, Comment):
            fill_with_payloads(obj, moderation="approved")
        elif isinstance(obj, Attachment):
            # A scan's text as OCR read it (shown on the public page), and the note on its
            # reading (shown to staff).
            fill_with_payloads(
                obj, text=PAYLOADS[0], text_source="ocr", text_status="done", text_note=PAYLOADS[0]
            )
        elif isinstance(obj, Decision) and obj.subject_type == SubjectType.PERSON:
            # A person has no legal representative (a constraint of the table).
            fill_with_payloads(obj, legal_representative="")
        elif isinstance(obj, BeneficiaryList):
            # The list's own texts, its column headings, and every masked cell of its rows (a
            # spreadsheet's cells are staff-written text too).
            heading = {"key": "x9", "heading": PAYLOADS[1]}
            fill_with_payloads(obj, columns=[*obj.columns, heading])
            for row in obj.rows.all():
                fill_with_payloads(row, extra={"x9": PAYLOADS[0]})
        elif isinstance(obj, Distribution):
            # A file or a portal address, never both (a constraint of the table); an address
            # is checked when served, so a payload in it is never followed.
            fill_with_payloads(obj, link="")
        else:
            fill_with_payloads(obj)
    record_event(
        info_request=world.target_request,
        user=world.staff_a,
        action="note",
        note=PAYLOADS[0],
        public_note=PAYLOADS[0],
        visible=True,
    )
    indexing.rebuild()
    yield world
    store.forget()


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8", "replace")


HTML_FEED_ELEMENTS = {"description", "{http://purl.org/rss/1.0/modules/content/}encoded"}


def check_response(url: str, response) -> list[str]:
    """What is live in one response, by its content type."""
    content_type = response.get("Content-Type", "")
    if response.status_code != 200:
        return []
    text = _text(response)
    if "alert(1)" not in text:
        return []
    if content_type.startswith("text/html"):
        return [f"{url}: {hit}" for hit in live_payloads(text)]
    if "xml" in content_type:
        hits = []
        feed = ElementTree.fromstring(text.encode())  # noqa: S314 - our own feed
        for element in feed.iter():
            # What readers render as HTML: RSS descriptions, Atom text of type html/xhtml.
            html = element.tag in HTML_FEED_ELEMENTS or element.get("type") in ("html", "xhtml")
            if html and element.text and "alert(1)" in element.text:
                hits += [f"{url} <{element.tag}>: {hit}" for hit in live_payloads(element.text)]
        return hits
    if content_type.startswith(
        ("application/json", "application/ld+json", "text/csv", "application/pdf")
    ) or ("spreadsheetml" in content_type or "octet-stream" in content_type):
        return []
    return [f"{url}: payload served as {content_type!r}"]


def test_staff_written_payloads_stay_inert_on_every_page(hostile_world):
    world = hostile_world
    keep_import_report(world)
    visitors = {
        "anon": Client(),
        "owner": tracking_client(world.target_request, world.target_code),
        "staff_a": StaffClient(),
    }
    visitors["staff_a"].force_login(world.staff_a)
    urls = [url_for(pattern, world) for pattern in all_patterns()]
    urls += [
        "/search/?q=alert",
        "/search/?q=script",
        "/api/v1/search/?q=alert",
        "/policies/ask/?q=alert",
        "/policies/ask/?q=script",
        "/data/catalog-items.csv",
        "/data/negative-list.csv",
        "/data/documents.json",
        "/opendata/?q=alert",
        f"/opendata/?publisher={world.agency_a.code}",
        "/data/power-items.csv",
        "/data/major-decisions.csv",
        "/data/major-decisions.json",
        "/powers/?q=alert",
        "/data/inspection-results.csv",
        "/data/inspection-results.json",
        "/enforcement/inspections/?q=alert",
        f"/enforcement/inspections/{world['published_inspectionplan'].pk}/",
        f"/admin/enforcement/inspectionplan/{world['published_inspectionplan'].pk}/change/",
        # 政府公报: the list filtered, the datasets (the pages come from the patterns).
        "/gazette/?year=2026&gazette=matrix",
        "/data/gazette-issues.csv",
        "/data/gazette-contents.json",
        "/admin/gazette/issue/?q=alert",
        # 政务新媒体 and 建议提案: the lists filtered, the datasets, the statistics.
        f"/newmedia/?agency={world.agency_a.code}&closed=1",
        "/data/newmedia-accounts.csv",
        "/proposals/?year=2026&kind=suggestion&q=alert",
        "/proposals/statistics/?year=2026",
        "/data/proposal-replies.json",
        "/admin/newmedia/account/?q=alert",
        "/admin/proposals/proposal/?q=alert",
        # 财政预决算: the column filtered, the dataset (the pages come from the patterns).
        f"/budgets/?year=2026&agency={world.agency_a.code}",
        "/data/budget-totals.csv",
        "/admin/budgets/budgetdisclosure/?q=alert",
        "/admin/disclosure/document/?q=alert",
        "/admin/requests_app/informationrequest/?q=alert",
        f"/admin/interpretation/consultation/{world['published_consultation'].pk}/comments/",
    ]
    live, shown = [], 0
    for url in urls:
        for persona, client in visitors.items():
            response = client.get(url, REMOTE_ADDR=f"10.9.{len(url) % 250}.{shown % 250}")
            shown += "alert(1)" in _text(response) if response.status_code == 200 else 0
            live += [f"{persona} {hit}" for hit in check_response(url, response)]
    assert not live, "\n".join(sorted(set(live)))
    assert shown > 100  # the payloads really were on the pages (escaped)


def test_a_random_inspection_plan_shows_its_payloads_escaped(hostile_world):
    """Every text of a plan's page is staff-written: the items, the pools' names, the officers'
    names and certificate numbers, the findings (and the stored seed, shown in the recipe)."""
    plan = hostile_world["published_inspectionplan"]
    for client in (Client(), StaffClient()):
        if isinstance(client, StaffClient):
            client.force_login(hostile_world.staff_a)
        for url in (
            plan.get_absolute_url(),
            f"/admin/enforcement/inspectionplan/{plan.pk}/preview/",
        ):
            response = client.get(url)
            if response.status_code == 302:  # the preview, for the anonymous visitor
                continue
            text = _text(response)
            assert text.count("alert(1)") >= 8, url
            assert live_payloads(text) == [], url


def test_a_major_decision_shows_its_payloads_escaped(hostile_world):
    """A decision's page quotes its catalog item and its published steps (staff-written), and
    links the consultation by its title; its catalog lists it; the preview of the draft step
    shows that step too."""
    decision = hostile_world["published_majordecision"]
    catalog = hostile_world["published_decisioncatalog"]
    step = hostile_world["decisionstep"]
    staff = StaffClient()
    staff.force_login(hostile_world.staff_a)
    pages = [
        (Client(), decision.get_absolute_url(), 3),
        (Client(), catalog.get_absolute_url(), 3),
        (staff, f"/admin/decisions/decisionstep/{step.pk}/preview/", 4),
        (staff, f"/admin/decisions/decisioncatalog/{catalog.pk}/change/", 3),
    ]
    for client, url, at_least in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        assert text.count("alert(1)") >= at_least, url
        assert live_payloads(text) == [], url


def test_a_key_task_shows_its_milestones_progress_and_supervision_escaped(hostile_world):
    """A key task's page and board show staff-written milestones, progress reports and
    supervision findings: escaped on the pages, as plain text in the feed."""
    task = hostile_world["published_keytask"]
    task.milestones.update(title=PAYLOADS[0])
    today = timezone.localdate()
    SupervisionFinding.objects.create(
        task=task, source=PAYLOADS[1], found_on=today, finding=PAYLOADS[0],
        rectification=PAYLOADS[0], rectification_due=today,
    )  # fmt: skip
    ProgressReport.objects.filter(task=task).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    urls = [
        task.get_absolute_url(),
        task.task_list.get_absolute_url(),
        "/feeds/keytasks.atom",
        "/feeds/keytasks.rss",
        f"/api/v1/key-tasks/{task.pk}/",
        "/data/key-tasks.csv",
    ]
    client = Client()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "alert(1)" in _text(response), url
        assert check_response(url, response) == [], url
    assert _text(client.get(task.get_absolute_url())).count("alert(1)") >= 5


def test_search_highlights_escape_the_matched_text(hostile_world):
    response = Client().get("/search/", {"q": "alert"})
    text = _text(response)
    assert response.status_code == 200
    assert "alert" in text
    assert live_payloads(text) == []


def test_a_power_items_change_history_with_payloads_stays_inert(world):
    """What a revision changes is shown old → new on the item's page, in the feeds, the API
    and the back office: payloads in the old and the new text, and in responsibilities added
    and removed, must stay text everywhere."""
    from powers import drafting as powers_drafting
    from powers.models import PowerItem, Responsibility
    from publishing import workflow
    from publishing.models import ReviewResult

    item = world["published_poweritem"]
    revision = world["poweritem_revision"]
    revision.name = f"事项{PAYLOADS[1]}"
    revision.basis = f"依据{PAYLOADS[0]}"
    revision.change_reason = f"理由{PAYLOADS[0]}"
    powers_drafting.power_item_save(item=revision, user=world.editor_a)
    Responsibility.objects.create(power_item=revision, duty=f"责任{PAYLOADS[0]}",
                                  accountability_basis=f"追责{PAYLOADS[1]}")  # fmt: skip
    revision.responsibilities.exclude(duty__contains="alert").delete()
    workflow.submit(obj=revision, user=world.editor_a)
    workflow.approve(obj=revision, user=world.staff_a, review_result=ReviewResult.CLEAR)
    workflow.publish(obj=revision, user=world.staff_a)
    # And back: the payloads are now the old text of version 3.
    again = powers_drafting.power_item_revise(item=PowerItem.objects.get(pk=item.pk),
                                              user=world.editor_a)  # fmt: skip
    again.basis, again.change_reason = "新依据", "再次修订"
    powers_drafting.power_item_save(item=again, user=world.editor_a)
    staff = StaffClient()
    staff.force_login(world.staff_a)
    urls = [f"/powers/{item.pk}/", "/powers/", "/feeds/powers.rss", "/feeds/powers.atom",
            f"/api/v1/power-items/{item.pk}/", "/data/power-items.csv",
            f"/admin/powers/poweritem/{item.pk}/change/",
            f"/admin/powers/poweritem/{again.pk}/change/",
            f"/admin/powers/poweritem/{again.pk}/preview/"]  # fmt: skip
    live, shown = [], 0
    for url in urls:
        for client in (Client(), staff):
            response = client.get(url)
            shown += "alert(1)" in _text(response)
            live += check_response(url, response)
    assert not live, "\n".join(live)
    assert shown >= 10
    page = _text(Client().get(f"/powers/{item.pk}/"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the history shows it, as text


def test_the_assistant_quotes_passages_and_their_document_page_escaped(world, settings, tmp_path):
    """A document whose text holds markup as text (typed into the editor): its passages, quoted
    by 问政策 and addressed on the document page, show it as text."""
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    document = world["published_document"]
    body = (
        f"<p>第一条 标准目录由市政府办公室编制{escape(SCRIPT)}。</p>"
        f"<p>第二条 目录每年更新{escape(IMG)}。</p>"
    )
    Document.objects.filter(pk=document.pk).update(body=sanitize_body(body))
    document.refresh_from_db()
    passages.passages_sync(document=document)
    indexing.rebuild()
    client = Client()
    answer = _text(client.get("/policies/ask/", {"q": "标准目录由谁编制 alert"}))
    assert "#p-" in answer and "&lt;script&gt;<mark>alert</mark>(1)" in answer
    assert live_payloads(answer) == []
    page = _text(client.get(document.get_absolute_url()))
    assert 'id="art-2"' in page and "alert(1)" in page
    assert live_payloads(page) == []
    store.forget()


# --- Publicly written text -----------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS[1:])
def test_reflected_queries_are_escaped(world, payload):
    client = Client()
    pages = [
        client.get("/search/", {"q": payload}),
        client.get("/agencies/", {"q": payload}),
        client.get("/disclosure/", {"q": payload}),
        client.get("/interpretation/", {"q": payload}),
        client.get("/subsidies/", {"period": payload, "agency": payload, "kind": payload}),
        client.get("/concern-responses/", {"agency": payload, "kind": payload}),
        client.get("/briefings/", {"kind": payload, "agency": payload, "year": payload}),
        client.get("/decisions/", {"agency": payload}),
        client.get(
            world["published_tasklist"].get_absolute_url().split("?")[0],
            {"list": payload, "lead": payload, "status": payload},
        ),
        client.get("/budgets/", {"tab": payload, "agency": payload, "year": payload}),
        client.get("/opendata/", {"q": payload, "theme": payload, "format": payload}),
        client.get("/policies/ask/", {"q": payload}),
        client.post("/requests/track/", {"tracking_number": payload, "access_code": payload}),
        client.get("/policies/", {"q": payload, "industry": payload}),
        client.get("/policies/finder/", {"age": payload, "region": payload, "group": payload}),
        client.get("/policies/subscribe/", {"kind": "profile", "profile": payload}),
        client.post(
            "/policies/subscribe/",
            {"email": payload, "kind": "profile", "profile": f"industry={payload}"},
        ),
    ]
    for response in pages:
        assert response.status_code == 200
        assert live_payloads(_text(response)) == [], response.wsgi_request.path
    api = client.get("/api/v1/search/", {"q": payload})
    assert api["Content-Type"].startswith("application/json")


def test_an_application_with_payloads_is_inert_for_staff_and_applicant(world, agency_a):
    client = Client()
    response = client.post(
        "/requests/apply/",
        {
            "agency": agency_a.pk,
            "applicant_type": "person",
            "person_name": "张三丰",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13912345678",
            "email": "zhangsan@example.com",
            "address": f"丽水市{PAYLOADS[1]}",
            "postcode": "323000",
            "description": f"请公开{PAYLOADS[0]}",
            "delivery_method": "email",
            "delivery_form": "electronic",
            "consent": "on",
            "website": "",
        },
    )
    assert response.status_code == 302, _text(response)[:2000]
    done = client.get(response["Location"])
    assert live_payloads(_text(done)) == []
    request = InformationRequest.objects.get(description__contains="alert(1)")
    staff = StaffClient()
    staff.force_login(world.staff_a)
    for url in (
        f"/admin/requests_app/informationrequest/{request.pk}/change/",
        f"/admin/requests_app/informationrequest/{request.pk}/register/",
        "/admin/requests_app/informationrequest/",
        "/admin/requests_app/informationrequest/inbox/",
    ):
        page = staff.get(url)
        assert page.status_code == 200, url
        assert "alert(1)" in _text(page) or not url.endswith("change/"), url
        assert live_payloads(_text(page)) == [], url


def test_the_answer_letter_escapes_what_the_applicant_wrote(world, agency_a):
    """The letter is HTML the portal renders and shows unescaped; what the applicant and the
    handler typed into it must be escaped when it is rendered."""
    submission = intake.request_submit_online(
        info_request=new_request(
            agency_a, name=f"<b>{PAYLOADS[3]}", description=f"请公开{PAYLOADS[0]}"
        )
    )
    request = submission.request
    intake.request_register(
        info_request=request, user=world.staff_a, received_on=timezone.localdate()
    )
    request.refresh_from_db()
    handling.request_start(info_request=request, user=world.staff_a)
    request.refresh_from_db()
    handling.request_answer(
        info_request=request,
        user=world.staff_a,
        outcome=Outcome.PARTIAL,
        reasons=f"理由{PAYLOADS[0]}",
        withheld_parts=f"部分{PAYLOADS[1]}",
        answered_on=timezone.localdate(),
    )
    request.refresh_from_db()
    letter = request.answer.letter_html
    assert "alert(1)" in letter
    assert live_payloads(letter) == []
    applicant = tracking_client(request, submission.access_code)
    page = _text(applicant.get(f"/requests/track/{request.tracking_number}/"))
    assert live_payloads(page) == []
    # The masked name replaces the escaped one in the letter: it must be escaped too.
    assert "&lt;****" in page and "<*" not in page
    staff = StaffClient()
    staff.force_login(world.staff_a)
    admin_page = _text(staff.get(f"/admin/requests_app/informationrequest/{request.pk}/change/"))
    assert live_payloads(admin_page) == []


def test_a_comment_with_payloads_is_inert_for_moderators(world):
    consultation = world["published_consultation"]
    client = Client()
    response = client.post(
        f"/interpretation/consultations/{consultation.pk}/",
        {"name": PAYLOADS[3], "contact": "13900001111", "body": f"意见如下：{PAYLOADS[0]}",
         "website": ""},
    )  # fmt: skip
    assert response.status_code == 302, _text(response)[:1000]
    staff = StaffClient()
    staff.force_login(world.staff_a)
    page = staff.get(f"/admin/interpretation/consultation/{consultation.pk}/comments/")
    assert "alert(1)" in _text(page)
    assert live_payloads(_text(page)) == []


def test_an_agency_website_cannot_be_a_javascript_link(world):
    staff = StaffClient()
    staff.force_login(world.staff_a)
    agency = world.agency_a
    response = staff.post(
        f"/admin/portal/agency/{agency.pk}/change/",
        {"office_website": JS_URL, "disclosure_guide": "指南", "office_phone": "0578-2091521"},
    )
    agency.refresh_from_db()
    assert agency.office_website != JS_URL
    assert response.status_code in (200, 403)


def test_json_and_csv_are_never_served_as_html(hostile_world):
    client = Client()
    for url in ("/api/v1/documents/", "/api/v1/negative-list/", "/data/documents.csv",
                "/api/v1/consultations/", "/reports/api/", "/api/v1/datasets/",
                "/opendata/catalog.jsonld", "/api/v1/inspection-plans/",
                "/api/v1/inspection-results/", "/data/inspection-results.csv"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response["Content-Type"].startswith("text/html"), url
    data = client.get("/api/v1/documents/").json()
    titles = json.dumps(data, ensure_ascii=False)
    assert SCRIPT in titles or IMG in titles  # the text itself, as data
