"""Rotating keys keeps access codes and fee identities working: keyed hashes have their own key
(HASH_KEY) with fallbacks, so rotating SECRET_KEY leaves them alone, and rotating HASH_KEY
itself keeps the old key as a fallback until ``rekey_hashes`` has done its work."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date as D
from decimal import Decimal
from pathlib import Path

import pytest

from django.core.management import call_command
from django.test import Client

from portal import encryption
from requests_app import handling, intake, privacy
from requests_app.models import InformationRequest
from tests.requests_app.conftest import enter, new_request

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
TRACK = "/requests/track/"
OLD_HASH_KEY = "hash-key-2025-" + "a" * 40
NEW_HASH_KEY = "hash-key-2026-" + "b" * 40


def opens(info_request: InformationRequest, code: str) -> bool:
    response = Client().post(TRACK, {"tracking_number": info_request.tracking_number,
                                     "access_code": code})  # fmt: skip
    return response.status_code == 302


def rotate_hash_key(settings) -> None:
    settings.HASH_KEY = NEW_HASH_KEY
    settings.HASH_KEY_FALLBACKS = [OLD_HASH_KEY]


@pytest.fixture
def old_submission(settings, agency_a):
    settings.HASH_KEY = OLD_HASH_KEY
    settings.HASH_KEY_FALLBACKS = []
    return intake.request_submit_online(info_request=new_request(agency_a))


def test_rotating_the_secret_key_leaves_access_codes_working(settings, old_submission):
    """Finding: keyed hashes used SECRET_KEY alone, so rotating it broke every access code."""
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "rotated-secret-key-" + "c" * 40
    assert opens(old_submission.request, old_submission.access_code)


def test_rotating_the_hash_key_keeps_old_access_codes_working(settings, old_submission):
    rotate_hash_key(settings)
    assert opens(old_submission.request, old_submission.access_code)
    assert not opens(old_submission.request, "ABCD-EFGH-JKMN")


def test_an_old_access_code_is_rehashed_under_the_new_key_when_used(settings, old_submission):
    rotate_hash_key(settings)
    opens(old_submission.request, old_submission.access_code)
    stored = InformationRequest.objects.get().access_code_hash
    assert stored.startswith(privacy.key_id(NEW_HASH_KEY) + ":")
    settings.HASH_KEY_FALLBACKS = []  # the old key retired
    assert opens(old_submission.request, old_submission.access_code)


def test_an_unused_old_code_needs_the_fallback(settings, old_submission):
    settings.HASH_KEY = NEW_HASH_KEY
    settings.HASH_KEY_FALLBACKS = []
    assert not opens(old_submission.request, old_submission.access_code)


def test_a_code_hashed_before_key_ids_still_opens(settings, old_submission):
    legacy = privacy.keyed_hash(old_submission.access_code, key=OLD_HASH_KEY)
    InformationRequest.objects.update(access_code_hash=legacy)
    rotate_hash_key(settings)
    assert opens(old_submission.request, old_submission.access_code)


def test_the_fee_count_recognises_the_applicant_across_a_rotation(settings, agency_a, handler_a):
    settings.HASH_KEY = OLD_HASH_KEY
    for _ in range(10):
        enter(agency_a, handler_a, D(2026, 9, 18))
    rotate_hash_key(settings)
    eleventh = enter(agency_a, handler_a, D(2026, 9, 18))
    assert len(set(InformationRequest.objects.values_list("applicant_key", flat=True))) == 2

    handling.request_fee_notice(
        info_request=eleventh, user=handler_a, method="by_count", sent_on=D(2026, 9, 21)
    )

    notice = InformationRequest.objects.get(pk=eleventh.pk).fees.get()
    assert (notice.quantity, notice.amount) == (11, Decimal(100))


def rekey(*args: str) -> str:
    out = io.StringIO()
    call_command("rekey_hashes", *args, stdout=out)
    return out.getvalue()


def test_rekey_hashes_moves_applicant_and_email_keys_to_the_new_key(settings, old_submission):
    rotate_hash_key(settings)
    request = InformationRequest.objects.get()
    assert request.applicant_key != privacy.keyed_hash(request.id_number)

    output = rekey()

    request.refresh_from_db()
    assert request.applicant_key == privacy.keyed_hash(request.id_number)
    assert request.email_key == privacy.keyed_hash(request.email)
    assert "re-keyed: 1" in output
    # The access code cannot be re-keyed without the code: it waits for its next lookup.
    assert "under HASH_KEY_FALLBACKS[0] (re-hashed at the next lookup): 1" in output
    opens(old_submission.request, old_submission.access_code)
    assert "Access codes:\n  current: 1" in rekey()


def test_rekey_dry_run_changes_nothing(settings, old_submission):
    rotate_hash_key(settings)
    before = InformationRequest.objects.values("applicant_key", "email_key").get()
    assert "re-keyed: 1" in rekey("--dry-run")
    assert InformationRequest.objects.values("applicant_key", "email_key").get() == before


def test_rekey_leaves_a_key_alone_that_no_key_explains(settings, old_submission):
    InformationRequest.objects.update(applicant_key="0" * 64)
    rotate_hash_key(settings)
    assert "left alone (matches no key): 1" in rekey()
    assert InformationRequest.objects.get().applicant_key == "0" * 64


@pytest.fixture
def fresh_encryption_keys():
    encryption.forget_keys()
    yield
    encryption.forget_keys()


def test_rekey_re_encrypts_personal_data_under_the_new_secret_key(
    settings, old_submission, fresh_encryption_keys
):
    old_secret = settings.SECRET_KEY
    settings.SECRET_KEY_FALLBACKS = [old_secret]
    settings.SECRET_KEY = "rotated-secret-key-" + "c" * 40
    encryption.forget_keys()
    assert "re-encrypted: requests_app.InformationRequest.id_number: 1" in rekey()

    settings.SECRET_KEY_FALLBACKS = []  # the old key retired
    encryption.forget_keys()
    request = InformationRequest.objects.get()
    assert request.id_number == "440524198001010013"
    assert request.email == "applicant@example.com"
    assert "re-encrypted" not in rekey()


def settings_with(**variables: str) -> str:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HASH_KEY", "SECRET_KEY", "DJANGO_SETTINGS"))
    }
    environment.update(DEBUG="1", **variables)
    code = "import portal.settings as s; print(s.HASH_KEY, s.HASH_KEY_FALLBACKS)"
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=BASE_DIR, env=environment, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def test_without_a_hash_key_it_is_the_secret_key_with_its_fallbacks():
    assert settings_with(SECRET_KEY="new", SECRET_KEY_FALLBACKS="old") == "new ['old']"


def test_a_hash_key_of_its_own_has_fallbacks_of_its_own():
    assert settings_with(SECRET_KEY="s", SECRET_KEY_FALLBACKS="old-s", HASH_KEY="h") == "h []"
    assert settings_with(SECRET_KEY="s", HASH_KEY="h2", HASH_KEY_FALLBACKS="h1") == "h2 ['h1']"


def test_a_sealed_receipt_opens_after_the_secret_key_is_rotated(settings):
    sealed = privacy.seal("ABCD-EFGH-JKMN")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "rotated-secret-key-" + "c" * 40
    assert privacy.unseal(sealed) == "ABCD-EFGH-JKMN"
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(privacy.Unsealable):
        privacy.unseal(sealed)


def test_rekey_counts_the_message_query_codes_by_key_too(settings, agency_a):
    from interaction.models import MessageDesk
    from tests.interaction.conftest import submit

    settings.HASH_KEY, settings.HASH_KEY_FALLBACKS = OLD_HASH_KEY, []
    MessageDesk.objects.create(agency=agency_a)
    submitted = submit(agency_a)
    rotate_hash_key(settings)

    assert (
        "Message query codes:\n  under HASH_KEY_FALLBACKS[0] (re-hashed at the next lookup): 1"
        in rekey()
    )
    response = Client().post(
        "/interaction/track/",
        {"tracking_number": submitted.message.tracking_number, "query_code": submitted.query_code},
    )
    assert response.status_code == 302
    assert "Message query codes:\n  current: 1" in rekey()
