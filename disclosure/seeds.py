"""Seed taxonomies. Staff edit them in the back office afterwards; ``seed_taxonomies`` only adds
what is missing, so running it again (migrations, demo data) never undoes their edits."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # The migration passes its historical versions of these models.
    from disclosure.models import CatalogDomain, Genre, Theme

# 主题分类: the national top-level themes, with common second-level themes.
THEMES: list[tuple[str, list[str]]] = [
    ("国务院组织机构", []),
    ("综合政务", ["政务公开", "政务督查", "应急管理", "电子政务", "信访", "其他"]),
    ("国民经济管理、国有资产监管", ["经济体制改革", "发展规划", "统计", "物价", "国有资产监管", "其他"]),
    ("财政、金融、审计", ["财政", "金融", "审计", "税务", "其他"]),
    ("国土资源、能源", ["土地", "矿产", "海洋", "能源", "其他"]),
    ("农业、林业、水利", ["农业、畜牧业、渔业", "林业", "水利", "其他"]),
    ("工业、交通", ["工业", "交通", "信息产业（含电信）", "邮政", "其他"]),
    ("商贸、海关、旅游", ["国内贸易（含供销）", "对外经贸合作", "海关", "旅游", "其他"]),
    ("市场监管、安全生产监管", ["市场监管", "安全生产监管", "食品药品监管", "其他"]),
    ("城乡建设、环境保护", ["城市规划", "城乡建设（含住房）", "节能与资源综合利用", "气象、水文、测绘、地震", "环境监测、保护与治理", "其他"]),
    ("科技、教育", ["科技", "教育", "知识产权", "其他"]),
    ("文化、广电、新闻出版", ["文化", "广播电视", "新闻出版", "文物", "其他"]),
    ("卫生、体育", ["卫生", "医药管理", "体育", "其他"]),
    ("人口与计划生育、妇女儿童工作", ["人口与计划生育", "妇女儿童", "其他"]),
    ("劳动、人事、监察", ["就业", "社会保障", "人事工作", "监察", "其他"]),
    ("公安、安全、司法", ["公安", "司法", "国家安全", "其他"]),
    ("民政、扶贫、救灾", ["社会福利", "减灾救灾", "扶贫", "社区建设", "其他"]),
    ("民族、宗教", []),
    ("对外事务", []),
    ("港澳台侨工作", []),
    ("国防", []),
    ("其他", []),
]  # fmt: skip

# 体裁分类: the 15 kinds of official document, then other common genres.
GENRES = [
    "决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告",
    "请示", "批复", "议案", "函", "纪要", "方案", "规划", "计划", "办法", "规定",
    "细则", "要点", "其他",
]  # fmt: skip

# The 26 pilot domains of 国办发〔2019〕54号 (some places now say 乡村振兴 for 扶贫).
DOMAINS = [
    ("重大建设项目", "major-projects"),
    ("公共资源交易", "public-resources-trading"),
    ("财政预决算", "budgets"),
    ("安全生产", "work-safety"),
    ("税收管理", "taxation"),
    ("征地补偿", "land-expropriation"),
    ("国有土地上房屋征收与补偿", "housing-expropriation"),
    ("农村危房改造", "rural-housing-renovation"),
    ("扶贫", "poverty-relief"),
    ("救灾", "disaster-relief"),
    ("社会救助", "social-assistance"),
    ("养老服务", "elderly-care"),
    ("户籍管理", "household-registration"),
    ("涉农补贴", "agricultural-subsidies"),
    ("就业", "employment"),
    ("社会保险", "social-insurance"),
    ("城乡规划", "urban-rural-planning"),
    ("食品药品监管", "food-drug-regulation"),
    ("生态环境", "environment"),
    ("公共文化服务", "public-culture"),
    ("保障性住房", "affordable-housing"),
    ("义务教育", "compulsory-education"),
    ("卫生健康", "health"),
    ("市政服务", "municipal-services"),
    ("公共法律服务", "public-legal-services"),
    ("城市综合执法", "urban-law-enforcement"),
]


def seed_taxonomies(
    theme_model: type[Theme], genre_model: type[Genre], domain_model: type[CatalogDomain]
) -> None:
    """Add missing themes, genres and domains (models passed in so migrations can use it)."""
    for order, (name, children) in enumerate(THEMES, start=1):
        parent, _ = theme_model.objects.get_or_create(
            name=name, parent=None, defaults={"order": order}
        )
        for child_order, child in enumerate(children, start=1):
            theme_model.objects.get_or_create(
                name=child, parent=parent, defaults={"order": child_order}
            )
    for order, name in enumerate(GENRES, start=1):
        genre_model.objects.get_or_create(name=name, defaults={"order": order})
    for order, (name, slug) in enumerate(DOMAINS, start=1):
        if not domain_model.objects.filter(slug=slug).exists():
            domain_model.objects.get_or_create(name=name, defaults={"slug": slug, "order": order})
