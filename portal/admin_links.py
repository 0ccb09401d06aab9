"""The admin's "view on site" shortcut, ``/admin/r/<content type>/<id>/``, checked.

Django's shortcut (``django.contrib.contenttypes.views.shortcut``) redirects any signed-in
member of staff to the public address of any object it can find: another agency's draft
answered with a redirect where a missing one answered 404, which confirmed that the draft
exists. Every "view on site" link of the admin goes through this URL, so checking here checks
them all: the object must be one the user may see in the admin (the model's own admin, with its
agency-scoped queryset, or for an inline's record the admin of its parent), else 404, the same
answer as for an object that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path


def _parent_field(
    model: type[models.Model], parent: type[models.Model], fk_name: str | None
) -> models.ForeignKey | None:
    for field in model._meta.get_fields():
        if (
            isinstance(field, models.ForeignKey)
            and field.many_to_one
            and field.related_model is parent
            and (fk_name is None or field.name == fk_name)
        ):
            return field
    return None


def visible_in_admin(
    site: AdminSite, request: HttpRequest, model: type[models.Model], object_id: str
) -> models.Model | None:
    """The object if ``request.user`` may see it in the admin, else None."""
    model_admin: ModelAdmin | None = site._registry.get(model)
    if model_admin is not None:
        obj = model_admin.get_object(request, unquote(object_id))  # the scoped queryset
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            return None
        return obj
    # A record edited inline (attachments, media): visible when its parent is.
    for parent_admin in site._registry.values():
        for inline in parent_admin.inlines:
            if inline.model is not model:
                continue
            field = _parent_field(model, parent_admin.model, inline.fk_name)
            if field is None:
                continue
            try:
                obj = model._default_manager.get(pk=unquote(object_id))
            except (model.DoesNotExist, ValueError, ValidationError):
                return None
            parent_id = getattr(obj, field.attname)
            if visible_in_admin(site, request, parent_admin.model, str(parent_id)) is None:
                return None
            return obj
    return None


def view_on_site(site: AdminSite) -> Callable[..., HttpResponse]:
    def shortcut(request: HttpRequest, content_type_id: str, object_id: str) -> HttpResponse:
        try:
            model = ContentType.objects.get(pk=content_type_id).model_class()
        except (ContentType.DoesNotExist, ValueError):
            raise Http404 from None
        if model is None or visible_in_admin(site, request, model, object_id) is None:
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)

    return site.admin_view(shortcut)


def site_urls(site: AdminSite) -> tuple[list[Any], str, str]:
    """``site.urls`` with the "view on site" shortcut replaced by the checked one."""
    patterns, app_name, namespace = site.urls
    checked = [
        path(
            "r/<path:content_type_id>/<path:object_id>/",
            view_on_site(site),
            name="view_on_site",
        )
        if isinstance(pattern, URLPattern) and pattern.name == "view_on_site"
        else pattern
        for pattern in patterns
    ]
    return checked, app_name, namespace
