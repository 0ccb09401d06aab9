"""Importing a list's spreadsheet: columns recognised by their headings, every value masked at
import, unknown columns kept but screened, and a file with problems refused as a whole, with
every problem named by row and column in Chinese, and nothing saved."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError

from subsidies import drafting, importing
from subsidies.models import BeneficiaryList, BeneficiaryRow, SourceFile
from tests.subsidies.conftest import (
    CLEAR,
    HEADER,
    LI,
    OUYANG_ID,
    ROWS,
    ZHANG,
    ZHANG_ID,
    csv_bytes,
    draft,
    parsed,
    upload,
    xlsx,
)

pytestmark = pytest.mark.django_db


def problems(content: bytes, name: str = "名单.xlsx") -> list[str]:
    with pytest.raises(ValidationError) as error:
        parsed(content, name)
    return error.value.messages


def test_columns_are_recognised_by_their_headings_and_unknown_ones_kept():
    result = parsed(xlsx(title="紫金街道2026年10月低保名单"))
    assert [c["key"] for c in result.columns] == [
        "name", "id_number", "bank_card", "phone", "address", "community", "people", "amount",
        "category", "x11",
    ]  # fmt: skip
    # Recognised columns get their standard heading; 序号 is left out (the table numbers rows).
    assert [c["heading"] for c in result.columns][:3] == ["姓名", "身份证号", "银行卡号"]
    assert result.columns[-1]["heading"] == "备注"


def test_every_value_is_masked_at_import():
    first, second, third = parsed().rows
    assert first == {
        "source_row": 2, "number": 1, "name": "张**", "id_number": "440524********0013",
        "bank_card": "***************3446", "phone": "138****5678",
        "address": "丽水市莲都区紫金街道下河社区***", "community": "下河社区", "people": 3,
        "amount": Decimal("2405.00"), "category": "A类",
        "extra": {"x11": "户主李*之父，邮箱 z***@example.com"},
    }  # fmt: skip
    assert (second["name"], second["id_number"], second["phone"], second["address"]) == (
        "欧阳**", "110105********002X", "0578-***3456", "缙云县壶镇镇前路村***",
    )  # fmt: skip
    assert second["amount"] == Decimal("800.50")
    assert third["id_number"] == "331102*****1123"  # the 15-digit form
    # A typo'd ID number in a free column fails GB 11643 but is not public either.
    assert third["extra"]["x11"] == "身份证 **************0015 已核实"
    text = repr(parsed().rows)
    assert not [value for value in CLEAR if value in text]


def test_a_csv_file_in_gbk_reads_like_the_xlsx():
    assert parsed(csv_bytes(encoding="gb18030"), "名单.csv").rows == parsed().rows


def test_a_totals_row_is_left_out_and_said_so():
    result = parsed(xlsx(rows=[*ROWS, ["合计", "", "", "", "", "", "", 6, "4340.50", "", ""]]))
    assert len(result.rows) == 3
    assert result.notes == ["第5行是合计行，未导入（合计由系统根据明细计算）。"]
    assert result.amount_total == Decimal("4340.50")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (2, ZHANG_ID[:-1] + "4", "第2行「身份证号」：身份证号的校验位不正确，请核对"),
        (
            2,
            "4.40524E+17",
            "第2行「身份证号」：身份证号应为18位（或旧版15位）（Excel 会把超过15位的数字",
        ),
        (3, "6222020200112233445", "第2行「银行卡号」：银行卡号的校验位不正确（Luhn 校验未通过）"),
        (4, "1381234567", "第2行「联系电话」：联系电话应为11位手机号码或带区号的固定电话"),
        (8, "两千", "第2行「金额（元）」：金额不是数字"),
        (8, "-5", "第2行「金额（元）」：金额不能为负数"),
        (8, "12.345", "第2行「金额（元）」：金额最多保留两位小数"),
        (7, "0", "第2行「人数」：人数应在1至99之间"),
        (1, "", "第2行「姓名」：姓名为空"),
        (1, "张三1", "第2行「姓名」：姓名中含有数字"),
    ],
)
def test_a_bad_cell_is_named_by_row_and_column_in_chinese(column, value, message):
    rows = [list(row) for row in ROWS]
    rows[0][column] = value
    found = problems(xlsx(rows=rows))
    assert any(text.startswith(message) for text in found), found
    # The value in clear is never repeated in the message.
    assert not [text for text in found if value and value in text and len(value) > 6]


def test_every_problem_of_the_file_is_listed_not_only_the_first():
    rows = [list(row) for row in ROWS]
    rows[0][2] = ZHANG_ID[:-1] + "4"
    rows[1][8] = "abc"
    rows[2][2] = OUYANG_ID  # fine, but below: the same ID twice
    rows[1][2] = OUYANG_ID
    found = problems(xlsx(rows=rows))
    assert "第2行「身份证号」：身份证号的校验位不正确，请核对" in found
    assert "第3行「金额（元）」：金额不是数字" in found
    assert "第4行「身份证号」：与第3行的身份证号重复" in found


def test_a_file_without_a_name_column_is_refused():
    assert problems(xlsx(header=["序号", "金额"], rows=[[1, 100]])) == [
        "没有找到表头：前10行中没有“姓名”列（也可写作“户主姓名”“救助对象”等）。"
    ]


def test_two_columns_of_the_same_kind_are_refused():
    found = problems(xlsx(header=["姓名", "月保障金", "发放金额"], rows=[[ZHANG, 1, 2]]))
    assert found[0].startswith("表头（第1行）：有两列都是“金额（元）”（“月保障金”和“发放金额”）")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("名单.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, "不支持旧版 Excel"),
        ("名单.pdf", b"%PDF-1.4\n", "请上传 Excel（.xlsx）或 CSV（.csv）"),
        ("名单.csv", b"PK\x03\x04" + b"0" * 100, "文件内容不是 CSV 文本"),
        ("名单.csv", b"", "文件是空的"),
        ("名单.xlsx", b"%PDF-1.4\n" + b"0" * 100, "does not match its extension"),
    ],
)
def test_a_file_is_checked_by_its_content_like_every_upload(name, content, message):
    with pytest.raises(ValidationError) as error:
        importing.read_upload(upload(content, name))
    assert message in " ".join(error.value.messages)


def test_a_zip_bomb_named_xlsx_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError, match="zip bomb"):
        importing.read_upload(upload(out.getvalue(), "名单.xlsx"))


def test_a_file_over_the_limit_is_refused(settings):
    settings.SUBSIDY_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="名单文件最大为"):
        importing.read_upload(upload(csv_bytes() * 20, "名单.csv"))


def test_a_bad_file_leaves_the_draft_as_it_was(agency_a, drafter_a):
    item = draft(agency_a, drafter_a)
    rows = list(item.rows.values_list("name", flat=True))
    bad = [list(row) for row in ROWS]
    bad[0][2] = ZHANG_ID[:-1] + "4"
    item.title = "改过的标题"
    with pytest.raises(ValidationError):
        drafting.list_save(beneficiary_list=item, user=drafter_a, upload=parsed(xlsx(rows=bad)))
    item.refresh_from_db()
    assert item.title != "改过的标题"
    assert list(item.rows.values_list("name", flat=True)) == rows


def test_a_new_file_replaces_the_rows(agency_a, drafter_a):
    item = draft(agency_a, drafter_a)
    drafting.list_save(beneficiary_list=item, user=drafter_a, upload=parsed(xlsx(rows=ROWS[:1])))
    assert list(item.rows.values_list("name", flat=True)) == ["张**"]
    assert SourceFile.objects.filter(beneficiary_list=item).count() == 1
    actions = list(item.events.values_list("action", flat=True))
    assert actions == ["create", "import", "import"]


def test_the_upload_is_kept_encrypted_at_rest_and_the_public_rows_masked(agency_a, drafter_a):
    from django.db import connection

    item = draft(agency_a, drafter_a, csv_bytes(), "张三丰等名单.csv")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT content, original_name FROM subsidies_sourcefile "
            "WHERE beneficiary_list_id = %s",
            [item.pk],
        )
        stored = " ".join(cursor.fetchone())
        cursor.execute(
            "SELECT * FROM subsidies_beneficiaryrow WHERE beneficiary_list_id = %s", [item.pk]
        )
        rows = repr(cursor.fetchall())
    assert stored.startswith("gAAAAA")  # a Fernet token
    assert "名单" not in stored and ZHANG not in stored
    assert not [value for value in CLEAR if value in rows]
    assert drafting.source_content(item)[1] == csv_bytes()  # and it opens again


def test_nothing_is_half_saved_when_the_list_fields_are_wrong(agency_a, drafter_a):
    with pytest.raises(ValidationError) as error:
        draft(agency_a, drafter_a, supervision_phone="13812345678")
    assert "not a personal mobile" in str(error.value.message_dict["supervision_phone"])
    with pytest.raises(ValidationError) as error:
        draft(agency_a, drafter_a, notice_end=dt.date(2026, 10, 1))
    assert "notice_end" in error.value.message_dict
    assert not BeneficiaryList.objects.exists() and not BeneficiaryRow.objects.exists()
    assert not SourceFile.objects.exists()


@pytest.mark.parametrize("phone", ["0578-2123120", "12349", "0578-2123120、12345", "400-123-4567",
                                   "0578-2123120转801"])  # fmt: skip
def test_a_supervision_phone_is_an_office_number_or_a_hotline(phone):
    assert drafting.supervision_phone_problem(phone) is None


def test_the_default_notice_period_is_the_settings(agency_a, drafter_a, settings):
    settings.SUBSIDY_NOTICE_DAYS = 10
    item = draft(agency_a, drafter_a)
    assert (item.notice_start, item.notice_end) == (dt.date(2026, 10, 8), dt.date(2026, 10, 17))


def test_a_header_below_a_title_and_only_a_name_column_is_enough():
    result = parsed(xlsx(header=["救助对象", "说明"], rows=[[LI, "因病"]], title="临时救助名单"))
    assert result.columns == [{"key": "name", "heading": "姓名"}, {"key": "x2", "heading": "说明"}]
    assert result.rows[0]["name"] == "李*" and result.rows[0]["extra"] == {"x2": "因病"}


def test_headings_may_carry_a_unit_or_spaces():
    result = parsed(
        xlsx(header=["姓 名", "补助金额（元/月）", "家庭人口（人）"], rows=[[ZHANG, 100, 2]])
    )
    assert [c["key"] for c in result.columns] == ["name", "amount", "people"]


def test_the_header_must_be_near_the_top():
    rows = [[""]] * 0 + [["说明"]] * 11
    content = xlsx(header=["说明"], rows=[*rows, HEADER, *ROWS])
    assert problems(content)[0].startswith("没有找到表头")


@pytest.fixture
def fresh_encryption_keys():
    from portal import encryption

    encryption.forget_keys()
    yield
    encryption.forget_keys()


def test_the_stored_upload_moves_to_the_new_key_when_the_secret_key_is_rotated(
    settings, agency_a, drafter_a, fresh_encryption_keys
):
    from portal import encryption

    item = draft(agency_a, drafter_a)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "rotated-secret-key-" + "d" * 40
    encryption.forget_keys()
    report = encryption.reencrypt()
    assert report["re-encrypted: subsidies.SourceFile.content"] == 1
    assert report["re-encrypted: subsidies.SourceFile.original_name"] == 1
    settings.SECRET_KEY_FALLBACKS = []  # the old key retired
    encryption.forget_keys()
    name, content = drafting.source_content(item)
    assert name == "名单.xlsx"
    assert hashlib.sha256(content).hexdigest() == SourceFile.objects.get().sha256
