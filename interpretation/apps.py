from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterpretationConfig(AppConfig):
    name = "interpretation"
    verbose_name = _("Policy interpretation")

    def ready(self) -> None:
        from interpretation import search_index

        search_index.register()
