"""Policy items: recorded by drafters of the document's agency with conditions that fit their
type, reviewed and published through the shared workflow, and public only while their
document is published and in force — on the pages, the API, the export, the feed, the sitemap
and search."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from disclosure.models import Validity
from policies import drafting, search_index
from policies.drafting import Criterion
from policies.models import PolicyItem
from portal.models import StaffRole
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.factories import AgencyFactory
from tests.policies.conftest import T, item_on, published_document, record

pytestmark = pytest.mark.django_db


def _public_everywhere(client, item: PolicyItem) -> dict[str, bool]:
    cache.clear()  # the sitemap is cached for an hour
    csv = b"".join(client.get("/data/policy-items.csv").streaming_content).decode()
    return {
        "library": item.name
        in client.get(reverse("policies:library"), {"validity": "all"}).content.decode(),
        "page": client.get(item.get_absolute_url()).status_code == 200,
        "api": client.get(f"/api/v1/policy-items/{item.pk}/").status_code == 200,
        "export": item.name in csv,
        "feed": item.name in client.get("/feeds/policies.atom").content.decode(),
        "sitemap": item.get_absolute_url() in client.get("/sitemap-policies.xml").content.decode(),
        "search": item in search_index.PolicyItemIndex().queryset_to_index(),
    }


def test_a_published_item_is_public_everywhere_and_a_draft_nowhere(client, document_a, people):
    draft = record(document_a, people[0], name="草稿中的政策")
    assert not any(_public_everywhere(client, draft).values())
    item = item_on(document_a, people, name="已发布的政策")
    assert all(_public_everywhere(client, item).values())


def test_an_item_of_an_expired_or_withdrawn_document_is_shown_nowhere(
    client, agency_a, people, publisher_a
):
    expiring = published_document(agency_a, expiry_date=dt.date(2099, 12, 31))
    item = item_on(expiring, people, name="随文件失效的政策")
    assert all(_public_everywhere(client, item).values())
    # Past the expiry date: gone that day, before the nightly task marks the document.
    expiring.expiry_date = timezone.localdate() - dt.timedelta(days=1)
    expiring.save()
    assert not any(_public_everywhere(client, item).values())

    withdrawn_doc = published_document(agency_a)
    other = item_on(withdrawn_doc, people, name="随文件撤回的政策")
    workflow.withdraw(obj=withdrawn_doc, user=publisher_a, reason="内容有误")
    assert not any(_public_everywhere(client, other).values())

    repealed = published_document(agency_a)
    third = item_on(repealed, people, name="随文件废止的政策")
    repealed.validity = Validity.REPEALED
    repealed.save()
    assert not any(_public_everywhere(client, third).values())


def test_submit_needs_a_document_in_force_and_a_benefit(agency_a, people):
    drafter, _reviewer, _publisher = people
    document = published_document(agency_a)
    no_benefit = record(document, drafter, benefit_amount=None, benefit_text="")
    with pytest.raises(ValidationError, match="Say what the policy grants"):
        workflow.submit(obj=no_benefit, user=drafter)
    item = record(document, drafter)
    document.validity = Validity.EXPIRED
    document.save()
    with pytest.raises(ValidationError, match="its items cannot be published"):
        workflow.submit(obj=item, user=drafter)
    assert PolicyItem.objects.get(pk=item.pk).status == Status.DRAFT


def test_items_belong_to_published_documents_of_the_drafters_agency(
    agency_a, agency_b, drafter_a, document_a
):
    draft_document = published_document(agency_a, status=Status.DRAFT)
    with pytest.raises(ValidationError) as error:
        record(draft_document, drafter_a)
    assert "published documents only" in str(error.value)
    other = published_document(agency_b)
    with pytest.raises(ValidationError) as error:
        record(other, drafter_a)
    assert "where you are a drafter" in str(error.value)
    assert not PolicyItem.objects.exists()


def test_the_item_takes_its_documents_agency(document_a, drafter_a, agency_a):
    assert record(document_a, drafter_a).agency == agency_a


@pytest.mark.parametrize(
    ("criterion", "message"),
    [
        (Criterion(T.INDUSTRY), "Choose at least one value"),
        (Criterion(T.INDUSTRY, values=["small"]), "Unknown values"),
        (Criterion(T.REGION), "Choose at least one region"),
        (Criterion(T.AGE), "lowest age, the highest age, or both"),
        (Criterion(T.AGE, age_min=40, age_max=30), "highest age is lower"),
        (Criterion(T.SIZE, values=["small"], age_min=3), "Only an age condition"),
    ],
)
def test_a_condition_must_fit_its_type(document_a, drafter_a, criterion, message):
    with pytest.raises(ValidationError) as error:
        record(document_a, drafter_a, [criterion])
    assert message in str(error.value)
    assert not PolicyItem.objects.exists()  # nothing half-saved


def test_a_region_is_a_government_not_a_department(document_a, drafter_a, agency_a):
    office = AgencyFactory(parent=agency_a, name="丽水市财政局", code="331100002")
    with pytest.raises(ValidationError, match="not a department"):
        record(document_a, drafter_a, [Criterion(T.REGION, regions=[office])])


def test_each_type_of_condition_once(document_a, drafter_a):
    with pytest.raises(ValidationError, match="each type of condition once"):
        record(document_a, drafter_a, [Criterion(T.SIZE, values=["small"]),
                                       Criterion(T.SIZE, values=["micro"])])  # fmt: skip


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "zjzwfw.gov.cn"])
def test_the_service_guide_is_an_http_address(document_a, drafter_a, url):
    with pytest.raises(ValidationError, match="starting with http:// or https://"):
        record(document_a, drafter_a, guide_url=url)


def test_a_published_item_cannot_be_edited(document_a, people):
    drafter, _r, _p = people
    item = item_on(document_a, people)
    item.name = "改名"
    with pytest.raises(ValidationError, match="Only a draft can be edited"):
        drafting.item_save(item=item, user=drafter)


def test_the_drafter_cannot_approve_their_own_item(document_a, drafter_a):
    drafter_a.staff_roles.create(agency=document_a.agency, role=StaffRole.Role.REVIEWER)
    item = record(document_a, drafter_a)
    workflow.submit(obj=item, user=drafter_a)
    with pytest.raises(PermissionDenied):
        workflow.approve(obj=item, user=drafter_a, review_result=ReviewResult.CLEAR)


def test_every_step_is_in_the_audit_trail(document_a, people):
    item = item_on(document_a, people)
    assert list(item.events.values_list("action", flat=True)) == [
        "create", "submit", "approve", "publish",
    ]  # fmt: skip


def test_the_cited_article_links_to_its_passage_and_follows_a_changed_citation(
    client, document_a, people, drafter_a
):
    from disclosure import passages
    from disclosure.documents import sanitize_body
    from disclosure.models import Document

    body = "<p>第一条 为支持小微企业创新，制定本办法。</p><p>第二条 对小微企业给予创新补助。</p>"
    Document.objects.filter(pk=document_a.pk).update(body=sanitize_body(body))
    document_a.refresh_from_db()
    passages.passages_sync(document=document_a)
    second = document_a.passages.get(citation="第二条")

    item = item_on(document_a, people, article_ref="第 二 条")  # spaces as typed
    assert item.article_url == f"{document_a.get_absolute_url()}#{second.anchor}"
    page = client.get(item.get_absolute_url()).content.decode()
    assert f'href="{document_a.get_absolute_url()}#{second.anchor}"' in page

    draft = record(document_a, drafter_a, name="创新补助（修订）", article_ref="第二条")
    assert draft.article_anchor == second.anchor
    draft.article_ref = "第一条"
    drafting.item_save(item=draft, user=drafter_a)
    assert draft.article_anchor == document_a.passages.get(citation="第一条").anchor
    draft.article_ref = "第九条"  # cited, but no such article: the item links the document
    drafting.item_save(item=draft, user=drafter_a)
    assert draft.article_anchor == "" and draft.article_url == document_a.get_absolute_url()
