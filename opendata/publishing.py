"""Datasets and their versions in the shared review-and-publish workflow
(``publishing.workflow``). The public texts are screened for personal data and negative-list
keywords at approval (Art 15); for a version, the text of its data files too, since a file
with a column of ID or phone numbers is a leak like any page. The contact office's e-mail
address and phone are published on purpose and not screened."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.workflow import ScreenedTextPolicy
from opendata.datatext import data_text
from opendata.models import Dataset, DatasetVersion
from portal.search import indexing as search_indexing
from publishing.models import Status


class DatasetPolicy(ScreenedTextPolicy[Dataset]):
    def screened_texts(self, obj: Dataset) -> list[tuple[str, str]]:
        return [
            (_("title"), obj.title),
            (_("description"), obj.description),
            (_("keywords"), obj.keywords),
        ]

    def before_publish(self, obj: Dataset, user: User, options: dict[str, Any]) -> None:
        obj.issued = obj.issued or timezone.localdate()
        obj.modified_at = timezone.now()

    def after_change(self, obj: Dataset) -> None:
        # Published or withdrawn: the search index follows once the transaction commits.
        search_indexing.queue(obj)


class VersionPolicy(ScreenedTextPolicy[DatasetVersion]):
    def check_submit(self, obj: DatasetVersion) -> None:
        if not obj.distributions.exists():
            raise ValidationError(_("Add at least one file or export link to the version."))
        if obj.dataset.status == Status.WITHDRAWN:
            raise ValidationError(_("The dataset was withdrawn; it takes no new versions."))

    def screened_texts(self, obj: DatasetVersion) -> list[tuple[str, str]]:
        texts = [(_("version number"), obj.version), (_("what changed"), obj.change_note)]
        for distribution in obj.distributions.all():
            texts.append((str(distribution)[:120], data_text(distribution)))
        return [(location, text) for location, text in texts if text]

    def before_publish(self, obj: DatasetVersion, user: User, options: dict[str, Any]) -> None:
        # The dataset's last update is its newest release.
        Dataset.objects.filter(pk=obj.dataset_id).update(modified_at=timezone.now())

    def after_change(self, obj: DatasetVersion) -> None:
        search_indexing.queue(obj.dataset)
