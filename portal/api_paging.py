"""Cursor pagination for the API whose cursors are checked before they reach the database.

DRF decodes a cursor into an offset, a direction and a position, and filters the queryset with
the position as it stands (``date_published__lt=<position>``). A crafted cursor, or one taken
from a list in another ordering, put any text there: ``9999-99-99`` for a date, ``abc`` or
``99999999999999999999`` for an id, a NUL character; the database refused it and the caller got
a 500. Here the position is converted with the ordering field's own ``to_python`` and checked
against the column's range, and anything wrong answers 400 with a message.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection, models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request
from rest_framework.views import APIView

_INTEGER_FIELDS = (models.IntegerField, models.AutoField)


class CheckedCursorPagination(CursorPagination):
    invalid_cursor_message = _(
        "The cursor is not valid. Use the next or previous link of a page of this list, with "
        "the same ordering."
    )  # type: ignore[assignment]  # the stubs say str; DRF only passes it to ValidationError

    # Cursor pagination orders a queryset (DRF's own calls queryset.order_by), never a list.
    def paginate_queryset(  # type: ignore[override]
        self, queryset: QuerySet[Any], request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def _refuse(self) -> ValidationError:
        return ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})

    def decode_cursor(self, request: Request) -> Cursor | None:
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise self._refuse() from None
        if cursor is None or cursor.position is None:
            return cursor
        # The stubs say int; DRF decodes the position as the text of the cursor.
        position: str = cursor.position  # type: ignore[assignment]
        return cursor._replace(position=self._checked_position(position))

    def _checked_position(self, position: str) -> Any:
        """The position as a value of the ordering field, or a 400."""
        name = self.ordering[0].lstrip("-")
        try:
            field = self._model._meta.get_field(name)
        except FieldDoesNotExist:
            raise self._refuse() from None
        if "\x00" in position:
            raise self._refuse()
        try:
            value = field.to_python(position)
        except (DjangoValidationError, ValueError, TypeError, OverflowError):
            raise self._refuse() from None
        if value is None:
            raise self._refuse()
        if isinstance(field, _INTEGER_FIELDS):
            low, high = connection.ops.integer_field_range(field.get_internal_type())
            if (low is not None and value < low) or (high is not None and value > high):
                raise self._refuse()
        return value
