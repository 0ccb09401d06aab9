from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PowersConfig(AppConfig):
    name = "powers"
    verbose_name = _("Lists of powers and responsibilities (权力清单、责任清单)")

    def ready(self) -> None:
        from disclosure import exports as open_data
        from portal.search import registry
        from powers import columns, exports, search_index

        registry.register(search_index.PowerItemIndex())
        columns.register()
        open_data.register_dataset(exports.DATASET)
