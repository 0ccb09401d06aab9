"""Oversized request bodies are refused before they are read: a 60 MB anonymous upload to the
application form (10 MB a file) gets a 413 page in Chinese and not one byte of it is read."""

from __future__ import annotations

import pytest

from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.test import Client

from portal.body_limits import body_limit
from requests_app import uploads
from requests_app.views import apply

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
BOUNDARY = "----portal-test-boundary"


class CountingUpload:
    """A multipart body with one file part of ``size`` bytes, produced as it is read, counting
    what the server reads (the test client's own payload refuses to be read past its end)."""

    def __init__(self, size: int) -> None:
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachments"; '
            f'filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n'
        ).encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.filler = size - len(self.head) - len(self.tail)
        self.length = size
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        remaining = self.length - self.read_bytes
        size = remaining if size is None or size < 0 else min(size, remaining)
        chunk = bytearray()
        for _ in range(size):
            if len(chunk) >= size:
                break
            position = self.read_bytes + len(chunk)
            if position < len(self.head):
                part = self.head[position : position + size - len(chunk)]
            elif position < len(self.head) + self.filler:
                part = bytes(min(size - len(chunk), len(self.head) + self.filler - position))
            else:
                offset = position - len(self.head) - self.filler
                part = self.tail[offset : offset + size - len(chunk)]
            if not part:
                break
            chunk += part
        self.read_bytes += len(chunk)
        return bytes(chunk)

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def post_upload(client: Client, path: str, size: int) -> tuple[object, CountingUpload]:
    body = CountingUpload(size)
    environ = {
        "wsgi.input": body,
        "CONTENT_LENGTH": str(size),
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
    }
    response = client.generic("POST", path, **environ)
    return response, body


def test_a_60_mb_anonymous_upload_is_refused_unread(client, agency_a):
    """Finding: the body was read in full (and its file stored in a temporary file) before the
    form's 10 MB check."""
    response, body = post_upload(client, "/requests/apply/", 60 * MB)

    assert response.status_code == 413
    assert body.read_bytes == 0
    page = response.content.decode()
    assert "一次提交的内容过多" in page
    assert f"共 {filesizeformat(60 * MB)}" in page
    assert f"最多接收 {filesizeformat(51 * MB)}" in page


def test_the_form_takes_every_file_at_its_limit(settings):
    assert body_limit_for_apply() == uploads.MAX_FILES * 10 * MB + uploads.FORM_FIELDS_BYTES
    settings.REQUESTS_ATTACHMENT_MAX_BYTES = 2 * MB
    assert body_limit_for_apply() == uploads.MAX_FILES * 2 * MB + uploads.FORM_FIELDS_BYTES


def body_limit_for_apply() -> int:
    class Anonymous:
        is_authenticated = False
        is_staff = False

    class Request:
        user = Anonymous()

    return body_limit(Request(), apply)


@pytest.mark.parametrize("path", ["/requests/track/", "/admin/login/", "/api/v1/documents/"])
def test_endpoints_without_uploads_refuse_a_large_body_unread(client, path, settings):
    response, body = post_upload(client, path, settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    assert response.status_code == 413
    assert body.read_bytes == 0


def test_a_body_within_the_limit_is_read_as_before(client, agency_a):
    response, body = post_upload(client, "/requests/apply/", 2 * MB)
    assert response.status_code == 200  # the form, with its errors
    assert body.read_bytes == 2 * MB


def test_staff_in_the_back_office_may_send_large_files(settings):
    user = get_user_model().objects.create_user("clerk", password="pw-12345678", is_staff=True)
    client = Client(enforce_csrf_checks=True)  # the CSRF check reads the body, as in production
    client.force_login(user)
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32  # so that the check reads the body
    response, body = post_upload(client, "/admin/", 6 * MB)
    assert response.status_code == 403  # no CSRF token in the upload: but it was read
    assert body.read_bytes == 6 * MB
    settings.STAFF_UPLOAD_MAX_BYTES = 5 * MB
    response, body = post_upload(client, "/admin/", 6 * MB)
    assert response.status_code == 413 and body.read_bytes == 0


def test_the_page_is_in_english_for_english_readers(client):
    client.cookies["django_language"] = "en"
    response, _body = post_upload(client, "/requests/track/", 6 * MB)
    assert "Too much sent at once" in response.content.decode()
