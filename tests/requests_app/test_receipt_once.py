"""The receipt with the access code: sent once however often its task runs, and never the
reason an application fails."""

from __future__ import annotations

import socket

import pytest
from kombu.exceptions import OperationalError as BrokerError

from django.core import mail
from django.urls import reverse

from requests_app import intake, privacy, tasks
from requests_app.models import InformationRequest
from tests.requests_app.conftest import new_request
from tests.requests_app.test_application_form import person

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nobody listens there once the socket is closed


def test_a_receipt_task_run_twice_sends_one_receipt(agency_a):
    # Inside the test's transaction the on-commit receipt is not sent: the task runs here.
    submission = intake.request_submit_online(info_request=new_request(agency_a))

    sealed = privacy.seal(submission.access_code)
    assert tasks.send_receipt(submission.request.pk, sealed) is True
    assert tasks.send_receipt(submission.request.pk, sealed) is False

    assert len(mail.outbox) == 1
    assert intake.format_access_code(submission.access_code) in mail.outbox[0].body
    submission.request.refresh_from_db()
    assert submission.request.receipt_sent_at is not None


def test_an_application_is_confirmed_while_the_broker_and_the_mail_server_are_down(
    client, agency_a, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()
    settings.EMAIL_USE_TLS = False

    def broker_down(*args: object) -> None:
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_receipt, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/requests/apply/", person(agency_a))

    assert response.status_code == 302
    assert response["Location"] == reverse("requests_app:apply_done")
    assert InformationRequest.objects.get().receipt_sent_at is None


def test_the_access_code_never_travels_to_the_broker_in_clear(
    agency_a, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(tasks.send_receipt, "delay", lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        submission = intake.request_submit_online(info_request=new_request(agency_a))

    ((request_id, sealed),) = queued
    assert request_id == submission.request.pk
    code = submission.access_code
    assert code not in sealed and intake.format_access_code(code) not in sealed
    assert privacy.unseal(sealed) == code


def test_a_receipt_whose_code_cannot_be_opened_is_not_sent(agency_a):
    submission = intake.request_submit_online(info_request=new_request(agency_a))
    assert tasks.send_receipt(submission.request.pk, submission.access_code) is False  # in clear
    assert tasks.send_receipt(submission.request.pk, privacy.seal("x")[:-4] + "AAAA") is False
    assert mail.outbox == []
    with pytest.raises(privacy.Unsealable):
        privacy.unseal(privacy.seal(submission.access_code), max_age=-1)
