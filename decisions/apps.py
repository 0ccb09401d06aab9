from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("Major administrative decisions (重大行政决策)")

    def ready(self) -> None:
        from decisions import exports, search_index
        from disclosure import exports as open_data
        from portal.search import registry

        registry.register(search_index.DecisionIndex())
        open_data.register_dataset(exports.DATASET)
