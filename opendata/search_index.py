"""What the open-data catalog puts in the site search: published datasets, with their
description, keywords and publisher. (The portal's automatic datasets are not records of their
own; what they export is in the search already, as documents and decisions.)"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opendata.models import Dataset
from portal.search.registry import IndexDefinition, SearchFields


class DatasetIndex(IndexDefinition[Dataset]):
    key = "opendata_dataset"
    label = _("Open data")
    model = Dataset

    def queryset_to_index(self) -> QuerySet[Dataset]:
        return Dataset.objects.published().select_related("agency", "theme")

    def to_fields(self, obj: Dataset) -> SearchFields:
        modified = obj.modified_at or obj.published_at
        return SearchFields(
            title=obj.title,
            url=obj.get_absolute_url(),
            content="\n".join([obj.description, obj.spatial]),
            meta=" ".join([*obj.keyword_list, obj.theme.name, obj.contact_name]),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            genre=str(_("Dataset")),
            date=timezone.localdate(modified) if modified else None,
        )
