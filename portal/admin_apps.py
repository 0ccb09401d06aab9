"""django.contrib.admin with the portal's admin site (two-factor sign-in) as the default site.

A module of its own because INSTALLED_APPS imports it before any model may be imported."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"
