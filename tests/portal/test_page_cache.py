"""Whole public pages from the shared cache (portal.page_cache): served again until public
content changes, never stale after a change, never private, never mixing languages or
display modes."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from django.test import override_settings
from django.utils import timezone

from disclosure.models import Document
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.disclosure.conftest import make_draft
from tests.factories import StaffClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]
CATALOG = "/disclosure/"


@pytest.fixture
def page_cache_on():
    with override_settings(PAGE_CACHE_SECONDS=300, PAGE_CACHE_CLIENT_SECONDS=60):
        yield


def cache_state(response) -> str:
    return response.get("X-Page-Cache", "none")


def text(response) -> str:
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode()


@pytest.fixture
def publish(drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks):
    """Publish through the services, running what they do once committed."""

    def run(document):
        with django_capture_on_commit_callbacks(execute=True):  # the screening runs
            workflow.submit(obj=document, user=drafter_a)
        with django_capture_on_commit_callbacks(execute=True):
            workflow.approve(obj=document, user=reviewer_a, review_result=ReviewResult.CLEAR)
            return workflow.publish(obj=document, user=publisher_a)

    return run


def test_an_anonymous_page_is_served_again_from_the_cache(client, agency_a):
    first = client.get(CATALOG)
    second = client.get(CATALOG)
    assert (cache_state(first), cache_state(second)) == ("miss", "hit")
    assert text(first) == text(second)
    assert (
        "public" in second["Cache-Control"] and "stale-while-revalidate" in second["Cache-Control"]
    )


def test_a_lifetime_of_zero_turns_the_page_cache_off(client, agency_a):
    """PAGE_CACHE_SECONDS=0: every page rendered afresh (bench/throughput.py measures both)."""
    with override_settings(PAGE_CACHE_SECONDS=0):
        states = [cache_state(client.get(CATALOG)) for _ in range(2)]
        page = client.get(CATALOG)
    assert states == ["none", "none"]
    assert "public" not in page.get("Cache-Control", "") and not page.has_header("ETag")


def test_a_published_document_is_on_the_cached_catalog_at_once(
    client, agency_a, drafter_a, publish
):
    client.get(CATALOG)
    assert cache_state(client.get(CATALOG)) == "hit"
    draft = make_draft(agency_a, drafter_a, title="关于新设政务服务中心的公告")
    publish(draft)
    after = client.get(CATALOG)
    assert cache_state(after) == "miss"
    assert "关于新设政务服务中心的公告" in text(after)


def test_a_withdrawn_documents_body_never_comes_from_the_cache(
    client, agency_a, drafter_a, publisher_a, publish, django_capture_on_commit_callbacks
):
    draft = make_draft(agency_a, drafter_a, body="<p>即将撤回的正文内容。</p>")
    document = publish(draft)
    url = document.get_absolute_url()
    client.get(url)
    assert "即将撤回的正文内容" in text(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(obj=document, user=publisher_a, reason="内容有误")
    after = client.get(url)
    assert "即将撤回的正文内容" not in text(after)
    assert "内容有误" in text(after)


def test_a_signed_in_staff_member_is_never_served_or_stored(client, agency_a, publisher_a):
    client.force_login(publisher_a)
    staff_page = client.get(CATALOG)
    assert cache_state(staff_page) == "none"
    client.logout()
    assert cache_state(client.get(CATALOG)) == "miss"  # nothing was stored for the staff member


def test_a_page_with_a_form_that_posts_is_never_cached(client, agency_a, drafter_a, publish):
    from tests.interpretation.conftest import make_consultation

    consultation = make_consultation(agency_a, drafter_a)
    publish(consultation)
    url = f"/interpretation/consultations/{consultation.pk}/"
    first = client.get(url)
    assert 'name="csrfmiddlewaretoken"' in text(first)
    assert cache_state(first) == "none" and cache_state(client.get(url)) == "none"


def test_languages_and_text_sizes_never_mix(client, agency_a):
    chinese = client.get("/agencies/")
    client.cookies["django_language"] = "en"
    english = client.get("/agencies/")
    client.cookies["text_size"] = "large"
    large = client.get("/agencies/")
    del client.cookies["django_language"]
    large_chinese = client.get("/agencies/")
    assert [cache_state(r) for r in (chinese, english, large, large_chinese)] == ["miss"] * 4
    assert 'lang="zh-Hans"' in text(chinese) and 'lang="en"' in text(english)
    assert 'class="large-text"' not in text(english) and 'class="large-text"' in text(large)
    assert 'lang="zh-Hans"' in text(large_chinese) and 'class="large-text"' in text(large_chinese)
    client.cookies["text_size"] = ""
    assert cache_state(again := client.get("/agencies/")) == "hit"
    assert 'lang="zh-Hans"' in text(again) and 'class="large-text"' not in text(again)


def test_a_conditional_request_with_the_etag_answers_304(client, agency_a):
    page = client.get(CATALOG)
    again = client.get(CATALOG, HTTP_IF_NONE_MATCH=page["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_clients_that_accept_gzip_get_it(client, agency_a):
    client.get(CATALOG)
    compressed = client.get(CATALOG, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert "<html" in gzip.decompress(compressed.content).decode()


def test_an_agencys_contacts_changed_in_the_back_office_show_at_once(
    client, agency_a, head_a, django_capture_on_commit_callbacks
):
    url = agency_a.get_absolute_url()
    client.get(url)
    admin = StaffClient()
    admin.force_login(head_a)
    change = f"/admin/portal/agency/{agency_a.pk}/change/"
    form = admin.get(change).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data["office_phone"] = "0578-9999999"
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(change, data).status_code == 302
    assert "0578-9999999" in text(client.get(url))


def test_the_back_office_and_the_request_forms_are_never_cached(client, agency_a):
    for url in ("/requests/apply/", "/requests/track/", "/admin/login/"):
        assert cache_state(client.get(url)) == "none", url


def test_the_home_page_shows_a_new_publication_at_once(client, agency_a, drafter_a, publish):
    home = client.get("/")
    assert cache_state(home) == "miss"
    draft = make_draft(
        agency_a,
        drafter_a,
        title="首页最新公开的通知",
        date_formed=timezone.localdate() - dt.timedelta(days=1),
    )
    publish(draft)
    assert "首页最新公开的通知" in text(client.get("/"))
    assert Document.objects.get(pk=draft.pk).status == Status.PUBLISHED
