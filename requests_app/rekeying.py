"""Re-keying the stored keyed hashes after HASH_KEY is rotated (``manage.py rekey_hashes``).

The applicant and e-mail keys are recomputed from the (encrypted) personal data, when the
stored value is the same data's hash under a fallback key; a stored value that matches no key
(the data were changed or pseudonymised since) is left alone and counted. Access codes cannot be
re-keyed: only their hashes are stored. Each is re-hashed under the current key when its
applicant next opens the request (tracking.find_request); the report counts how many still wait,
per key, so the operator knows when a fallback key may go.

Other apps that store codes hashed the same way (the message box's query codes) are counted too:
their AppConfig names them with ``access_code_label`` and ``access_code_hashes()`` (an iterator of
the stored hashes), so this module needs no import of theirs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps

from requests_app import intake, privacy
from requests_app.models import InformationRequest


@dataclass
class RekeyReport:
    applicant_keys: Counter[str] = field(default_factory=Counter)
    email_keys: Counter[str] = field(default_factory=Counter)
    access_codes: Counter[str] = field(default_factory=Counter)
    # Per app storing codes of its own (by its ``access_code_label``): counts by key.
    other_codes: dict[str, Counter[str]] = field(default_factory=dict)


def other_code_sources() -> Iterator[tuple[str, Iterator[str]]]:
    """(label, stored hashes) of every app that declares access codes of its own."""
    for config in apps.get_app_configs():
        hashes = getattr(config, "access_code_hashes", None)
        if callable(hashes):
            yield str(config.access_code_label), hashes()  # type: ignore[attr-defined]


def _rekeyed(stored: str, value: str) -> tuple[str, str]:
    """(outcome, the value to store) for one keyed hash of ``value``."""
    current, *older = privacy.keyed_hashes(value)
    if stored == current:
        return "current", stored
    if stored in older:
        return "re-keyed", current
    return "left alone (matches no key)", stored


def _code_key(stored: str) -> str:
    key_ids = {privacy.key_id(key): n for n, key in enumerate(privacy.hash_keys())}
    stored_id, separator, _digest = stored.rpartition(":")
    if not separator:
        return "without a key id (from before HASH_KEY)"
    position = key_ids.get(stored_id)
    if position == 0:
        return "current"
    if position is None:
        return "under a key no longer configured"
    return f"under HASH_KEY_FALLBACKS[{position - 1}] (re-hashed at the next lookup)"


def requests_rekey(*, dry_run: bool = False) -> RekeyReport:
    """Re-key every request's applicant and e-mail key under HASH_KEY; count access codes by
    the key they are hashed under."""
    report = RekeyReport()
    fields = ["pk", "applicant_type", "id_number", "credit_code", "name", "phone", "email"]
    rows = InformationRequest.objects.only(*fields[1:], "applicant_key", "email_key")
    for info_request in rows.iterator(chunk_size=500):
        applicant, applicant_key = _rekeyed(
            info_request.applicant_key, intake.applicant_identity(info_request)
        )
        email, email_key = _rekeyed(info_request.email_key, info_request.email or "")
        report.applicant_keys[applicant] += 1
        report.email_keys[email] += 1
        changes = {}
        if applicant_key != info_request.applicant_key:
            changes["applicant_key"] = applicant_key
        if email_key != info_request.email_key:
            changes["email_key"] = email_key
        if changes and not dry_run:
            InformationRequest.objects.filter(pk=info_request.pk).update(**changes)
    for stored in InformationRequest.objects.values_list("access_code_hash", flat=True).iterator():
        report.access_codes[_code_key(stored)] += 1
    for label, hashes in other_code_sources():
        report.other_codes[label] = Counter(_code_key(stored) for stored in hashes)
    return report
