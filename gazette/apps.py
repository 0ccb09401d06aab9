from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GazetteConfig(AppConfig):
    name = "gazette"
    verbose_name = _("Government gazette (政府公报)")

    def ready(self) -> None:
        from disclosure import exports as open_data
        from gazette import columns, exports, notes, search_index
        from portal.search import registry

        registry.register(search_index.IssueIndex())
        columns.register()
        notes.register()
        open_data.register_dataset(exports.ISSUES)
        open_data.register_dataset(exports.CONTENTS)
