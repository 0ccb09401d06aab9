"""Inlines and list filters of the request back office: every section of a request is
read-only (the services write it; reviews are recorded on their own page) and shown only when
it has rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.utils import flatten
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import workdays
from requests_app.models import (
    Correction,
    Extension,
    FeeNotice,
    InformationRequest,
    Pause,
    RequestFile,
    RequestQuerySet,
    Review,
    ThirdPartyNotice,
    VolumeInquiry,
)

if TYPE_CHECKING:
    from portal.typed import StrOrPromise


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return flatten(self.fields or ())  # every field a subclass names

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True  # the parent request is already scoped to the user's agencies


def _in_words(name: str, label: StrOrPromise) -> Callable[[Any, Any], str]:
    """A yes/no column in words: the admin's ✓/✗ icon carries English alternative text."""

    @admin.display(description=label)
    def show(inline: Any, obj: Any) -> str:
        return _("Yes") if getattr(obj, name) else _("No")

    return show


class CorrectionInline(ReadOnlyInline):
    model = Correction
    fields = ["notified_on", "what_to_supplement", "period_workdays", "served_by", "served_on",
              "due_on", "due_provisional_words", "received_on"]  # fmt: skip
    due_provisional_words = _in_words("due_provisional", gettext_lazy("due date provisional"))


class PauseInline(ReadOnlyInline):
    """Consultations show the reply due date: the answer period stops at most until then."""

    model = Pause
    fields = ["kind", "started_on", "letter_received_on", "reply_due",
              "reply_due_provisional_words", "ended_on", "party", "result"]  # fmt: skip
    reply_due_provisional_words = _in_words(
        "reply_due_provisional", gettext_lazy("reply due provisional")
    )


class ExtensionInline(ReadOnlyInline):
    model = Extension
    fields = ["workdays", "reason", "approved_by", "approved_on", "applicant_informed_on"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("approved_by")


class FeeNoticeInline(ReadOnlyInline):
    model = FeeNotice
    fields = ["method", "quantity", "amount", "sent_on", "served_by", "received_on", "pay_by",
              "pay_by_provisional_words", "paid_on", "waived_words", "waiver_reason"]  # fmt: skip
    pay_by_provisional_words = _in_words(
        "pay_by_provisional", gettext_lazy("pay-by date provisional")
    )
    waived_words = _in_words("waived", gettext_lazy("waived"))


class VolumeInquiryInline(ReadOnlyInline):
    """Art 35: the reasons asked for and the office head's decision."""

    model = VolumeInquiry
    fields = ["asked_on", "question", "reply_received_on", "reply", "decision", "decided_by",
              "decided_on", "later_due_on", "decision_reason"]  # fmt: skip


class ThirdPartyNoticeInline(ReadOnlyInline):
    """Art 32: disclosure decided despite a third party's objection, and the written notice."""

    model = ThirdPartyNotice
    fields = ["third_party", "public_interest_reason", "decided_on", "decided_by", "letter"]

    @admin.display(description=gettext_lazy("notice letter"))
    def letter(self, obj: ThirdPartyNotice) -> str:
        url = reverse("admin:requests_app_third_party_notice", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a> · <a href="{}?format=pdf">PDF</a>', url, _("HTML"), url
        )


class SplitRequestInline(ReadOnlyInline):
    """一事一申请: the requests split from this one, each handled on its own."""

    model = InformationRequest
    fk_name = "split_from"
    fields = ["link", "description", "status"]
    verbose_name = gettext_lazy("request split from this one")
    verbose_name_plural = gettext_lazy("requests split from this one")

    @admin.display(description=gettext_lazy("tracking number"))
    def link(self, obj: InformationRequest) -> str:
        url = reverse("admin:requests_app_informationrequest_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.tracking_number)


class RequestFileInline(ReadOnlyInline):
    """The applicant's files (e.g. proof of identity): personal data."""

    model = RequestFile
    fields = ["download", "content_type", "size", "uploaded_at"]

    @admin.display(description=gettext_lazy("file"))
    def download(self, obj: RequestFile) -> str:
        url = reverse("admin:requests_app_applicant_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


class ReviewInline(ReadOnlyInline):
    """行政复议 / 行政诉讼 over the request (annual report table 四): recorded and updated on
    the review's own page (``ReviewAdmin``), so that the request page has nothing to save."""

    model = Review
    fields = ["kind", "filed_on", "body", "case_number", "result", "decided_on", "note", "edit"]

    @admin.display(description=gettext_lazy("record"))
    def edit(self, obj: Review) -> str:
        url = reverse("admin:requests_app_review_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Update"))


# --- List filters --------------------------------------------------------------------------


class DeadlineFilter(admin.SimpleListFilter):
    """Running requests by their answer date, in working days (``soon`` is 5: the workbench
    links to it)."""

    title = gettext_lazy("answer due")
    parameter_name = "due"
    #: Value → working days from today within which the answer is due.
    WITHIN = {"today": 0, "within3": 3, "soon": 5, "within10": 10}

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, StrOrPromise]]:
        return [
            ("overdue", _("Overdue")),
            ("today", _("Due today")),
            ("within3", _("Due within 3 working days")),
            ("soon", _("Due within 5 working days")),
            ("within10", _("Due within 10 working days")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value != "overdue" and value not in self.WITHIN:
            return queryset
        assert isinstance(queryset, RequestQuerySet)  # the request admin's (request_access)
        today = timezone.localdate()
        if value == "overdue":
            return queryset.overdue(today)
        horizon = workdays.add_workdays(today, self.WITHIN[value]) if self.WITHIN[value] else today
        return queryset.running().filter(due_date__gte=today, due_date__lte=horizon)


class HandlerFilter(admin.SimpleListFilter):
    """Requests by their handler: one's own, none yet, or a colleague's by name. The names
    are those of the handlers of the requests the user may see, never another agency's."""

    title = gettext_lazy("handler")
    parameter_name = "handler"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, StrOrPromise]]:
        from django.contrib.auth.models import User

        from portal.people import full_name

        ids = model_admin.get_queryset(request).exclude(handler=None).values("handler")
        colleagues = User.objects.filter(pk__in=ids).exclude(pk=request.user.pk or 0)
        named = sorted((full_name(user), str(user.pk)) for user in colleagues)
        return [
            ("me", _("Assigned to me")),
            ("none", _("Not assigned yet")),
            *((pk, name) for name, pk in named),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value == "me":
            return queryset.filter(handler=request.user.pk)
        if value == "none":
            return queryset.filter(handler=None)
        if value and value.isdigit():
            return queryset.filter(handler=int(value))
        return queryset
