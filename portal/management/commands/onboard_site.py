"""``manage.py onboard_site sheet.xlsx --name 缙云县人民政府门户网站 --host jinyun.lishui.gov.cn``:
a site of the site group with its agencies from a spreadsheet, all or nothing
(portal.site_onboarding)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal import site_onboarding


class Command(BaseCommand):
    help = "Create a site and its agencies from a spreadsheet (CSV or XLSX), all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("sheet", type=Path)
        parser.add_argument("--name", required=True, help="the site's name")
        parser.add_argument(
            "--host",
            action="append",
            required=True,
            help="a host name of the site (repeat; the first is canonical)",
        )

    def handle(self, *args: object, **options: object) -> None:
        sheet = options["sheet"]
        assert isinstance(sheet, Path)
        if not sheet.is_file():
            raise CommandError(f"No such file: {sheet}")
        try:
            rows = site_onboarding.read_rows(sheet)
            done = site_onboarding.site_onboard(
                rows=rows,
                name=str(options["name"]),
                hosts=list(options["host"]),  # type: ignore[call-overload]
            )
        except ValidationError as error:
            raise CommandError("Nothing was created:\n" + "\n".join(error.messages)) from error
        self.stdout.write(f"Site {done.site.name}: {done.agencies} agencies.\n")
