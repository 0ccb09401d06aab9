"""Index numbers (索引号): one per published document, per agency and year, never reused."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction

from disclosure.models import Document, IndexSequence


def format_index_number(*, agency_code: str, year: int, month: int, seq: int) -> str:
    pattern = settings.DISCLOSURE_INDEX_PATTERN
    if "{seq" not in pattern:
        raise ImproperlyConfigured("DISCLOSURE_INDEX_PATTERN must contain {seq}.")
    return pattern.format(agency_code=agency_code, year=year, month=month, seq=seq)


def _next_sequence(*, agency_id: int, year: int) -> int:
    """Take the next number for (agency, year) under a row lock.

    The lock makes concurrent publishers queue; the counter only grows, so a number that was
    handed out (even to a document later withdrawn) is never handed out again.
    """
    try:
        # The savepoint lets the first publisher of a year lose a creation race gracefully.
        with transaction.atomic():
            IndexSequence.objects.get_or_create(agency_id=agency_id, year=year)
    except IntegrityError:
        pass  # another transaction created the row first; the locked read below waits for it
    sequence = IndexSequence.objects.select_for_update().get(agency_id=agency_id, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


# A number taken by a document the sequence does not know about (entered before the sequence
# existed, or carried over from an earlier site) is skipped; this many in a row means the
# pattern cannot tell years or agencies apart, which is a configuration error.
MAX_SKIPPED = 1000


def index_number_assign(*, document: Document) -> str:
    """Give ``document`` its index number (must run inside the publishing transaction).

    The number is taken in the sequence of the agency and the year the document was
    published: a historical document published in 1998 gets the next 1998 number, never one
    of the current year. A number another document already holds is skipped.
    """
    if document.index_number:
        return document.index_number
    published = document.date_published
    if published is None:
        raise ValueError("A document gets its index number when it is published.")
    for _attempt in range(MAX_SKIPPED):
        seq = _next_sequence(agency_id=document.agency_id, year=published.year)
        number = format_index_number(
            agency_code=document.agency.code, year=published.year, month=published.month, seq=seq
        )
        if not Document.objects.filter(index_number=number).exclude(pk=document.pk).exists():
            document.index_number = number
            return number
    raise ImproperlyConfigured(
        "DISCLOSURE_INDEX_PATTERN gives numbers that are all taken; it must contain {seq}."
    )
