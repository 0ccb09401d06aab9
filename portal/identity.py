"""Checks of identity numbers (domain-spec section 4): resident ID numbers (GB 11643) and
unified social credit codes (GB 32100), shared by the apps that record people and organisations."""

from __future__ import annotations

import datetime as dt
import re

# GB 11643: 17 digits and a check character (ISO 7064 MOD 11-2).
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
_RESIDENT_ID = re.compile(r"^[1-9]\d{16}[\dX]$")

# GB 32100-2015: 18 characters from this alphabet (no I, O, S, V, Z); the last is a check.
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def normalize_resident_id(value: str) -> str:
    return value.strip().upper().replace(" ", "")


def resident_id_problem(value: str) -> str | None:
    """None when ``value`` is a valid 18-digit resident ID number, else what is wrong (a key
    of ``RESIDENT_ID_MESSAGES``)."""
    number = normalize_resident_id(value)
    if len(number) != 18:
        return "length"
    if not _RESIDENT_ID.match(number):
        return "characters"
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "birth_date"
    if birth.year < 1900 or birth > dt.date.today():
        return "birth_date"
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != number[17]:
        return "checksum"
    return None


def normalize_credit_code(value: str) -> str:
    return value.strip().upper().replace(" ", "")


def credit_code_problem(value: str) -> str | None:
    """None when ``value`` is a valid unified social credit code, else what is wrong."""
    code = normalize_credit_code(value)
    if len(code) != 18:
        return "length"
    if not _CREDIT_CODE.match(code):
        return "characters"
    total = sum(
        _CREDIT_ALPHABET.index(char) * weight
        for char, weight in zip(code[:17], _CREDIT_WEIGHTS, strict=True)
    )
    check = (31 - total % 31) % 31
    if _CREDIT_ALPHABET[check] != code[17]:
        return "checksum"
    return None
