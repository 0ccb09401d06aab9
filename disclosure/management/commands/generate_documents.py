"""Generate many published documents for benchmarks (``bench/disclosure_catalog.py``)."""

from __future__ import annotations

import datetime as dt
import random

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from disclosure.documents import normalize_doc_number
from disclosure.index_numbers import format_index_number
from disclosure.models import Document, Genre, IndexSequence, Theme, Validity
from portal.models import Agency
from publishing.models import Status

BODY = "<p>" + "为进一步做好政务公开工作，现将有关事项通知如下。" * 20 + "</p>"


class Command(BaseCommand):
    help = "Create COUNT published documents spread over the agencies (for benchmarks only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("count", type=int)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: object, count: int, batch: int, seed: int, **options: object) -> None:
        agencies = list(Agency.objects.active())
        if not agencies:
            raise CommandError("No agencies: run load_demo first.")
        themes = list(Theme.objects.exclude(parent=None))
        genres = list(Genre.objects.all())
        rng = random.Random(seed)
        created = 0
        while created < count:
            size = min(batch, count - created)
            with transaction.atomic():
                rows = []
                for _ in range(size):
                    agency = rng.choice(agencies)
                    published = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3800))
                    seq = self._next(agency, published.year)
                    number = f"{agency.short_name or '政'}发〔{published.year}〕{seq}号"
                    rows.append(
                        Document(
                            agency=agency,
                            title=f"{agency.name}关于第{seq}项工作的通知（{published:%Y年%m月}）",
                            doc_number=number,
                            doc_number_key=normalize_doc_number(number),
                            date_formed=published - dt.timedelta(days=rng.randrange(10)),
                            date_published=published,
                            published_at=timezone.make_aware(
                                dt.datetime.combine(published, dt.time(9))
                            ),
                            index_number=format_index_number(
                                agency_code=agency.code,
                                year=published.year,
                                month=published.month,
                                seq=seq,
                            ),
                            theme=rng.choice(themes) if themes else None,
                            genre=rng.choice(genres) if genres else None,
                            validity=rng.choice([Validity.VALID] * 8 + [Validity.EXPIRED]),
                            is_normative=rng.random() < 0.1,
                            status=Status.PUBLISHED,
                            summary="为进一步做好政务公开工作的通知。",
                            body=BODY,
                        )
                    )
                Document.objects.bulk_create(rows)
                self._save_sequences()
            created += size
            self.stdout.write(f"{created}/{count}")

    _sequences: dict[tuple[int, int], IndexSequence] | None = None

    def _next(self, agency: Agency, year: int) -> int:
        if self._sequences is None:
            self._sequences = {}
        key = (agency.pk, year)
        if key not in self._sequences:
            self._sequences[key], _ = IndexSequence.objects.get_or_create(agency=agency, year=year)
        sequence = self._sequences[key]
        sequence.last += 1
        return sequence.last

    def _save_sequences(self) -> None:
        IndexSequence.objects.bulk_update(list((self._sequences or {}).values()), ["last"])
