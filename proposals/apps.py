from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Suggestions and proposals (建议提案办理)")

    def ready(self) -> None:
        from disclosure import exports as open_data
        from portal.search import registry
        from proposals import exports, search_index

        registry.register(search_index.ProposalIndex())
        open_data.register_dataset(exports.PROPOSALS)
