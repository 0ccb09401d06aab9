from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionConfig(AppConfig):
    name = "interaction"
    verbose_name = _("Interaction (互动交流)")

    def ready(self) -> None:
        from interaction import (
            search_events,
            tasks_events,  # noqa: F401 - registers the tasks (not tasks.py)
        )

        search_events.register()
