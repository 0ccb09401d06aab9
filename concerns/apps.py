from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "concerns"
    verbose_name = _("Responses to public concerns (回应关切)")

    def ready(self) -> None:
        from concerns import columns, exports, search_index
        from disclosure import exports as open_data
        from portal.search import registry

        registry.register(search_index.ResponseIndex())
        columns.register()
        open_data.register_dataset(exports.DATASET)
