from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The statutory annual report (Art 49-50): it aggregates documents, requests and reviews,
    so it sits above the apps that hold them."""

    name = "reports"
    verbose_name = _("Annual reports")

    def ready(self) -> None:
        from reports import publishing

        # The annual report joins the shared workflow and the agency column.
        publishing.register()
