"""Rebuild the search index from the database, into a new directory swapped in at the end."""

from __future__ import annotations

from typing import Any

from tqdm import tqdm

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.search import indexing, store


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database. The current index keeps serving searches "
        "until the new one replaces it atomically."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--memory",
            type=int,
            default=256,
            help="megabytes the index writer may buffer before writing to disk (default 256)",
        )

    def handle(self, *args: Any, memory: int, **options: Any) -> None:
        total = indexing.count_to_index()
        verbosity = int(options.get("verbosity", 1))
        # tqdm writes its own carriage returns, unstyled (stderr is styled as errors).
        self.stderr.ending = ""
        self.stderr.style_func = None
        with tqdm(
            total=total,
            unit="item",
            desc="Indexing",
            disable=verbosity == 0,
            file=self.stderr,
            dynamic_ncols=True,
        ) as bar:
            try:
                report = indexing.rebuild(progress=bar.update, limitmb=memory)
            except store.RebuildInProgress as error:
                raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {report.indexed} items into {report.directory}; "
                f"caught up {report.caught_up.indexed} changed during the build "
                f"({report.caught_up.removed} removed)."
            )
        )
