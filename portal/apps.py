from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal: agencies, staff and calendar")

    def ready(self) -> None:
        from django.contrib.auth.models import User

        from portal import columns, people

        # People by their full name (王芳), not their user name (lishui-handler), wherever
        # the back office shows a user: lists, read-only fields, audit trails.
        User.__str__ = people.staff_label  # type: ignore[assignment,method-assign]

        # The pages of an agency's column that portal owns (the apps add theirs).
        columns.register()
