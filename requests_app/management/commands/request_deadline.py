"""Operator command: the answer due date of a request, as the portal computes it.

    manage.py request_deadline --received 2026-09-18
    manage.py request_deadline --received 2026-02-10 --corrected 2026-02-26 --extension 20 \\
        --pause 2026-03-02:2026-03-13
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal import workdays
from requests_app import deadlines


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{option}: {value!r} is not a date; write YYYY-MM-DD") from exc


def _pause(value: str) -> tuple[dt.date, dt.date]:
    start, sep, end = value.partition(":")
    if not sep:
        raise CommandError(f"--pause: {value!r} should be START:END, e.g. 2026-03-02:2026-03-13")
    return _date(start, "--pause"), _date(end, "--pause")


class Command(BaseCommand):
    help = "Print the answer due date (Art 33) of a request: YYYY-MM-DD [provisional]."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--received", required=True, help="receipt date (Art 31)")
        parser.add_argument("--corrected", help="receipt date of the corrected request (Art 30)")
        parser.add_argument("--extension", type=int, default=0, help="approved working days")
        parser.add_argument("--pause", action="append", default=[], metavar="START:END")

    def handle(self, *args: Any, **options: Any) -> None:
        received = _date(options["received"], "--received")
        corrected = _date(options["corrected"], "--corrected") if options["corrected"] else None
        pauses = [_pause(value) for value in options["pause"]]
        try:
            due = deadlines.answer_due(
                received=received,
                corrected=corrected,
                extension_workdays=options["extension"],
                pauses=pauses,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{due:%Y-%m-%d}{' provisional' if due.provisional else ''}")
        if due.provisional:
            # Say which fixed holidays of the provisional years were skipped, so an operator
            # can see the date is not a plain Monday-to-Friday count.
            start = corrected or received
            day = start
            while day < due:
                day += dt.timedelta(days=1)
                if workdays.is_provisional(day) and not workdays.is_workday(day):
                    name = workdays.day_name(day)
                    if name:
                        self.stdout.write(f"  skipped {day:%Y-%m-%d} {name} (fixed by law)")
