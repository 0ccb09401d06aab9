"""Art 26 (a change starts a new publication duty; a catalog item's statutory limit governs the
due date) and Art 20 (the fifteen categories in the article's words, each with its content and
count, and (二) the agency profile)."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.exceptions import ValidationError
from django.urls import reverse

from disclosure import documents, timeliness, validity
from disclosure.catalog_io.importer import statutory_workdays
from disclosure.models import (
    CatalogDomain,
    CatalogItem,
    Document,
    PublicationDuty,
    StatutoryCategory,
    Validity,
)
from portal import workdays
from publishing.models import Status

pytestmark = pytest.mark.django_db
D = dt.date


def published(agency, title: str, **fields) -> Document:
    values = {
        "agency": agency, "title": title, "date_formed": D(2026, 3, 2),
        "date_published": D(2026, 3, 5), "status": Status.PUBLISHED, **fields,
    }  # fmt: skip
    return Document.objects.create(**values)


@pytest.fixture
def item_with_five_days(agency_a) -> CatalogItem:
    return CatalogItem.objects.create(
        agency=agency_a, domain=CatalogDomain.objects.get(slug="work-safety"),
        item_level1="安全生产", item_level2="事故信息", content="事故调查报告",
        time_limit="自信息形成之日起5个工作日内", time_limit_workdays=5, responsible="市应急管理局",
    )  # fmt: skip


# --- Art 26 ---------------------------------------------------------------------------------


def test_art26_a_catalog_items_statutory_limit_governs_the_due_date(
    agency_a, drafter_a, item_with_five_days
):
    draft = documents.document_save(
        document=Document(agency=agency_a, title="事故调查报告", date_formed=D(2026, 11, 2),
                          catalog_item=item_with_five_days),
        user=drafter_a,
    )  # fmt: skip
    assert draft.publish_due == workdays.add_workdays(D(2026, 11, 2), 5)
    other = documents.document_save(
        document=Document(agency=agency_a, title="通知", date_formed=D(2026, 11, 2)),
        user=drafter_a,
    )
    assert other.publish_due == workdays.add_workdays(D(2026, 11, 2), 20)


@pytest.mark.parametrize(
    ("text", "days"),
    [("自信息形成之日起5个工作日内", 5), ("自信息形成或变更之日起20个工作日内", None),
     ("每季度更新", None), ("7 工作日内", 7)],
)  # fmt: skip
def test_art26_the_catalog_import_reads_the_limit_in_working_days(text, days):
    assert statutory_workdays(text) == days


def test_art26_a_validity_change_is_a_change_published_within_twenty_working_days(
    agency_a, publisher_a
):
    old = published(agency_a, "旧办法")
    validity.document_set_validity(
        document=old, user=publisher_a, validity=Validity.REPEALED,
        changed_on=dt.date.today() - dt.timedelta(days=60),
    )  # fmt: skip
    duty = PublicationDuty.objects.get(document=old)
    assert duty.change == PublicationDuty.Change.REPEALED
    assert duty.published_on == dt.date.today()
    assert duty.is_late  # recorded 60 days after the repeal took effect
    on_time = published(agency_a, "另一办法")
    validity.document_set_validity(document=on_time, user=publisher_a, validity=Validity.AMENDED)
    assert not PublicationDuty.objects.get(document=on_time).is_late


def test_art26_a_recorded_change_is_a_duty_on_the_dashboard_until_published(
    agency_a, publisher_a, admin_client
):
    document = published(agency_a, "关于调整最低生活保障标准的通知")
    changed = dt.date.today() - dt.timedelta(days=3)
    duty = timeliness.document_record_change(
        document=document, user=publisher_a, change=PublicationDuty.Change.AMENDED,
        changed_on=changed, note="标准调整",
    )  # fmt: skip
    assert duty.due_on == workdays.add_workdays(changed, 20)
    assert duty.published_on is None
    page = admin_client.get(reverse("admin:disclosure_dashboard")).content.decode()
    assert "关于调整最低生活保障标准的通知" in page
    validity.document_set_validity(document=document, user=publisher_a, validity=Validity.AMENDED)
    duty.refresh_from_db()
    assert duty.published_on == dt.date.today()
    assert list(timeliness.open_duties(Document.objects.all())) == []


def test_art26_only_published_documents_record_changes(agency_a, drafter_a, publisher_a):
    draft = documents.document_save(
        document=Document(agency=agency_a, title="草稿", date_formed=D(2026, 11, 2)),
        user=drafter_a,
    )
    with pytest.raises(ValidationError, match="published"):
        timeliness.document_record_change(
            document=draft, user=publisher_a, change="corrected", changed_on=D(2026, 11, 2)
        )


def test_art26_automatic_expiry_is_recorded_as_a_change_published_at_once(agency_a):
    document = published(agency_a, "到期文件", expiry_date=D(2026, 11, 20))
    validity.expire_due_documents(today=D(2026, 11, 21))
    duty = PublicationDuty.objects.get(document=document)
    assert (duty.changed_on, duty.published_on, duty.is_late) == (
        D(2026, 11, 21), D(2026, 11, 21), False,
    )  # fmt: skip


# --- Art 20 ---------------------------------------------------------------------------------


def test_art20_every_category_is_listed_in_the_articles_words_with_a_count(client, agency_a):
    published(agency_a, "统计公报", statutory_category=StatutoryCategory.STATISTICS)
    text = client.get(agency_a.get_absolute_url()).content.decode()
    for number, label in [
        ("（一）", "行政法规、规章和规范性文件"),
        ("（五）", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
        ("（八）", "行政事业性收费项目及其依据、标准"),
        ("（十五）", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
    ]:
        assert number in text and label in text
    assert text.count('class="facet-count"') == 15


def test_art20_a_chosen_category_overrides_the_inferred_one(client, agency_a):
    published(agency_a, "教育收费标准", statutory_category=StatutoryCategory.FEES,
              is_normative=True)  # fmt: skip
    published(agency_a, "城镇供水管理办法", is_normative=True)
    catalog = reverse("disclosure:catalog")
    fees = client.get(f"{catalog}?agency={agency_a.code}&art20=8").content.decode()
    rules = client.get(f"{catalog}?agency={agency_a.code}&art20=1").content.decode()
    assert "教育收费标准" in fees and "城镇供水管理办法" not in fees
    assert "城镇供水管理办法" in rules and "教育收费标准" not in rules
    assert "第二十条所列类别" in rules  # the active filter is named


def test_art20_an_unknown_category_is_ignored_with_a_note(client, agency_a):
    response = client.get(reverse("disclosure:catalog") + "?art20=16")
    assert response.status_code == 200
    assert "已忽略" in response.content.decode()


def test_art20_the_api_filters_by_category(client, agency_a):
    published(agency_a, "统计公报", statutory_category=StatutoryCategory.STATISTICS)
    published(agency_a, "其他文件")
    body = client.get("/api/v1/documents/?art20=4").json()
    assert [row["title"] for row in body["results"]] == ["统计公报"]
    assert client.get("/api/v1/documents/?art20=99").json()["ignored"] == ["art20"]


def test_art20_2_the_agency_profile_page(client, agency_a):
    agency_a.functions = "执行市人民代表大会的决议"
    agency_a.head = "市长 张某某\n副市长 李某某"
    agency_a.address = "丽水市花园路1号"
    agency_a.save()
    response = client.get(reverse("portal:agency_profile", args=[agency_a.code]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "执行市人民代表大会的决议" in text and "副市长 李某某" in text
    assert "丽水市花园路1号" in text
    assert 'name="description"' in text
