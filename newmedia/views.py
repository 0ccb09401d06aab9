"""Public pages of the 政务新媒体 list: every published account, by platform and within one by
operating agency, with its QR code (the picture described for people who cannot see it); an
account's page; its QR code, served from our storage with the type found when it was checked.
Closed accounts (关停) are listed apart and keep their pages."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from newmedia import selectors
from newmedia.models import PLATFORM_ORDER, Platform
from portal import sites


@require_safe
def account_list(request: HttpRequest) -> HttpResponse:
    # The site's accounts and agencies only (portal.sites).
    site = sites.current_site(request)
    filters = selectors.ListFilters.from_query(request.GET, site=site)
    found = selectors.accounts(filters, site)
    context = {
        "filters": filters,
        "agency": selectors.selected_agency(filters),
        "agencies": selectors.agencies_with_accounts(site),
        "platforms": [(value, Platform(value).label) for value in PLATFORM_ORDER],
        "groups": selectors.grouped(found),
    }
    return render(request, "newmedia/account_list.html", context)


@require_safe
def account_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    account = selectors.public_account(pk)
    if account is None:
        raise Http404(_("No published new media account has this number."))
    # Another site's account: to that site's host (404 if no site shows it).
    if (moved := sites.elsewhere(request, account.agency)) is not None:
        return moved
    return render(request, "newmedia/account_detail.html", {"account": account})


@require_safe
def account_qr(request: HttpRequest, pk: int) -> HttpResponseBase:
    account = selectors.public_account(pk)
    if account is None or not account.qr_code or not account.qr_content_type:
        raise Http404
    if (moved := sites.elsewhere(request, account.agency)) is not None:
        return moved
    try:
        stream = account.qr_code.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(stream, content_type=account.qr_content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response
