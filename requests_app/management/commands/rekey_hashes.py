"""Operator command, after rotating HASH_KEY or SECRET_KEY (README, Security model):

    manage.py rekey_hashes [--dry-run]

Re-keys the applicants' and e-mail keys under HASH_KEY, re-encrypts personal data under
SECRET_KEY, and says how many access codes still need a fallback key.
"""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandParser

from portal import encryption
from requests_app import rekeying


class Command(BaseCommand):
    help = (
        "Re-key stored keyed hashes under HASH_KEY and re-encrypt personal data under "
        "SECRET_KEY; report access codes still hashed under an older key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def _counts(self, title: str, counts: Counter[str]) -> None:
        self.stdout.write(title)
        for outcome, number in sorted(counts.items()):
            self.stdout.write(f"  {outcome}: {number}")
        if not counts:
            self.stdout.write("  none")

    def handle(self, *args: object, **options: object) -> None:
        dry_run = bool(options["dry_run"])
        if dry_run:
            self.stdout.write("Dry run: nothing is changed.")
        report = rekeying.requests_rekey(dry_run=dry_run)
        self._counts("Applicant keys (fees, repeated requests):", report.applicant_keys)
        self._counts("E-mail keys (rate limits):", report.email_keys)
        self._counts("Access codes:", report.access_codes)
        for label, counts in report.other_codes.items():
            self._counts(f"{label}:", counts)
        self._counts("Personal data (SECRET_KEY):", encryption.reencrypt(dry_run=dry_run))
