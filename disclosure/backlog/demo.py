"""Demo data: a small historical import of 丽水市人民政府 (1998-2005), one of its files a
scanned page (an image-only PDF drawn here), brought in through the import, screened, approved
by the demo reviewer and published by the demo publisher as one batch. Idempotent: the batch is
remembered as a demo record and never imported twice."""

from __future__ import annotations

import contextlib
import io
import logging
import zipfile
from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook
from PIL import Image, ImageDraw, ImageFont

from django.contrib.auth import get_user_model
from django.db import transaction

from disclosure import screening
from disclosure.backlog import batches, importer
from disclosure.backlog.layout import HEADINGS
from disclosure.models import ImportBatch
from portal.demo import demo_record_find, demo_record_keep
from portal.models import Agency
from publishing.models import ReviewResult

KEY = "disclosure.importbatch:historical-1998-2005"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

SCAN_LINES = [
    "丽水地区行政公署",
    "关于做好一九九八年农村义务教育",
    "经费保障工作的通知",
    "",
    "各县（市）人民政府，行署各部门：",
    "为保障农村义务教育经费投入，",
    "现将有关事项通知如下。",
    "",
    "一九九八年三月五日",
]

ROWS = [
    ("1", "丽水地区行政公署关于做好一九九八年农村义务教育经费保障工作的通知", "丽署发〔1998〕12号",
     "丽水地区行政公署", "1998-03-02", "1998-03-05", "科技、教育\\教育", "义务教育 经费保障",
     "通知", "失效", "主动公开", "全社会", "否",
     "部署1998年农村义务教育经费保障工作（扫描件，文字由机器识别）。", "1998-丽署发12号.pdf"),
    ("2", "丽水市2003年国民经济和社会发展统计公报", "", "丽水市统计局", "2004-02-20",
     "2004-03-01", "国民经济管理、国有资产监管\\统计", "统计公报", "公报", "有效", "主动公开",
     "全社会", "否", "2003年全市国民经济和社会发展主要统计数据。", "2003-统计公报.pdf"),
    ("3", "丽水市人民政府关于公布2005年行政事业性收费项目目录的通知", "丽政发〔2005〕31号",
     "", "2005-06-20", "2005-06-28", "财政、金融、审计\\财政", "行政事业性收费 目录", "通知",
     "废止", "主动公开", "全社会", "是", "公布2005年行政事业性收费项目目录。",
     "2005-收费目录.pdf"),
]  # fmt: skip


def scanned_page_pdf() -> bytes:
    """An A5 page at 300 dpi with the notice as a scanner would have captured it: an image
    only, no text layer."""
    font = ImageFont.truetype(str(FONT), 46) if FONT.exists() else ImageFont.load_default()
    page = Image.new("L", (1748, 2480 // 2 + 200), 250)
    draw = ImageDraw.Draw(page)
    for number, line in enumerate(SCAN_LINES):
        draw.text((160, 150 + number * 110), line, fill=20, font=font)
    buffer = io.BytesIO()
    page.convert("RGB").save(buffer, format="PDF", resolution=300)
    return buffer.getvalue()


def text_pdf(title: str) -> bytes:
    """A born-digital PDF with a text layer (its text is the title, in Latin transcription:
    the base-14 fonts hold no Chinese)."""
    stream = f"BT /F1 14 Tf 72 720 Td ({title}) Tj ET".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 420 595]/Resources<</Font<</F1 5 0 R>>>>"
        b"/Contents 4 0 R>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj" % number + body + b"endobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _spreadsheet() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADINGS))
    for row in ROWS:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _archive() -> bytes:
    files = {
        ROWS[0][-1]: scanned_page_pdf(),
        ROWS[1][-1]: text_pdf("Lishui statistical communique 2003"),
        ROWS[2][-1]: text_pdf("Lishui administrative fees 2005"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"历史文件/{name}", data)
    return buffer.getvalue()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """The screening and the OCR log their progress at INFO; ``load_demo`` prints its table
    only (warnings still show)."""
    logger = logging.getLogger("disclosure")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def load_historical_batch(agency: Agency) -> bool:
    """Import, screen, approve and publish the demo batch, once."""
    with _quiet():
        return _load(agency)


def _load(agency: Agency) -> bool:
    archive_name = "丽水市历史文件（1998-2005）.zip"
    earlier = ImportBatch.objects.filter(agency=agency, archive_name=archive_name)
    made, _ = demo_record_find(KEY, earlier)
    if made:
        return False
    users = get_user_model().objects
    drafter = users.filter(username="lishui-drafter").first()
    reviewer = users.filter(username="lishui-reviewer").first()
    publisher = users.filter(username="lishui-publisher").first()
    if drafter is None or reviewer is None or publisher is None:
        return False
    with transaction.atomic():
        report = importer.backlog_import(
            agency=agency,
            user=drafter,
            spreadsheet_name="丽水市历史文件（1998-2005）.xlsx",
            spreadsheet=_spreadsheet(),
            archive_name=archive_name,
            archive=io.BytesIO(_archive()),
        )
        if report.batch_id is None:
            raise RuntimeError("; ".join(report.messages()))
        batch = ImportBatch.objects.get(pk=report.batch_id)
        # The screening the submission queued, run here rather than by the worker after the
        # commit: the batch is approved in the same load (it reads and OCRs the scan).
        for document in batch.documents.all():
            run = screening.latest_run(document)
            if run is not None:
                screening.screening_run(run_id=run.pk)
        demo_record_keep(KEY, batch)
        try:
            with transaction.atomic():
                batches.batch_approve(
                    batch=batch,
                    user=reviewer,
                    review_result=ReviewResult.CLEAR,
                    review_notes="示例数据：已与档案原件逐件核对",
                )
                batches.batch_publish(batch=batch, user=publisher)
        except batches.BatchRefused:
            # The site's wording list flagged something: the batch waits for the demo
            # reviewer, which shows the confirmation page too.
            pass
    return True
