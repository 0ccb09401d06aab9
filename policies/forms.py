"""The forms of 政策找人: the finder (GET, nothing stored; its answers become a
``matching.Profile``) and the subscription form (an e-mail address and what to follow).

Both are the site's (``portal.sites``, the ``site`` argument; None: the whole installation):
their regions and agencies are those of the site's subtree, and one from outside it is refused
as not on the list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from disclosure.models import Theme
from policies import selectors
from policies.matching import NONE, Profile
from policies.models import Audience, CriterionType, SubscriptionKind
from portal import sites
from portal.models import Agency
from requests_app.forms import ErrorSummaryMixin

AGE_MAX = 150


def _choices(kind: str) -> list[tuple[str, str]]:
    return [(v.code, v.name) for v in selectors.vocabulary(kind)]


def _none_choice(label: str) -> list[tuple[str, str]]:
    return [(NONE, label)]


class FinderForm(ErrorSummaryMixin, forms.Form):
    """Who the visitor is; every field may stay unknown (its conditions are then "to check")."""

    audience = forms.ChoiceField(
        label=_("You are"),
        required=False,
        choices=[
            ("", _("Not saying")),
            (Audience.INDIVIDUALS, _("An individual")),
            (Audience.BUSINESSES, _("A business")),
        ],
    )
    region = forms.ChoiceField(label=_("Where you live or are registered"), required=False)
    industry = forms.ChoiceField(label=_("Industry (GB/T 4754-2017)"), required=False)
    size = forms.ChoiceField(label=_("Size of the enterprise"), required=False)
    age = forms.IntegerField(
        label=_("Age"),
        required=False,
        min_value=0,
        max_value=AGE_MAX,
        error_messages={
            "invalid": _("Give the age as a whole number of years."),
            "min_value": _("The age cannot be negative."),
            "max_value": _("Give an age of at most 150 years."),
        },
    )
    household = forms.MultipleChoiceField(
        label=_("Household status"), required=False, widget=forms.CheckboxSelectMultiple
    )
    group = forms.MultipleChoiceField(
        label=_("You belong to"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, site: sites.CurrentSite | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site = site
        unknown = [("", _("Not saying"))]
        fields: Any = self.fields
        fields["region"].choices = unknown + [(a.code, a.name) for a in selectors.regions(site)]
        fields["industry"].choices = unknown + [
            (code, f"{code} {name}") for code, name in _choices(CriterionType.INDUSTRY)
        ]
        fields["size"].choices = unknown + _choices(CriterionType.SIZE)
        fields["household"].choices = _choices(CriterionType.HOUSEHOLD) + _none_choice(
            str(_("None of these"))
        )
        fields["group"].choices = _choices(CriterionType.GROUP) + _none_choice(
            str(_("None of these"))
        )
        for name, message in (
            ("region", _("Choose a region from the list.")),
            ("industry", _("Choose an industry from the list.")),
            ("size", _("Choose a size from the list.")),
            ("household", _("Choose household statuses from the list.")),
            ("group", _("Choose groups from the list.")),
            ("audience", _("Choose individual or business.")),
        ):
            fields[name].error_messages["invalid_choice"] = message

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("household", "group"):
            chosen = data.get(name) or []
            if NONE in chosen and len(chosen) > 1:
                self.add_error(
                    name, _("“None of these” cannot be chosen together with another answer.")
                )
        return data

    def profile(self) -> Profile:
        """The profile of a valid form."""
        data = self.cleaned_data
        regions = sites.scope(Agency.objects.all(), self.site, field="")
        region = regions.filter(code=data["region"]).first() if data.get("region") else None

        def multiple(name: str) -> frozenset[str] | None:
            chosen = data.get(name) or []
            if not chosen:
                return None
            return frozenset(code for code in chosen if code != NONE)

        return Profile(
            audience=data.get("audience") or "",
            region=region,
            industry=data.get("industry") or "",
            size=data.get("size") or "",
            age=data.get("age"),
            households=multiple("household"),
            groups=multiple("group"),
        )


def profile_from_query(query: Any, site: sites.CurrentSite | None = None) -> Profile | None:
    """The profile a saved query describes, or None if it no longer validates (a value was
    removed from the vocabulary since, or its region is outside ``site``)."""
    form = FinderForm(query or {}, site=site)
    return form.profile() if form.is_valid() else None


class SubscribeForm(ErrorSummaryMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": _("Give the e-mail address the digest should go to."),
            "invalid": _("This is not an e-mail address; please check it."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Follow"),
        choices=SubscriptionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what to follow.")},
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        to_field_name="code",
        error_messages={"invalid_choice": _("Choose an agency from the list.")},
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("Choose a theme from the list.")},
    )
    audience = forms.ChoiceField(
        label=_("Target group"),
        required=False,
        choices=[
            ("", "—"),
            (Audience.INDIVIDUALS, Audience.INDIVIDUALS.label),
            (Audience.BUSINESSES, Audience.BUSINESSES.label),
        ],
        error_messages={"invalid_choice": _("Choose individuals or businesses.")},
    )
    # The finder's profile travels as its query string (nothing of it is typed here).
    profile = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)
    # A field people do not see: bots fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, site: sites.CurrentSite | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site = site
        agency_field: Any = self.fields["agency"]
        agency_field.queryset = selectors.subscribable_agencies(site)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == SubscriptionKind.AGENCY and not data.get("agency"):
            self.add_error("agency", _("Choose the agency whose policies you want to follow."))
        if kind == SubscriptionKind.THEME and not data.get("theme"):
            self.add_error("theme", _("Choose the theme you want to follow."))
        if kind == SubscriptionKind.AUDIENCE and not data.get("audience"):
            self.add_error("audience", _("Choose individuals or businesses."))
        if kind == SubscriptionKind.PROFILE:
            profile = self.saved_profile()
            if profile is None or profile.is_empty:
                self.add_error(
                    "profile",
                    _(
                        "There is no policy-finder profile to follow: describe yourself in the "
                        "policy finder first, then subscribe from its results."
                    ),
                )
        if data.get("website"):
            raise ValidationError(_("The form could not be sent; please try again."))
        return data

    def saved_profile(self) -> Profile | None:
        raw = (self.cleaned_data.get("profile") or "").strip()
        if not raw:
            return None
        return profile_from_query(QueryDict(raw), self.site)
