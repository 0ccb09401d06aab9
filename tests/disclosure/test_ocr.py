"""OCR of scanned PDF pages and images (disclosure/ocr.py, textract): tesseract reads Chinese
text back from images drawn with the installed font, the text is stored as machine-read, feeds
the screening and the search, and the public page and search results say it was read by a
machine. A missing tesseract or a page that hangs is reported to staff, never raised."""

from __future__ import annotations

import logging
import subprocess

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosure import ocr, screening, textract
from disclosure.models import Attachment, ScreeningHit, TextSource, TextStatus
from portal.search import query, store
from tests.disclosure.conftest import make_draft
from tests.disclosure.scans import needs_font, png, scanned_pdf, text_pdf, tiff

pytestmark = [pytest.mark.django_db, needs_font]

SIMPLIFIED = ["关于加强政务公开工作的通知", "各县人民政府：现将有关事项通知如下。"]
TRADITIONAL = ["關於加強政務公開工作的通知", "各縣人民政府：現將有關事項通知如下。"]
SECOND_PAGE = ["关于二〇〇五年财政预算执行情况的报告", "市财政局"]

needs_tesseract = pytest.mark.skipif(
    not ocr.available(), reason="tesseract is not installed (apt-get install tesseract-ocr ...)"
)


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def search_index(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    yield
    store.forget()


def attach(document, name: str, data: bytes, kind: str = Attachment.Kind.IMAGE) -> Attachment:
    return Attachment.objects.create(
        document=document,
        file=SimpleUploadedFile(name, data),
        original_name=name,
        kind=kind,
        content_type="application/octet-stream",
        size=len(data),
        sha256="0" * 64,
    )


def read(attachment: Attachment) -> Attachment:
    textract.attachment_read_text(attachment_id=attachment.pk)
    attachment.refresh_from_db()
    return attachment


@needs_tesseract
def test_tesseract_reads_simplified_chinese_back_from_an_image():
    text, languages = ocr.read_png(png(SIMPLIFIED))
    assert languages == "chi_sim+eng"
    assert "政务公开" in text
    assert "人民政府" in text
    assert "政务 公开" not in text  # no spaces between the characters it read one by one


@needs_tesseract
def test_tesseract_reads_traditional_chinese_back_from_an_image():
    text, languages = ocr.read_png(png(TRADITIONAL))
    assert languages == "chi_tra+eng"
    assert "關於加強政務公開工作的通知" in text
    assert "各縣人民政府" in text


@needs_tesseract
def test_an_image_attachment_is_read_by_ocr_and_marked_machine_read(agency_a, drafter_a):
    attachment = read(attach(make_draft(agency_a, drafter_a), "扫描件.png", png(SIMPLIFIED)))
    assert "政务公开" in attachment.text
    assert attachment.text_source == TextSource.OCR
    assert attachment.text_status == TextStatus.DONE
    assert attachment.machine_read


@needs_tesseract
def test_every_page_of_a_tiff_scan_is_read(agency_a, drafter_a):
    data = tiff([SIMPLIFIED, SECOND_PAGE])
    attachment = read(attach(make_draft(agency_a, drafter_a), "扫描件.tif", data))
    assert "政务公开" in attachment.text
    assert "财政预算执行情况" in attachment.text


@needs_tesseract
def test_an_image_only_pdf_is_read_page_by_page_and_each_page_says_so(agency_a, drafter_a):
    data = scanned_pdf([SIMPLIFIED, SECOND_PAGE])
    attachment = attach(make_draft(agency_a, drafter_a), "1998-03.pdf", data, Attachment.Kind.PDF)
    parts = list(textract.iter_parts(attachment))
    assert [part.machine_read for part in parts] == [True, True]
    assert parts[1].location == "附件《1998-03.pdf》第2页（机器识别）"
    assert "财政预算执行情况" in parts[1].text
    attachment = read(attachment)
    assert attachment.text_source == TextSource.OCR
    assert "政务公开" in attachment.text


def test_a_pdf_with_a_text_layer_is_not_read_by_ocr(agency_a, drafter_a, monkeypatch):
    def no_ocr(png: bytes, languages: str | None = None) -> tuple[str, str]:
        raise AssertionError("OCR of a page that has text")

    monkeypatch.setattr(ocr, "read_png", no_ocr)
    data = text_pdf("Budget report of the year 2005")
    attachment = read(attach(make_draft(agency_a, drafter_a), "a.pdf", data, Attachment.Kind.PDF))
    assert "Budget report" in attachment.text
    assert attachment.text_source == TextSource.TEXT_LAYER
    assert not attachment.machine_read


def test_without_tesseract_the_attachment_says_so_and_nothing_fails(
    agency_a, drafter_a, settings, client, caplog
):
    settings.DISCLOSURE_OCR_COMMAND = "no-such-tesseract"
    document = make_draft(agency_a, drafter_a)
    with caplog.at_level(logging.INFO):
        attachment = read(attach(document, "扫描件.png", png(SIMPLIFIED)))
    assert attachment.text_status == TextStatus.UNAVAILABLE
    assert "tesseract" in attachment.text_note
    assert attachment.text == ""
    assert "not installed" in caplog.text

    client.force_login(drafter_a)
    page = client.get(reverse("admin:disclosure_document_change", args=[document.pk]))
    assert page.status_code == 200
    assert "tesseract" in page.content.decode()  # the warning and the attachment's note


def test_a_missing_tesseract_is_tried_again_once_installed(agency_a, drafter_a, settings):
    settings.DISCLOSURE_OCR_COMMAND = "no-such-tesseract"
    attachment = read(attach(make_draft(agency_a, drafter_a), "扫描件.png", png(SIMPLIFIED)))
    assert attachment.text_status == TextStatus.UNAVAILABLE
    settings.DISCLOSURE_OCR_COMMAND = "tesseract"
    if not ocr.available():
        pytest.skip("tesseract is not installed")
    assert read(attachment).text_status == TextStatus.DONE


def test_a_page_that_times_out_is_left_unread_and_the_log_holds_no_text(
    agency_a, drafter_a, monkeypatch, caplog
):
    def hang(*args, **kwargs):
        raise subprocess.TimeoutExpired(cmd="tesseract", timeout=120)

    monkeypatch.setattr(ocr, "command", lambda: "/usr/bin/tesseract")
    monkeypatch.setattr(ocr.subprocess, "run", hang)
    data = scanned_pdf([SIMPLIFIED])
    with caplog.at_level(logging.INFO):
        attachment = read(
            attach(make_draft(agency_a, drafter_a), "通知.pdf", data, Attachment.Kind.PDF)
        )
    assert attachment.text_status == TextStatus.PARTIAL
    assert attachment.text_note == "第1页文字识别失败（超时或无法识别）。"
    assert "timeout" in caplog.text
    assert "政务" not in caplog.text and "通知" not in caplog.text


@needs_tesseract
def test_pages_past_the_limit_are_not_read(agency_a, drafter_a, settings):
    settings.DISCLOSURE_OCR_MAX_PAGES = 1
    data = scanned_pdf([SIMPLIFIED, SECOND_PAGE])
    attachment = read(attach(make_draft(agency_a, drafter_a), "a.pdf", data, Attachment.Kind.PDF))
    assert "政务公开" in attachment.text
    assert "财政预算执行情况" not in attachment.text
    assert attachment.text_status == TextStatus.PARTIAL
    assert "其余1页未识别" in attachment.text_note


@needs_tesseract
def test_text_read_once_is_not_read_again(agency_a, drafter_a, monkeypatch):
    attachment = read(attach(make_draft(agency_a, drafter_a), "扫描件.png", png(SIMPLIFIED)))

    def no_ocr(png: bytes, languages: str | None = None) -> tuple[str, str]:
        raise AssertionError("read twice")

    monkeypatch.setattr(ocr, "read_png", no_ocr)
    assert read(attachment).text == attachment.text  # the task delivered again
    assert "政务公开" in textract.extract_text(attachment)  # the screening reuses it


@needs_tesseract
def test_the_screening_finds_personal_data_in_a_scan(
    agency_a, drafter_a, django_capture_on_commit_callbacks
):
    document = make_draft(agency_a, drafter_a)
    attach(document, "名单.png", png(["低保对象联系电话", "13812345678"]))
    with django_capture_on_commit_callbacks(execute=True):
        screening.screening_start(document=document, user=drafter_a)
    hit = ScreeningHit.objects.get(kind=ScreeningHit.Kind.MOBILE)
    assert hit.location == "附件《名单.png》（机器识别）"
    assert "13812345678" not in hit.match  # stored masked
    assert Attachment.objects.get().text_source == TextSource.OCR


@needs_tesseract
def test_upload_in_the_back_office_queues_the_reading(
    client, agency_a, drafter_a, django_capture_on_commit_callbacks
):
    document = make_draft(agency_a, drafter_a)
    client.force_login(drafter_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:disclosure_document_change", args=[document.pk]),
            {
                "agency": agency_a.pk,
                "title": document.title,
                "date_formed": document.date_formed.isoformat(),
                "disclosure_attribute": "proactive",
                "scope": "public",
                "validity": "valid",
                "body": document.body,
                "attachments-TOTAL_FORMS": "1",
                "attachments-INITIAL_FORMS": "0",
                "attachments-0-file": SimpleUploadedFile("扫描件.png", png(SIMPLIFIED)),
                "attachments-0-title": "",
                "attachments-0-order": "0",
                "events-TOTAL_FORMS": "0",
                "events-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.text_source == TextSource.OCR
    assert "政务公开" in attachment.text


@needs_tesseract
def test_search_finds_the_ocr_text_and_labels_it_machine_read(
    client, agency_a, drafter_a, reviewer_a, publisher_a, search_index,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from tests.disclosure.conftest import publish

    document = make_draft(agency_a, drafter_a, title="一份扫描的旧文件", body="")
    attach(document, "扫描件.png", png(["城乡居民最低生活保障标准"]))
    with django_capture_on_commit_callbacks(execute=True):  # the index update
        publish(
            document,
            drafter=drafter_a,
            reviewer=reviewer_a,
            publisher=publisher_a,
            capture=django_capture_on_commit_callbacks,
        )
    results = query.search(query.parse_params({"q": "最低生活保障"}))
    assert [hit.key for hit in results.hits] == [f"document:{document.pk}"]
    assert results.hits[0].machine_read

    client.cookies["django_language"] = "en"
    page = client.get(reverse("search:page"), {"q": "最低生活保障"}).content.decode()
    assert "Text read by machine, for reference only" in page
    api = client.get("/api/v1/search/", {"q": "最低生活保障"}).json()
    assert api["results"][0]["machine_read"] is True


@needs_tesseract
def test_the_document_page_shows_the_machine_read_text_with_its_label(
    client, agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    from tests.disclosure.conftest import publish

    document = make_draft(agency_a, drafter_a, title="一份扫描的旧文件")
    attach(document, "扫描件.png", png(SIMPLIFIED))
    publish(
        document,
        drafter=drafter_a,
        reviewer=reviewer_a,
        publisher=publisher_a,
        capture=django_capture_on_commit_callbacks,
    )
    client.cookies["django_language"] = "en"
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Text read by machine, for reference only" in page
    assert "政务公开" in page


def test_a_text_layer_is_not_labelled_machine_read(
    client, agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    from tests.disclosure.conftest import publish

    document = make_draft(agency_a, drafter_a)
    attach(document, "a.pdf", text_pdf("Budget report"), Attachment.Kind.PDF)
    publish(
        document,
        drafter=drafter_a,
        reviewer=reviewer_a,
        publisher=publisher_a,
        capture=django_capture_on_commit_callbacks,
    )
    assert Attachment.objects.get().text_source == TextSource.TEXT_LAYER
    client.cookies["django_language"] = "en"
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Text read by machine" not in page
