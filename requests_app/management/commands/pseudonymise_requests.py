"""Operator command: pseudonymise applicants' identity and contacts in requests closed more
than REQUEST_RETENTION_YEARS ago (requests_app.retention; beat runs it every night).

    manage.py pseudonymise_requests --dry-run     # how many are due, changing nothing
    manage.py pseudonymise_requests
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from requests_app import retention


class Command(BaseCommand):
    help = (
        "Pseudonymise applicants' identity and contacts in requests closed more than "
        "REQUEST_RETENTION_YEARS years ago; the statistics and annual reports stay as they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="only count the requests that are due"
        )

    def handle(self, *args: object, **options: object) -> None:
        years = settings.REQUEST_RETENTION_YEARS
        count = retention.pseudonymise_expired(dry_run=bool(options["dry_run"]))
        verb = "due for pseudonymisation" if options["dry_run"] else "pseudonymised"
        self.stdout.write(f"{count} requests {verb} (closed more than {years} years ago).")
