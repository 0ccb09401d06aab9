from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Open data catalog (开放数据)")

    def ready(self) -> None:
        from opendata import columns, registry, search_index
        from portal.search import registry as search_registry

        # Every app's datasets.py: the portal's exports as automatic datasets.
        registry.autodiscover()
        search_registry.register(search_index.DatasetIndex())
        columns.register()
