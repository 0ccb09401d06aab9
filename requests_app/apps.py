from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Information requests")

    def ready(self) -> None:
        from portal import workdays
        from portal.columns import ColumnPage, register_page
        from requests_app import stored_dates

        # 依申请公开, the last page of every agency's column.
        register_page(
            ColumnPage("apply", _("Request information"), "portal:agency_apply"), order=50
        )

        # Stored dates follow the calendar (domain-spec §8).
        workdays.register_date_keeper("requests", stored_dates.recompute_stored_dates)
