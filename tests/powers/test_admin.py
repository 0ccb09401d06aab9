"""The back office: each agency's staff see and edit their own items only; a drafter records
an item with its responsibilities in one form; a published item is changed by drafting a
revision from its page, whose preview shows what it changes; the history lists who changed
what."""

from __future__ import annotations

import pytest

from django.urls import reverse

from powers.models import PowerItem
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.powers.conftest import BASIS, draft, publish, revise

pytestmark = pytest.mark.django_db

NEW_BASIS = "《中华人民共和国食品安全法》（2021年修正）第三十五条"


def change_url(item: PowerItem) -> str:
    return reverse("admin:powers_poweritem_change", args=[item.pk])


def form_data(agency, **fields) -> dict[str, str]:
    data = {
        "agency": agency.pk, "code": "许可-00077-000", "name": "药品零售企业经营许可",
        "category": "licensing", "sub_items": "", "basis": "《中华人民共和国药品管理法》第五十二条",
        "office": "药品流通监管科", "accountability_cases": "", "contact_phone": "0578-2091500",
        "supervision_phone": "", "notes": "", "change_reason": "新增事项",
        "responsibilities-TOTAL_FORMS": "2", "responsibilities-INITIAL_FORMS": "0",
        "responsibilities-0-order": "1", "responsibilities-0-duty": "受理责任：告知补正材料。",
        "responsibilities-0-accountability_basis": "《行政许可法》第七十二条",
        "responsibilities-1-order": "2", "responsibilities-1-duty": "审查责任：对材料进行审查。",
        "responsibilities-1-accountability_basis": "",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
        "versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": "0",
    }  # fmt: skip
    data.update(fields)
    return data


def test_a_drafter_records_an_item_with_its_responsibilities_in_one_form(
    client, agency_a, drafter_a
):
    client.force_login(drafter_a)
    response = client.post(reverse("admin:powers_poweritem_add"), form_data(agency_a))
    assert response.status_code == 302, response.content.decode()[:3000]
    item = PowerItem.objects.get(code="许可-00077-000")
    assert (item.agency, item.drafter, item.status) == (agency_a, drafter_a, Status.DRAFT)
    assert list(item.responsibilities.values_list("duty", flat=True)) == [
        "受理责任：告知补正材料。", "审查责任：对材料进行审查。",
    ]  # fmt: skip


def test_the_form_refuses_another_agency_and_a_taken_code(client, agency_a, agency_b, drafter_a):
    draft(agency_a, drafter_a, code="许可-00077-000")
    client.force_login(drafter_a)
    client.cookies["django_language"] = "en"
    url = reverse("admin:powers_poweritem_add")
    taken = client.post(url, form_data(agency_a)).content.decode()
    assert "This agency already has a power item with this code." in taken
    assert PowerItem.objects.filter(code="许可-00077-000").count() == 1
    other = client.post(url, form_data(agency_b, code="许可-00078-000"))
    assert other.status_code == 200  # the form again, with the error
    assert not PowerItem.objects.filter(code="许可-00078-000").exists()


def test_another_agencys_staff_never_reach_agency_as_items(client, agency_a, drafter_a, staff_b):
    item = draft(agency_a, drafter_a, name="丽水草稿事项")
    client.force_login(staff_b)
    assert client.get(change_url(item)).status_code in (302, 404)
    listing = client.get(reverse("admin:powers_poweritem_changelist")).content.decode()
    assert "丽水草稿事项" not in listing
    for action in ("submit", "withdraw"):
        url = reverse("admin:powers_poweritem_workflow", args=[item.pk, action])
        assert client.post(url).status_code == 404
    assert client.post(reverse("admin:powers_poweritem_revise", args=[item.pk])).status_code == 404
    assert PowerItem.objects.get(pk=item.pk).status == Status.DRAFT


def test_the_workflow_buttons_move_an_item(client, agency_a, drafter_a, reviewer_a, publisher_a):
    item = draft(agency_a, drafter_a)
    client.force_login(drafter_a)
    assert (
        client.post(
            reverse("admin:powers_poweritem_workflow", args=[item.pk, "submit"])
        ).status_code
        == 302
    )
    client.force_login(reviewer_a)
    url = reverse("admin:powers_poweritem_workflow", args=[item.pk, "approve"])
    assert client.post(url, {"review_result": "clear"}).status_code == 302
    client.force_login(publisher_a)
    assert (
        client.post(
            reverse("admin:powers_poweritem_workflow", args=[item.pk, "publish"])
        ).status_code
        == 302
    )
    assert PowerItem.objects.get(pk=item.pk).status == Status.PUBLISHED


def test_a_drafter_revises_a_published_item_from_its_page(client, item_a, drafter_a):
    client.force_login(drafter_a)
    page = client.get(change_url(item_a)).content.decode()
    revise_url = reverse("admin:powers_poweritem_revise", args=[item_a.pk])
    assert revise_url in page
    assert client.get(revise_url).status_code == 200  # the confirmation
    response = client.post(revise_url)
    revision = PowerItem.objects.get(revision_of=item_a)
    assert response.status_code == 302 and response["Location"] == change_url(revision)
    assert revision.status == Status.DRAFT and revision.drafter == drafter_a
    # Its page links the item; the item's page links it and offers no second revision.
    assert change_url(item_a) in client.get(change_url(revision)).content.decode()
    page = client.get(change_url(item_a)).content.decode()
    assert change_url(revision) in page and revise_url not in page
    client.post(revise_url)
    assert PowerItem.objects.filter(revision_of=item_a).count() == 1


def test_a_drafter_edits_a_revision_without_changing_its_agency_or_code(client, item_a, drafter_a,
                                                                        agency_b):  # fmt: skip
    revision = revise(item_a, drafter_a)
    client.force_login(drafter_a)
    rows = list(revision.responsibilities.all())
    data = form_data(
        agency_b, code="改掉-1", name=item_a.name, basis=NEW_BASIS, office=item_a.office,
        change_reason="法律修订", contact_phone=item_a.contact_phone,
        supervision_phone=item_a.supervision_phone,
        accountability_cases=item_a.accountability_cases,
    )  # fmt: skip
    data["responsibilities-INITIAL_FORMS"] = "2"
    for n, row in enumerate(rows):
        data |= {
            f"responsibilities-{n}-id": str(row.pk),
            f"responsibilities-{n}-power_item": str(revision.pk),
            f"responsibilities-{n}-order": str(row.order),
            f"responsibilities-{n}-duty": row.duty,
            f"responsibilities-{n}-accountability_basis": row.accountability_basis,
        }
    response = client.post(change_url(revision), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    revision.refresh_from_db()
    assert (revision.basis, revision.code, revision.agency_id) == (
        NEW_BASIS, item_a.code, item_a.agency_id,
    )  # fmt: skip
    # The preview shows the item as it will read, and what changes.
    preview = client.get(reverse("admin:powers_poweritem_preview", args=[revision.pk]))
    text = preview.content.decode()
    assert f"<del>{BASIS}</del> → <ins>{NEW_BASIS}</ins>" in text
    assert 'content="noindex"' in text


def test_a_published_revision_offers_no_withdrawal(client, item_a, drafter_a, reviewer_a,
                                                   publisher_a):  # fmt: skip
    revision = publish(revise(item_a, drafter_a, basis=NEW_BASIS), drafter_a, reviewer_a,
                       publisher_a)  # fmt: skip
    client.force_login(publisher_a)
    withdraw = reverse("admin:powers_poweritem_workflow", args=[revision.pk, "withdraw"])
    assert withdraw not in client.get(change_url(revision)).content.decode()
    item_withdraw = reverse("admin:powers_poweritem_workflow", args=[item_a.pk, "withdraw"])
    assert item_withdraw in client.get(change_url(item_a)).content.decode()
    client.post(withdraw, {"reason": "误操作"})
    assert PowerItem.objects.get(pk=revision.pk).status == Status.PUBLISHED


def test_the_history_tells_staff_who_changed_what(client, item_a, drafter_a, reviewer_a,
                                                  publisher_a):  # fmt: skip
    revision = revise(item_a, drafter_a, basis=NEW_BASIS)
    workflow.submit(obj=revision, user=drafter_a)
    workflow.approve(obj=revision, user=reviewer_a, review_result=ReviewResult.CLEAR)
    workflow.publish(obj=revision, user=publisher_a)
    client.force_login(drafter_a)
    client.cookies["django_language"] = "en"
    page = client.get(change_url(item_a)).content.decode()
    history = page[page.index("Change history") :]
    assert "publisher_a" in history
    assert f"Basis of the power: {BASIS} → {NEW_BASIS}" in history
