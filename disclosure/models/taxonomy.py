"""Taxonomies documents are filed under: themes (主题分类) and genres (体裁分类)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """主题分类: two levels, shown joined by a backslash (``科技、教育\\科技``)."""

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent theme"),
        limit_choices_to={"parent__isnull": True},
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="theme_unique_name"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="theme_unique_top_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name}\\{self.name}" if self.parent else self.name


class Genre(models.Model):
    """体裁分类 (公文种类: 决定, 通知, 意见, ... plus 方案, 规划, 办法)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("genre")
        verbose_name_plural = _("genres")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name
