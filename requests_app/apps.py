from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Information requests")

    def ready(self) -> None:
        from portal import workdays
        from requests_app import stored_dates

        # Stored dates follow the calendar (domain-spec §8).
        workdays.register_date_keeper("requests", stored_dates.recompute_stored_dates)
