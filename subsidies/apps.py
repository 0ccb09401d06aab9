from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "subsidies"
    verbose_name = _("Beneficiary lists (民生资金公示)")

    def ready(self) -> None:
        from disclosure import exports as open_data
        from portal.search import registry
        from subsidies import columns, exports, search_index

        registry.register(search_index.BeneficiaryListIndex())
        columns.register()
        open_data.register_dataset(exports.DATASET)
