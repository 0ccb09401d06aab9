"""Split the published documents that have no passages yet (published before documents were
split on publication, or written directly by an import): once after deploying, and safe to run
again at any time (``passages_sync`` is idempotent; each document is its own transaction)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from disclosure.models import Document
from disclosure.passages import passages_sync


class Command(BaseCommand):
    help = "Split published documents without passages into their articles and items."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            dest="every_document",
            help="Split every published document again.",
        )

    def handle(self, *args: object, every_document: bool, **options: object) -> None:
        documents = Document.objects.published()
        if not every_document:
            documents = documents.filter(passages__isnull=True)
        split = changed = 0
        for document in documents.order_by("pk").iterator(chunk_size=200):
            changed += passages_sync(document=document)
            split += 1
        self.stdout.write(f"Split {split} documents ({changed} passages added or changed).")
