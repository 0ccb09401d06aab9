"""Checking a historical import (every row, every file, every match), then importing all of it
or nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import stat
import unicodedata
import zipfile
from pathlib import PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from disclosure import attachments, documents, textract
from disclosure.backlog.layout import (
    ACCEPTED_KINDS,
    ACCEPTED_NAMES,
    COLUMNS,
    FILE_SEPARATORS,
    HEADING_OF,
    HINT,
    NO_NAMES,
    PROACTIVE_NAMES,
    SCOPE_NAMES,
    VALIDITY_NAMES,
    YES_NAMES,
    BacklogReport,
    FileEntry,
    RowPlan,
    RowResult,
)
from disclosure.catalog_io import CatalogFileError, RowData, parse_upload
from disclosure.models import (
    Attachment,
    DisclosureAttribute,
    Document,
    Genre,
    ImportBatch,
    Scope,
    Theme,
    Validity,
)
from portal import access
from portal.models import Agency, StaffRole
from publishing import workflow
from publishing.workflow import record_event

logger = logging.getLogger(__name__)

# The earliest date a document of the People's Republic can carry.
EARLIEST = dt.date(1949, 10, 1)
# Files the archivers of other systems add, which are nobody's documents.
_JUNK = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$|desktop\.ini$|\._)", re.IGNORECASE)

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})[./](\d{1,2})[./](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def require_import_role(user: access.AnyUser, agency: Agency | int) -> None:
    """Importing files documents for the agency: a drafter's work (the reviewer then
    approves the batch, four eyes)."""
    if not (access.can_act(user, agency, StaffRole.Role.DRAFTER) or access.is_superuser(user)):
        raise PermissionDenied("Importing historical documents needs the drafter role.")


# --- Cells -----------------------------------------------------------------------------------


def parse_date(text: str) -> dt.date | None:
    text = unicodedata.normalize("NFKC", text).replace(" ", "")
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


def _file_names(text: str) -> list[str]:
    return [name.strip() for name in FILE_SEPARATORS.split(text) if name.strip()]


def _normal_name(name: str) -> str:
    # Archivers on macOS write decomposed characters; spreadsheets hold composed ones.
    return unicodedata.normalize("NFC", name).strip()


class _Lookups:
    def __init__(self, agency: Agency) -> None:
        self.agency = agency
        self.genres = {genre.name: genre for genre in Genre.objects.all()}
        self.themes: dict[str, Theme] = {}
        children: dict[str, list[Theme]] = {}
        for theme in Theme.objects.select_related("parent"):
            self.themes[str(theme)] = theme
            if theme.parent_id:
                children.setdefault(theme.name, []).append(theme)
        # A second-level name alone is enough where only one top-level theme has it.
        for name, found in children.items():
            if len(found) == 1 and name not in self.themes:
                self.themes[name] = found[0]
        self.doc_numbers = set(
            Document.objects.filter(agency=agency)
            .exclude(doc_number_key="")
            .values_list("doc_number_key", flat=True)
        )


def _check_row(row: RowData, lookups: _Lookups, report: BacklogReport) -> RowPlan | None:
    values = row.values
    before = len(report.errors)

    def error(key: str, message: str) -> None:
        report.add(row.row, HEADING_OF[key], values.get(key, ""), message)

    for column in COLUMNS:
        if column.required and not values.get(column.key):
            error(column.key, "不能为空。")
    fields: dict[str, Any] = {}
    for key, name, limit in (
        ("title", "title", 500),
        ("doc_number", "doc_number", 100),
        ("issuer", "issuer_display", 300),
        ("keywords", "keywords", 300),
    ):
        text = values.get(key, "")
        if len(text) > limit:
            error(key, f"长度为{len(text)}个字符，超过上限{limit}个字符。")
        fields[name] = text
    fields["summary"] = values.get("summary", "")

    today = timezone.localdate()
    dates: dict[str, dt.date] = {}
    for key in ("date_formed", "date_published"):
        text = values.get(key, "")
        if not text:
            continue
        day = parse_date(text)
        if day is None:
            error(key, f"无法识别的日期“{text}”，请写成 1998-03-05 或 1998年3月5日。")
        elif day < EARLIEST or day > today:
            error(key, f"日期{day.isoformat()}不在1949年10月1日至今天之间。")
        else:
            dates[key] = fields[key] = day
    if len(dates) == 2 and dates["date_published"] < dates["date_formed"]:
        error("date_published", "发布日期早于成文日期。")

    theme_text = values.get("theme", "").replace("/", "\\").replace("＼", "\\")
    if theme_text:
        theme = lookups.themes.get(theme_text.replace(" ", ""))
        if theme is None:
            error(
                "theme",
                f"主题分类“{theme_text}”不存在，请写成“一级分类\\二级分类”，如“科技、教育\\科技”。",
            )
        fields["theme"] = theme
    genre_text = values.get("genre", "")
    if genre_text:
        genre = lookups.genres.get(genre_text)
        if genre is None:
            names = "、".join(lookups.genres)
            error("genre", f"体裁分类“{genre_text}”不存在，可选：{names}。")
        fields["genre"] = genre

    validity_text = values.get("validity", "")
    fields["validity"] = VALIDITY_NAMES.get(validity_text) if validity_text else Validity.VALID
    if fields["validity"] is None:
        error("validity", f"无法识别的有效性“{validity_text}”，可选：有效 / 失效 / 废止 / 已修改。")
    disclosure = values.get("disclosure", "")
    if disclosure and disclosure not in PROACTIVE_NAMES:
        error(
            "disclosure",
            "历史文件批量导入只用于主动公开的文件；依申请公开或不予公开的文件请勿导入。",
        )
    fields["disclosure_attribute"] = DisclosureAttribute.PROACTIVE
    scope_text = values.get("scope", "")
    fields["scope"] = SCOPE_NAMES.get(scope_text) if scope_text else Scope.PUBLIC
    if fields["scope"] is None:
        error("scope", f"无法识别的公开范围“{scope_text}”，可选：全社会 / 特定群体。")
    normative = values.get("normative", "")
    if normative not in YES_NAMES | NO_NAMES:
        error("normative", f"无法识别的“{normative}”，请填写“是”或“否”。")
    fields["is_normative"] = normative in YES_NAMES

    key = documents.normalize_doc_number(fields["doc_number"])
    if key:
        if key in lookups.doc_numbers:
            error(
                "doc_number",
                f"发文字号“{fields['doc_number']}”已在本机关的文件中或本表前面的行中出现。",
            )
        lookups.doc_numbers.add(key)
    if len(report.errors) > before:
        return None
    return RowPlan(row=row.row, fields=fields)


# --- The archive -----------------------------------------------------------------------------


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: Windows archivers write Chinese names in
    the system code page (GBK) without the UTF-8 flag, which zipfile reads as CP437."""
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gb18030")
    return name


def _unsafe(name: str, info: zipfile.ZipInfo) -> bool:
    """A member that would land outside a folder it were unpacked to, or is a link."""
    path = name.replace("\\", "/")
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        return True
    if any(part == ".." for part in path.split("/")):
        return True
    return stat.S_ISLNK(info.external_attr >> 16)


def _archive_files(archive: zipfile.ZipFile, report: BacklogReport) -> dict[str, zipfile.ZipInfo]:
    """File name -> member: every file of the archive, or problems in the report (unsafe
    paths, two files with one name)."""
    files: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        name = _member_name(info)
        if info.is_dir() or _JUNK.search(name.replace("\\", "/")):
            continue
        if _unsafe(name, info):
            report.add(
                None,
                "",
                name,
                f"压缩包中的「{name}」路径不安全（指向压缩包以外或是链接），已拒绝整个压缩包。",
            )
            continue
        base = _normal_name(PurePosixPath(name.replace("\\", "/")).name)
        if base in files:
            report.add(None, "", name, f"压缩包中有多个名为「{base}」的文件，无法确定对应哪一行。")
            continue
        files[base] = info
    return files


def _check_file(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str
) -> tuple[attachments.UploadInfo | None, bytes, str]:
    """The file checked as every upload is (size, content against extension): its upload
    information and content, or why not."""
    limit = settings.DISCLOSURE_ATTACHMENT_MAX_BYTES
    if info.file_size > limit:
        size, most = filesizeformat(info.file_size), filesizeformat(limit)
        return None, b"", f"文件「{name}」大小为{size}，超过上限{most}。"
    try:
        # zipfile never inflates past the declared size, which check_archive bounded.
        data = archive.read(info)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
        # RuntimeError: encrypted; NotImplementedError: an unknown compression method.
        logger.info("backlog import: member not readable (%s)", type(error).__name__)
        return None, b"", f"文件「{name}」无法从压缩包中读出（已损坏或加密）。"
    try:
        upload = attachments.inspect_upload(SimpleUploadedFile(name, data))
    except ValidationError as error:
        return None, b"", f"文件「{name}」：{'；'.join(error.messages)}"
    if upload.kind not in ACCEPTED_KINDS:
        return None, b"", f"文件「{name}」的类型不能导入，可导入：{ACCEPTED_NAMES}。"
    return upload, data, ""


# --- Checking and importing ------------------------------------------------------------------


def validate(
    *,
    agency: Agency,
    rows: list[RowData],
    archive: zipfile.ZipFile,
    report: BacklogReport,
) -> list[RowPlan]:
    """Every row and every file; problems go to ``report``, the valid rows' plans are
    returned (they are imported only if the report has no problem at all)."""
    lookups = _Lookups(agency)
    plans: list[RowPlan] = []
    files = _archive_files(archive, report)
    used: dict[str, int] = {}
    for row in rows:
        names = _file_names(row.values.get("files", ""))
        report.rows.append(RowResult(row=row.row, title=row.values.get("title", ""), files=names))
        plan = _check_row(row, lookups, report)
        entries = []
        for raw in names:
            name = _normal_name(raw)
            if name in used:
                report.add(
                    row.row, HEADING_OF["files"], raw, f"文件「{raw}」已在第{used[name]}行使用。"
                )
                continue
            used[name] = row.row
            info = files.get(name)
            if info is None:
                report.add(row.row, HEADING_OF["files"], raw, f"文件「{raw}」在压缩包中不存在。")
                continue
            # Read and checked now, then let go: the archive may be large.
            _upload, _data, problem = _check_file(archive, info, name)
            if problem:
                report.add(row.row, HEADING_OF["files"], raw, problem)
                continue
            entries.append(FileEntry(name=name, member=info.filename))
        if plan is not None:
            plan.files = entries
            plans.append(plan)
    for name in sorted(set(files) - set(used)):
        report.add(None, "", name, f"压缩包中的「{name}」没有对应的行。")
    return plans


def _open_archive(stream: IO[bytes], name: str, report: BacklogReport) -> zipfile.ZipFile | None:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError):
        report.add(None, "", name, f"「{name}」不是 ZIP 压缩包，或已损坏。")
        return None
    try:
        # The one zip-bomb guard of the portal: members, unpacked size, compression ratio.
        attachments.check_archive(archive, name)
    except ValidationError as error:
        archive.close()
        report.add(None, "", name, "；".join(error.messages))
        return None
    return archive


def backlog_import(
    *,
    agency: Agency,
    user: User,
    spreadsheet_name: str,
    spreadsheet: bytes,
    archive_name: str,
    archive: IO[bytes],
) -> BacklogReport:
    """Import historical documents of ``agency``: all rows with their files, or nothing.

    Each document is created as a draft (its own dates kept, marked historical), gets its
    files, and is submitted for review at once: the screening starts and the reviewer finds
    the whole import as one batch (``ImportBatch``). Raises PermissionDenied unless the user
    drafts for the agency.
    """
    require_import_role(user, agency)
    report = BacklogReport(spreadsheet=spreadsheet_name, archive=archive_name)
    try:
        rows = parse_upload(
            filename=spreadsheet_name, content=spreadsheet, columns=COLUMNS, hint=HINT
        )
    except CatalogFileError as error:
        report.add(None, "", spreadsheet_name, str(error))
        rows = []
    opened = _open_archive(archive, archive_name, report)
    if opened is None:
        return report
    with opened:
        plans = validate(agency=agency, rows=rows, archive=opened, report=report)
        if report.errors or not plans:
            if not report.errors:
                report.add(None, "", spreadsheet_name, "表格中没有要导入的行。")
            return report
        saved: list[Attachment] = []
        try:
            with transaction.atomic():
                batch = _write(agency, user, report, plans, opened, saved)
        except (IntegrityError, ValidationError) as error:
            _forget_files(saved)
            logger.warning("backlog import refused at writing (%s)", type(error).__name__)
            report.add(None, "", "", "保存时与其他人的修改冲突，未导入任何行，请重新导入。")
            return report
        except BaseException:
            _forget_files(saved)
            raise
    report.batch_id = batch.pk
    return report


def _forget_files(saved: list[Attachment]) -> None:
    """The transaction rolled back: the files it stored have no rows any more."""
    for attachment in saved:
        attachment.file.delete(save=False)


def _write(
    agency: Agency,
    user: User,
    report: BacklogReport,
    plans: list[RowPlan],
    archive: zipfile.ZipFile,
    saved: list[Attachment],
) -> ImportBatch:
    batch = ImportBatch.objects.create(
        agency=agency,
        created_by=user,
        spreadsheet_name=report.spreadsheet[:255],
        archive_name=report.archive[:255],
    )
    results = {result.row: result for result in report.rows}
    for plan in plans:
        document = Document(agency=agency, is_historical=True, import_batch=batch)
        for name, value in plan.fields.items():
            setattr(document, name, value)
        documents.document_save(document=document, user=user)
        for order, entry in enumerate(plan.files):
            attachment = Attachment(document=document, order=order)
            info, data, _problem = _check_file(archive, archive.getinfo(entry.member), entry.name)
            if info is None:  # it passed a moment ago: the archive is broken
                raise ValidationError(entry.name)
            attachments.apply_upload_info(attachment, info)
            attachment.file.save(entry.name, ContentFile(data), save=False)
            saved.append(attachment)
            attachment.save()
        record_event(
            document=document,
            user=user,
            action="import",
            note=f"历史文件批量导入（批次#{batch.pk}，第{plan.row}行）",
        )
        results[plan.row].document_id = document.pk
    batch.rows = [
        {"row": r.row, "title": r.title, "files": r.files, "document": r.document_id}
        for r in report.rows
    ]
    batch.save(update_fields=["rows"])
    # Text first (OCR of the scans), then the screening the submission starts: the screening
    # then finds the text already read. Both run after the commit.
    textract.attachment_text_queue(saved)
    for document in batch.documents.all():
        workflow.submit(obj=document, user=user)
    return batch
