"""Permissions in the staff's language.

Django stores each permission's name in English when it creates it ("Can add document", in
``post_migrate``), and the user and group pages list them by that name. Rather than rewrite the
stored names (which Django's ``create_permissions`` never updates again, and which would stay
in the language of whoever migrated), the back office shows a label made when the page is
drawn: the content type (the app's and the model's translated ``verbose_name``) and the
action, e.g. "主动公开 | 文件 | 可以新增". New models, existing installs and a change of
language are covered without a data migration.

Custom permissions (``Meta.permissions``) show the model's own name for them, which must be
``gettext_lazy`` (tests/portal/test_permission_labels.py checks it).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

#: Names of apps and models that have none in Chinese of their own: third-party apps
#: (django-axes, django-otp) and the project's internal bookkeeping models, whose pages staff
#: never see but whose permissions are listed.
APP_NAMES: dict[str, Promise] = {
    "axes": pgettext_lazy("content type", "Sign-in records"),
    "otp_totp": pgettext_lazy("content type", "Second factor: authenticator apps"),
    "otp_static": pgettext_lazy("content type", "Second factor: backup codes"),
}
MODEL_NAMES: dict[tuple[str, str], Promise] = {
    ("otp_totp", "totpdevice"): pgettext_lazy("content type", "authenticator app"),
    ("otp_static", "staticdevice"): pgettext_lazy("content type", "backup code set"),
    ("otp_static", "statictoken"): pgettext_lazy("content type", "backup code"),
    ("portal", "demorecord"): pgettext_lazy("content type", "demo data record"),
    ("disclosure", "indexsequence"): pgettext_lazy("content type", "index number sequence"),
    ("requests_app", "trackingsequence"): pgettext_lazy("content type", "tracking number sequence"),
    ("requests_app", "remindersent"): pgettext_lazy("content type", "reminder sent"),
    ("interaction", "messagesequence"): pgettext_lazy("content type", "message number sequence"),
    ("interaction", "messagenotice"): pgettext_lazy("content type", "message notice"),
    ("opendata", "autodownload"): pgettext_lazy("content type", "automatic download"),
}

#: The four actions Django gives every model (``Meta.default_permissions``).
DEFAULT_ACTIONS: dict[str, Promise] = {
    "add": pgettext_lazy("permission", "can add"),
    "change": pgettext_lazy("permission", "can change"),
    "delete": pgettext_lazy("permission", "can delete"),
    "view": pgettext_lazy("permission", "can view"),
}


def permission_action(permission: Permission) -> str:
    """What the permission allows, in the active language."""
    content_type = permission.content_type
    action, _sep, model_name = permission.codename.partition("_")
    if action in DEFAULT_ACTIONS and model_name == content_type.model:
        return str(DEFAULT_ACTIONS[action])
    model = content_type.model_class()
    custom = dict(model._meta.permissions).get(permission.codename) if model else None
    return str(custom) if custom is not None else permission.name


def content_type_label(content_type: ContentType) -> str:
    """ "<app> | <model>" in the active language (``str(content_type)`` but for the names
    above)."""
    key = (content_type.app_label, content_type.model)
    model = content_type.model_class()
    app: Any = APP_NAMES.get(content_type.app_label)
    if app is None:
        app = model._meta.app_config.verbose_name if model else content_type.app_label
    name: Any = MODEL_NAMES.get(key)
    if name is None:
        name = model._meta.verbose_name if model else content_type.model
    return f"{app} | {name}"


def permission_label(permission: Permission) -> str:
    """ "<app> | <model> | <action>", e.g. "主动公开 | 文件 | 可以新增"."""
    return f"{content_type_label(permission.content_type)} | {permission_action(permission)}"


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    """The permissions of a user or group, listed by their label in the staff's language."""

    def label_from_instance(self, obj: Any) -> str:
        return permission_label(obj)
