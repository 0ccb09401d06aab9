"""Download counts: one aggregate counter per distribution (of a published version, or of an
automatic dataset), incremented in the database by the download view before it serves the
file or redirects to the export. Nothing about who downloaded is recorded — not the address,
not the time (个人信息保护法 Art 6: no more than the purpose needs).

The page cache keeps pages showing counts until the public content next changes: the counts
shown may lag behind by that much; the counters themselves never miss a download."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from opendata.models import AutoDownload, Distribution


def distribution_downloaded(*, distribution: Distribution) -> None:
    # One UPDATE ... SET downloads = downloads + 1: concurrent downloads never lose a count.
    Distribution.objects.filter(pk=distribution.pk).update(downloads=F("downloads") + 1)


def auto_downloaded(*, dataset_key: str, fmt: str) -> None:
    counters = AutoDownload.objects.filter(dataset_key=dataset_key, format=fmt)
    if counters.update(count=F("count") + 1):
        return
    try:
        # The first download of this export: the row does not exist yet. A concurrent first
        # download may create it between the UPDATE and here; then the UPDATE again.
        with transaction.atomic():
            AutoDownload.objects.create(dataset_key=dataset_key, format=fmt, count=1)
    except IntegrityError:
        counters.update(count=F("count") + 1)
