"""Identity numbers: resident ID (ISO 7064 MOD 11-2) and unified social credit code (GB 32100)."""

from __future__ import annotations

import pytest

from requests_app.identity import credit_code_problem, resident_id_problem


@pytest.mark.parametrize(
    "number", ["11010519491231002X", "11010519491231002x", "440524198001010013"]
)
def test_valid_resident_ids(number):
    assert resident_id_problem(number) is None


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("110105194912310021", "checksum"),
        ("11010519491231002", "length"),
        ("1101051949123100AX", "characters"),
        ("110105194913310020", "birth_date"),
        ("011010519491231002", "characters"),
    ],
)
def test_bad_resident_ids_say_what_is_wrong(number, problem):
    assert resident_id_problem(number) == problem


def test_valid_credit_code():
    assert credit_code_problem("91350100M000100Y43") is None
    assert credit_code_problem(" 91350100m000100y43 ") is None


@pytest.mark.parametrize(
    ("code", "problem"),
    [("91350100M000100Y44", "checksum"), ("91350100M000100Y4", "length"),
     ("91350100M0001O0Y43", "characters")],
)  # fmt: skip
def test_bad_credit_codes_say_what_is_wrong(code, problem):
    assert credit_code_problem(code) == problem
