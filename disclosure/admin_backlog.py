"""Back office for historical documents (历史文件): the bulk import (a spreadsheet and a ZIP of
files, ``disclosure.backlog.importer``) and the batches it makes, which a reviewer approves and
a publisher publishes as a whole (``disclosure.backlog.batches``).

Staff see the batches of the agencies where they hold a role; importing takes the drafter role,
approving the reviewer's, publishing the publisher's, each in the batch's agency.
"""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from disclosure.backlog import batches, importer, layout
from disclosure.catalog_io import SUPPORTED_SUFFIXES, XLSX_CONTENT_TYPE
from disclosure.catalog_io.export import _xlsx_bytes
from disclosure.models import ImportBatch
from portal import access
from portal.models import Agency, StaffRole
from publishing.admin import error_text
from publishing.models import ReviewResult, Status

Role = StaffRole.Role
MB = 1024 * 1024
SPREADSHEET_MAX_BYTES = 10 * MB
REPORT_TTL_SECONDS = 60 * 60
_REPORT_CACHE_KEY = "disclosure:backlog-import-report:{token}"


class BacklogImportForm(forms.Form):
    spreadsheet = forms.FileField(
        label=_("Spreadsheet of the documents"),
        help_text=_(
            "Excel (.xlsx) or CSV (UTF-8 or GBK), one row per document, with the column "
            "headings listed below."
        ),
        widget=forms.FileInput(attrs={"accept": ",".join(SUPPORTED_SUFFIXES)}),
    )
    archive = forms.FileField(
        label=_("ZIP archive of the files"),
        help_text=_(
            "The files named in the 文件名 column: PDF, OFD, DOC, DOCX, JPG, PNG or TIFF. "
            "Every file must belong to a row and every row's files must be in the archive; "
            "if anything does not match, nothing is imported."
        ),
        widget=forms.FileInput(attrs={"accept": ".zip"}),
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = forms.ModelChoiceField(queryset=agencies, label=_("Agency"))
        if agencies.count() == 1:
            field.initial = agencies.first()
        self.fields = {"agency": field, **self.fields}

    def clean_spreadsheet(self) -> Any:
        upload = self.cleaned_data["spreadsheet"]
        if upload.size > SPREADSHEET_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB."),
                params={"size": SPREADSHEET_MAX_BYTES // MB},
            )
        return upload

    def clean_archive(self) -> Any:
        upload = self.cleaned_data["archive"]
        limit = settings.DISCLOSURE_BACKLOG_MAX_ARCHIVE_MB * MB
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB."), params={"size": limit // MB}
            )
        return upload


class BatchApproveForm(forms.Form):
    review_result = forms.ChoiceField(
        label=_("Confidentiality review result (for every document)"),
        choices=[
            ("", "---------"),
            (ReviewResult.CLEAR, ReviewResult.CLEAR.label),
            (ReviewResult.REDACTED, ReviewResult.REDACTED.label),
        ],
    )
    review_notes = forms.CharField(
        label=_("Review notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=_("I have reviewed every document listed above and approve them all."),
    )


class BatchPublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Publish every approved document listed above, with its own publication date."),
    )


def report_xlsx(report: layout.BacklogReport) -> bytes:
    """The problems by row and column, then each row's result, as a spreadsheet."""
    rows: list[list[Any]] = [
        [error.row, error.column, error.value, error.message] for error in report.errors
    ]
    rows += [
        [result.row, "", result.title, "；".join(result.problems) or "可以导入"]
        for result in report.rows
        if not result.problems
    ]
    return _xlsx_bytes("导入报告", ["行号", "列", "内容", "问题"], rows, (8, 14, 40, 80))


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "agency", "created_by", "created_at", "document_count",
                    "waiting_for", "approved_at", "published_at"]  # fmt: skip
    list_select_related = ["agency", "created_by"]
    readonly_fields = ["agency", "spreadsheet_name", "archive_name", "created_by", "created_at",
                       "approved_by", "approved_at", "published_by", "published_at"]  # fmt: skip
    fields = ["agency", "spreadsheet_name", "archive_name", "created_by", "created_at",
              "approved_by", "approved_at", "published_by", "published_at"]  # fmt: skip
    change_list_template = "admin/disclosure/importbatch/change_list.html"
    change_form_template = "admin/disclosure/importbatch/change_form.html"

    # --- Access: the batches of the user's agencies; rows come from the import only ---

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportBatch]:
        return access.scope_queryset(super().get_queryset(request), request.user).annotate(
            document_total=Count("documents"),
            in_review=Count("documents", filter=Q(documents__status=Status.IN_REVIEW)),
            approved=Count("documents", filter=Q(documents__status=Status.APPROVED)),
        )

    def has_view_permission(self, request: HttpRequest, obj: ImportBatch | None = None) -> bool:
        if obj is None:
            return access.is_superuser(request.user) or bool(access.agency_ids_for(request.user))
        return access.is_staff_of(request.user, obj.agency_id)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a batch is made by the import page

    def has_change_permission(self, request: HttpRequest, obj: ImportBatch | None = None) -> bool:
        return False  # its documents change through the workflow

    def has_delete_permission(self, request: HttpRequest, obj: ImportBatch | None = None) -> bool:
        return False  # its documents keep it as their provenance

    def can_import(self, request: HttpRequest) -> bool:
        return access.is_superuser(request.user) or bool(
            access.agency_ids_for(request.user, [Role.DRAFTER])
        )

    @admin.display(description=_("documents"), ordering="document_total")
    def document_count(self, obj: ImportBatch) -> int:
        return obj.document_total  # type: ignore[attr-defined]  # annotated by get_queryset

    @admin.display(description=_("waiting for"))
    def waiting_for(self, obj: ImportBatch) -> str:
        if obj.in_review:  # type: ignore[attr-defined]
            return gettext("approval (%(count)d)") % {"count": obj.in_review}  # type: ignore[attr-defined]
        if obj.approved:  # type: ignore[attr-defined]
            return gettext("publication (%(count)d)") % {"count": obj.approved}  # type: ignore[attr-defined]
        return "—"

    # --- Pages ---

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
            path("<int:pk>/review/", wrap(self.review_view), name=f"{name}_review"),
            *super().get_urls(),
        ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_import": self.can_import(request)}
        return super().changelist_view(request, extra_context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "review_url": reverse("admin:disclosure_importbatch_review", args=[object_id])
            if object_id.isdigit()
            else "",
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _render(self, request: HttpRequest, template: str, context: dict[str, Any]) -> Any:
        context = {**self.admin_site.each_context(request), "opts": self.opts, **context}
        return TemplateResponse(request, f"admin/disclosure/importbatch/{template}", context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.can_import(request):
            raise PermissionDenied
        assert isinstance(request.user, User)  # the admin lets only signed-in staff in
        agencies = access.agencies_for(request.user, [Role.DRAFTER])
        report, report_url, summary = None, "", ""
        if request.method == "POST":
            form = BacklogImportForm(request.POST, request.FILES, agencies=agencies)
            if form.is_valid():
                spreadsheet = form.cleaned_data["spreadsheet"]
                archive = form.cleaned_data["archive"]
                report = importer.backlog_import(
                    agency=form.cleaned_data["agency"],
                    user=request.user,
                    spreadsheet_name=spreadsheet.name,
                    spreadsheet=spreadsheet.read(),
                    archive_name=archive.name,
                    archive=archive,
                )
                if report.imported:
                    self.message_user(
                        request,
                        ngettext(
                            "Imported %(count)d document; it is submitted for review as one batch.",
                            "Imported %(count)d documents; they are submitted for review as one "
                            "batch.",
                            len(report.rows),
                        )
                        % {"count": len(report.rows)},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:disclosure_importbatch_review", args=[report.batch_id])
                    )
                report_url = self._keep_report(request, report)
                summary = ngettext(
                    "Nothing was imported: %(count)d problem was found. Correct it and upload "
                    "the files again.",
                    "Nothing was imported: %(count)d problems were found. Correct them and "
                    "upload the files again.",
                    len(report.errors),
                ) % {"count": len(report.errors)}
        else:
            form = BacklogImportForm(agencies=agencies)
        return self._render(
            request,
            "import.html",
            {
                "title": _("Import historical documents"),
                "form": form,
                "report": report,
                "report_url": report_url,
                "problem_summary": summary,
                "columns": layout.COLUMNS,
                "accepted": layout.ACCEPTED_NAMES,
            },
        )

    def _keep_report(self, request: HttpRequest, report: layout.BacklogReport) -> str:
        """Keep the problem report for download, for the user who uploaded the files only."""
        token = secrets.token_urlsafe(16)
        cache.set(
            _REPORT_CACHE_KEY.format(token=token),
            {"user": request.user.pk, "content": report_xlsx(report)},
            REPORT_TTL_SECONDS,
        )
        return reverse("admin:disclosure_importbatch_import_report", args=[token])

    def import_report_view(self, request: HttpRequest, token: str) -> HttpResponse:
        kept = cache.get(_REPORT_CACHE_KEY.format(token=token))
        if not kept or kept["user"] != request.user.pk:
            raise Http404(gettext("The report has expired; upload the file again."))
        response = HttpResponse(kept["content"], content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(
            True, f"历史文件导入问题报告-{timezone.localdate():%Y%m%d}.xlsx"
        )
        return response

    def review_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The confirmation page of a batch: its documents with their screening, and the step
        it waits for (approval, then publication) for the whole batch at once."""
        batch = self.get_queryset(request).filter(pk=pk).first()
        if batch is None:
            raise Http404
        assert isinstance(request.user, User)  # the admin lets only signed-in staff in
        step = batches.next_step(batch)
        role = batches.STEPS[step][1] if step else None
        may_act = role is not None and access.can_act(request.user, batch.agency_id, role)
        form_class = BatchApproveForm if step == batches.APPROVE else BatchPublishForm
        form: forms.Form | None = None
        refusals: list[tuple[Any, list[str]]] = []
        if may_act:
            form = form_class(request.POST if request.method == "POST" else None)
            if request.method == "POST" and form.is_valid():
                try:
                    if step == batches.APPROVE:
                        count = batches.batch_approve(
                            batch=batch,
                            user=request.user,
                            review_result=form.cleaned_data["review_result"],
                            review_notes=form.cleaned_data["review_notes"],
                        )
                        done = ngettext(
                            "Approved %(count)d document of the batch.",
                            "Approved %(count)d documents of the batch.",
                            count,
                        )
                    else:
                        count = batches.batch_publish(batch=batch, user=request.user)
                        done = ngettext(
                            "Published %(count)d document of the batch.",
                            "Published %(count)d documents of the batch.",
                            count,
                        )
                except batches.BatchRefused as refused:
                    messages.error(request, error_text(refused))
                    refusals = refused.refusals
                except (ValidationError, PermissionDenied) as error:
                    messages.error(request, error_text(error))
                else:
                    messages.success(request, done % {"count": count})
                    return HttpResponseRedirect(request.path)
        elif request.method == "POST":
            raise PermissionDenied
        checks = batches.batch_check(batch, request.user, step)
        blocked = [check for check in checks if check.problems]
        context = {
            "title": gettext("Historical import batch %(batch)s") % {"batch": batch},
            "batch": batch,
            "step": step,
            "may_act": may_act,
            "form": form,
            "checks": checks,
            "blocked": blocked,
            "refusals": refusals,
            "statuses": dict(Status.choices),
        }
        return self._render(request, "review.html", context)
