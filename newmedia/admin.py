"""The back office of 政务新媒体: accounts scoped to the user's agencies (``newmedia.access``) and
moved through the shared workflow (``publishing.admin``); the QR code checked by its bytes when
uploaded; and a page where the agency's drafters record what changes while an account runs
(its last update, its inspection, its closure), in any status."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newmedia import access as newmedia_access
from newmedia import checks, drafting
from newmedia.models import Account, AccountEvent, InspectionStatus
from portal import access
from portal.models import StaffRole
from portal.typed import Fieldsets, StaffRequest
from publishing.admin import AuditTrailInline, DraftingAdminMixin, ScreenedReviewForm, error_text

Role = StaffRole.Role


class AccountForm(forms.ModelForm):
    user: Any = None  # set per request by AccountAdmin.get_form

    qr_upload = forms.FileField(
        label=gettext_lazy("QR code"), required=False,
        help_text=gettext_lazy("A picture of the account's QR code (PNG, JPEG, WebP or GIF, at "
                               "most 2 MB); it replaces the current one."),
    )  # fmt: skip

    class Meta:
        model = Account
        fields = ["agency", "platform", "platform_name", "name", "handle", "link", "description",
                  "verification", "opened_on", "closed_on", "closure_reason", "last_updated_on",
                  "inspection_status", "inspected_on"]  # fmt: skip

    # _post_clean and _update_errors: Django's private form API, not in the stubs.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            drafting.check_drafter(self.instance, user=self.user)
            drafting.check_account(self.instance)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]
        upload = self.cleaned_data.get("qr_upload")
        if upload is not None:
            try:
                drafting.check_qr(upload)
            except ValidationError as error:
                self.add_error("qr_upload", error)


class ActivityForm(forms.Form):
    last_updated_on = forms.DateField(
        label=gettext_lazy("Last updated on"), required=False,
        help_text=gettext_lazy("The day the account last published something."),
    )  # fmt: skip
    inspection_status = forms.ChoiceField(
        label=gettext_lazy("Inspection"), choices=InspectionStatus.choices
    )
    inspected_on = forms.DateField(label=gettext_lazy("Inspected on"), required=False)
    closed_on = forms.DateField(
        label=gettext_lazy("Closed on"), required=False,
        help_text=gettext_lazy("关停: once closed, an account stays closed."),
    )  # fmt: skip
    closure_reason = forms.CharField(
        label=gettext_lazy("Reason for the closure"), required=False, max_length=300
    )


class AccountEventInline(AuditTrailInline):
    model = AccountEvent


@admin.register(Account)
class AccountAdmin(DraftingAdminMixin, admin.ModelAdmin):
    form = AccountForm
    inlines = [AccountEventInline]
    list_display = ["name", "platform", "agency", "last_updated_on", "stale", "closed_on",
                    "status"]  # fmt: skip
    list_filter = ["status", "platform", "verification", "inspection_status"]
    search_fields = ["name", "handle"]
    list_select_related = ["agency"]
    readonly_fields = ["status", "published_at", "drafter", "reviewer", "publisher",
                       "review_result", "review_notes", "qr_name"]  # fmt: skip
    change_form_template = "admin/newmedia/account/change_form.html"
    preview_template = "newmedia/account_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    @admin.display(description=gettext_lazy("Not updated in time"), boolean=True)
    def stale(self, obj: Account) -> bool:
        return checks.is_stale(obj, timezone.localdate())

    def get_fieldsets(self, request: HttpRequest, obj: Account | None = None) -> Fieldsets:
        main: Fieldsets = [
            (None, {"fields": ["agency", "platform", "platform_name", "name", "handle", "link",
                               "description", "verification", "qr_upload"]}),
            (gettext_lazy("Dates and inspection"),
             {"fields": ["opened_on", "last_updated_on", "inspection_status", "inspected_on",
                         "closed_on", "closure_reason"]}),
        ]  # fmt: skip
        if obj is not None:
            record: list[Any] = ["status", "qr_name", "published_at", "drafter", "reviewer",
                                 "publisher", "review_result", "review_notes"]  # fmt: skip
            main.insert(0, (gettext_lazy("Record"), {"fields": record}))
        return main

    def get_queryset(self, request: HttpRequest) -> QuerySet[Account]:
        return newmedia_access.account_queryset_for(request.user).select_related("agency")

    def save_draft(
        self, request: StaffRequest, obj: Account, form: forms.ModelForm[Account]
    ) -> None:
        drafting.account_save(
            account=obj, user=request.user, qr_upload=form.cleaned_data.get("qr_upload")
        )

    def get_workflow_object(self, request: HttpRequest, pk: int) -> Account:
        return newmedia_access.get_account_for(request.user, pk)

    def preview_context(self, request: HttpRequest, obj: Account) -> dict[str, Any]:
        return {"account": obj}

    def change_extra_context(self, request: HttpRequest, obj: Account) -> dict[str, Any]:
        return {"can_record_activity": access.can_act(request.user, obj.agency_id, Role.DRAFTER)}

    def get_urls(self) -> list[URLPattern]:
        activity = path(
            "<int:pk>/activity/",
            self.admin_site.admin_view(self.activity_view),
            name="newmedia_account_activity",
        )
        return [activity, *super().get_urls()]

    def activity_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        account = self.get_workflow_object(request, pk)
        if not access.can_act(request.user, account.agency_id, Role.DRAFTER):
            raise PermissionDenied
        fields = list(ActivityForm.base_fields)
        initial = {name: getattr(account, name) for name in fields}
        form = ActivityForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                drafting.account_record_activity(account=account, user=request.user,
                                                 **form.cleaned_data)  # fmt: skip
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in fields else None, errors)
                else:
                    form.add_error(None, error)
            except PermissionDenied as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("Recorded."))
                return HttpResponseRedirect(self.change_url(account))
        context = self.workflow_context(
            request, account, title=_("Record updates, inspection or closure"), form=form,
            change_url=self.change_url(account),
        )  # fmt: skip
        return TemplateResponse(request, "admin/newmedia/activity.html", context)
