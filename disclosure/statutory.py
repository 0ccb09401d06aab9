"""法定主动公开内容: the fifteen categories of Art 20 (2019) and what belongs in each.

A document belongs to the category staff chose for it (``Document.statutory_category``); one
without a chosen category is placed by what it already carries — normative documents in (一),
and the themes and catalog domains below — and may then sit in more than one category (a
normative document on education is in (一) and (十一)), as the law's categories overlap.

The themes and domains are the seed taxonomies (``disclosure/seeds.py``); staff may rename
them, and a renamed one simply places nothing until a category is chosen on its documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from disclosure.models import StatutoryCategory

C = StatutoryCategory

# Theme ("top\\sub" or "top") → category, for documents without a chosen category.
THEMES: dict[str, C] = {
    "国务院组织机构": C.AGENCY,
    "国民经济管理、国有资产监管\\发展规划": C.PLANS,
    "国民经济管理、国有资产监管\\统计": C.STATISTICS,
    "科技、教育\\教育": C.LIVELIHOOD,
    "劳动、人事、监察\\社会保障": C.LIVELIHOOD,
    "劳动、人事、监察\\就业": C.LIVELIHOOD,
    "民政、扶贫、救灾\\扶贫": C.LIVELIHOOD,
    "综合政务\\应急管理": C.EMERGENCIES,
    "卫生、体育\\卫生": C.SUPERVISION,
    "市场监管、安全生产监管\\市场监管": C.SUPERVISION,
    "市场监管、安全生产监管\\安全生产监管": C.SUPERVISION,
    "市场监管、安全生产监管\\食品药品监管": C.SUPERVISION,
    "城乡建设、环境保护\\环境监测、保护与治理": C.SUPERVISION,
    "劳动、人事、监察\\人事工作": C.RECRUITMENT,
}
# Catalog domain (slug) → category.
DOMAINS: dict[str, C] = {
    "urban-rural-planning": C.PLANS,
    "urban-law-enforcement": C.ENFORCEMENT,
    "budgets": C.BUDGETS,
    "public-resources-trading": C.PROCUREMENT,
    "major-projects": C.PROJECTS,
    "poverty-relief": C.LIVELIHOOD,
    "compulsory-education": C.LIVELIHOOD,
    "health": C.LIVELIHOOD,
    "social-insurance": C.LIVELIHOOD,
    "social-assistance": C.LIVELIHOOD,
    "employment": C.LIVELIHOOD,
    "elderly-care": C.LIVELIHOOD,
    "disaster-relief": C.EMERGENCIES,
    "environment": C.SUPERVISION,
    "work-safety": C.SUPERVISION,
    "food-drug-regulation": C.SUPERVISION,
}

# The article's own numbering: （一） to （十五）.
NUMERALS = "一二三四五六七八九十"


def numeral(number: int) -> str:
    """（一）…（十五） as the article numbers its items."""
    if number <= 10:
        return f"（{NUMERALS[number - 1]}）"
    return f"（十{NUMERALS[number - 11]}）"


def _theme_condition(name: str) -> Q:
    top, _sep, sub = name.partition("\\")
    if sub:
        return Q(theme__parent__name=top, theme__name=sub)
    return Q(theme__parent__isnull=True, theme__name=top) | Q(theme__parent__name=top)


def category_condition(category: int) -> Q:
    """Documents of one Art 20 category: chosen for it, or placed in it when none is chosen."""
    placed = Q(pk__in=[])  # matches nothing
    if category == C.RULES:
        placed |= Q(is_normative=True)
    for name, target in THEMES.items():
        if target == category:
            placed |= _theme_condition(name)
    slugs = [slug for slug, target in DOMAINS.items() if target == category]
    if slugs:
        placed |= Q(catalog_item__domain__slug__in=slugs)
    return Q(statutory_category=category) | (Q(statutory_category__isnull=True) & placed)


@dataclass(frozen=True)
class Category:
    number: int
    numeral: str
    label: str


def categories() -> list[Category]:
    return [Category(value, numeral(value), str(label)) for value, label in C.choices]
