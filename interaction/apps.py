from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionConfig(AppConfig):
    name = "interaction"
    verbose_name = _("Interaction (互动交流)")
