"""Public pages of the policy services: the 政策文件库 (policy items with filters), the 免申即享
list, one item's page, the 政策找人 finder, and subscribing by e-mail (double opt-in, one-click
unsubscribe). The finder is a GET form: its answers are in the address, so results can be
bookmarked and shared, and nothing is stored unless the visitor subscribes.

Each page is its site's (``portal.sites``): lists, facets and choosers of the site's agencies,
and an item of an agency outside the site sent on to the site that shows it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from disclosure.models import Theme
from policies import matching, selectors, subscribing
from policies.forms import FinderForm, SubscribeForm, profile_from_query
from policies.models import Audience, CriterionType, Delivery, Subscription, SubscriptionKind
from portal import sites
from portal.limits import over_limit
from portal.models import Agency
from portal.paging import list_page
from portal.qrcodes import absolute_url

FINDER_FIELDS = ("audience", "region", "industry", "size", "age", "household", "group")


def _filter_query(values: dict[str, str]) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in values.items() if value})
    return query


@require_safe
def library(request: HttpRequest) -> HttpResponse:
    site = sites.current_site(request)
    filters = selectors.ListFilters.from_query(request.GET, site)
    found = selectors.with_sources(
        selectors.with_conditions(selectors.items(filters, site=site)), site
    )
    context = {
        "filters": filters,
        "query": _filter_query(filters.as_query()),
        "themes": selectors.themes_with_items(site),
        "agencies": selectors.agencies_with_items(site),
        "industries": selectors.vocabulary(CriterionType.INDUSTRY),
        "audiences": [
            (Audience.INDIVIDUALS, Audience.INDIVIDUALS.label),
            (Audience.BUSINESSES, Audience.BUSINESSES.label),
        ],
        "deliveries": Delivery.choices,
        "validities": [
            (selectors.Validity.OPEN, _("Open for application")),
            (selectors.Validity.ALL, _("All in force, deadlines passed included")),
            (selectors.Validity.CLOSED, _("Application deadline passed")),
        ],
        "page": list_page(request, found, selectors.PER_PAGE),
    }
    return render(request, "policies/library.html", context)


@require_safe
def automatic(request: HttpRequest) -> HttpResponse:
    site = sites.current_site(request)
    found = selectors.with_sources(selectors.with_conditions(selectors.automatic(site=site)), site)
    context = {"page": list_page(request, found, selectors.PER_PAGE)}
    return render(request, "policies/automatic.html", context)


@require_safe
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = sites.current_site(request)
    item = selectors.with_sources(selectors.with_conditions(selectors.on_display()), site)
    found = item.filter(pk=pk).first()
    if found is None:
        raise Http404(_("No policy item in force has this number."))
    if (moved := sites.elsewhere(request, found.agency)) is not None:
        return moved
    context = {
        "item": found,
        "conditions": [(c, matching.describe(c)) for c in found.conditions.all()],
    }
    return render(request, "policies/item_detail.html", context)


@require_safe
def finder(request: HttpRequest) -> HttpResponse:
    asked = any(name in request.GET for name in FINDER_FIELDS)
    site = sites.current_site(request)
    form = FinderForm(request.GET if asked else None, site=site)
    matches: list[matching.Match] | None = None
    subscribe_link = ""
    if asked and form.is_valid():
        profile = form.profile()
        candidates = selectors.with_sources(
            selectors.with_conditions(selectors.on_display(site=site).open_for_application()),
            site,
        )
        matches = matching.find(candidates, profile)
        if not profile.is_empty:
            subscribe_link = "?" + urlencode(
                {"kind": SubscriptionKind.PROFILE, "profile": urlencode(profile.as_query(), True)}
            )
    context = {"form": form, "matches": matches, "subscribe_link": subscribe_link}
    return render(request, "policies/finder.html", context)


# --- Subscriptions ---------------------------------------------------------------------------


def _limited(request: HttpRequest, *, count: bool) -> bool:
    return over_limit(
        request,
        group="policies.subscribe.ip",
        rate=settings.POLICY_SUBSCRIBE_RATE_PER_IP,
        key="ip",
        count=count,
    )


def _rate_limited(request: HttpRequest) -> HttpResponse:
    message = _(
        "Too many subscriptions were asked for from this connection in a short time. Nothing "
        "was saved. Please try again in an hour."
    )
    return render(
        request, "requests_app/public/rate_limited.html", {"message": message}, status=429
    )


def _initial(request: HttpRequest) -> dict[str, str]:
    initial = {}
    kind = request.GET.get("kind", "")
    if kind in SubscriptionKind.values:
        initial["kind"] = kind
    for name in ("agency", "theme", "audience", "profile"):
        value = request.GET.get(name, "")[:2000]
        if value:
            initial[name] = value
    return initial


def _profile_described(form: SubscribeForm) -> list[str]:
    """The saved profile, in words, for the visitor to see what they follow."""
    raw = form.data.get("profile") if form.is_bound else form.initial.get("profile")
    if not raw:
        return []
    profile = profile_from_query(QueryDict(str(raw)), form.site)
    if profile is None:
        return []
    return profile_words(profile)


def profile_words(profile: matching.Profile) -> list[str]:
    words = []
    if profile.audience:
        words.append(str(Audience(profile.audience).label))
    if profile.region is not None:
        words.append(profile.region.name)
    names = {(v.kind, v.code): v.name for v in selectors.vocabulary_all()}
    if profile.industry:
        words.append(names.get((CriterionType.INDUSTRY, profile.industry), profile.industry))
    if profile.size:
        words.append(names.get((CriterionType.SIZE, profile.size), profile.size))
    if profile.age is not None:
        words.append(_("%(age)s years old") % {"age": profile.age})
    for kind, chosen in ((CriterionType.HOUSEHOLD, profile.households),
                         (CriterionType.GROUP, profile.groups)):  # fmt: skip
        for code in sorted(chosen or ()):
            words.append(names.get((kind, code), code))
    return words


def _saved_profile_words(subscription: Subscription) -> list[str]:
    if not subscription.profile:
        return []
    code = str(subscription.profile.get("region", ""))
    regions = {a.code: a for a in Agency.objects.filter(code=code)} if code else {}
    return profile_words(matching.Profile.from_saved(subscription.profile, regions))


@never_cache
@sensitive_post_parameters("email")
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if _limited(request, count=False):
        return _rate_limited(request)
    site = sites.current_site(request)
    if request.method == "GET":
        form = SubscribeForm(initial=_initial(request), site=site)
    else:
        form = SubscribeForm(request.POST, site=site)
        if form.is_valid():
            if _limited(request, count=True):
                return _rate_limited(request)
            data = form.cleaned_data
            profile = form.saved_profile() if data["kind"] == SubscriptionKind.PROFILE else None
            target = subscribing.Target(
                kind=data["kind"],
                agency=data["agency"] if data["kind"] == SubscriptionKind.AGENCY else None,
                theme=data["theme"] if data["kind"] == SubscriptionKind.THEME else None,
                audience=data["audience"] if data["kind"] == SubscriptionKind.AUDIENCE else "",
                profile=profile.as_query() if profile is not None else None,
                site_id=site.pk,
            )
            try:
                subscribing.subscription_request(
                    email=data["email"],
                    target=target,
                    absolute=lambda path: absolute_url(request, path),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("policies:subscribe_sent")
    context = {
        "form": form,
        "agencies": selectors.subscribable_agencies(site),
        "themes": Theme.objects.select_related("parent").order_by("parent__order", "order"),
        "profile_words": _profile_described(form),
    }
    return render(request, "policies/subscribe.html", context)


@require_safe
def subscribe_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "policies/subscribe_sent.html", {"hours": settings.POLICY_CONFIRM_HOURS})


def _token_problem_page(request: HttpRequest, problem: subscribing.TokenProblem) -> HttpResponse:
    messages = {
        "expired": _(
            "This confirmation link has expired. Nothing was subscribed; please subscribe again "
            "to get a new link."
        ),
        "invalid": _(
            "This link is not valid: it may have been copied incompletely. Please open it from "
            "the e-mail again."
        ),
        "gone": _(
            "There is no such subscription any more: it was cancelled, or it was never confirmed "
            "in time."
        ),
    }
    return render(
        request,
        "policies/subscription_problem.html",
        {"message": messages[problem.reason]},
        status=410 if problem.reason == "gone" else 400,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open links confirm nothing."""
    try:
        if request.method == "POST":
            subscription = subscribing.subscription_confirm(token=token)
            return render(
                request,
                "policies/subscription_done.html",
                {
                    "what": subscribing.describe(subscription),
                    "profile_words": _saved_profile_words(subscription),
                    "confirmed": True,
                },
            )
        subscription = subscribing.subscription_for_confirm(token)
    except subscribing.TokenProblem as problem:
        return _token_problem_page(request, problem)
    return render(
        request,
        "policies/subscription_confirm.html",
        {
            "what": subscribing.describe(subscription),
            "profile_words": _saved_profile_words(subscription),
            "action": "confirm",
        },
    )


# The mail program's one-click unsubscribe (RFC 8058) posts without a CSRF token: the signed
# token in the address is the proof, and all it can do is delete that one subscription.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            subscribing.subscription_delete(token=token)
            return render(request, "policies/subscription_done.html", {"confirmed": False})
        subscription = subscribing.subscription_for_unsubscribe(token)
    except subscribing.TokenProblem as problem:
        return _token_problem_page(request, problem)
    return render(
        request,
        "policies/subscription_confirm.html",
        {"what": subscribing.describe(subscription), "action": "unsubscribe"},
    )
