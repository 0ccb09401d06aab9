"""The bulk import of historical documents: a spreadsheet of their catalog metadata and a ZIP
of their files, all imported or none, with every problem named by row and column in Chinese;
the archive checked by the portal's one zip-bomb guard, and refused for unsafe paths, names
given twice, and files missing or left over."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosure import attachments
from disclosure.models import (
    Attachment,
    Document,
    DocumentEvent,
    ImportBatch,
    IndexSequence,
    Validity,
)
from publishing.models import Status
from tests.disclosure.backlog_files import (
    GOOD_FILES,
    GOOD_ROWS,
    HEAD,
    PDF_BYTES,
    csv_file,
    import_backlog,
    xlsx_file,
)
from tests.disclosure.conftest import make_draft
from tests.disclosure.scans import gbk_zip, png, zip_of

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:disclosure_importbatch_import"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


def assert_nothing_imported(media_root: Path) -> None:
    assert not Document.objects.exists()
    assert not Attachment.objects.exists()
    assert not ImportBatch.objects.exists()
    assert stored_files(media_root) == []


def row(number: str, title: str, files: str, **cells: str) -> list[str]:
    values = dict.fromkeys(HEAD, "")
    values |= {"序号": number, "标题": title, "成文日期": "2001-04-02",
               "发布日期": "2001-04-09", "文件名": files, **cells}  # fmt: skip
    return [values[heading] for heading in HEAD]


# --- What an import makes -------------------------------------------------------------------


def test_an_import_makes_one_batch_of_historical_documents_in_review(agency_a, drafter_a):
    report = import_backlog(agency_a, drafter_a)

    assert report.errors == []
    batch = ImportBatch.objects.get(pk=report.batch_id)
    assert batch.agency == agency_a and batch.created_by == drafter_a
    education, budget = Document.objects.order_by("id")
    assert (education.title, education.doc_number) == (
        "丽水市人民政府关于加强农村义务教育工作的通知",
        "丽政发〔1998〕12号",
    )
    assert (education.date_formed, education.date_published) == (
        dt.date(1998, 3, 2),
        dt.date(1998, 3, 5),
    )
    assert (budget.date_formed, budget.date_published) == (
        dt.date(2005, 6, 1),
        dt.date(2005, 6, 10),
    )
    assert education.validity == Validity.EXPIRED
    assert str(education.theme) == "科技、教育\\教育" and education.genre.name == "通知"
    assert budget.issuer_display == "丽水市财政局"
    for document in (education, budget):
        assert document.is_historical and document.import_batch == batch
        assert document.status == Status.IN_REVIEW
        assert document.publish_due is None  # Art 26 counts nothing for the backlog
        assert document.index_number is None  # taken at publication, in its own year
        actions = list(document.events.values_list("action", flat=True))
        assert actions == ["create", "import", "submit"]
    assert sorted(budget.attachments.values_list("original_name", flat=True)) == [
        "2005预算.pdf",
        "2005预算附表.pdf",
    ]
    assert [entry["row"] for entry in batch.rows] == [2, 3]


def test_a_csv_spreadsheet_in_gbk_imports_too(agency_a, drafter_a):
    report = import_backlog(
        agency_a,
        drafter_a,
        spreadsheet=csv_file(GOOD_ROWS, encoding="gb18030"),
        spreadsheet_name="历史文件.csv",
    )
    assert report.errors == []
    assert Document.objects.count() == 2


def test_a_windows_archive_with_gbk_names_matches_its_rows(agency_a, drafter_a):
    rows = [HEAD, row("1", "一九九九年的通知", "通知一.pdf")]
    report = import_backlog(agency_a, drafter_a, rows, archive=gbk_zip("通知一.pdf", PDF_BYTES))
    assert report.errors == []
    assert Attachment.objects.get().original_name == "通知一.pdf"


def test_files_archivers_add_by_themselves_are_ignored(agency_a, drafter_a):
    files = {**GOOD_FILES, "__MACOSX/._1998-03.pdf": b"x", "扫描/.DS_Store": b"x"}
    assert import_backlog(agency_a, drafter_a, files=files).errors == []


def test_files_in_folders_of_the_archive_match_by_name(agency_a, drafter_a):
    files = {f"1998年/{name}": data for name, data in GOOD_FILES.items()}
    assert import_backlog(agency_a, drafter_a, files=files).errors == []


def test_only_a_drafter_of_the_agency_imports(agency_a, reviewer_a, staff_b, media_root):
    for user in (reviewer_a, staff_b):
        with pytest.raises(PermissionDenied):
            import_backlog(agency_a, user)
    assert_nothing_imported(media_root)


# --- All or nothing: every kind of problem ---------------------------------------------------


def test_every_problem_is_named_by_row_and_column_and_nothing_is_imported(
    agency_a, drafter_a, media_root
):
    make_draft(agency_a, drafter_a, doc_number="丽政发〔2001〕7号")
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    rows = [
        HEAD,
        row("1", "", "a.pdf"),
        row("2", "日期写错", "b.pdf", 成文日期="1998-13-40"),
        row("3", "未来的日期", "c.pdf", 发布日期=future),
        row("4", "先发布后成文", "d.pdf", 成文日期="2003-05-01", 发布日期="2003-04-01"),
        row("5", "主题不存在", "e.pdf", 主题分类="不存在的主题", 体裁分类="诗歌"),
        row("6", "有效性不对", "f.pdf", 有效性="大概有效", 公开范围="所有人", 规范性文件="也许"),
        row("7", "依申请公开的", "g.pdf", 公开方式="依申请公开"),
        row("8", "发文字号重复", "h.pdf", 发文字号="丽政发[2001] 7号"),
        row("9", "文件不在压缩包", "1998-03.pdf"),
        row("10", "文件用了两次", "b.pdf"),
        row("11", "内容与扩展名不符", "fake.pdf"),
        row("12", "不收的类型", "表格.xlsx"),
        row("13", "这一行没问题", "ok.pdf"),
    ]
    files = {f"{letter}.pdf": PDF_BYTES for letter in "abcdefgh"}
    files |= {"fake.pdf": b"just some text, not a PDF", "ok.pdf": PDF_BYTES, "多余.pdf": PDF_BYTES}
    files["表格.xlsx"] = xlsx_file([["a"]])

    report = import_backlog(agency_a, drafter_a, rows, files)

    messages = report.messages()
    expected = [
        "第2行「标题」：不能为空。",
        "第3行「成文日期」：无法识别的日期“1998-13-40”，请写成 1998-03-05 或 1998年3月5日。",
        f"第4行「发布日期」：日期{future}不在1949年10月1日至今天之间。",
        "第5行「发布日期」：发布日期早于成文日期。",
        "第6行「主题分类」：主题分类“不存在的主题”不存在，请写成“一级分类\\二级分类”，如“科技、教育\\科技”。",
        "第7行「有效性」：无法识别的有效性“大概有效”，可选：有效 / 失效 / 废止 / 已修改。",
        "第7行「公开范围」：无法识别的公开范围“所有人”，可选：全社会 / 特定群体。",
        "第7行「规范性文件」：无法识别的“也许”，请填写“是”或“否”。",
        "第8行「公开方式」：历史文件批量导入只用于主动公开的文件；依申请公开或不予公开的文件请勿导入。",
        "第9行「发文字号」：发文字号“丽政发[2001] 7号”已在本机关的文件中或本表前面的行中出现。",
        "第10行「文件名」：文件「1998-03.pdf」在压缩包中不存在。",
        "第11行「文件名」：文件「b.pdf」已在第3行使用。",
        "第13行「文件名」：文件「表格.xlsx」的类型不能导入，可导入：PDF、OFD、DOC、DOCX、JPG、PNG、TIFF。",
        "压缩包中的「多余.pdf」没有对应的行。",
    ]
    for message in expected:
        assert message in messages, message
    assert any(m.startswith("第6行「体裁分类」：体裁分类“诗歌”不存在") for m in messages)
    assert any(m.startswith("第12行「文件名」：文件「fake.pdf」：") for m in messages)
    # Each row's result: the good row is said to be fine, and is not imported either.
    results = {result.row: result for result in report.rows}
    assert results[14].ok and not results[2].ok
    assert not report.imported
    assert Document.objects.count() == 1  # the draft made above, nothing else
    assert not ImportBatch.objects.exists() and not Attachment.objects.exists()
    assert stored_files(media_root) == []


def test_a_spreadsheet_without_the_required_columns_is_refused(agency_a, drafter_a, media_root):
    report = import_backlog(agency_a, drafter_a, [["标题", "备注"], ["某文件", "x"]])
    assert report.messages()[0].startswith(
        "表头（第1行）缺少必需的列：成文日期、发布日期、文件名。"
    )
    assert_nothing_imported(media_root)


def test_a_file_over_the_size_limit_is_refused(agency_a, drafter_a, settings, media_root):
    settings.DISCLOSURE_ATTACHMENT_MAX_BYTES = 100
    report = import_backlog(agency_a, drafter_a)
    assert "第2行「文件名」：文件「1998-03.pdf」大小为" in report.messages()[0]
    assert_nothing_imported(media_root)


# --- The archive ----------------------------------------------------------------------------


def bomb() -> bytes:
    """20 MB of zeros, which deflate to about 20 KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("1998-03.pdf", b"%PDF-1.4\n" + b"\0" * 20_000_000)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_by_the_portals_guard_before_anything_is_unpacked(
    agency_a, drafter_a, monkeypatch, media_root
):
    checked = []
    guard = attachments.check_archive

    def spy(archive: zipfile.ZipFile, name: str) -> None:
        checked.append(name)
        guard(archive, name)

    monkeypatch.setattr(attachments, "check_archive", spy)
    report = import_backlog(agency_a, drafter_a, archive=bomb())
    assert "历史文件.zip" in checked  # (the spreadsheet, an XLSX, is checked too)
    assert report.messages() == [
        "“历史文件.zip” is compressed far more than any ordinary file (a “zip bomb”) and was "
        "refused."
    ]
    assert_nothing_imported(media_root)


def test_an_archive_with_too_many_files_is_refused(agency_a, drafter_a, monkeypatch):
    monkeypatch.setattr(attachments, "ARCHIVE_MAX_MEMBERS", 2)
    spreadsheet = csv_file(GOOD_ROWS)  # an XLSX holds more than two files itself
    report = import_backlog(
        agency_a, drafter_a, spreadsheet=spreadsheet, spreadsheet_name="历史文件.csv"
    )
    assert report.messages() == ["“历史文件.zip” holds 3 files; at most 2 are accepted."]


@pytest.mark.parametrize("name", ["../1998-03.pdf", "/etc/1998-03.pdf", "C:\\1998-03.pdf",
                                  "扫描/../../1998-03.pdf"])  # fmt: skip
def test_a_path_leading_out_of_the_archive_is_refused(agency_a, drafter_a, name, media_root):
    files = {**GOOD_FILES}
    del files["1998-03.pdf"]
    files[name] = PDF_BYTES
    report = import_backlog(agency_a, drafter_a, files=files)
    assert f"压缩包中的「{name}」路径不安全（指向压缩包以外或是链接），已拒绝整个压缩包。" in (
        report.messages()
    )
    assert_nothing_imported(media_root)


def test_a_link_in_the_archive_is_refused(agency_a, drafter_a, media_root):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in GOOD_FILES.items():
            if name != "1998-03.pdf":
                archive.writestr(name, data)
        link = zipfile.ZipInfo("1998-03.pdf")
        link.external_attr = 0o120777 << 16  # a symbolic link
        archive.writestr(link, "/etc/passwd")
    report = import_backlog(agency_a, drafter_a, archive=buffer.getvalue())
    assert any("路径不安全" in message for message in report.messages())
    assert_nothing_imported(media_root)


def test_two_files_with_one_name_are_refused(agency_a, drafter_a, media_root):
    files = {**GOOD_FILES, "另一份/1998-03.pdf": PDF_BYTES}
    report = import_backlog(agency_a, drafter_a, files=files)
    assert "压缩包中有多个名为「1998-03.pdf」的文件，无法确定对应哪一行。" in report.messages()
    assert_nothing_imported(media_root)


def test_missing_and_extra_files_are_both_named(agency_a, drafter_a, media_root):
    files = {**GOOD_FILES, "x.pdf": PDF_BYTES}
    del files["2005预算附表.pdf"]
    report = import_backlog(agency_a, drafter_a, files=files)
    assert report.messages() == [
        "第3行「文件名」：文件「2005预算附表.pdf」在压缩包中不存在。",
        "压缩包中的「x.pdf」没有对应的行。",
    ]
    assert_nothing_imported(media_root)


def test_something_that_is_not_a_zip_is_refused(agency_a, drafter_a, media_root):
    report = import_backlog(agency_a, drafter_a, archive=b"PK not really")
    assert report.messages() == ["「历史文件.zip」不是 ZIP 压缩包，或已损坏。"]
    assert_nothing_imported(media_root)


# --- The back-office page -------------------------------------------------------------------


def post_import(client, agency, spreadsheet: bytes, archive: bytes):
    return client.post(
        reverse(IMPORT_URL),
        {
            "agency": agency.pk,
            "spreadsheet": SimpleUploadedFile("历史文件.xlsx", spreadsheet),
            "archive": SimpleUploadedFile("历史文件.zip", archive),
        },
    )


def test_the_import_page_imports_and_opens_the_batch(client, agency_a, drafter_a):
    client.force_login(drafter_a)
    assert client.get(reverse(IMPORT_URL)).status_code == 200
    response = post_import(client, agency_a, xlsx_file(GOOD_ROWS), zip_of(GOOD_FILES))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:disclosure_importbatch_review", args=[batch.pk])


def test_the_import_page_lists_every_problem_and_offers_the_report(
    client, agency_a, drafter_a, staff_b
):
    client.force_login(drafter_a)
    files = {**GOOD_FILES, "x.pdf": PDF_BYTES}
    response = post_import(client, agency_a, xlsx_file(GOOD_ROWS), zip_of(files))
    page = response.content.decode()
    assert "压缩包中的「x.pdf」没有对应的行。" in page
    assert not ImportBatch.objects.exists()
    report_url = response.context["report_url"]
    download = client.get(report_url)
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    assert [row[3] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] is None] == [
        "压缩包中的「x.pdf」没有对应的行。"
    ]
    client.force_login(staff_b)
    assert client.get(report_url).status_code == 404  # kept for the uploader only


def test_a_reviewer_cannot_open_the_import_page(client, reviewer_a):
    client.force_login(reviewer_a)
    assert client.get(reverse(IMPORT_URL)).status_code == 403


def test_a_scanned_image_imports_and_is_read_after_the_commit(
    agency_a, drafter_a, django_capture_on_commit_callbacks
):
    from disclosure import ocr

    if not ocr.available():
        pytest.skip("tesseract is not installed")
    rows = [HEAD, row("1", "扫描的通知", "扫描件.png")]
    with django_capture_on_commit_callbacks(execute=True):
        report = import_backlog(
            agency_a,
            drafter_a,
            rows,
            {"扫描件.png": png(["关于加强政务公开工作的通知", "各县人民政府"])},
        )
    assert report.errors == []
    attachment = Attachment.objects.get()
    assert attachment.machine_read and "政务公开" in attachment.text
    assert not IndexSequence.objects.exists()  # nothing published yet
    assert DocumentEvent.objects.filter(action="import").count() == 1
