"""The back office of 权力清单 and 责任清单: power items and their revisions, scoped to the user's
agencies (``powers.access``), moved through the shared workflow (``publishing.admin``).

A published item is changed by drafting a revision ("Draft a revision" on its page): a copy
that the drafter edits and sends to review; publishing it applies it to the item with a new
version in the item's change history (``powers.versions``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import ManyToManyField, QuerySet, TextField
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure.models import Document
from portal import access
from portal.models import StaffRole
from portal.typed import Fieldsets, StaffRequest
from powers import access as powers_access
from powers import drafting, versions
from powers.models import PowerItem, PowerItemEvent, PowerItemVersion, Responsibility
from publishing import workflow
from publishing.admin import (
    AuditTrailInline,
    DraftingAdminMixin,
    DraftOnlyInline,
    ScreenedReviewForm,
    error_text,
)
from publishing.models import Status

Role = StaffRole.Role
TEXTAREA = {"rows": 3, "class": "vLargeTextField"}


class PowerItemForm(forms.ModelForm):
    user: Any = None  # set per request by DraftingAdminMixin.get_form

    class Meta:
        model = PowerItem
        fields = ["agency", "code", "name", "category", "sub_items", "basis", "basis_documents",
                  "office", "accountability_cases", "contact_phone", "supervision_phone",
                  "notes", "change_reason"]  # fmt: skip
        widgets = {
            name: forms.Textarea(attrs=TEXTAREA)
            for name in ("sub_items", "basis", "accountability_cases", "notes", "change_reason")
        }

    # _post_clean and _update_errors: Django's private form API, not in the stubs.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            drafting.check_drafter(self.instance, user=self.user)
            drafting.check_item(self.instance)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class ResponsibilityInline(DraftOnlyInline):
    model = Responsibility
    fields = ["order", "duty", "accountability_basis"]
    extra = 1
    formfield_overrides = {TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})}}
    verbose_name_plural = gettext_lazy(
        "Responsibilities (责任清单) and the basis of accountability"
    )


class VersionInline(admin.TabularInline):
    """The change history of an item, read-only (written by the workflow)."""

    model = PowerItemVersion
    fk_name = "power_item"
    extra = 0
    can_delete = False
    fields = ["number", "kind", "recorded_at", "actor", "reason", "what_changed"]
    readonly_fields = ["number", "kind", "recorded_at", "actor", "reason", "what_changed"]
    verbose_name_plural = gettext_lazy("Change history")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    @admin.display(description=gettext_lazy("What changed"))
    def what_changed(self, obj: PowerItemVersion) -> SafeString:
        lines = [(line.text(),) for line in versions.describe(obj.changes)]
        return format_html_join("", "<div>{}</div>", lines) if lines else format_html("{}", "—")


class PowerItemEventInline(AuditTrailInline):
    model = PowerItemEvent


class EditionFilter(admin.SimpleListFilter):
    title = gettext_lazy("edition")
    parameter_name = "edition"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("items", gettext_lazy("Items of the list")),
            ("revisions", gettext_lazy("Revisions")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "items":
            return queryset.filter(revision_of__isnull=True)
        if self.value() == "revisions":
            return queryset.filter(revision_of__isnull=False)
        return queryset


@admin.register(PowerItem)
class PowerItemAdmin(DraftingAdminMixin, admin.ModelAdmin):
    form = PowerItemForm
    inlines = [ResponsibilityInline, VersionInline, PowerItemEventInline]
    list_display = ["code", "name", "category", "agency", "status", "version", "edition"]
    list_filter = ["status", "category", EditionFilter]
    search_fields = ["code", "name"]
    list_select_related = ["agency", "revision_of"]
    autocomplete_fields = ["basis_documents"]
    readonly_fields = ["status", "published_at", "drafter", "reviewer", "publisher",
                       "review_result", "review_notes", "version", "edition",
                       "pending_changes"]  # fmt: skip
    change_form_template = "admin/powers/poweritem/change_form.html"
    workflow_template = "admin/powers/workflow.html"
    preview_template = "powers/item_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    # --- The record -----------------------------------------------------------------------

    @admin.display(description=gettext_lazy("edition"))
    def edition(self, obj: PowerItem) -> str:
        if obj.revision_of is not None:
            return _("Revision of version %(number)d of %(item)s") % {
                "number": obj.version,
                "item": obj.revision_of,
            }
        return _("Item of the list")

    @admin.display(description=gettext_lazy("What this revision changes"))
    def pending_changes(self, obj: PowerItem) -> SafeString:
        lines = [(line.text(),) for line in self._pending(obj)]
        return format_html_join("", "<div>{}</div>", lines) if lines else format_html("{}", "—")

    @staticmethod
    def _pending(obj: PowerItem) -> list[versions.ChangeLine]:
        if obj.revision_of is None or obj.status == Status.PUBLISHED:
            return []
        changes = versions.diff(versions.snapshot(obj.revision_of), versions.snapshot(obj))
        return versions.describe(changes)

    def get_fieldsets(self, request: HttpRequest, obj: PowerItem | None = None) -> Fieldsets:
        main: Fieldsets = [
            (None, {"fields": ["agency", "code", "name", "category", "sub_items"]}),
            (gettext_lazy("Basis and office in charge"),
             {"fields": ["basis", "basis_documents", "office", "contact_phone",
                         "supervision_phone"]}),
            (gettext_lazy("Accountability"), {"fields": ["accountability_cases", "notes"]}),
            (gettext_lazy("The change"), {"fields": ["change_reason"]}),
        ]  # fmt: skip
        if obj is not None:
            record: list[Any] = [
                "status", "edition", "version", "published_at", "drafter", "reviewer",
                "publisher", "review_result", "review_notes",
            ]  # fmt: skip
            if obj.is_revision:
                record.append("pending_changes")
            main.insert(0, (gettext_lazy("Record"), {"fields": record}))
        return main

    def get_readonly_fields(self, request: HttpRequest, obj: PowerItem | None = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_revision:
            # A revision changes its item: of that agency, under that code.
            fields += ["agency", "code"]
        return fields

    def get_inlines(self, request: HttpRequest, obj: PowerItem | None) -> list[Any]:
        if obj is not None and obj.is_revision:
            return [ResponsibilityInline, PowerItemEventInline]
        return [ResponsibilityInline, VersionInline, PowerItemEventInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PowerItem]:
        return powers_access.power_item_queryset_for(request.user).select_related(
            "agency", "revision_of"
        )

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        if db_field.name == "basis_documents":
            # Any published document may be cited (they are public); the search offers the
            # user's own agencies' documents.
            kwargs["queryset"] = Document.objects.published()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_draft(
        self, request: StaffRequest, obj: PowerItem, form: forms.ModelForm[PowerItem]
    ) -> None:
        drafting.power_item_save(item=obj, user=request.user)

    # --- The workflow pages (WorkflowAdminMixin) ------------------------------------------

    def get_workflow_object(self, request: HttpRequest, pk: int) -> PowerItem:
        return powers_access.get_power_item_for(request.user, pk)

    def change_extra_context(self, request: HttpRequest, obj: PowerItem) -> dict[str, Any]:
        context: dict[str, Any] = {}
        if obj.is_revision:
            # A published revision is part of its item's history: the item is withdrawn, not it.
            context["workflow_actions"] = [
                (name, label)
                for name, label in self._actions(request, obj)
                if not (name == "withdraw" and obj.status == Status.PUBLISHED)
            ]
            assert obj.revision_of is not None
            context["revised_item_url"] = self.change_url(obj.revision_of)
        else:
            revision = drafting.open_revision(obj)
            if revision is not None:
                context["open_revision_url"] = self.change_url(revision)
            elif obj.status == Status.PUBLISHED and access.can_act(
                request.user, obj.agency_id, Role.DRAFTER
            ):
                context["revise_url"] = reverse(f"admin:{self._url_name('revise')}", args=[obj.pk])
        return context

    @staticmethod
    def _actions(request: HttpRequest, obj: PowerItem) -> list[tuple[str, str]]:
        return workflow.available_actions(obj, request.user)

    def preview_context(self, request: HttpRequest, obj: PowerItem) -> dict[str, Any]:
        shown = obj.revision_of if obj.revision_of is not None else obj
        return {
            "item": obj,
            "basis_documents": list(obj.basis_documents.order_by("pk")),
            "history": versions.history(shown),
            "pending": self._pending(obj),
        }

    # --- Revising a published item ----------------------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/revise/", wrap(self.revise_view), name=self._url_name("revise")),
            *super().get_urls(),
        ]

    def revise_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        """Confirm, then make the draft revision and open it."""
        item = self.get_workflow_object(request, pk)
        allowed = (
            not item.is_revision
            and item.status == Status.PUBLISHED
            and access.can_act(request.user, item.agency_id, Role.DRAFTER)
        )
        if request.method == "POST" and allowed:
            try:
                revision = drafting.power_item_revise(item=item, user=request.user)
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(
                    request,
                    _("A draft revision of “%(item)s” was made: change it, then submit it for "
                      "review. The item stays public as it is until the revision is "
                      "published.") % {"item": item},
                )  # fmt: skip
                return HttpResponseRedirect(self.change_url(revision))
        label = _("Draft a revision")
        context = self.workflow_context(
            request,
            item,
            title=f"{label} · {item}",
            action="revise",
            action_label=label,
            form=None,
            allowed=allowed,
            change_url=self.change_url(item),
            open_revision=drafting.open_revision(item),
        )
        return TemplateResponse(request, self.workflow_template, context)
