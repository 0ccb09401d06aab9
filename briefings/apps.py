from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BriefingsConfig(AppConfig):
    name = "briefings"
    verbose_name = _("Press conferences and policy briefings (新闻发布会)")

    def ready(self) -> None:
        from briefings import columns, exports, search_index
        from disclosure import exports as open_data
        from portal.search import registry

        registry.register(search_index.ConferenceIndex())
        columns.register()
        open_data.register_dataset(exports.DATASET)
