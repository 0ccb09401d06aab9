"""Working-day calendar commands.

manage.py workdays add 2026-09-30 5          -> 2026-10-13
manage.py workdays between 2026-02-13 2026-03-02
manage.py workdays check 2026-02-14
manage.py workdays holidays 2027            -> the fixed statutory holidays of 2027
manage.py workdays import-year 2027.json
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal import workdays


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{value!r} is not a date; write it as YYYY-MM-DD") from exc


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError as exc:
        raise CommandError(f"{value!r} is not a whole number of working days") from exc


def _mark(provisional: bool) -> str:
    return " provisional" if provisional else ""


class Command(BaseCommand):
    help = "Count working days with China's official calendar, or enter a year's arrangement."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="the date N working days after DATE")
        add.add_argument("date")
        add.add_argument("n")
        between = sub.add_parser("between", help="working days after START up to END")
        between.add_argument("start")
        between.add_argument("end")
        check = sub.add_parser("check", help="whether DATE is a working day")
        check.add_argument("date")
        holidays = sub.add_parser(
            "holidays", help="the days off of YEAR (fixed by law where no notice is entered)"
        )
        holidays.add_argument("year")
        imp = sub.add_parser("import-year", help="load one year's arrangement from a JSON file")
        imp.add_argument("file")

    def handle(self, *args: object, **options: str) -> None:
        action = options["action"]
        if action == "add":
            result = workdays.add_workdays(_date(options["date"]), _int(options["n"]))
            self.stdout.write(f"{result:%Y-%m-%d}{_mark(result.provisional)}")
        elif action == "between":
            count = workdays.workdays_between(_date(options["start"]), _date(options["end"]))
            self.stdout.write(f"{int(count)}{_mark(count.provisional)}")
        elif action == "check":
            day = _date(options["date"])
            kind = "workday" if workdays.is_workday(day) else "rest day"
            name = workdays.day_name(day)
            self.stdout.write(
                f"{day:%Y-%m-%d} {kind}{_mark(workdays.is_provisional(day))}"
                + (f" ({name})" if name else "")
            )
        elif action == "holidays":
            self._holidays(_int(options["year"]))
        elif action == "import-year":
            self._import_year(Path(options["file"]))

    def _holidays(self, year: int) -> None:
        """The year's days off on weekdays and weekends alike, as the calendar counts them."""
        start = dt.date(year, 1, 1)
        day = start
        while day.year == year:
            name = workdays.day_name(day)
            if name and not workdays.is_workday(day):
                self.stdout.write(f"{day:%Y-%m-%d} {name}{_mark(workdays.is_provisional(day))}")
            day += dt.timedelta(days=1)
        if workdays.is_provisional(start):
            self.stdout.write(
                f"{year} is provisional: only the holidays fixed by law are known; the State "
                "Council's bridging days and make-up working days are not entered yet."
            )

    def _import_year(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        try:
            arrangement = workdays.parse_year_arrangement(text)
        except workdays.ArrangementError as exc:
            lines = "\n".join(f"  - {error}" for error in exc.errors)
            raise CommandError(f"{path} was not loaded; nothing changed:\n{lines}") from exc
        workdays.calendar_year_import(arrangement=arrangement)
        self.stdout.write(
            f"Loaded {arrangement.year}: {len(arrangement.holidays)} holiday days, "
            f"{len(arrangement.workdays)} make-up working days."
        )
