"""The open-data catalog (开放数据目录, issue 19): datasets described with DCAT metadata, released
in versions whose files stay downloadable, published through the shared review-and-publish
workflow (``publishing``), each dataset and each version reviewed on its own: the catalog entry
once, and every release of data (保密审查 of what the files hold) again.

Beside these, the portal's own exports appear as automatic datasets (``portal.datasets``,
``opendata.registry``); their download counts are kept in ``AutoDownload``.

The vocabularies follow DCAT-AP where it has one: update frequencies are the EU Publications
Office's frequency URIs, formats its file-type URIs, and each theme of ours (kept as data,
``Theme``) names the EU data theme closest to it.
"""

from __future__ import annotations

import re
import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Agency
from publishing.models import Publishable, PublishedFile, Status, WorkflowEvent

EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/"


class Periodicity(models.TextChoices):
    """dct:accrualPeriodicity."""

    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annually")
    IRREGULAR = "irregular", _("Irregularly")


PERIODICITY_URIS: dict[str, str] = {
    Periodicity.DAILY: EU_FREQUENCY + "DAILY",
    Periodicity.WEEKLY: EU_FREQUENCY + "WEEKLY",
    Periodicity.MONTHLY: EU_FREQUENCY + "MONTHLY",
    Periodicity.QUARTERLY: EU_FREQUENCY + "QUARTERLY",
    Periodicity.ANNUAL: EU_FREQUENCY + "ANNUAL",
    Periodicity.IRREGULAR: EU_FREQUENCY + "IRREG",
}


class Licence(models.TextChoices):
    CC_BY_4 = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC0 = "cc0-1.0", _("Creative Commons Zero 1.0 (CC0, public domain)")
    PORTAL = "portal-terms", _("The portal's open-data terms of use")


# The portal's own terms are a page of the catalog (``opendata:terms``).
LICENCE_URLS: dict[str, str] = {
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class Format(models.TextChoices):
    CSV = "CSV", "CSV"
    JSON = "JSON", "JSON"
    XLSX = "XLSX", "XLSX"
    XLS = "XLS", "XLS"
    XML = "XML", "XML"
    PDF = "PDF", "PDF"
    DOCX = "DOCX", "DOCX"
    ZIP = "ZIP", "ZIP"


MEDIA_TYPES: dict[str, str] = {
    Format.CSV: "text/csv",
    Format.JSON: "application/json",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.XLS: "application/vnd.ms-excel",
    Format.XML: "application/xml",
    Format.PDF: "application/pdf",
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.ZIP: "application/zip",
}


class EuTheme(models.TextChoices):
    """The EU data themes (DCAT-AP), each of our themes names the closest."""

    AGRI = "AGRI", "Agriculture, fisheries, forestry and food"
    ECON = "ECON", "Economy and finance"
    EDUC = "EDUC", "Education, culture and sport"
    ENER = "ENER", "Energy"
    ENVI = "ENVI", "Environment"
    GOVE = "GOVE", "Government and public sector"
    HEAL = "HEAL", "Health"
    INTR = "INTR", "International issues"
    JUST = "JUST", "Justice, legal system and public safety"
    REGI = "REGI", "Regions and cities"
    SOCI = "SOCI", "Population and society"
    TECH = "TECH", "Science and technology"
    TRAN = "TRAN", "Transport"


class Theme(models.Model):
    """A theme of the catalog (经济建设, 社会民生, 市场监管 …): a small vocabulary kept as data,
    changed by superusers only (datasets and automatic datasets name a theme by its code)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50)
    eu_theme = models.CharField(
        _("EU data theme"), max_length=4, choices=EuTheme.choices,
        help_text=_("The closest theme of the EU vocabulary, for DCAT readers."),
    )  # fmt: skip
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("data theme")
        verbose_name_plural = _("data themes")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def eu_theme_uri(self) -> str:
        return EU_DATA_THEME + self.eu_theme


_KEYWORD_SEPARATORS = re.compile(r"[,，、;；\s]+")


class DatasetQuerySet(models.QuerySet):
    def published(self) -> DatasetQuerySet:
        return self.filter(status=Status.PUBLISHED)


class Dataset(Publishable):
    """One dataset of an agency: its DCAT description. The data itself comes in versions
    (``DatasetVersion``), released one by one."""

    workflow_policy = "opendata.publishing.DatasetPolicy"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="datasets",
        verbose_name=_("publishing agency"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), help_text=_("What the data is, where it comes from, what a row holds.")
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="datasets", verbose_name=_("data theme")
    )
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True,
        help_text=_("Separated by commas or 、, e.g. 预算、财政收入."),
    )  # fmt: skip
    periodicity = models.CharField(
        _("update frequency"), max_length=10, choices=Periodicity.choices,
        default=Periodicity.ANNUAL,
    )  # fmt: skip
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_4
    )
    temporal_start = models.DateField(_("covers from"), null=True, blank=True)
    temporal_end = models.DateField(_("covers until"), null=True, blank=True)
    spatial = models.CharField(
        _("area covered"), max_length=100, blank=True, help_text=_("E.g. 丽水市, 莲都区.")
    )
    issued = models.DateField(
        _("first issued"), null=True, blank=True,
        help_text=_("Left empty, the day of first publication."),
    )  # fmt: skip
    contact_name = models.CharField(
        _("contact office"), max_length=100,
        help_text=_("The office that answers questions about the data (an office, not a "
                    "person's name: it is published)."),
    )  # fmt: skip
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)

    # The last change a data user cares about: the publication of the dataset or of one of
    # its versions (set by the workflow policies), not every save.
    modified_at = models.DateTimeField(_("last updated"), null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = DatasetQuerySet.as_manager()

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["-modified_at", "-id"]
        indexes = [models.Index(fields=["status", "-modified_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(temporal_start__isnull=True)
                | Q(temporal_end__isnull=True)
                | Q(temporal_end__gte=models.F("temporal_start")),
                name="dataset_temporal_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opendata:dataset", kwargs={"pk": self.pk})

    @property
    def event_model(self) -> type[models.Model]:
        return DatasetEvent

    event_field = "dataset"

    @property
    def keyword_list(self) -> list[str]:
        return [word for word in _KEYWORD_SEPARATORS.split(self.keywords) if word]


class DatasetEvent(WorkflowEvent):
    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="events", verbose_name=_("dataset")
    )

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("dataset event")
        verbose_name_plural = _("dataset events")


class VersionQuerySet(models.QuerySet):
    def public(self) -> VersionQuerySet:
        """Released versions of published datasets."""
        return self.filter(status=Status.PUBLISHED, dataset__status=Status.PUBLISHED)


class DatasetVersion(Publishable):
    """One release of a dataset's data, with its files or links (``Distribution``). Published
    versions stay downloadable when a newer one is released; the newest is the current data."""

    workflow_policy = "opendata.publishing.VersionPolicy"

    dataset = models.ForeignKey(
        Dataset, on_delete=models.PROTECT, related_name="versions", verbose_name=_("dataset")
    )
    # The dataset's agency, copied by ``drafting.version_save``: the workflow checks roles in it.
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", editable=False,
        verbose_name=_("publishing agency"),
    )  # fmt: skip
    version = models.CharField(
        _("version number"), max_length=30, help_text=_("E.g. 2025, 2025-Q3 or 1.1.")
    )
    released_on = models.DateField(_("date of the data"))
    change_note = models.TextField(
        _("what changed"), blank=True,
        help_text=_("Shown with the version; left empty for the first."),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("dataset version")
        verbose_name_plural = _("dataset versions")
        ordering = ["-released_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "version"], name="dataset_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dataset.title} {self.version}"

    def get_absolute_url(self) -> str:
        return f"{self.dataset.get_absolute_url()}#version-{self.pk}"

    @property
    def event_model(self) -> type[models.Model]:
        return VersionEvent

    event_field = "version_record"


class VersionEvent(WorkflowEvent):
    version_record = models.ForeignKey(
        DatasetVersion, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("dataset version"),
    )  # fmt: skip

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("version event")
        verbose_name_plural = _("version events")


def _data_path(instance: Distribution, filename: str) -> str:
    # A generated name: the original file name is kept in a field, never on disk.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"opendata/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Distribution(PublishedFile):
    """One form of a version's data: an uploaded file (checked by content, ``uploads``) or a
    link to one of the portal's own exports. Downloads are counted here, in aggregate only."""

    version_record = models.ForeignKey(
        DatasetVersion, on_delete=models.CASCADE, related_name="distributions",
        verbose_name=_("dataset version"),
    )  # fmt: skip
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    file = models.FileField(_("file"), upload_to=_data_path, max_length=200, blank=True)
    link = models.CharField(
        _("portal address"), max_length=300, blank=True,
        help_text=_("Instead of a file: the address of one of this portal's exports, e.g. "
                    "/data/documents.csv."),
    )  # fmt: skip
    downloads = models.PositiveBigIntegerField(_("downloads"), default=0, editable=False)

    class Meta(PublishedFile.Meta):
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="distribution_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.original_name or f"{self.format} {self.link}"

    def get_absolute_url(self) -> str:
        return reverse("opendata:download", kwargs={"pk": self.pk})

    @property
    def media_type(self) -> str:
        return self.content_type or MEDIA_TYPES.get(self.format, "application/octet-stream")


class AutoDownload(models.Model):
    """How often a distribution of an automatic dataset was downloaded through the catalog: one
    counter per dataset and format, nothing about who."""

    dataset_key = models.CharField(max_length=64)
    format = models.CharField(max_length=10)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dataset_key", "format"], name="autodownload_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dataset_key} {self.format}: {self.count}"
