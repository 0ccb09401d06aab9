from collections.abc import Iterator

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionConfig(AppConfig):
    name = "interaction"
    verbose_name = _("Interaction (互动交流)")
    # ``manage.py rekey_hashes`` counts the message query codes by the key they are hashed under
    # (they are re-hashed under the current key at the citizen's next lookup).
    access_code_label = "Message query codes"

    def access_code_hashes(self) -> Iterator[str]:
        from interaction.models import Message

        return Message.objects.values_list("query_code_hash", flat=True).iterator()

    def ready(self) -> None:
        from interaction import (
            clock,
            columns,
            search_events,
            search_index,
            tasks_events,  # noqa: F401 - registers the tasks (not tasks.py)
        )
        from portal import workdays
        from portal.search import registry

        registry.register(search_index.MessageIndex())
        search_events.register()
        workdays.register_date_keeper("interaction", clock.recompute_due_dates)
        columns.register()
