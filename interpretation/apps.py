from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterpretationConfig(AppConfig):
    name = "interpretation"
    verbose_name = _("Policy interpretation")

    def ready(self) -> None:
        from interpretation import publishing, search_index

        # The shared workflow learns about interpretations and consultations, and 三同步.
        publishing.register()
        search_index.register()
