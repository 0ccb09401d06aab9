"""Recording datasets and their versions: only drafts are edited, only by drafters of the
publishing agency; a version takes its dataset's agency; a distribution is a checked file or a
link to one of the portal's own exports, never an address elsewhere."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from opendata import registry, uploads
from opendata.models import Dataset, DatasetVersion, Distribution
from portal import access
from portal.models import StaffRole
from publishing import drafts
from publishing.drafts import check_drafter

# The portal's export URLs (the open-data downloads); the automatic datasets add theirs.
EXPORT_URL_NAMES = {"export", "export_agency"}


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


def dataset_save(*, dataset: Dataset, user: User) -> Dataset:
    """Create or update a draft dataset (nothing is saved when a check fails)."""

    def check(item: Dataset, user: User) -> None:
        check_drafter(item, user=user)
        check_dataset(item)

    return drafts.save_draft(dataset, user=user, check=check)


def check_version(version: DatasetVersion, *, user: User) -> None:
    if version.dataset_id is None:
        return
    version.agency_id = version.dataset.agency_id
    if not access.can_act(user, version.agency_id, StaffRole.Role.DRAFTER):
        raise ValidationError(
            {"dataset": _("You can only draft for an agency where you are a drafter.")}
        )
    version.version = version.version.strip()


def version_save(*, version: DatasetVersion, user: User) -> DatasetVersion:
    """Create or update a draft version of a dataset (nothing is saved when a check fails)."""
    return drafts.save_draft(
        version, user=user, check=lambda item, user: check_version(item, user=user)
    )


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
    drafts.lock_draft(DatasetVersion, version.pk)
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
