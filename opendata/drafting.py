"""Recording datasets and their versions: only drafts are edited, only by drafters of the
publishing agency; a version takes its dataset's agency; a distribution is a checked file or a
link to one of the portal's own exports, never an address elsewhere."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from opendata import registry, uploads
from opendata.models import Dataset, DatasetVersion, Distribution
from portal import access
from portal.models import StaffRole
from publishing.models import Publishable, Status
from publishing.workflow import record_event

# The portal's export URLs (the open-data downloads); the automatic datasets add theirs.
EXPORT_URL_NAMES = {"export", "export_agency"}


def check_drafter(obj: Publishable, *, user: User) -> None:
    if obj.agency_id and not access.can_act(user, obj.agency_id, StaffRole.Role.DRAFTER):
        raise ValidationError(
            {"agency": _("You can only draft for an agency where you are a drafter.")}
        )


def check_dataset(dataset: Dataset) -> None:
    errors: dict[str, str] = {}
    dataset.title = " ".join(dataset.title.split())
    dataset.keywords = "、".join(dataset.keyword_list)
    start, end = dataset.temporal_start, dataset.temporal_end
    if start and end and end < start:
        errors["temporal_end"] = _("The period covered cannot end before it starts.")
    if errors:
        raise ValidationError(errors)


def export_url_names() -> set[str]:
    names = set(EXPORT_URL_NAMES)
    for dataset in registry.auto_datasets():
        names |= {export.url_name for export in dataset.distributions}
    return names


def link_problem(link: str) -> str | None:
    """Why ``link`` is not the address of one of the portal's exports (None when it is)."""
    path = link.strip()
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return _("Give an address on this portal starting with /, e.g. /data/documents.csv.")
    try:
        match = resolve(path.split("?")[0].split("#")[0])
    except Resolver404:
        return _("There is no page at %(link)s on this portal.") % {"link": path}
    if match.url_name not in export_url_names():
        return _("%(link)s is not one of the portal's open-data exports.") % {"link": path}
    return None


def _lock_draft(model: type[models.Model], pk: int) -> None:
    current = model._default_manager.select_for_update().get(pk=pk)
    if current.status != Status.DRAFT:  # type: ignore[attr-defined]
        raise ValidationError(
            _("Only a draft can be edited; this one is “%(status)s”.")
            % {"status": current.get_status_display()}  # type: ignore[attr-defined]
        )


@transaction.atomic
def dataset_save(*, dataset: Dataset, user: User) -> Dataset:
    """Create or update a draft dataset (nothing is saved when a check fails)."""
    if dataset.pk:
        _lock_draft(Dataset, dataset.pk)
    check_drafter(dataset, user=user)
    check_dataset(dataset)
    creating = dataset.pk is None
    if creating and dataset.drafter_id is None:
        dataset.drafter = user
    dataset.save()
    if creating:
        record_event(document=dataset, user=user, action="create", to_status=Status.DRAFT)
    return dataset


def check_version(version: DatasetVersion, *, user: User) -> None:
    if version.dataset_id is None:
        return
    version.agency_id = version.dataset.agency_id
    if not access.can_act(user, version.agency_id, StaffRole.Role.DRAFTER):
        raise ValidationError(
            {"dataset": _("You can only draft for an agency where you are a drafter.")}
        )
    version.version = version.version.strip()


@transaction.atomic
def version_save(*, version: DatasetVersion, user: User) -> DatasetVersion:
    """Create or update a draft version of a dataset (nothing is saved when a check fails)."""
    if version.pk:
        _lock_draft(DatasetVersion, version.pk)
    check_version(version, user=user)
    creating = version.pk is None
    if creating and version.drafter_id is None:
        version.drafter = user
    version.save()
    if creating:
        record_event(document=version, user=user, action="create", to_status=Status.DRAFT)
    return version


@transaction.atomic
def distribution_add(
    *,
    version: DatasetVersion,
    user: User,
    fmt: str,
    upload: UploadedFile | None = None,
    link: str = "",
    title: str = "",
) -> Distribution:
    """Add a file (checked by content, ``uploads``) or a link to one of the portal's exports
    to a draft version (the admin's inline does the same through its form)."""
    _lock_draft(DatasetVersion, version.pk)
    if not access.can_act(user, version.agency_id, StaffRole.Role.DRAFTER):
        raise ValidationError(_("You can only draft for an agency where you are a drafter."))
    if (upload is None) == (not link):
        raise ValidationError(_("Give either a file or the address of a portal export."))
    distribution = Distribution(
        version_record=version, format=fmt, title=title, order=version.distributions.count()
    )
    if link:
        problem = link_problem(link)
        if problem:
            raise ValidationError({"link": problem})
        distribution.link = link.strip()
    else:
        assert upload is not None
        info = uploads.inspect_data_file(upload, fmt)
        distribution.original_name = info.original_name
        distribution.content_type = info.content_type
        distribution.size = info.size
        distribution.file.save(info.original_name, upload, save=False)
    distribution.save()
    return distribution
