"""Permissions are shown to staff in Chinese: Django stores their names in English ("Can add
document"), the user and group pages label them from the translated app and model names and
the action (portal.permission_labels)."""

from __future__ import annotations

import re

import pytest

from django.apps import apps
from django.contrib.auth.models import Permission
from django.utils import translation
from django.utils.functional import Promise

from portal.permission_labels import permission_label
from tests.factories import StaffClient, UserFactory

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(r"\bCan (add|change|delete|view)\b")


@pytest.fixture
def superuser_client():
    root = UserFactory(username="root", is_superuser=True)
    client = StaffClient()
    client.force_login(root)
    return client


def test_the_group_and_user_pages_list_permissions_in_chinese(superuser_client):
    clerk = UserFactory(username="clerk")
    for url in ("/admin/auth/group/add/", f"/admin/auth/user/{clerk.pk}/change/"):
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert not ENGLISH.search(page), f"{url}: {ENGLISH.search(page)}"
        assert "主动公开 | 文件 | 可以新增" in page, url  # documents, in the widget's options
        assert "可以查看" in page and "可以修改" in page and "可以删除" in page


def test_every_permission_has_a_chinese_label():
    """App, model and action: no English word in any label (a new model without a translated
    verbose_name, or a third-party app's, fails here)."""
    with translation.override("zh-hans"):
        english = [
            label
            for label in map(permission_label, Permission.objects.select_related("content_type"))
            if re.search(r"[A-Za-z]{2,}", label)
        ]
    assert Permission.objects.count() > 100
    assert not english, english[:20]


def test_custom_permissions_have_translated_names():
    """A model's own permissions (Meta.permissions) are labelled by their name: it must be
    translatable and translated."""
    untranslated = []
    for model in apps.get_models():
        for codename, name in model._meta.permissions:
            with translation.override("zh-hans"):
                shown = str(name)
            with translation.override("en"):
                english = str(name)
            if not isinstance(name, Promise) or shown == english:
                untranslated.append(f"{model._meta.label}.{codename}: {name}")
    assert not untranslated, untranslated
