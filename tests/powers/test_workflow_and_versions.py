"""A power item is public only once drafted, reviewed and published; a published item changes
only through a revision, which leaves the public item as it is until the revision itself is
published; every publication, change and withdrawal is a version in the item's change history,
with what changed, shown on its page; caches and the search index follow."""

from __future__ import annotations

import pytest

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from portal.search import indexing, query
from powers import drafting, versions
from powers.models import PowerItem, Responsibility, VersionKind
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.powers.conftest import BASIS, DUTIES, draft, publish, revise
from tests.search.conftest import search_index  # noqa: F401 - the index fixture

pytestmark = pytest.mark.django_db

NEW_BASIS = "《中华人民共和国食品安全法》（2021年修正）第三十五条"


def english(client):
    client.cookies["django_language"] = "en"
    return client


def page(client, item: PowerItem) -> str:
    return client.get(f"/powers/{item.pk}/").content.decode()


# --- Publishing -----------------------------------------------------------------------------


def test_an_item_is_public_only_once_reviewed_and_published(
    client, agency_a, drafter_a, reviewer_a, publisher_a
):
    item = draft(agency_a, drafter_a)
    url = f"/powers/{item.pk}/"
    assert client.get(url).status_code == 404
    workflow.submit(obj=item, user=drafter_a)
    with pytest.raises(PermissionDenied):  # four eyes
        workflow.approve(obj=item, user=drafter_a, review_result=ReviewResult.CLEAR)
    workflow.approve(obj=item, user=reviewer_a, review_result=ReviewResult.CLEAR)
    assert client.get(url).status_code == 404
    assert "食品经营许可" not in client.get("/powers/").content.decode()
    workflow.publish(obj=item, user=publisher_a)
    text = page(client, item)
    assert "食品经营许可" in text and BASIS in text
    assert DUTIES[0][0] in text and DUTIES[1][1] in text
    assert "食品经营许可" in client.get("/powers/").content.decode()
    assert list(item.events.values_list("action", flat=True)) == [
        "create", "submit", "approve", "publish",
    ]  # fmt: skip


def test_the_first_publication_is_version_1_of_the_history(item_a, publisher_a, client):
    version = item_a.versions.get()
    assert (version.number, version.kind, version.actor) == (1, VersionKind.CREATED, publisher_a)
    assert version.snapshot["basis"] == BASIS
    assert PowerItem.objects.get(pk=item_a.pk).version == 1
    text = page(english(client), item_a)
    assert 'id="version-1"' in text and "Added to the list" in text


def test_an_item_without_responsibilities_is_not_sent_to_review(agency_a, drafter_a):
    item = draft(agency_a, drafter_a, duties=[])
    with pytest.raises(ValidationError, match="responsibility"):
        workflow.submit(obj=item, user=drafter_a)
    assert PowerItem.objects.get(pk=item.pk).status == Status.DRAFT


def test_a_mobile_number_in_a_responsibility_stops_the_approval(agency_a, drafter_a, reviewer_a):
    item = draft(agency_a, drafter_a, duties=[("受理责任：联系张科长13812345678。", "")])
    workflow.submit(obj=item, user=drafter_a)
    with pytest.raises(ValidationError, match="screening"):
        workflow.approve(obj=item, user=reviewer_a, review_result=ReviewResult.CLEAR)
    assert PowerItem.objects.get(pk=item.pk).status == Status.IN_REVIEW


def test_the_code_is_unique_within_an_agency_only(agency_a, agency_b, drafter_a, staff_b):
    draft(agency_a, drafter_a, code="许可-00001-000")
    with pytest.raises(ValidationError) as error:
        draft(agency_a, drafter_a, code=" 许可-00001-000 ", name="另一事项")
    assert "already has a power item with this code" in str(error.value.message_dict["code"])
    assert draft(agency_b, staff_b, code="许可-00001-000").code == "许可-00001-000"
    # The table refuses it too, whatever calls it.
    with pytest.raises(IntegrityError), transaction.atomic():
        PowerItem.objects.create(agency=agency_a, code="许可-00001-000", name="x", basis="x",
                                 office="x", category="licensing")  # fmt: skip


def test_a_bad_phone_number_is_refused_with_its_field(agency_a, drafter_a):
    with pytest.raises(ValidationError) as error:
        draft(agency_a, drafter_a, supervision_phone="请拨打监督电话")
    assert "supervision_phone" in error.value.message_dict
    assert not PowerItem.objects.exists()  # nothing half-saved


def test_a_drafter_of_another_agency_cannot_draft_for_agency_a(agency_a, staff_b):
    with pytest.raises(ValidationError):
        draft(agency_a, staff_b)


def test_a_published_item_cannot_be_edited_in_place(item_a, drafter_a):
    item_a.basis = NEW_BASIS
    with pytest.raises(ValidationError, match="Only a draft"):
        drafting.power_item_save(item=item_a, user=drafter_a)
    assert PowerItem.objects.get(pk=item_a.pk).basis == BASIS


# --- Revisions and versions -------------------------------------------------------------------


def test_the_item_stays_as_published_while_its_revision_is_drafted_and_reviewed(
    client, item_a, drafter_a, reviewer_a
):
    revision = revise(item_a, drafter_a, basis=NEW_BASIS, name="食品经营许可（含预包装食品备案）")
    assert revision.revision_of == item_a and revision.status == Status.DRAFT
    assert list(revision.responsibilities.values_list("duty", flat=True)) == [d for d, _ in DUTIES]
    workflow.submit(obj=revision, user=drafter_a)
    workflow.approve(obj=revision, user=reviewer_a, review_result=ReviewResult.CLEAR)
    text = page(client, item_a)
    assert BASIS in text and NEW_BASIS not in text and "预包装食品备案" not in text
    assert client.get(f"/powers/{revision.pk}/").status_code == 404  # never public itself
    assert client.get("/api/v1/power-items/").json()["count"] == 1


def test_publishing_a_revision_records_what_changed_and_the_page_shows_it(
    client, item_a, drafter_a, reviewer_a, publisher_a
):
    revision = revise(item_a, drafter_a, basis=NEW_BASIS, office="食品安全综合协调科")
    revision.responsibilities.filter(duty=DUTIES[1][0]).delete()
    Responsibility.objects.create(
        power_item=revision, order=9, duty="事后监管责任：开展监督检查。",
        accountability_basis="《行政许可法》第七十七条",
    )  # fmt: skip
    revision.responsibilities.filter(duty=DUTIES[0][0]).update(
        accountability_basis="《行政许可法》第七十二条、第七十四条"
    )
    publish(revision, drafter_a, reviewer_a, publisher_a)

    item = PowerItem.objects.get(pk=item_a.pk)
    assert (item.status, item.version, item.basis, item.office) == (
        Status.PUBLISHED, 2, NEW_BASIS, "食品安全综合协调科",
    )  # fmt: skip
    assert PowerItem.objects.get(pk=revision.pk).status == Status.PUBLISHED
    version = item.versions.get(number=2)
    assert (version.kind, version.actor, version.revision) == (
        VersionKind.CHANGED, publisher_a, PowerItem.objects.get(pk=revision.pk),
    )  # fmt: skip
    assert version.reason == "法律修订，更新设定依据。"
    lines = [line.text() for line in versions.describe(version.changes)]
    assert f"Basis of the power: {BASIS} → {NEW_BASIS}" in lines
    assert "Office in charge: 食品经营监管科 → 食品安全综合协调科" in lines
    assert any(line.startswith("Responsibility added: 事后监管责任") for line in lines)
    assert any(line.startswith(f"Responsibility removed: {DUTIES[1][0]}") for line in lines)
    assert any(line.startswith(f"Basis of accountability of “{DUTIES[0][0]}”") for line in lines)
    assert len(lines) == 5  # nothing unchanged is listed

    text = page(english(client), item)
    history = text[text.index("Change history") :]
    assert history.index('id="version-2"') < history.index('id="version-1"')  # newest first
    assert "<del>食品经营监管科</del> → <ins>食品安全综合协调科</ins>" in history
    assert "法律修订，更新设定依据。" in history and "事后监管责任：开展监督检查。" in history
    assert "Content changed" in history
    # The item's page shows the new content only.
    assert text.count(DUTIES[1][0]) == 1  # in the history, no longer in the table


def test_the_history_is_shown_in_chinese_by_default(client, item_a, drafter_a, reviewer_a,
                                                     publisher_a):  # fmt: skip
    publish(revise(item_a, drafter_a, basis=NEW_BASIS), drafter_a, reviewer_a, publisher_a)
    text = page(client, item_a)
    assert f"<del>{BASIS}</del> → <ins>{NEW_BASIS}</ins>" in text
    assert '<time datetime="' in text[text.index('id="version-2"') :]


def test_a_revision_that_changes_nothing_is_not_sent_to_review(item_a, drafter_a):
    revision = revise(item_a, drafter_a)
    with pytest.raises(ValidationError, match="changes nothing"):
        workflow.submit(obj=revision, user=drafter_a)


def test_a_revision_needs_the_reason_for_the_change(item_a, drafter_a):
    revision = revise(item_a, drafter_a, reason="", basis=NEW_BASIS)
    with pytest.raises(ValidationError, match="reason"):
        workflow.submit(obj=revision, user=drafter_a)


def test_one_revision_at_a_time(item_a, drafter_a):
    revise(item_a, drafter_a, basis=NEW_BASIS)
    with pytest.raises(ValidationError, match="already has a revision"):
        drafting.power_item_revise(item=item_a, user=drafter_a)


def test_a_revision_keeps_the_agency_and_code_of_its_item(item_a, drafter_a, agency_b):
    revision = revise(item_a, drafter_a, basis=NEW_BASIS)
    revision.code = "改-00000"
    revision.agency = agency_b
    drafting.power_item_save(item=revision, user=drafter_a)
    revision.refresh_from_db()
    assert (revision.code, revision.agency_id) == (item_a.code, item_a.agency_id)


def test_a_revision_of_an_item_withdrawn_meanwhile_is_not_published(
    item_a, drafter_a, reviewer_a, publisher_a
):
    revision = revise(item_a, drafter_a, basis=NEW_BASIS)
    workflow.submit(obj=revision, user=drafter_a)
    workflow.approve(obj=revision, user=reviewer_a, review_result=ReviewResult.CLEAR)
    workflow.withdraw(obj=item_a, user=publisher_a, reason="事项取消")
    with pytest.raises(ValidationError, match="no longer be revised"):
        workflow.publish(obj=revision, user=publisher_a)
    assert PowerItem.objects.get(pk=revision.pk).status == Status.APPROVED
    assert PowerItem.objects.get(pk=item_a.pk).basis == BASIS


def test_a_draft_cannot_be_revised(agency_a, drafter_a):
    with pytest.raises(ValidationError, match="Only a published item"):
        drafting.power_item_revise(item=draft(agency_a, drafter_a), user=drafter_a)


# --- Withdrawal ---------------------------------------------------------------------------------


def test_withdrawing_an_item_records_its_last_version_and_keeps_its_page(
    client, item_a, publisher_a
):
    reason = "《国务院关于取消一批行政许可事项的决定》取消本事项"
    workflow.withdraw(obj=item_a, user=publisher_a, reason=reason)
    item = PowerItem.objects.get(pk=item_a.pk)
    last = item.versions.get(number=2)
    assert (item.version, last.kind, last.actor) == (2, VersionKind.WITHDRAWN, publisher_a)
    assert "取消一批行政许可事项" in last.reason
    response = client.get(f"/powers/{item.pk}/")
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex"
    text = response.content.decode()
    assert "取消一批行政许可事项" in text and 'id="version-2"' in text
    assert BASIS not in text  # the notice and history only
    assert "食品经营许可" not in client.get("/powers/").content.decode()
    api = client.get(f"/api/v1/power-items/{item.pk}/")
    assert api.status_code == 410 and api.json()["title"] == "食品经营许可"


def test_a_published_revision_is_withdrawn_only_with_its_item(
    item_a, drafter_a, reviewer_a, publisher_a
):
    revision = publish(revise(item_a, drafter_a, basis=NEW_BASIS), drafter_a, reviewer_a,
                       publisher_a)  # fmt: skip
    with pytest.raises(ValidationError, match="withdraw the item"):
        workflow.withdraw(obj=revision, user=publisher_a, reason="误操作")
    assert PowerItem.objects.get(pk=revision.pk).status == Status.PUBLISHED
    assert PowerItem.objects.get(pk=item_a.pk).versions.count() == 2


# --- What follows a change: cached pages and search -------------------------------------------


@override_settings(PAGE_CACHE_SECONDS=300)
def test_publishing_a_revision_retires_the_cached_pages(
    client, item_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    cache.clear()
    for url in ("/powers/", f"/powers/{item_a.pk}/"):
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"
    revision = revise(item_a, drafter_a, name="食品经营许可证核发")
    workflow.submit(obj=revision, user=drafter_a)
    workflow.approve(obj=revision, user=reviewer_a, review_result=ReviewResult.CLEAR)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(obj=revision, user=publisher_a)
    for url in ("/powers/", f"/powers/{item_a.pk}/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "食品经营许可证核发" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(obj=item_a, user=publisher_a, reason="事项取消")
    assert "食品经营许可证核发" not in client.get("/powers/").content.decode()


def test_search_finds_the_item_as_published_and_follows_its_changes(
    agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    def hits(words: str) -> list[str]:
        return [hit.url for hit in query.search(query.parse_params({"q": words})).hits]

    with django_capture_on_commit_callbacks(execute=True):
        item = publish(draft(agency_a, drafter_a, name="烟草专卖零售许可"), drafter_a,
                       reviewer_a, publisher_a)  # fmt: skip
    assert hits("烟草专卖") == [f"/powers/{item.pk}/"]
    revision = revise(item, drafter_a, name="烟花爆竹经营许可")
    assert hits("烟花爆竹") == []  # a revision is not public
    workflow.submit(obj=revision, user=drafter_a)
    workflow.approve(obj=revision, user=reviewer_a, review_result=ReviewResult.CLEAR)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(obj=revision, user=publisher_a)
    assert hits("烟花爆竹") == [f"/powers/{item.pk}/"]
    assert hits("烟草专卖") == []
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(obj=item, user=publisher_a, reason="事项取消")
    assert hits("烟花爆竹") == []
    indexing.reconcile()  # the periodic reconciliation agrees: nothing of it is public
    assert hits("烟花爆竹") == []
