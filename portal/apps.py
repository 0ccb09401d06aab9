from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal: agencies, staff and calendar")

    def ready(self) -> None:
        from portal import columns

        # The pages of an agency's column that portal owns (the apps add theirs).
        columns.register()
