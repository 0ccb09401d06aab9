"""The seed of the conditions vocabulary: GB/T 4754-2017 门类 A–T, the enterprise sizes of
《统计上大中小微型企业划分办法（2017）》, and common household statuses and special groups of
social-assistance and employment policies. Staff add more in the admin; the seed is applied by
a data migration and again by the demo (``vocabulary_seed``), never overwriting edits."""

from __future__ import annotations

from typing import Any

INDUSTRIES = [
    ("A", "农、林、牧、渔业"), ("B", "采矿业"), ("C", "制造业"),
    ("D", "电力、热力、燃气及水生产和供应业"), ("E", "建筑业"), ("F", "批发和零售业"),
    ("G", "交通运输、仓储和邮政业"), ("H", "住宿和餐饮业"),
    ("I", "信息传输、软件和信息技术服务业"), ("J", "金融业"), ("K", "房地产业"),
    ("L", "租赁和商务服务业"), ("M", "科学研究和技术服务业"),
    ("N", "水利、环境和公共设施管理业"), ("O", "居民服务、修理和其他服务业"), ("P", "教育"),
    ("Q", "卫生和社会工作"), ("R", "文化、体育和娱乐业"),
    ("S", "公共管理、社会保障和社会组织"), ("T", "国际组织"),
]  # fmt: skip
SIZES = [("large", "大型"), ("medium", "中型"), ("small", "小型"), ("micro", "微型")]
HOUSEHOLDS = [
    ("dibao", "最低生活保障家庭（低保户）"), ("dibao-edge", "低保边缘家庭"),
    ("tekun", "特困人员"), ("veteran-family", "退役军人家庭"),
    ("martyr-family", "烈士遗属、因公牺牲军人遗属"), ("zero-employment", "零就业家庭"),
    ("single-parent", "单亲家庭"),
]  # fmt: skip
GROUPS = [
    ("disabled", "残疾人"), ("graduate", "高校毕业生"), ("veteran", "退役军人"),
    ("elderly", "老年人"), ("migrant-worker", "农民工"), ("unemployed", "登记失业人员"),
    ("minor", "未成年人"),
]  # fmt: skip

SEED: dict[str, list[tuple[str, str]]] = {
    "industry": INDUSTRIES,
    "size": SIZES,
    "household": HOUSEHOLDS,
    "group": GROUPS,
}


def vocabulary_seed(model: Any) -> int:
    """Create the seed values that are missing (``model`` is CriterionValue, or its historical
    version in a migration). Returns how many were made."""
    made = 0
    for kind, values in SEED.items():
        for order, (code, name) in enumerate(values, start=1):
            _obj, created = model.objects.get_or_create(
                kind=kind, code=code,
                defaults={"name": name, "order": order},
            )  # fmt: skip
            made += created
    return made
