from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = _("Proactive disclosure")

    def ready(self) -> None:
        from disclosure import columns, search_index

        columns.register()
        search_index.register()
