"""The personal-data access log in the back office: read-only, for the office head and the
privacy officer of the agency whose requests were looked at (个人信息保护法 Art 54)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from requests_app import access as request_access
from requests_app.models import PersonalDataAccess

_FIELDS = ("at", "user", "request_link", "what", "file", "page")


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "request_link", "what", "page"]
    list_filter = ["what"]
    # By tracking number or staff user name: never by the applicant's data.
    search_fields = ["request__tracking_number", "user__username"]
    date_hierarchy = "at"
    list_select_related = ["user", "request"]
    fields = _FIELDS
    readonly_fields = _FIELDS
    list_per_page = 100

    def get_queryset(self, request: HttpRequest) -> QuerySet[PersonalDataAccess]:
        return request_access.access_log_queryset_for(request.user).select_related(
            "user", "request"
        )

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> PersonalDataAccess:
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404  # another agency's record: as if it did not exist
        return found

    @admin.display(description=gettext_lazy("information request"), ordering="request")
    def request_link(self, obj: PersonalDataAccess) -> str:
        url = reverse("admin:requests_app_informationrequest_change", args=[obj.request_id])
        return format_html('<a href="{}">{}</a>', url, obj.request.tracking_number)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request_access.can_read_access_log(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request_access.can_read_access_log(request.user)

    # The log is written by the pages that show the data, never by hand.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
