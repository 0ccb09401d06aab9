"""Amounts in 万元 as readers read them: two decimals, thousands separated by commas.

Chinese number formats in Django group nothing (``THOUSAND_SEPARATOR = ""``), so a total of
186452.37 万元 was printed as one run of digits. Budget tables in China write 186,452.37: the
grouping here is fixed, whatever the language of the page. The open-data files keep plain
numbers (budgets.exports), for programs to read.
"""

from __future__ import annotations

from decimal import Decimal


def format_amount(value: Decimal | float | int | None, *, signed: bool = False) -> str:
    """``1234.5`` → ``"1,234.50"``; ``signed`` puts ``+`` before a positive amount (a
    difference); None → ``""``."""
    if value is None or value == "":
        return ""
    number = Decimal(value).quantize(Decimal("0.01"))
    return format(number, "+,.2f" if signed and number > 0 else ",.2f")
