from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Policy services (政策文件库, 政策找人)")

    def ready(self) -> None:
        from disclosure import exports as open_data
        from policies import columns, exports, search_index
        from portal.search import registry

        registry.register(search_index.PolicyItemIndex())
        columns.register()
        open_data.register_dataset(exports.DATASET)
