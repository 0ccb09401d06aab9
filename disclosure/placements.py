"""Placing a published document on another site of the site group (引用/转载), without a copy
(``disclosure.models.placements``)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from disclosure.models import Document, DocumentPlacement
from portal import access, page_cache, sites
from portal.models import Site


@transaction.atomic
def document_place(*, document: Document, site: Site, note: str, user: User) -> DocumentPlacement:
    """Place ``document`` (published) on ``site``: for the site's editors (portal.access)."""
    if not access.can_edit_site(user, site):
        raise PermissionDenied(_("Only the site's editors place documents on it."))
    if not Document.objects.published().filter(pk=document.pk).exists():
        raise ValidationError(_("Only a published document can be placed on another site."))
    if DocumentPlacement.objects.filter(document=document, site=site).exists():
        raise ValidationError(_("The document is already placed on this site."))
    placement = DocumentPlacement(document=document, site=site, note=note, placed_by=user)
    placement.full_clean(exclude=["placed_by"])
    placement.save()
    page_cache.public_content_changed()
    return placement


def placed_documents(site: sites.CurrentSite, *, limit: int = 10) -> QuerySet[Document]:
    """The published documents placed on ``site``, newest placement first (a withdrawn one is
    no longer published, so it is gone from here at once)."""
    if site.pk is None:
        return Document.objects.none()
    return (
        Document.objects.published()
        .filter(placements__site_id=site.pk)
        .select_related("agency")
        .order_by("-placements__placed_at", "-id")[:limit]
    )
