from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Budgets and final accounts (财政预决算)")

    def ready(self) -> None:
        from budgets import columns, exports, search_index
        from disclosure import exports as open_data
        from portal.search import registry

        registry.register(search_index.BudgetDisclosureIndex())
        columns.register()
        open_data.register_dataset(exports.TOTALS)
