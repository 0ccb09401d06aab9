"""``{{ value|amount }}``: an amount in 万元 with thousands separators (budgets.amounts)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from budgets.amounts import format_amount

register = template.Library()


@register.filter
def amount(value: Decimal | None) -> str:
    return format_amount(value)


@register.filter
def signed_amount(value: Decimal | None) -> str:
    return format_amount(value, signed=True)
