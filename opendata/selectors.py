"""What the public pages, the API, the JSON-LD feed, the feeds and the sitemap read: one
``Entry`` per dataset of the catalog, whether staff published it (``Dataset``, with its
released versions) or an app declared it (``portal.datasets.AutoDataset``, with its live record
count and last change).

Published datasets are filtered in the database; the automatic ones (a handful, one per
export) in Python, then both are merged, newest change first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from disclosure import exports
from opendata import figures, registry
from opendata.models import (
    LICENCE_URLS,
    MEDIA_TYPES,
    PERIODICITY_URIS,
    AutoDownload,
    Dataset,
    DatasetVersion,
    Distribution,
    Format,
    Licence,
    Periodicity,
    Theme,
)
from portal import agencies, sites
from portal.datasets import AutoDataset
from portal.models import Agency
from publishing.models import Status

PER_PAGE = 20


@dataclass(frozen=True)
class EntryDistribution:
    format: str
    title: str
    media_type: str
    byte_size: int | None
    #: The catalog's counting address: counts, then serves the file or redirects.
    download_url: str
    #: Where the data is without counting (a link's export; a file's own download address).
    access_url: str
    downloads: int
    pk: int | None = None


@dataclass(frozen=True)
class EntryVersion:
    pk: int
    version: str
    released_on: dt.date
    change_note: str
    published_at: dt.datetime | None
    distributions: list[EntryDistribution]

    @property
    def anchor(self) -> str:
        return f"version-{self.pk}"


@dataclass(frozen=True)
class Entry:
    """A dataset of the catalog as every public output shows it."""

    identifier: str
    automatic: bool
    title: str
    description: str
    theme: Theme | None
    keywords: list[str]
    periodicity: str
    licence: str
    publisher: Agency | None
    url: str
    issued: dt.date | None
    modified: dt.date | dt.datetime | None
    spatial: str = ""
    temporal_start: dt.date | None = None
    temporal_end: dt.date | None = None
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    distributions: list[EntryDistribution] = field(default_factory=list)
    versions: list[EntryVersion] = field(default_factory=list)
    record_count: int | None = None

    @property
    def periodicity_label(self) -> str:
        return str(Periodicity(self.periodicity).label)

    @property
    def periodicity_uri(self) -> str:
        return PERIODICITY_URIS[Periodicity(self.periodicity)]

    @property
    def licence_label(self) -> str:
        return str(Licence(self.licence).label)

    @property
    def licence_url(self) -> str:
        """Absolute for the Creative Commons licences, a path for the portal's own terms."""
        return LICENCE_URLS.get(Licence(self.licence)) or reverse("opendata:terms")

    @property
    def jsonld_url(self) -> str:
        return self.url + "dataset.jsonld"

    @property
    def formats(self) -> list[str]:
        return sorted({d.format for d in self.distributions})

    @property
    def current_version(self) -> EntryVersion | None:
        return self.versions[0] if self.versions else None

    @property
    def total_downloads(self) -> int:
        return sum(d.downloads for v in self.versions for d in v.distributions) or sum(
            d.downloads for d in self.distributions
        )

    @property
    def modified_date(self) -> dt.date | None:
        if isinstance(self.modified, dt.datetime):
            return timezone.localdate(self.modified)
        return self.modified

    @property
    def sort_key(self) -> tuple[dt.datetime, str]:
        day = self.modified
        if day is None:
            moment = dt.datetime.min.replace(tzinfo=dt.UTC)
        elif isinstance(day, dt.datetime):
            moment = day
        else:
            moment = timezone.make_aware(dt.datetime.combine(day, dt.time()))
        return moment, self.identifier


# --- Published datasets ------------------------------------------------------------------------


def _public_versions() -> QuerySet[DatasetVersion]:
    return (
        DatasetVersion.objects.filter(status=Status.PUBLISHED)
        .order_by("-released_on", "-id")
        .prefetch_related(Prefetch("distributions", queryset=Distribution.objects.order_by(
            "order", "id")))
    )  # fmt: skip


def published_datasets() -> QuerySet[Dataset]:
    return (
        Dataset.objects.published()
        .select_related("agency", "theme")
        .prefetch_related(Prefetch("versions", queryset=_public_versions(), to_attr="public"))
        .order_by("-modified_at", "-id")
    )


def _distribution(d: Distribution) -> EntryDistribution:
    return EntryDistribution(
        format=d.format,
        title=str(d),
        media_type=d.media_type,
        byte_size=d.size or None,
        download_url=d.get_absolute_url(),
        access_url=d.link or d.get_absolute_url(),
        downloads=d.downloads,
        pk=d.pk,
    )


def dataset_entry(dataset: Dataset) -> Entry:
    """The entry of a published dataset fetched with ``published_datasets()`` (or any dataset,
    for the back office's preview, with its versions in any status)."""
    versions = getattr(dataset, "public", None)
    if versions is None:
        versions = list(dataset.versions.order_by("-released_on", "-id"))
    entry_versions = [
        EntryVersion(
            pk=v.pk,
            version=v.version,
            released_on=v.released_on,
            change_note=v.change_note,
            published_at=v.published_at,
            distributions=[_distribution(d) for d in v.distributions.all()],
        )
        for v in versions
    ]
    return Entry(
        identifier=str(dataset.pk),
        automatic=False,
        title=dataset.title,
        description=dataset.description,
        theme=dataset.theme,
        keywords=dataset.keyword_list,
        periodicity=dataset.periodicity,
        licence=dataset.licence,
        publisher=dataset.agency,
        url=dataset.get_absolute_url(),
        issued=dataset.issued,
        modified=dataset.modified_at,
        spatial=dataset.spatial,
        temporal_start=dataset.temporal_start,
        temporal_end=dataset.temporal_end,
        contact_name=dataset.contact_name,
        contact_email=dataset.contact_email,
        contact_phone=dataset.contact_phone,
        distributions=entry_versions[0].distributions if entry_versions else [],
        versions=entry_versions,
    )


# --- Automatic datasets ------------------------------------------------------------------------


def _themes_by_code() -> dict[str, Theme]:
    return {theme.code: theme for theme in Theme.objects.all()}


def _publisher(dataset: AutoDataset, site: sites.CurrentSite | None) -> Agency | None:
    """The dataset's own publisher, else the site's root agency: each site of the group
    publishes its own share of the portal's exports (the installation's ``site_agency()``
    without a site)."""
    if dataset.publisher:
        return agencies.agency_with_code(dataset.publisher)
    return sites.root_agency(site) if site is not None else agencies.site_agency()


def _record_count(dataset: AutoDataset, site: sites.CurrentSite | None) -> int:
    """The records of the dataset's export as ``site`` serves it (its rows within the site,
    ``disclosure.exports.site_rows``); the dataset's own count without a site of a subtree."""
    if site is None or not site.root_path:
        return dataset.count()
    for export in dataset.distributions:
        spec = exports.DATASETS.get(export.kwargs.get("dataset", ""))
        if export.url_name == "export" and spec is not None:
            return exports.site_rows(spec, site).count()
    return dataset.count()


def auto_url(dataset: AutoDataset) -> str:
    return reverse("opendata:auto_dataset", kwargs={"key": dataset.key})


def auto_entry(
    dataset: AutoDataset,
    *,
    themes: Mapping[str, Theme],
    counts: Mapping[tuple[str, str], int],
    modified: Mapping[str, dt.date | dt.datetime | None],
    with_count: bool = False,
    site: sites.CurrentSite | None = None,
) -> Entry | None:
    """The entry of an automatic dataset (as ``site`` shows it); None when none of its exports
    exists (an app whose URLs are not installed)."""
    distributions = []
    for export in dataset.distributions:
        try:
            target = reverse(export.url_name, kwargs=export.kwargs)
        except NoReverseMatch:
            continue
        fmt = export.format.upper()
        distributions.append(
            EntryDistribution(
                format=fmt,
                title=f"{dataset.title}（{fmt}）",
                media_type=MEDIA_TYPES.get(fmt, "application/octet-stream"),
                byte_size=None,  # generated on request: its size is not known beforehand
                download_url=reverse(
                    "opendata:auto_download", kwargs={"key": dataset.key, "fmt": fmt.lower()}
                ),
                access_url=target,
                downloads=counts.get((dataset.key, fmt), 0),
            )
        )
    if not distributions:
        return None
    publisher = _publisher(dataset, site)
    return Entry(
        identifier=dataset.key,
        automatic=True,
        title=str(dataset.title),
        description=str(dataset.description),
        theme=themes.get(dataset.theme),
        keywords=list(dataset.keywords),
        periodicity=dataset.periodicity,
        licence=Licence.CC_BY_4,
        publisher=publisher,
        url=auto_url(dataset),
        issued=None,
        modified=modified.get(dataset.key),
        spatial=dataset.spatial,
        contact_name=(publisher.office_name or publisher.name) if publisher else "",
        contact_email=publisher.office_email if publisher else "",
        contact_phone=publisher.office_phone if publisher else "",
        distributions=distributions,
        record_count=_record_count(dataset, site) if with_count else None,
    )


def _auto_counts(keys: Iterable[str]) -> dict[tuple[str, str], int]:
    return {
        (row.dataset_key, row.format): row.count
        for row in AutoDownload.objects.filter(dataset_key__in=list(keys))
    }


def _in_site(entry: Entry, site: sites.CurrentSite | None) -> bool:
    return site is None or entry.publisher is None or site.contains(entry.publisher)


def auto_entries(
    datasets: list[AutoDataset] | None = None,
    *,
    with_count: bool = False,
    site: sites.CurrentSite | None = None,
) -> list[Entry]:
    """The automatic datasets as ``site`` shows them: published by its root agency, with the
    last change of its own records (an export is the site's share, ``disclosure.exports``)."""
    datasets = registry.auto_datasets() if datasets is None else datasets
    if not datasets:
        return []
    themes = _themes_by_code()
    counts = _auto_counts(d.key for d in datasets)
    modified = figures.latest_changes(datasets, site=site)  # one query for them all
    found = (
        auto_entry(
            d, themes=themes, counts=counts, modified=modified, with_count=with_count, site=site
        )
        for d in datasets
    )
    return [entry for entry in found if entry is not None and _in_site(entry, site)]


def auto_dataset_entry(key: str, site: sites.CurrentSite | None = None) -> Entry | None:
    dataset = registry.get(key)
    if dataset is None:
        return None
    found = auto_entries([dataset], with_count=True, site=site)
    return found[0] if found else None


# --- The catalog list --------------------------------------------------------------------------


@dataclass(frozen=True)
class ListFilters:
    theme: str = ""
    publisher: str = ""
    format: str = ""
    q: str = ""

    @classmethod
    def from_query(
        cls, query: Mapping[str, str], *, site: sites.CurrentSite | None = None
    ) -> ListFilters:
        """The filters of ``query``, within ``site`` (a publisher outside it is ignored, as the
        catalog of documents ignores an agency outside the site)."""
        fmt = query.get("format", "").strip().upper()
        code = query.get("publisher", "").strip()[:32]
        publisher = agencies.agency_with_code(code) if code and site is not None else None
        if publisher is not None and site is not None and not site.contains(publisher):
            code = ""
        return cls(
            theme=query.get("theme", "").strip()[:40],
            publisher=code,
            format=fmt if fmt in Format.values else "",
            q=query.get("q", "").strip()[:100],
        )

    def as_query(self) -> dict[str, str]:
        return {"theme": self.theme, "publisher": self.publisher, "format": self.format,
                "q": self.q}  # fmt: skip


def _matches(entry: Entry, filters: ListFilters, publisher: Agency | None) -> bool:
    if filters.theme and (entry.theme is None or entry.theme.code != filters.theme):
        return False
    if filters.publisher and (
        publisher is None
        or entry.publisher is None
        or not entry.publisher.path.startswith(publisher.path)
    ):
        return False
    if filters.format and filters.format not in entry.formats:
        return False
    if filters.q:
        words = " ".join([entry.title, entry.description, *entry.keywords]).lower()
        return filters.q.lower() in words
    return True


def catalog(
    filters: ListFilters | None = None,
    *,
    automatic: list[Entry] | None = None,
    site: sites.CurrentSite | None = None,
) -> list[Entry]:
    """Every dataset of ``site``'s catalog that matches ``filters``, the latest change first
    (``automatic``: the site's automatic entries, when the caller has them already)."""
    filters = filters or ListFilters()
    datasets = sites.scope(published_datasets(), site)
    publisher = None
    if filters.theme:
        datasets = datasets.filter(theme__code=filters.theme)
    if filters.publisher:
        publisher = agencies.agency_with_code(filters.publisher)
        # A publisher's list holds its sub-agencies' datasets too.
        datasets = (
            datasets.filter(agency__path__startswith=publisher.path)
            if publisher
            else datasets.none()
        )
    if filters.format:
        current = DatasetVersion.objects.filter(
            dataset=OuterRef("pk"), status=Status.PUBLISHED, distributions__format=filters.format
        )
        datasets = datasets.filter(Exists(current))
    if filters.q:
        datasets = datasets.filter(
            Q(title__icontains=filters.q)
            | Q(description__icontains=filters.q)
            | Q(keywords__icontains=filters.q)
        )
    entries = [dataset_entry(dataset) for dataset in datasets]
    if filters.format:  # the current version's formats, as the list shows them
        entries = [entry for entry in entries if filters.format in entry.formats]
    automatic = auto_entries(site=site) if automatic is None else automatic
    entries += [e for e in automatic if _matches(e, filters, publisher)]
    return sorted(entries, key=lambda entry: entry.sort_key, reverse=True)


def publishers(
    automatic: list[Entry] | None = None, site: sites.CurrentSite | None = None
) -> list[Agency]:
    """The agencies that publish any dataset (within ``site``), in tree order."""
    published = Agency.objects.filter(pk__in=Dataset.objects.published().values("agency_id"))
    found = {agency.pk: agency for agency in sites.scope(published, site, field="")}
    for entry in auto_entries(site=site) if automatic is None else automatic:
        if entry.publisher is not None:
            found.setdefault(entry.publisher.pk, entry.publisher)
    return sorted(found.values(), key=lambda agency: agency.path)


def themes() -> QuerySet[Theme]:
    return Theme.objects.all()


def datasets_of(agency: Agency, site: sites.CurrentSite | None = None) -> list[Entry]:
    """The datasets an agency publishes itself (its column), the latest change first; with
    ``site``, the automatic ones as that site publishes them (by its root agency)."""
    entries = [dataset_entry(d) for d in published_datasets().filter(agency=agency)]
    entries += [
        e
        for e in auto_entries(site=site)
        if e.publisher is not None and e.publisher.pk == agency.pk
    ]
    return sorted(entries, key=lambda entry: entry.sort_key, reverse=True)
