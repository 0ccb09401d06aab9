from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Information requests")

    def ready(self) -> None:
        from requests_app import report_publishing

        # The annual report joins the shared workflow and the agency column.
        report_publishing.register()
