"""Back office for the standard catalog (基层政务公开标准目录): its domains, the agencies' catalog
items, and spreadsheet import and export of the items (``disclosure.catalog_io``).

Staff see the items of the agencies where they hold any role (drafters file documents under
them); the disclosure office's publishers and head keep them (``catalog_io.CATALOG_ROLES``).
"""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from disclosure import catalog_io
from disclosure.models import CatalogDomain, CatalogItem, Channel
from portal import access
from portal.models import Agency
from portal.search.admin_mixins import QueueIndexUpdate

# Spreadsheets of a whole county catalog stay well below this.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# The problem report of a failed import can be downloaded for this long.
REPORT_TTL_SECONDS = 60 * 60
_REPORT_CACHE_KEY = "disclosure:catalog-import-report:{token}"


@admin.register(CatalogDomain)
class CatalogDomainAdmin(admin.ModelAdmin):
    """The pilot domains are shared seed data: every staff user may look, and changing them
    takes the model permissions (superusers, or users granted them)."""

    list_display = ["name", "slug", "order", "item_count"]
    list_editable = ["order"]
    ordering = ["order", "name"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[CatalogDomain]:
        return super().get_queryset(request).annotate(item_total=Count("items"))

    @admin.display(description=_("catalog items"), ordering="item_total")
    def item_count(self, obj: CatalogDomain) -> int:
        return obj.item_total  # type: ignore[attr-defined]  # annotated by get_queryset

    def has_view_permission(self, request: HttpRequest, obj: CatalogDomain | None = None) -> bool:
        return super().has_view_permission(request, obj) or bool(
            access.agency_ids_for(request.user)
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)


class CatalogItemForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("channels"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CatalogItem
        fields = [
            "agency",
            "domain",
            "item_level1",
            "item_level2",
            "order",
            "content",
            "legal_basis",
            "time_limit",
            "time_limit_workdays",
            "responsible",
            "channels",
            "audience",
            "mode",
            "level_county",
            "level_township",
        ]

    def clean_channels(self) -> list[str]:
        chosen = set(self.cleaned_data["channels"])
        return [value for value in Channel.values if value in chosen]


def _agency_field(agencies: QuerySet[Agency]) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(queryset=agencies, label=_("Agency"))
    if agencies.count() == 1:
        field.initial = agencies.first()
    return field


class CatalogImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "Excel (.xlsx) or CSV (UTF-8 or GBK) with the column headings of the standard "
            "catalog. Every row is checked first; if any row has a problem, nothing is imported."
        ),
        widget=forms.FileInput(attrs={"accept": ",".join(catalog_io.SUPPORTED_SUFFIXES)}),
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"agency": _agency_field(agencies), **self.fields}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB."),
                params={"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        return upload


class CatalogExportForm(forms.Form):
    domain = forms.ModelChoiceField(
        queryset=CatalogDomain.objects.all(),
        required=False,
        label=_("Domain"),
        empty_label=_("All domains"),
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xlsx", _("Excel (.xlsx)")), ("csv", _("CSV (UTF-8)"))],
        initial="xlsx",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"agency": _agency_field(agencies), **self.fields}


def _attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # Chinese file names need RFC 5987 (filename*=utf-8''...), with an ASCII fallback.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@admin.register(CatalogItem)
class CatalogItemAdmin(QueueIndexUpdate, admin.ModelAdmin):
    form = CatalogItemForm
    list_display = ["domain", "item_level1", "item_level2", "agency", "mode"]
    list_filter = ["domain", "mode", "audience"]
    list_select_related = ["domain", "agency"]
    search_fields = ["item_level1", "item_level2", "content", "responsible", "legal_basis"]
    fieldsets = [
        (None, {"fields": ["agency", "domain", "item_level1", "item_level2", "order"]}),
        (
            _("What is disclosed"),
            {
                "fields": [
                    "content",
                    "legal_basis",
                    "time_limit",
                    "time_limit_workdays",
                    "responsible",
                ]
            },
        ),
        (
            _("How it is disclosed"),
            {"fields": ["channels", "audience", "mode", "level_county", "level_township"]},
        ),
    ]

    # --- Access: through portal.access, never the model permissions ---

    def get_queryset(self, request: HttpRequest) -> QuerySet[CatalogItem]:
        return access.scope_queryset(super().get_queryset(request), request.user)

    def has_view_permission(self, request: HttpRequest, obj: CatalogItem | None = None) -> bool:
        if obj is None:
            return access.is_superuser(request.user) or bool(access.agency_ids_for(request.user))
        return access.is_staff_of(request.user, obj.agency_id)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.is_superuser(request.user) or bool(
            access.agency_ids_for(request.user, catalog_io.CATALOG_ROLES)
        )

    def has_change_permission(self, request: HttpRequest, obj: CatalogItem | None = None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return catalog_io.can_manage_catalog(request.user, obj.agency_id)

    def has_delete_permission(self, request: HttpRequest, obj: CatalogItem | None = None) -> bool:
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.name == "agency":
            kwargs["queryset"] = access.agencies_for(request.user, catalog_io.CATALOG_ROLES)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- Import and export ---

    def get_urls(self) -> list[URLPattern]:
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name=f"{name}_import"),
            path(
                "import/report/<str:token>/",
                wrap(self.import_report_view),
                name=f"{name}_import_report",
            ),
            path("export/", wrap(self.export_view), name=f"{name}_export"),
            *super().get_urls(),
        ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_import": self.has_add_permission(request)}
        return super().changelist_view(request, extra_context)

    def _url(self, view: str, *args: Any) -> str:
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}"
        return reverse(name, args=args, current_app=self.admin_site.name)

    def _render(self, request: HttpRequest, template: str, context: dict[str, Any]) -> Any:
        context = {**self.admin_site.each_context(request), "opts": self.opts, **context}
        return TemplateResponse(request, f"admin/disclosure/catalogitem/{template}", context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        agencies = access.agencies_for(request.user, catalog_io.CATALOG_ROLES)
        report, report_url, problem_summary = None, None, ""
        if request.method == "POST":
            form = CatalogImportForm(request.POST, request.FILES, agencies=agencies)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                report = catalog_io.catalog_import(
                    agency=form.cleaned_data["agency"],
                    user=request.user,
                    filename=upload.name,
                    content=upload.read(),
                )
                if report.imported:
                    self.message_user(
                        request,
                        gettext("Imported %(rows)d rows: %(created)d new, %(updated)d updated.")
                        % {
                            "rows": len(report.outcomes),
                            "created": report.created,
                            "updated": report.updated,
                        },
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(self._url("changelist"))
                report_url = self._keep_report(request, report)
                problem_summary = ngettext(
                    "Nothing was imported: %(count)d problem was found. Correct it and upload "
                    "the file again.",
                    "Nothing was imported: %(count)d problems were found. Correct them and "
                    "upload the file again.",
                    len(report.errors),
                ) % {"count": len(report.errors)}
        else:
            form = CatalogImportForm(agencies=agencies)
        return self._render(
            request,
            "import.html",
            {
                "title": _("Import catalog items"),
                "form": form,
                "report": report,
                "report_url": report_url,
                "problem_summary": problem_summary,
                "headings": catalog_io.HEADINGS,
                "required_headings": catalog_io.REQUIRED_HEADINGS,
                "channel_names": list(catalog_io.CHANNEL_NAMES.values()),
            },
        )

    def _keep_report(self, request: HttpRequest, report: catalog_io.ImportReport) -> str:
        """Keep the problem report for download, for the user who uploaded the file only."""
        token = secrets.token_urlsafe(16)
        cache.set(
            _REPORT_CACHE_KEY.format(token=token),
            {"user": request.user.pk, "content": catalog_io.report_xlsx(report)},
            REPORT_TTL_SECONDS,
        )
        return self._url("import_report", token)

    def import_report_view(self, request: HttpRequest, token: str) -> HttpResponse:
        kept = cache.get(_REPORT_CACHE_KEY.format(token=token))
        if not kept or kept["user"] != request.user.pk:
            raise Http404(gettext("The report has expired; upload the file again."))
        return _attachment(
            kept["content"],
            content_type=catalog_io.XLSX_CONTENT_TYPE,
            filename=f"导入问题报告-{timezone.localdate():%Y%m%d}.xlsx",
        )

    def export_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = CatalogExportForm(request.GET or None, agencies=access.agencies_for(request.user))
        if not form.is_valid():
            return self._render(
                request, "export.html", {"title": _("Export catalog items"), "form": form}
            )
        agency = form.cleaned_data["agency"]
        items = self.get_queryset(request).filter(agency=agency)
        if form.cleaned_data["domain"]:
            items = items.filter(domain=form.cleaned_data["domain"])
        file_format = form.cleaned_data["file_format"]
        if file_format == "csv":
            content, content_type = catalog_io.export_csv(items), catalog_io.CSV_CONTENT_TYPE
        else:
            content, content_type = catalog_io.export_xlsx(items), catalog_io.XLSX_CONTENT_TYPE
        filename = f"公开目录-{agency.code}-{timezone.localdate():%Y%m%d}.{file_format}"
        return _attachment(content, content_type=content_type, filename=filename)
