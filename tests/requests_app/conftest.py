from __future__ import annotations

import datetime as dt

import pytest

from requests_app import intake
from requests_app.models import InformationRequest


def new_request(agency, **fields) -> InformationRequest:
    values = {
        "agency": agency,
        "applicant_type": "person",
        "name": "王某某",
        "id_type": "resident_id",
        "id_number": "440524198001010013",
        "phone": "13812345678",
        "email": "applicant@example.com",
        "description": "请公开2025年本市城乡居民最低生活保障资金使用情况",
        "delivery_method": "email",
        "delivery_form": "electronic",
        **fields,
    }
    return InformationRequest(**values)


def enter(agency, handler, received_on: dt.date, **fields) -> InformationRequest:
    """A request received in person on ``received_on``, registered by ``handler``."""
    return intake.request_enter_offline(
        info_request=new_request(agency, **fields),
        user=handler,
        channel="in_person",
        received_on=received_on,
    ).request


@pytest.fixture
def received(agency_a, handler_a):
    return enter(agency_a, handler_a, dt.date(2026, 9, 18))
