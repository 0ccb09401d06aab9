from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = _("Proactive disclosure")

    def ready(self) -> None:
        from disclosure import columns, search_index, timeliness
        from portal import workdays

        columns.register()
        search_index.register()
        # Stored dates follow the calendar (domain-spec §8).
        workdays.register_date_keeper("disclosure", timeliness.recompute_publication_dues)
