"""The standard catalogs (基层政务公开标准目录, domain-spec section 2): pilot domains and each
agency's catalog items, which documents are filed under."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Agency


class CatalogDomain(models.Model):
    """One of the 26 pilot domains (试点领域, 国办发〔2019〕54号); staff may edit the list."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("catalog domain")
        verbose_name_plural = _("catalog domains")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    """公开渠道和载体: the fixed set of domain-spec section 2."""

    WEBSITE = "website", _("Government website")
    GAZETTE = "gazette", _("Government gazette")
    NEW_MEDIA = "new_media", _("Weibo, WeChat and the mobile app")
    BRIEFING = "briefing", _("Press conference / hearing")
    BROADCAST = "broadcast", _("Radio and television")
    PRINT = "print", _("Print media")
    READING_POINT = "reading_point", _("Public reading point")
    SERVICE_CENTRE = "service_centre", _("Government service centre")
    SERVICE_STATION = "service_station", _("Convenience service station")
    DOOR_TO_DOOR = "door_to_door", _("Door to door / on site")
    NOTICE_BOARD = "notice_board", _("Community, enterprise or village notice board (screen)")
    TARGETED_PUSH = "targeted_push", _("Targeted push")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    PUBLIC = "public", _("The whole of society")
    SPECIFIC = "specific", _("A specific group")


class CatalogMode(models.TextChoices):
    PROACTIVE = "proactive", _("Proactive")
    ON_REQUEST = "on_request", _("On request")


class CatalogItemQuerySet(models.QuerySet):
    def for_agency(self, agency: Agency) -> CatalogItemQuerySet:
        return self.filter(agency=agency)


DEFAULT_TIME_LIMIT = "自信息形成或变更之日起20个工作日内"


class CatalogItem(models.Model):
    """A row of an agency's standard catalog; documents are filed under catalog items."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="catalog_items", verbose_name=_("agency")
    )
    domain = models.ForeignKey(
        CatalogDomain, on_delete=models.PROTECT, related_name="items", verbose_name=_("domain")
    )
    item_level1 = models.CharField(_("level-1 item"), max_length=100)
    item_level2 = models.CharField(_("level-2 item"), max_length=200, blank=True)
    content = models.TextField(_("content (elements)"))
    legal_basis = models.TextField(_("legal basis"), blank=True)
    time_limit = models.CharField(_("time limit"), max_length=200, default=DEFAULT_TIME_LIMIT)
    # Art 26: "法律、法规对政府信息公开的期限另有规定的，从其规定". The limit that governs the
    # publication due date of the item's documents, in working days; empty means the 20 of
    # Art 26. ``time_limit`` is only how it reads.
    time_limit_workdays = models.PositiveSmallIntegerField(
        _("time limit (working days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "Only where a law or regulation sets another limit than Art 26's 20 working days."
        ),
    )
    responsible = models.CharField(
        _("responsible agency"),
        max_length=200,
        help_text=_("公开主体 as it should be printed, e.g. 县财政局、各乡镇"),
    )
    channels = models.JSONField(_("channels"), default=list, blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    mode = models.CharField(
        _("mode"), max_length=12, choices=CatalogMode.choices, default=CatalogMode.PROACTIVE
    )
    level_county = models.BooleanField(_("county level"), default=True)
    level_township = models.BooleanField(_("township level"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CatalogItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("catalog item")
        verbose_name_plural = _("catalog items")
        ordering = ["domain__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "domain", "item_level1", "item_level2"],
                name="catalogitem_unique_item",
            )
        ]

    def __str__(self) -> str:
        parts = [self.domain.name, self.item_level1, self.item_level2]
        return " / ".join(part for part in parts if part)

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(value, value)) for value in self.channels]

    def level_labels(self) -> list[str]:
        levels = []
        if self.level_county:
            levels.append(_("County level"))
        if self.level_township:
            levels.append(_("Township level"))
        return [str(level) for level in levels]
