"""The back office of the open-data catalog: datasets (the DCAT description) and their
versions (each release of data with its files or export links), both scoped to the user's
agencies (``opendata.access``) and moved through the shared workflow (``publishing.admin``).
Files are checked by content on upload (``opendata.uploads``); a version's files are frozen
once it leaves draft, so what was reviewed is what is published."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opendata import access as opendata_access
from opendata import drafting, selectors, uploads
from opendata.models import (
    Dataset,
    DatasetEvent,
    DatasetVersion,
    Distribution,
    Theme,
    VersionEvent,
)
from portal import access
from portal.models import StaffRole
from portal.typed import StaffRequest
from publishing.admin import (
    AuditTrailInline,
    DraftingAdminMixin,
    DraftOnlyInline,
    ScreenedReviewForm,
)
from publishing.models import Status

Role = StaffRole.Role


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "eu_theme", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]


class DatasetForm(forms.ModelForm):
    user: Any = None  # set per request by DraftingAdminMixin.get_form

    class Meta:
        model = Dataset
        fields = ["agency", "title", "description", "theme", "keywords", "periodicity",
                  "licence", "temporal_start", "temporal_end", "spatial", "issued",
                  "contact_name", "contact_email", "contact_phone"]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 6, "class": "vLargeTextField"})}

    # _post_clean and _update_errors: Django's private form API, not in the stubs.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            drafting.check_drafter(self.instance, user=self.user)
            drafting.check_dataset(self.instance)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class DatasetEventInline(AuditTrailInline):
    model = DatasetEvent


class VersionLinkInline(admin.TabularInline):
    """The dataset's versions, read-only: each is drafted and reviewed on its own page."""

    model = DatasetVersion
    fields = ["version", "released_on", "status", "published_at"]
    readonly_fields = ["version", "released_on", "status", "published_at"]
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = gettext_lazy("Versions (add one with “Add dataset version”)")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


class _ScopedWorkflowAdmin(DraftingAdminMixin, admin.ModelAdmin):
    change_form_template = "admin/publishing/change_form.html"
    preview_template = "opendata/dataset_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}


@admin.register(Dataset)
class DatasetAdmin(_ScopedWorkflowAdmin):
    form = DatasetForm
    inlines = [VersionLinkInline, DatasetEventInline]
    list_display = ["title", "theme", "agency", "status", "modified_at"]
    list_filter = ["status", "theme", "periodicity"]
    search_fields = ["title", "keywords"]
    list_select_related = ["agency", "theme"]
    readonly_fields = ["status", "published_at", "modified_at", "drafter", "reviewer",
                       "publisher", "review_result", "review_notes"]  # fmt: skip

    def get_fieldsets(self, request: HttpRequest, obj: Dataset | None = None) -> Any:
        main: list[Any] = [
            (None, {"fields": ["agency", "title", "description", "theme", "keywords"]}),
            (gettext_lazy("Coverage and updates"),
             {"fields": ["periodicity", "temporal_start", "temporal_end", "spatial", "issued",
                         "licence"]}),
            (gettext_lazy("Contact point"),
             {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        ]  # fmt: skip
        if obj is not None:
            record = ["status", "published_at", "modified_at", "drafter", "reviewer",
                      "publisher", "review_result", "review_notes"]  # fmt: skip
            main.insert(0, (gettext_lazy("Record"), {"fields": record}))
        return main

    def get_queryset(self, request: HttpRequest) -> QuerySet[Dataset]:
        return opendata_access.dataset_queryset_for(request.user).select_related("agency", "theme")

    def save_draft(
        self, request: StaffRequest, obj: Dataset, form: forms.ModelForm[Dataset]
    ) -> None:
        drafting.dataset_save(dataset=obj, user=request.user)

    def get_workflow_object(self, request: HttpRequest, pk: int) -> Dataset:
        return opendata_access.get_dataset_for(request.user, pk)

    def preview_context(self, request: HttpRequest, obj: Dataset) -> dict[str, Any]:
        return {"entry": selectors.dataset_entry(obj), "preview_status": obj.get_status_display()}


# --- Versions and their files ------------------------------------------------------------------


class DistributionForm(forms.ModelForm):
    class Meta:
        model = Distribution
        fields = ["format", "file", "link", "title", "order"]

    info: Any = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload, link = cleaned.get("file"), (cleaned.get("link") or "").strip()
        fmt = cleaned.get("format", "")
        if bool(upload) == bool(link):
            raise ValidationError(_("Give either a file or the address of a portal export."))
        if link:
            problem = drafting.link_problem(link)
            if problem:
                self.add_error("link", problem)
            cleaned["link"] = link
        elif upload and ("file" in self.changed_data or "format" in self.changed_data):
            try:
                # By content, as every upload: the format chosen must be the file's.
                self.info = uploads.inspect_data_file(upload, fmt)
            except ValidationError as error:
                self.add_error("file", error)
        return cleaned

    def save(self, commit: bool = True) -> Distribution:
        instance = super().save(commit=False)
        if instance.link:
            instance.original_name, instance.content_type, instance.size = "", "", 0
        elif self.info is not None:
            instance.original_name = self.info.original_name
            instance.content_type = self.info.content_type
            instance.size = self.info.size
        if commit:
            instance.save()
        return instance


class DistributionInline(DraftOnlyInline):
    model = Distribution
    form = DistributionForm
    fields = ["format", "file", "link", "title", "order", "size", "downloads"]
    readonly_fields = ["size", "downloads"]


class VersionEventInline(AuditTrailInline):
    model = VersionEvent


class VersionForm(forms.ModelForm):
    user: Any = None  # set per request by DraftingAdminMixin.get_form

    class Meta:
        model = DatasetVersion
        fields = ["dataset", "version", "released_on", "change_note"]
        widgets = {"change_note": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"})}

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            drafting.check_version(self.instance, user=self.user)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


@admin.register(DatasetVersion)
class DatasetVersionAdmin(_ScopedWorkflowAdmin):
    form = VersionForm
    inlines = [DistributionInline, VersionEventInline]
    list_display = ["__str__", "released_on", "agency", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["dataset__title", "version"]
    list_select_related = ["dataset", "agency"]
    readonly_fields = ["status", "published_at", "drafter", "reviewer", "publisher",
                       "review_result", "review_notes"]  # fmt: skip

    def get_fields(self, request: HttpRequest, obj: DatasetVersion | None = None) -> Any:
        fields = ["dataset", "version", "released_on", "change_note"]
        return fields if obj is None else [*fields, *self.readonly_fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DatasetVersion]:
        return opendata_access.version_queryset_for(request.user).select_related(
            "dataset", "agency"
        )

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "dataset":
            # Datasets of the user's agencies that still take versions.
            agencies = access.agencies_for(request.user, [Role.DRAFTER])
            kwargs["queryset"] = Dataset.objects.filter(agency__in=agencies).exclude(
                status=Status.WITHDRAWN
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_draft(
        self, request: StaffRequest, obj: DatasetVersion, form: forms.ModelForm[DatasetVersion]
    ) -> None:
        drafting.version_save(version=obj, user=request.user)

    def get_workflow_object(self, request: HttpRequest, pk: int) -> DatasetVersion:
        return opendata_access.get_version_for(request.user, pk)

    def preview_context(self, request: HttpRequest, obj: DatasetVersion) -> dict[str, Any]:
        """The dataset's page with this version as it will be released (and the versions
        already public)."""
        entry = selectors.dataset_entry(obj.dataset)
        public = _public_ids(obj)
        versions = [v for v in entry.versions if v.pk == obj.pk or v.pk in public]
        entry = replace(
            entry,
            versions=versions,
            distributions=versions[0].distributions if versions else [],
        )
        return {"entry": entry, "preview_status": obj.get_status_display()}


def _public_ids(version: DatasetVersion) -> set[int]:
    return set(
        DatasetVersion.objects.filter(
            dataset=version.dataset_id, status=Status.PUBLISHED
        ).values_list("pk", flat=True)
    )
