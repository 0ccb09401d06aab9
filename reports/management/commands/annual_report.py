"""Write the tables of an agency's annual report: JSON to standard output, XLSX or HTML to a file.

    python manage.py annual_report --agency 331100000 --year 2025 --format json
    python manage.py annual_report --agency 331100000 --year 2025 --format xlsx -o report.xlsx

A published report gives its frozen tables; otherwise the tables are computed from live data.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.models import Agency
from publishing.models import Status
from reports import output, tables
from reports.models import AnnualReport


class Command(BaseCommand):
    help = "Write the tables of an agency's annual report (JSON, XLSX or HTML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="Agency code")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", choices=["json", "xlsx", "html"], default="json")
        parser.add_argument(
            "-o", "--output", help="File to write (default: standard output; XLSX needs a file "
            "unless standard output is redirected)."
        )  # fmt: skip
        parser.add_argument(
            "--live", action="store_true", help="Compute from live data even when published."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"No agency with code {options['agency']}.")
        year = int(options["year"])
        report = AnnualReport.objects.filter(
            agency=agency, year=year, status=Status.PUBLISHED
        ).first()
        if report is not None and report.frozen_tables is not None and not options["live"]:
            computed = report.frozen_tables
        else:
            computed = tables.compute(agency, year)
            report = None
        fmt = options["format"]
        if fmt == "json":
            data: bytes = (output.render_json(computed) + "\n").encode()
        elif fmt == "html":
            data = output.render_html(computed, report).encode()
        else:
            data = output.render_xlsx(computed, report)
        target = options.get("output")
        if target:
            Path(str(target)).write_bytes(data)
        elif fmt == "xlsx" and self.stdout.isatty():
            raise CommandError("Give --output for XLSX, or redirect standard output.")
        elif fmt == "xlsx":
            sys.stdout.buffer.write(data)
        else:
            self.stdout.write(data.decode(), ending="")
