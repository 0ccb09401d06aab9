"""How a beneficiary list's cells are masked before anyone can publish them (个人信息保护法
Art 6, 政府信息公开条例 Art 15): the rule of the column a value is in, and then, in every
column, whatever the portal's personal-data detectors find (``disclosure.screening``: resident
ID numbers by their GB 11643 check, bank cards by Luhn, mobile numbers, e-mail addresses).

- a name keeps its surname, one character or a compound surname (张三丰 → 张**, 欧阳明 → 欧阳*);
- a resident ID number keeps its first six (the region) and last four characters, as the
  民政 lists print them (331102********1234; the old 15-digit form 331102*****1234);
- a bank card keeps its last four digits (***************1234);
- a mobile number keeps its first three and last four digits (138****1234), a landline its
  area code and last four;
- an address keeps its place down to the 村/社区 (or, without one, the 乡镇/街道, else the
  county), and the rest — road, house number, group, flat — becomes *** whatever its length;
- in any column, a run of fifteen or more digits the detectors did not recognise (an ID
  number or a card number with a typo) keeps its last four digits only, and the full name of
  any beneficiary of the file keeps its surname only.

The checks of a value in its own column (checksums, formats) are in ``subsidies.importing``;
masking never needs a value to be valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from disclosure import screening
from disclosure.models import ScreeningHit

Kind = ScreeningHit.Kind

# 复姓: the surnames of two characters a name keeps whole (百家姓 and those common today).
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "令狐",
        "夏侯",
        "轩辕",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "百里",
        "呼延",
        "申屠",
        "太史",
        "闻人",
        "澹台",
        "公冶",
        "宗政",
        "濮阳",
        "淳于",
        "单于",
        "仲孙",
        "钟离",
        "赫连",
        "万俟",
        "拓跋",
        "第五",
        "左丘",
        "东郭",
        "子车",
        "亓官",
        "司空",
        "司寇",
        "歐陽",
        "諸葛",
        "司馬",
        "東方",
        "尉遲",
        "長孫",
        "夏侯",
        "鍾離",
    ]
)
# The dot between the parts of a name (阿依古丽·买买提) stays: it shows nothing about the name.
NAME_SEPARATORS = frozenset("·•‧・.")
MASK = "*"
REST = "***"


def _compact(value: str) -> str:
    return "".join(value.split())


def mask_name(name: str) -> str:
    name = _compact(name)
    if not name:
        return ""
    keep = 2 if len(name) > 2 and name[:2] in COMPOUND_SURNAMES else 1
    rest = "".join(char if char in NAME_SEPARATORS else MASK for char in name[keep:])
    return name[:keep] + (rest or MASK)


def normalize_number(value: str) -> str:
    """An ID or card number as typed, without spaces or hyphens, X in capitals."""
    return re.sub(r"[\s\-－]", "", value).upper()


def mask_id_number(value: str) -> str:
    """First six and last four characters (18 → 6 + 8 stars + 4; 15 → 6 + 5 stars + 4)."""
    number = normalize_number(value)
    if len(number) < 11:
        return MASK * len(number)
    return number[:6] + MASK * (len(number) - 10) + number[-4:]


def mask_bank_card(value: str) -> str:
    digits = normalize_number(value)
    if len(digits) <= 4:
        return MASK * len(digits)
    return MASK * (len(digits) - 4) + digits[-4:]


_PHONE_SPLIT = re.compile(r"[/、,，;；]+|\s{2,}")
_MOBILE = re.compile(r"^(?:\+?86)?(1[3-9][0-9]{9})$")
_LANDLINE = re.compile(r"^(0[1-9][0-9]{1,2})?([2-9][0-9]{6,7})$")


def phone_parts(value: str) -> list[str]:
    """The numbers in a phone cell ("13812345678/0578-2123456"), each as digits (with a
    leading + if typed)."""
    parts = []
    for piece in _PHONE_SPLIT.split(value):
        number = re.sub(r"[\s\-－()（）]", "", piece)
        if number:
            parts.append(number)
    return parts


def _mask_one_phone(number: str) -> str:
    mobile = _MOBILE.match(number)
    if mobile:
        digits = mobile.group(1)
        return f"{digits[:3]}****{digits[-4:]}"
    landline = _LANDLINE.match(number)
    if landline:
        area, local = landline.group(1) or "", landline.group(2)
        return (f"{area}-" if area else "") + MASK * (len(local) - 4) + local[-4:]
    digits = re.sub(r"\D", "", number)
    return MASK * max(len(digits) - 4, 0) + digits[-4:] if len(digits) > 4 else MASK * len(digits)


def mask_phone(value: str) -> str:
    return "/".join(_mask_one_phone(number) for number in phone_parts(value))


def is_phone(number: str) -> bool:
    return bool(_MOBILE.match(number) or _LANDLINE.match(number))


# Where an address stops being public: the village or community (not 新村路, 村口街), else the
# township or street office, else the county or district (not a 小区).
_ROAD = r"(?![路街巷道弄里])"
_LEVELS = (
    re.compile(rf"(?:社区|村民委员会|居民委员会|村委会|居委会|村){_ROAD}"),
    re.compile(rf"(?:街道办事处|街道|镇|乡){_ROAD}"),
    re.compile(rf"(?:自治县|县|(?<![小社园校景])区|市(?!场)){_ROAD}"),
)
_DIGITS = re.compile(r"[0-9０-９]")


def mask_address(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        return ""
    kept, rest = "", text
    for level in _LEVELS:
        matches = list(level.finditer(text))
        if matches:
            end = matches[-1].end()
            kept, rest = text[:end], text[end:]
            break
    # A number before the village (a 组 written first) is not public either.
    kept = _DIGITS.sub(MASK, kept)
    return kept + (REST if rest.strip() else "")


# --- Any cell: the detectors, long numbers and the file's names -------------------------------

_LONG_NUMBER = re.compile(r"(?<![0-9])[0-9]{15,}[0-9Xx]?(?![0-9])")


def _mask_match(kind: str, text: str) -> str:
    if kind == Kind.RESIDENT_ID:
        return mask_id_number(text)
    if kind == Kind.BANK_CARD:
        return mask_bank_card(text)
    if kind == Kind.MOBILE:
        return _mask_one_phone(re.sub(r"[\s\-]", "", text))
    return screening.mask(kind, text)  # an e-mail address: x***@domain


class NameMasker:
    """Replaces the full name of any beneficiary of a file, wherever it appears in a cell
    ("户主张三丰之子" in a 备注 column), by its masked form."""

    def __init__(self, names: Iterable[str]) -> None:
        full = sorted({_compact(name) for name in names if len(_compact(name)) >= 2}, key=len)
        self._masked = {name: mask_name(name) for name in full}
        self._pattern = (
            re.compile("|".join(re.escape(name) for name in reversed(full))) if full else None
        )

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda found: self._masked[found.group()], text)


NO_NAMES = NameMasker(())


def mask_text(text: str, names: NameMasker = NO_NAMES) -> str:
    """Any cell as published: personal data the detectors find masked by its rule, then long
    unrecognised numbers, then the file's full names."""
    if not text:
        return text
    pieces, position = [], 0
    for match in screening.find_personal_data(text):
        pieces.append(text[position : match.start])
        pieces.append(_mask_match(match.kind, match.text))
        position = match.end
    pieces.append(text[position:])
    masked = "".join(pieces)
    masked = _LONG_NUMBER.sub(lambda found: mask_bank_card(found.group()), masked)
    return names(masked)
