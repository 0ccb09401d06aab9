from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeytasksConfig(AppConfig):
    name = "keytasks"
    verbose_name = _("Key tasks (重点工作)")

    def ready(self) -> None:
        from disclosure import exports as open_data
        from keytasks import exports, search_index
        from portal.search import registry

        registry.register(search_index.TaskListIndex())
        open_data.register_dataset(exports.DATASET)
