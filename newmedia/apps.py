from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewMediaConfig(AppConfig):
    name = "newmedia"
    verbose_name = _("Government new media (政务新媒体)")

    def ready(self) -> None:
        from disclosure import exports as open_data
        from newmedia import exports, search_index
        from portal.search import registry

        open_data.register_dataset(exports.ACCOUNTS)
        registry.register(search_index.AccountIndex())
