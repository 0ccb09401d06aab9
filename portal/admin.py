"""The staff back office: branding, agencies, staff roles and the working-day calendar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import ManyToManyField, QuerySet
from django.forms import BaseInlineFormSet, ModelMultipleChoiceField
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from portal import access, agencies, site_identity, sites, workdays
from portal.models import (
    Agency,
    CalendarDay,
    CalendarYear,
    Site,
    SiteHost,
    SiteIdentity,
    StaffRole,
)
from portal.permission_labels import PermissionChoiceField
from portal.site_blocks import HOME_MODULES, NAVIGATION

admin.site.site_header = _("Government information disclosure · staff back office")
admin.site.site_title = _("Disclosure back office")
admin.site.index_title = _("Work for your agency")

if TYPE_CHECKING:
    # movenodeform_factory builds a subclass of treebeard's MoveNodeForm for the model.
    from treebeard.forms import MoveNodeForm as _AgencyBaseForm
else:
    _AgencyBaseForm = movenodeform_factory(Agency, exclude=["path", "depth", "numchild"])


class AgencyForm(_AgencyBaseForm):
    """The superuser's form: every field, and the agency's place in the tree."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        reference = cleaned.get("treebeard_ref_node")
        level = cleaned.get("level")
        if level:
            if reference is not None and cleaned.get("treebeard_position") in {"left", "right"}:
                # A sibling of the reference node: its parent becomes ours.
                reference = Agency.objects.get_parent(reference)
            try:
                agencies.check_level(parent=reference, level=level)
            except forms.ValidationError as error:
                self.add_error("level", error.messages)
        return cleaned


# Art 20(二): what the agency publishes about itself.
PROFILE_FIELDS = ["functions", "structure", "address", "hours", "phone", "head"]
CONTACT_FIELDS = [
    "office_name",
    "office_address",
    "office_postcode",
    "office_hours",
    "office_phone",
    "office_fax",
    "office_email",
    "office_website",
]


class AgencyContactsForm(forms.ModelForm):
    """An office head's form: the contacts and the guide, never the tree (a tree form with its
    position fields left out would move the agency to the top)."""

    class Meta:
        model = Agency
        fields = [*PROFILE_FIELDS, *CONTACT_FIELDS, "disclosure_guide", "guide_updated_on"]


@admin.register(Agency)
class AgencyAdmin(TreeAdmin):
    form = AgencyForm
    list_display = ["name", "code", "level", "kind", "is_active"]
    list_filter = ["level", "kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "code", "level", "kind", "is_active"]}),
        (
            _("Information requests (Art 27)"),
            {"fields": ["takes_applications", "applications_elsewhere"]},
        ),
        (_("Agency profile (Art 20(二))"), {"fields": PROFILE_FIELDS}),
        (
            _("Disclosure office (Art 12, Art 28)"),
            {"fields": CONTACT_FIELDS},
        ),
        (_("Disclosure guide"), {"fields": ["disclosure_guide", "guide_updated_on"]}),
        (_("Position in the tree"), {"fields": ["treebeard_position", "treebeard_ref_node"]}),
    ]

    # Agencies are public, so every staff user may look; only the agency's office head edits
    # its contacts and guide, and only superusers change the tree itself.
    def has_view_permission(self, request: HttpRequest, obj: Agency | None = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_change_permission(self, request: HttpRequest, obj: Agency | None = None) -> bool:
        if access.is_superuser(request.user):
            return True
        if obj is None:
            return bool(access.agency_ids_for(request.user, [StaffRole.Role.OFFICE_HEAD]))
        return access.can_act(request.user, obj, StaffRole.Role.OFFICE_HEAD)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.is_superuser(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Agency | None = None) -> bool:
        return access.is_superuser(request.user)

    def save_model(
        self, request: HttpRequest, obj: Agency, form: forms.ModelForm[Agency], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        agencies.agency_changed()

    def delete_model(self, request: HttpRequest, obj: Agency) -> None:
        super().delete_model(request, obj)
        agencies.agency_changed()

    def move_node(self, request: HttpRequest) -> HttpResponse:
        # treebeard lets anyone who may change the node move it: that is every office head for
        # their own agency, and its place decides who reviews its answers and whose
        # annual figures include it.
        if not access.is_superuser(request.user):
            raise PermissionDenied
        response = super().move_node(request)
        agencies.agency_changed()
        return response

    def get_readonly_fields(self, request: HttpRequest, obj: Agency | None = None) -> list:
        if access.is_superuser(request.user):
            return []
        return ["name", "short_name", "code", "level", "kind", "is_active", "takes_applications",
                "applications_elsewhere"]  # fmt: skip

    def get_fieldsets(self, request: HttpRequest, obj: Agency | None = None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if access.is_superuser(request.user):
            return fieldsets
        return [fs for fs in fieldsets if "treebeard_position" not in fs[1]["fields"]]

    def get_form(
        self, request: HttpRequest, obj: Agency | None = None, **kwargs: Any
    ) -> type[forms.ModelForm[Agency]]:
        if not access.is_superuser(request.user):
            kwargs["form"] = AgencyContactsForm
        return super().get_form(request, obj, **kwargs)


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 1
    autocomplete_fields = ["agency"]


def _labelled_permissions(
    db_field: ManyToManyField[Any, Any], kwargs: dict[str, Any]
) -> dict[str, Any]:
    """The permissions field of a user or group, its choices labelled in the staff's language
    (portal.permission_labels: Django stores the names in English)."""
    if db_field.name in ("permissions", "user_permissions"):
        kwargs["form_class"] = PermissionChoiceField
        queryset = kwargs.get("queryset", db_field.remote_field.model._default_manager.all())
        kwargs["queryset"] = queryset.select_related("content_type")
    return kwargs


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(Group)
class StaffGroupAdmin(GroupAdmin):
    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest | None = None, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        kwargs = _labelled_permissions(db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffRoleInline]
    list_display = ["username", "first_name", "last_name", "is_staff", "is_active"]

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        kwargs = _labelled_permissions(db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(
        self,
        request: HttpRequest,
        form: forms.ModelForm[Any],
        formsets: list[BaseInlineFormSet[Any, Any, Any]],
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        access.forget_roles(form.instance)


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "agency__name", "agency__code"]
    autocomplete_fields = ["user", "agency"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Every change goes through the calendar's services, which recompute the stored dates
    (answer, correction, fee, consultation and publication dues) in the same transaction."""

    list_display = ["date", "is_workday", "name", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"
    search_fields = ["name", "note"]

    def save_model(
        self,
        request: HttpRequest,
        obj: CalendarDay,
        form: forms.ModelForm[CalendarDay],
        change: bool,
    ) -> None:
        workdays.calendar_day_save(day=obj)

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        workdays.calendar_day_delete(days=[obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        workdays.calendar_day_delete(days=list(queryset))


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """A year marked as entered: its days are the rows entered for it (import-year), Monday to
    Friday otherwise. Adding or removing one moves stored dates, through the services."""

    list_display = ["year", "source", "imported_at"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: CalendarYear | None = None
    ) -> list[str]:
        return ["year"] if obj is not None else []

    def save_model(
        self,
        request: HttpRequest,
        obj: CalendarYear,
        form: forms.ModelForm[CalendarYear],
        change: bool,
    ) -> None:
        workdays.calendar_year_save(entry=obj)

    def delete_model(self, request: HttpRequest, obj: CalendarYear) -> None:
        workdays.calendar_year_remove(year=obj.year)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for entry in queryset:
            workdays.calendar_year_remove(year=entry.year)


# The footer identity (政府网站发展指引), on the single site's SiteIdentity and on each Site.
IDENTITY_FIELDS = [
    "host",
    "organizer",
    "site_code",
    "icp_number",
    "police_number",
    "badge",
    "badge_url",
    "error_report_url",
]


class BadgeFieldMixin(forms.ModelForm):
    """The 党政机关标识 badge of a site's footer: a picture recognised by its content
    (``site_identity.check_badge``), whose type is kept for serving it."""

    def clean_badge(self) -> Any:
        badge = self.cleaned_data.get("badge")
        if isinstance(badge, UploadedFile):
            self.instance.badge_content_type = site_identity.check_badge(badge)
        elif not badge:
            self.instance.badge_content_type = ""
        return badge


class SiteIdentityForm(BadgeFieldMixin):
    class Meta:
        model = SiteIdentity
        fields = IDENTITY_FIELDS


@admin.register(SiteIdentity)
class SiteIdentityAdmin(admin.ModelAdmin):
    """One page, for the site's operators only: the list goes straight to the one row."""

    form = SiteIdentityForm

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.can_operate_site(request.user)

    def has_view_permission(self, request: HttpRequest, obj: SiteIdentity | None = None) -> bool:
        return access.can_operate_site(request.user)

    def has_change_permission(self, request: HttpRequest, obj: SiteIdentity | None = None) -> bool:
        return access.can_operate_site(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SiteIdentity | None = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        row = site_identity.stored()
        return HttpResponseRedirect(reverse("admin:portal_siteidentity_change", args=[row.pk]))

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if self.has_change_permission(request):
            site_identity.stored()  # the one row exists before its first edit
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(
        self, request: HttpRequest, obj: SiteIdentity, form: forms.ModelForm, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        site_identity.site_identity_changed()


# --- The site group (portal.sites) ------------------------------------------------------------


class SiteHostFormSet(BaseInlineFormSet):
    """A site's host names: at least one, exactly one of them canonical."""

    def clean(self) -> None:
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not kept:
            raise forms.ValidationError(_("A site needs at least one host name."))
        if sum(1 for row in kept if row.get("is_canonical")) != 1:
            raise forms.ValidationError(_("Mark exactly one host name as canonical."))


class SiteHostInline(admin.TabularInline):
    model = SiteHost
    formset = SiteHostFormSet
    extra = 1
    fields = ["host", "is_canonical"]

    # Host names decide what a request sees: only platform operators change them.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_manage_sites(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_manage_sites(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_manage_sites(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or access.can_edit_site(request.user, obj)


class SiteForm(BadgeFieldMixin):
    navigation = forms.MultipleChoiceField(
        label=_("navigation entries"),
        choices=NAVIGATION,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all of them."),
    )
    home_modules = forms.MultipleChoiceField(
        label=_("home page modules"),
        choices=HOME_MODULES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all of them."),
    )

    class Meta:
        model = Site
        fields = [
            "name",
            "root_agency",
            "is_active",
            "theme",
            "logo",
            "navigation",
            "home_modules",
            *IDENTITY_FIELDS,
        ]

    def clean_logo(self) -> Any:
        # The same checks as the badge: a small PNG, JPG or GIF, recognised by its content.
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            self.instance.logo_content_type = site_identity.check_badge(logo)
        elif not logo:
            self.instance.logo_content_type = ""
        return logo


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    """Platform operators manage every site; an agency's office head and publishers edit the
    settings of their agency's site (not its root, its hosts or whether it is active)."""

    form = SiteForm
    inlines = [SiteHostInline]
    list_display = ["name", "root_agency", "canonical_host", "theme", "is_active"]
    list_select_related = ["root_agency"]

    @admin.display(description=_("canonical host"))
    def canonical_host(self, obj: Site) -> str:
        return next((h.host for h in obj.hosts.all() if h.is_canonical), "")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Site]:
        return access.sites_for(request.user).prefetch_related("hosts")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.sites_for(request.user).exists()

    def has_view_permission(self, request: HttpRequest, obj: Site | None = None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        return access.can_edit_site(request.user, obj)

    def has_change_permission(self, request: HttpRequest, obj: Site | None = None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.can_manage_sites(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Site | None = None) -> bool:
        return access.can_manage_sites(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: Site | None = None) -> list[str]:
        if access.can_manage_sites(request.user):
            return []
        return ["root_agency", "is_active"]

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        sites.site_changed()

    def delete_model(self, request: HttpRequest, obj: Site) -> None:
        super().delete_model(request, obj)
        sites.site_changed()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Site]) -> None:
        # The changelist's "delete selected": the host table must forget them too.
        super().delete_queryset(request, queryset)
        sites.site_changed()
