"""Spreadsheet import and export of standard-catalog items, and their back-office pages."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import disclosure.admin_catalog  # noqa: F401 - registers the catalog admin until admin.py does
from disclosure import catalog_io
from disclosure.models import Audience, CatalogDomain, CatalogItem, CatalogMode, Channel
from portal.models import StaffRole
from tests.factories import staff

pytestmark = pytest.mark.django_db

HEADINGS = list(catalog_io.HEADINGS)
ASSISTANCE = ["1", "社会救助", "最低生活保障", "审核确认", "申请条件、办理程序、审核结果",
              "《社会救助暂行办法》", "自信息形成或变更之日起20个工作日内",
              "县民政局、各乡镇", "政府网站、社区/企事业单位/村公示栏（电子屏）",
              "全社会", "主动", "县级、乡级"]  # fmt: skip
EMPLOYMENT = ["2", "就业", "就业创业政策", "", "政策文件及解读", "", "", "县人社局",
              "政府网站，两微一端\n精准推送", "特定群体", "依申请", "县级"]  # fmt: skip
ELDERLY = ["3", "养老服务", "养老机构", "备案信息", "机构名称、地址、床位数", "", "", "县民政局",
           "", "", "", "乡级"]  # fmt: skip
GOOD_ROWS = [HEADINGS, ASSISTANCE, EMPLOYMENT, ELDERLY]

IMPORT_URL = "admin:disclosure_catalogitem_import"
EXPORT_URL = "admin:disclosure_catalogitem_export"
CHANGELIST_URL = "admin:disclosure_catalogitem_changelist"


def xlsx_file(rows: list[list], merges: tuple[str, ...] = ()) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(rows: list[list], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def import_xlsx(agency, user, rows: list[list], **kwargs) -> catalog_io.ImportReport:
    return catalog_io.catalog_import(
        agency=agency, user=user, filename="目录.xlsx", content=xlsx_file(rows, **kwargs)
    )


def make_item(agency, domain: str, level1: str, level2: str = "", **fields) -> CatalogItem:
    values = {"content": "公开内容", "responsible": "县民政局", "channels": [Channel.WEBSITE]}
    return CatalogItem.objects.create(
        agency=agency,
        domain=CatalogDomain.objects.get(name=domain),
        item_level1=level1,
        item_level2=level2,
        **{**values, **fields},
    )


def catalog_of(agency) -> list[tuple]:
    """Every column the spreadsheet carries, per item."""
    return sorted(
        CatalogItem.objects.filter(agency=agency).values_list(
            "domain__name", "item_level1", "item_level2", "content", "legal_basis",
            "time_limit", "responsible", "channels", "audience", "mode", "level_county",
            "level_township",
        )
    )  # fmt: skip


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# --- Import ----------------------------------------------------------------------------------


def test_good_xlsx_imports_every_row_with_channels_audience_mode_and_levels(agency_a, publisher_a):
    report = import_xlsx(agency_a, publisher_a, GOOD_ROWS)

    assert report.imported and report.errors == []
    assert (report.created, report.updated) == (3, 0)
    assistance = CatalogItem.objects.get(agency=agency_a, item_level1="最低生活保障")
    assert assistance.domain.name == "社会救助"
    assert assistance.item_level2 == "审核确认"
    assert assistance.legal_basis == "《社会救助暂行办法》"
    assert assistance.responsible == "县民政局、各乡镇"
    assert assistance.channels == [Channel.WEBSITE, Channel.NOTICE_BOARD]
    assert (assistance.audience, assistance.mode) == (Audience.PUBLIC, CatalogMode.PROACTIVE)
    assert (assistance.level_county, assistance.level_township) == (True, True)
    employment = CatalogItem.objects.get(agency=agency_a, item_level1="就业创业政策")
    assert employment.channels == [Channel.WEBSITE, Channel.NEW_MEDIA, Channel.TARGETED_PUSH]
    assert (employment.audience, employment.mode) == (Audience.SPECIFIC, CatalogMode.ON_REQUEST)
    assert (employment.level_county, employment.level_township) == (True, False)


def test_empty_optional_cells_take_the_model_defaults(agency_a, publisher_a):
    import_xlsx(agency_a, publisher_a, GOOD_ROWS)

    elderly = CatalogItem.objects.get(agency=agency_a, item_level1="养老机构")
    assert elderly.time_limit == "自信息形成或变更之日起20个工作日内"
    assert elderly.channels == []
    assert (elderly.audience, elderly.mode) == (Audience.PUBLIC, CatalogMode.PROACTIVE)
    assert (elderly.level_county, elderly.level_township) == (False, True)


def test_one_bad_row_imports_nothing_and_the_report_names_row_and_column(agency_a, publisher_a):
    bad = [*EMPLOYMENT[:8], "政府网站、微博号", *EMPLOYMENT[9:]]

    report = import_xlsx(agency_a, publisher_a, [HEADINGS, ASSISTANCE, bad, ELDERLY])

    assert not report.imported
    assert not CatalogItem.objects.exists()
    [error] = report.errors
    assert (error.row, error.column, error.value) == (3, "公开渠道和载体", "政府网站、微博号")
    assert str(error).startswith(
        "第3行「公开渠道和载体」：无法识别的渠道“微博号”，可选：政府网站、"
    )


def test_every_bad_cell_of_every_row_is_reported(agency_a, publisher_a):
    first = [*ASSISTANCE[:1], "不存在的领域", *ASSISTANCE[2:10], "偶尔", *ASSISTANCE[11:]]
    second = [*EMPLOYMENT[:2], "", *EMPLOYMENT[3:9], "部分人", *EMPLOYMENT[10:11], "市级"]

    report = import_xlsx(agency_a, publisher_a, [HEADINGS, first, second])

    assert [(e.row, e.column) for e in report.errors] == [
        (2, "公开领域"),
        (2, "公开方式"),
        (3, "一级事项"),
        (3, "公开对象"),
        (3, "公开层级"),
    ]
    assert "可选：主动 / 依申请" in report.errors[1].message
    assert report.errors[2].message == "不能为空。"


def test_too_long_cell_is_reported_with_its_limit(agency_a, publisher_a):
    row = [*ELDERLY[:2], "养" * 101, *ELDERLY[3:]]

    [error] = import_xlsx(agency_a, publisher_a, [HEADINGS, row]).errors

    assert (error.row, error.column) == (2, "一级事项")
    assert error.message == "长度为101个字符，超过上限100个字符。"


def test_duplicate_rows_within_the_file_are_reported(agency_a, publisher_a):
    report = import_xlsx(agency_a, publisher_a, [HEADINGS, ASSISTANCE, ELDERLY, ASSISTANCE])

    [error] = report.errors
    assert error.row == 4
    assert str(error).startswith("第4行：与第2行重复")
    assert not CatalogItem.objects.exists()


def test_existing_item_is_updated_not_duplicated(agency_a, publisher_a):
    item = make_item(agency_a, "社会救助", "最低生活保障", "审核确认", content="旧内容")

    report = import_xlsx(agency_a, publisher_a, [HEADINGS, ASSISTANCE, ELDERLY])

    assert [(o.row, o.action_name) for o in report.outcomes] == [(2, "更新"), (3, "新增")]
    item.refresh_from_db()
    assert item.content == "申请条件、办理程序、审核结果"
    assert CatalogItem.objects.filter(agency=agency_a).count() == 2


def test_gbk_csv_without_bom_imports(agency_a, publisher_a):
    content = csv_file(GOOD_ROWS, encoding="gbk")

    report = catalog_io.catalog_import(
        agency=agency_a, user=publisher_a, filename="公开目录.CSV", content=content
    )

    assert report.imported and report.created == 3
    assert CatalogItem.objects.get(item_level1="最低生活保障").responsible == "县民政局、各乡镇"


def test_title_row_other_column_order_and_loose_headings_are_tolerated(agency_a, publisher_a):
    order = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
    headings = [" 公开层级", "公开方式 ", "公开对象", "公开渠道和载体", "公开主体",
                "公开时限", "公开依据", "公开内容(要素)", "二级\n事项", "一级事项",
                "公开领域", "序号"]  # fmt: skip
    rows = [["某县基层政务公开标准目录"], headings, [ASSISTANCE[i] for i in order]]

    report = import_xlsx(agency_a, publisher_a, rows)

    assert report.imported
    item = CatalogItem.objects.get(agency=agency_a)
    assert (item.item_level1, item.item_level2) == ("最低生活保障", "审核确认")
    assert item.channels == [Channel.WEBSITE, Channel.NOTICE_BOARD]


def test_two_row_header_and_merged_cells_are_read_as_shown(agency_a, publisher_a):
    upper = ["序号", "公开领域", "公开事项", None, *HEADINGS[4:]]
    lower = [None, None, "一级事项", "二级事项"]
    first = ASSISTANCE
    second = ["2", None, None, "资金发放", *ASSISTANCE[4:]]
    merges = ("A1:A2", "B1:B2", "C1:D1", "B3:B4", "C3:C4", *(f"{c}1:{c}2" for c in "EFGHIJKL"))

    report = import_xlsx(agency_a, publisher_a, [upper, lower, first, second], merges=merges)

    assert report.imported, report.messages()
    assert sorted(
        CatalogItem.objects.values_list("domain__name", "item_level1", "item_level2")
    ) == [
        ("社会救助", "最低生活保障", "审核确认"),
        ("社会救助", "最低生活保障", "资金发放"),
    ]


def test_tick_columns_of_the_published_standard_catalogs_are_read(agency_a, publisher_a):
    upper = [*HEADINGS[:2], "公开事项", "", *HEADINGS[4:9], "公开对象", "", "公开方式", "",
             "公开层级", ""]  # fmt: skip
    lower = ["", "", "一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群体", "主动",
             "依申请", "县级", "乡级"]  # fmt: skip
    row = [*ASSISTANCE[:9], "", "√", "√", "", "√", "√"]

    report = catalog_io.catalog_import(
        agency=agency_a,
        user=publisher_a,
        filename="目录.csv",
        content=csv_file([upper, lower, row]),
    )

    assert report.imported, report.messages()
    item = CatalogItem.objects.get(agency=agency_a)
    assert (item.audience, item.mode) == (Audience.SPECIFIC, CatalogMode.PROACTIVE)
    assert (item.level_county, item.level_township) == (True, True)


def test_missing_required_heading_is_a_file_error(agency_a, publisher_a):
    rows = [[h for h in HEADINGS if h != "公开主体"], ASSISTANCE[:7] + ASSISTANCE[8:]]

    [error] = import_xlsx(agency_a, publisher_a, rows).errors

    assert error.row is None
    assert "缺少必需的列：公开主体" in error.message


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("目录.pdf", b"%PDF-1.4", "无法识别的文件类型"),
        ("目录.xls", b"\xd0\xcf\x11\xe0", ".xls"),
        ("目录.csv", b"", "文件是空的"),
        ("目录.xlsx", b"not a zip file", "无法读取 Excel 文件"),
        ("目录.csv", "公开领域,一级事项\n".encode(), "缺少必需的列"),
    ],
)
def test_unusable_file_gets_a_chinese_file_error(agency_a, publisher_a, filename, content, message):
    report = catalog_io.catalog_import(
        agency=agency_a, user=publisher_a, filename=filename, content=content
    )

    [error] = report.errors
    assert error.row is None and message in error.message
    assert not report.imported


# --- Export ----------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_then_import_updates_every_item_and_creates_none(agency_a, publisher_a, file_format):
    import_xlsx(agency_a, publisher_a, GOOD_ROWS)
    before = catalog_of(agency_a)
    exporter = getattr(catalog_io, f"export_{file_format}")
    content = exporter(CatalogItem.objects.filter(agency=agency_a))

    report = catalog_io.catalog_import(
        agency=agency_a, user=publisher_a, filename=f"目录.{file_format}", content=content
    )

    assert report.imported
    assert (report.created, report.updated) == (0, 3)
    assert catalog_of(agency_a) == before


def test_exported_file_recreates_identical_items(agency_a, publisher_a):
    make_item(agency_a, "社会救助", "临时救助", "", channels=[Channel.GAZETTE, Channel.OTHER],
              audience=Audience.SPECIFIC, level_township=True, legal_basis="第十五条")  # fmt: skip
    make_item(agency_a, "就业", "职业培训", "补贴标准", mode=CatalogMode.ON_REQUEST)
    before = catalog_of(agency_a)
    content = catalog_io.export_xlsx(CatalogItem.objects.filter(agency=agency_a))
    CatalogItem.objects.all().delete()

    report = catalog_io.catalog_import(
        agency=agency_a, user=publisher_a, filename="目录.xlsx", content=content
    )

    assert report.created == 2
    assert catalog_of(agency_a) == before


def test_csv_export_starts_with_the_utf8_bom(agency_a):
    make_item(agency_a, "社会救助", "最低生活保障")

    content = catalog_io.export_csv(CatalogItem.objects.all())

    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig").splitlines()[0] == ",".join(catalog_io.HEADINGS)


def test_text_that_looks_like_a_formula_is_exported_as_text(agency_a):
    make_item(agency_a, "社会救助", "=HYPERLINK(1)")
    items = CatalogItem.objects.filter(agency=agency_a)

    cell = openpyxl.load_workbook(io.BytesIO(catalog_io.export_xlsx(items))).active["C2"]

    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")
    assert ",'=HYPERLINK(1)," in catalog_io.export_csv(items).decode("utf-8-sig")


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_text_that_looks_like_a_formula_survives_the_round_trip(agency_a, publisher_a, file_format):
    make_item(agency_a, "社会救助", "=HYPERLINK(1)", "-负面清单", legal_basis="+第十五条")
    before = catalog_of(agency_a)
    exporter = getattr(catalog_io, f"export_{file_format}")
    content = exporter(CatalogItem.objects.filter(agency=agency_a))

    report = catalog_io.catalog_import(
        agency=agency_a, user=publisher_a, filename=f"目录.{file_format}", content=content
    )

    assert report.updated == 1
    assert catalog_of(agency_a) == before


# --- Who may import ------------------------------------------------------------------------


def test_drafter_may_not_import(agency_a, drafter_a):
    with pytest.raises(PermissionDenied):
        import_xlsx(agency_a, drafter_a, GOOD_ROWS)
    assert not CatalogItem.objects.exists()


def test_office_head_may_import(agency_a, head_a):
    assert import_xlsx(agency_a, head_a, GOOD_ROWS).imported


def test_staff_of_b_may_not_import_into_a(agency_a, staff_b):
    with pytest.raises(PermissionDenied):
        import_xlsx(agency_a, staff_b, GOOD_ROWS)


# --- The back office -------------------------------------------------------------------------


def test_staff_of_b_do_not_see_items_of_a_in_the_changelist(client, agency_a, agency_b, staff_b):
    make_item(agency_a, "社会救助", "甲市低保")
    make_item(agency_b, "社会救助", "乙市低保")
    client.force_login(staff_b)

    response = client.get(reverse(CHANGELIST_URL))

    assert response.status_code == 200
    assert [item.item_level1 for item in response.context["cl"].result_list] == ["乙市低保"]


def test_changelist_queries_do_not_grow_with_the_items(client, agency_a, publisher_a):
    client.force_login(publisher_a)
    make_item(agency_a, "社会救助", "低保")
    client.get(reverse(CHANGELIST_URL))  # what every request shares (the site's host table)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(CHANGELIST_URL))
    for number in range(5):
        make_item(agency_a, "就业", f"事项{number}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse(CHANGELIST_URL))

    assert len(many) == len(few)


def test_drafter_sees_the_catalog_but_may_not_change_it(client, agency_a, drafter_a):
    item = make_item(agency_a, "社会救助", "低保")
    client.force_login(drafter_a)

    assert client.get(reverse(CHANGELIST_URL)).status_code == 200
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    response = client.post(reverse("admin:disclosure_catalogitem_delete", args=[item.pk]))
    assert response.status_code == 403


def test_bulk_delete_refuses_items_of_an_agency_the_user_only_drafts_for(
    client, agency_a, agency_b
):
    user = staff("publisher_a_drafter_b", agency_a, "publisher")
    StaffRole.objects.create(user=user, agency=agency_b, role="drafter")
    item_b = make_item(agency_b, "社会救助", "乙市低保")
    client.force_login(user)

    response = client.post(
        reverse(CHANGELIST_URL),
        {"action": "delete_selected", "_selected_action": [item_b.pk], "post": "yes"},
    )

    assert response.status_code == 403
    assert CatalogItem.objects.filter(pk=item_b.pk).exists()


def test_change_form_offers_only_the_users_agencies_and_saves_checked_channels(
    client, agency_a, agency_b, publisher_a
):
    client.force_login(publisher_a)
    domain = CatalogDomain.objects.get(name="社会救助")
    form = client.get(reverse("admin:disclosure_catalogitem_add")).context["adminform"].form
    assert list(form.fields["agency"].queryset) == [agency_a]
    data = {"agency": agency_a.pk, "domain": domain.pk, "item_level1": "低保", "order": 0,
            "content": "名单", "time_limit": "及时", "responsible": "县民政局",
            "channels": [Channel.TARGETED_PUSH, Channel.WEBSITE], "audience": Audience.PUBLIC,
            "mode": CatalogMode.PROACTIVE, "level_county": "on"}  # fmt: skip

    client.post(reverse("admin:disclosure_catalogitem_add"), {**data, "agency": agency_b.pk})
    assert not CatalogItem.objects.exists()
    response = client.post(reverse("admin:disclosure_catalogitem_add"), data)

    assert response.status_code == 302
    assert CatalogItem.objects.get().channels == [Channel.WEBSITE, Channel.TARGETED_PUSH]


def test_admin_import_page_imports_an_uploaded_file(client, agency_a, publisher_a):
    client.force_login(publisher_a)

    response = client.post(
        reverse(IMPORT_URL),
        {"agency": agency_a.pk, "file": upload("目录.xlsx", xlsx_file(GOOD_ROWS))},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(CHANGELIST_URL)
    assert CatalogItem.objects.filter(agency=agency_a).count() == 3


def test_admin_import_page_shows_the_error_table_for_a_bad_file(client, agency_a, publisher_a):
    client.force_login(publisher_a)
    bad = [*ELDERLY[:11], "省级"]

    response = client.post(
        reverse(IMPORT_URL),
        {"agency": agency_a.pk, "file": upload("目录.csv", csv_file([HEADINGS, ASSISTANCE, bad]))},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="import-errors"' in page
    assert "公开层级" in page and "无法识别的公开层级“省级”" in page
    assert not CatalogItem.objects.exists()


def test_problem_report_downloads_for_the_uploader_only(client, agency_a, publisher_a, staff_b):
    client.force_login(publisher_a)
    bad = [*ELDERLY[:1], "", *ELDERLY[2:]]
    response = client.post(
        reverse(IMPORT_URL),
        {"agency": agency_a.pk, "file": upload("目录.xlsx", xlsx_file([HEADINGS, bad]))},
    )
    report_url = response.context["report_url"]

    download = client.get(report_url)

    assert download.status_code == 200
    assert "filename*=utf-8''" in download["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    assert [cell.value for cell in sheet[1]] == ["行号", "列", "内容", "问题"]
    assert [cell.value for cell in sheet[2]] == [2, "公开领域", None, "不能为空。"]
    client.force_login(staff_b)
    assert client.get(report_url).status_code == 404


def test_staff_of_b_may_not_choose_agency_a_in_the_import_page(client, agency_a, staff_b):
    client.force_login(staff_b)

    response = client.post(
        reverse(IMPORT_URL),
        {"agency": agency_a.pk, "file": upload("目录.xlsx", xlsx_file(GOOD_ROWS))},
    )

    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert not CatalogItem.objects.exists()


def test_admin_export_names_the_file_after_the_agency_and_date(client, agency_a, publisher_a):
    make_item(agency_a, "社会救助", "低保")
    make_item(agency_a, "就业", "就业政策")
    domain = CatalogDomain.objects.get(name="就业")
    client.force_login(publisher_a)

    response = client.get(
        reverse(EXPORT_URL), {"agency": agency_a.pk, "domain": domain.pk, "file_format": "xlsx"}
    )

    assert response["Content-Type"] == catalog_io.XLSX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E5%85%AC%E5%BC%80%E7%9B%AE%E5%BD%95-331100000-" in disposition
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["就业政策"]


def test_staff_of_b_may_not_export_the_catalog_of_a(client, agency_a, staff_b):
    make_item(agency_a, "社会救助", "低保")
    client.force_login(staff_b)

    response = client.get(reverse(EXPORT_URL), {"agency": agency_a.pk, "file_format": "csv"})

    assert response.status_code == 200
    assert "agency" in response.context["form"].errors


def test_changelist_offers_import_and_export_to_the_office_head(client, agency_a):
    client.force_login(staff("office_head_a", agency_a, "office_head"))

    page = client.get(reverse(CHANGELIST_URL)).content.decode()

    assert reverse(IMPORT_URL) in page and reverse(EXPORT_URL) in page


def test_changelist_offers_only_export_to_a_drafter(client, agency_a, drafter_a):
    client.force_login(drafter_a)

    page = client.get(reverse(CHANGELIST_URL)).content.decode()

    assert reverse(IMPORT_URL) not in page and reverse(EXPORT_URL) in page
