"""Broken links in published content: internal links resolved against the site, external links
checked over HTTP by a bounded, rate-limited task that runs only where outbound HTTP is allowed
(tested against a local server)."""

from __future__ import annotations

import http.server
import threading

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from disclosure.models import Attachment
from inspection import external, links
from inspection.findings import Check
from inspection.models import ExternalLink
from publishing import workflow
from tests.disclosure.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


def broken() -> list[tuple[str, str]]:
    return [
        (f.subject, f.detail) for f in links.broken_link_findings() if f.check == Check.BROKEN_LINK
    ]


def linking(publish_document, *hrefs: str, title: str = "引用其他文件的通知"):
    body = "".join(f'<p><a href="{href}">链接{n}</a></p>' for n, href in enumerate(hrefs))
    return publish_document(title=title, body=body)


def test_a_link_to_a_withdrawn_document_is_broken(publish_document, publisher_a):
    target = publish_document(title="被引用的文件")
    source = linking(publish_document, f"/disclosure/documents/{target.pk}/")
    assert broken() == []

    workflow.withdraw(obj=target, user=publisher_a, reason="已被新文件替代")

    ((subject, detail),) = broken()
    assert subject == source.title
    assert f"/disclosure/documents/{target.pk}/" in detail


def test_links_into_the_site_are_resolved(publish_document, settings):
    settings.SITE_URL = "https://gk.example.gov.cn"
    linking(
        publish_document,
        "/no/such/page/",
        "https://gk.example.gov.cn/disclosure/",
        "https://gk.example.gov.cn/disclosure/documents/999999/",
        "/admin/",
        "tel:0578-2091521",
        "#section-2",
    )

    found = " ".join(detail for _subject, detail in broken())

    assert "/no/such/page/" in found
    assert "documents/999999/" in found
    assert "/admin/" in found
    assert "https://gk.example.gov.cn/disclosure/ " not in f"{found} "
    assert "tel:" not in found and "#section-2" not in found


def test_a_missing_attachment_file_is_a_broken_link(publish_document):
    document = publish_document()
    attachment = Attachment.objects.create(
        document=document,
        file=SimpleUploadedFile("a.pdf", PDF_BYTES),
        original_name="附件一.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )
    assert broken() == []

    attachment.file.storage.delete(attachment.file.name)

    ((subject, detail),) = broken()
    assert subject == document.title and "附件一.pdf" in detail


# --- External links over HTTP, against a local server --------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_HEAD(self) -> None:
        type(self).requests.append(self.path)
        self.send_response(200 if self.path.startswith("/ok") else 404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():
    _Handler.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_external_links_are_not_fetched_unless_outbound_http_is_allowed(
    publish_document, server, settings
):
    settings.INSPECTION_OUTBOUND_HTTP = False
    linking(publish_document, f"{server}/missing")

    assert external.check_if_allowed() == 0
    assert _Handler.requests == []


def test_external_links_that_answer_an_error_are_broken(publish_document, server, settings):
    settings.INSPECTION_OUTBOUND_HTTP = True
    settings.INSPECTION_LINK_HOST_INTERVAL = 0
    source = linking(publish_document, f"{server}/ok", f"{server}/missing")

    assert external.check_if_allowed() == 2

    assert sorted(_Handler.requests) == ["/missing", "/ok"]
    assert ExternalLink.objects.get(url=f"{server}/missing").status_code == 404
    ((subject, detail),) = broken()
    assert subject == source.title and f"{server}/missing" in detail


def test_an_unreachable_host_is_a_broken_link(publish_document, server):
    closed = server.rsplit(":", 1)[0] + ":9"  # discard: nothing listens
    linking(publish_document, f"{closed}/page")

    external.check_external_links(max_links=10, timeout=2, host_interval=0)

    assert ExternalLink.objects.get().is_broken


def test_each_run_checks_at_most_max_links_oldest_first(publish_document, server):
    linking(publish_document, f"{server}/ok/1", f"{server}/ok/2", f"{server}/ok/3")

    assert external.check_external_links(max_links=2, timeout=5, host_interval=0) == 2
    assert len(_Handler.requests) == 2
    external.check_external_links(max_links=2, timeout=5, host_interval=0)

    assert sorted(set(_Handler.requests)) == ["/ok/1", "/ok/2", "/ok/3"]
    assert not ExternalLink.objects.filter(checked_at__isnull=True).exists()


def test_requests_to_one_host_are_spaced_out(publish_document):
    linking(
        publish_document,
        "https://a.example.cn/1",
        "https://a.example.cn/2",
        "https://b.example.cn/1",
    )
    waits: list[float] = []

    external.check_external_links(
        max_links=10,
        timeout=5,
        host_interval=3,
        fetcher=lambda url, timeout: external.Result(200, ""),
        clock=lambda: 100.0,
        sleep=waits.append,
    )

    assert waits == [3.0]  # before the second request to a.example.cn only


def test_links_to_any_host_of_the_site_group_are_resolved_here(publish_document, group_sites):
    """A link to a sister site of the group (any of its hosts) is checked against this
    installation, not fetched as an outside address; a host no site claims stays external."""
    linking(
        publish_document,
        "http://jinyun.lishui.localhost/disclosure/documents/999999/",
        "http://www.lishui.localhost/no/such/page/",
        "http://zj.localhost/disclosure/",
        "http://elsewhere.localhost/no/such/page/",
    )

    found = " ".join(detail for _subject, detail in broken())

    assert "documents/999999/" in found and "/no/such/page/" in found
    assert "zj.localhost" not in found and "elsewhere.localhost" not in found
    assert links.is_external("http://elsewhere.localhost/no/such/page/")
    assert not links.is_external("http://qingtian.lishui.localhost/")
