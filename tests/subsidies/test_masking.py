"""The masking rules, one type at a time, with numbers that pass their checks and numbers that
do not: what a beneficiary list shows of a name, an ID number, a bank card, a phone number and
an address, and what any cell shows of what the portal's detectors find."""

from __future__ import annotations

import pytest

from subsidies import importing, masking
from tests.subsidies.conftest import OUYANG_CARD, OUYANG_ID, ZHANG_CARD, ZHANG_ID


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三丰", "张**"),
        ("李四", "李*"),
        ("欧阳明月", "欧阳**"),
        ("欧阳明", "欧阳*"),
        ("欧阳", "欧*"),  # a compound surname alone keeps one character, like any name
        ("王", "王*"),
        (" 张 三 ", "张*"),
        ("阿依古丽·买买提", "阿***·***"),
    ],
)
def test_a_name_keeps_its_surname_only(name, masked):
    assert masking.mask_name(name) == masked


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        (ZHANG_ID, "440524********0013"),
        (OUYANG_ID, "110105********002X"),
        ("11010519491231002x", "110105********002X"),
        ("331102800101123", "331102*****1123"),  # the 15-digit form
        ("4405 2419 8001 0100 13", "440524********0013"),
    ],
)
def test_an_id_number_keeps_its_region_and_last_four(number, masked):
    assert masking.mask_id_number(number) == masked


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        (ZHANG_ID, None),
        (OUYANG_ID, None),
        ("440524198001010014", "checksum"),
        ("440524198002300013", "birth_date"),
        ("44052419800101001", "length"),
        ("331102800101123", None),
        ("331102801301123", "birth_date"),
        ("33110280010112X", "characters"),
    ],
)
def test_id_numbers_are_checked_by_gb_11643_or_the_old_15_digit_form(number, problem):
    assert importing.id_number_problem(number) == problem


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        (ZHANG_CARD, "***************3446"),
        (OUYANG_CARD, "************1111"),
        ("6222 0202 0011 2233 446", "***************3446"),
    ],
)
def test_a_bank_card_keeps_its_last_four_digits(number, masked):
    assert masking.mask_bank_card(number) == masked


def test_bank_cards_are_checked_by_luhn():
    assert importing.bank_card_problem(ZHANG_CARD) is None
    assert "Luhn" in importing.bank_card_problem("6222020200112233445")
    assert "16至19位" in importing.bank_card_problem("622202020011")
    assert "数字" in importing.bank_card_problem("6222-0202-ABCD-2233")


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("+8613812345678", "138****5678"),
        ("0578-2123456", "0578-***3456"),
        ("2123456", "***3456"),
        ("13812345678/0578-2123456", "138****5678/0578-***3456"),
    ],
)
def test_a_phone_number_keeps_its_first_three_and_last_four_digits(phone, masked):
    assert masking.mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("丽水市莲都区紫金街道下河社区下河路12号3幢201室", "丽水市莲都区紫金街道下河社区***"),
        ("缙云县壶镇镇前路村3组15号", "缙云县壶镇镇前路村***"),
        ("莲都区老竹畲族镇黄泥墩村", "莲都区老竹畲族镇黄泥墩村"),
        ("丽水市莲都区新村路8号", "丽水市莲都区***"),  # 新村路 is a road, not a village
        ("丽水市莲都区碧湖镇大港路5号", "丽水市莲都区碧湖镇***"),
        ("丽水市莲都区花园路1号阳光小区", "丽水市莲都区***"),  # a 小区 is not a district
        ("花园路1号", "***"),
        ("3组前路村", "*组前路村"),
    ],
)
def test_an_address_keeps_its_place_down_to_the_village_or_community(address, masked):
    assert masking.mask_address(address) == masked


def test_any_cell_has_what_the_detectors_find_masked_by_its_rule():
    text = f"身份证{ZHANG_ID}，卡号{ZHANG_CARD}，电话13812345678，邮箱zsf@example.com"
    assert masking.mask_text(text) == (
        "身份证440524********0013，卡号***************3446，电话138****5678，邮箱z***@example.com"
    )


def test_a_long_number_the_detectors_do_not_recognise_keeps_its_last_four_only():
    """An ID number with a typo fails GB 11643 and a card number with one fails Luhn: the
    detectors rightly do not call them ID or card numbers, but they are still not public."""
    bad_id, bad_card = ZHANG_ID[:-1] + "5", "6222020200112233445"
    masked = masking.mask_text(f"身份证{bad_id}，卡号{bad_card}")
    assert masked == "身份证**************0015，卡号***************3445"


def test_a_beneficiarys_full_name_in_another_cell_keeps_its_surname_only():
    names = masking.NameMasker(["张三丰", "李四", "欧阳明月", "王"])
    assert masking.mask_text("户主李四之父，与欧阳明月同住", names) == "户主李*之父，与欧阳**同住"
    assert masking.mask_text("王家村", names) == "王家村"  # a one-character "name" is no name


def test_ordinary_text_is_left_alone():
    for text in ("重病、重残", "A类", "2026年10月", "0578-2123120", "1135"):
        assert masking.mask_text(text) == text
