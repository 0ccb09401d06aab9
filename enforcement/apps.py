from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("Administrative enforcement disclosure (行政执法公示)")

    def ready(self) -> None:
        from disclosure import exports as open_data
        from enforcement import columns, exports, power_items, search_index
        from portal.search import registry

        registry.register(search_index.DecisionIndex())
        registry.register(search_index.InspectionPlanIndex())
        columns.register()
        power_items.register()
        open_data.register_dataset(exports.DATASET)
        open_data.register_dataset(exports.RESULTS_DATASET)
