"""The blocks a site of the site group chooses from (``portal.models.Site``): the entries of
the main navigation and the modules of the home page, each by a stable key, and the theme
colours with their shades.

Kept apart from ``portal.sites`` (which reads the models) so that the models can validate a
site's choices with these lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.typed import StrOrPromise

# The public navigation, by URL name. Entries whose page does not exist yet are left out
# rather than shown as dead links (portal.context_processors); each app's URLs make its entry
# appear.
NAVIGATION: list[tuple[str, StrOrPromise]] = [
    ("portal:home", _("Home")),
    ("portal:agency_directory", _("Agency directory")),
    ("disclosure:catalog", _("Disclosure catalog")),
    ("portal:openness", _("Five kinds of openness")),
    ("gazette:index", _("Government gazette")),
    ("annual_reports:list", _("Disclosure annual reports")),
    ("requests_app:apply", _("Request information")),
    ("interpretation:list", _("Policy interpretation")),
    ("interpretation:consultations", _("Consultations")),
    ("interpretation:questions", _("Policy Q&A")),
    ("policies:library", _("Policy library")),
    ("interaction:index", _("Interaction")),
    ("disclosure:negative_list", _("Negative list")),
    ("opendata:catalog", _("Open data")),
    ("search:page", _("Search")),
]

# The home page's blocks: the sections the apps register (portal.columns, by their anchor)
# and the home page's own panels.
HOME_MODULES: list[tuple[str, StrOrPromise]] = [
    ("latest-disclosures", _("Latest government information")),
    # 区县动态: the latest of the sites below (a city's counties), read where they are stored.
    ("county-news", _("News from the counties and districts")),
    # 转载: published documents of other sites that staff placed on this one.
    ("placed-documents", _("From other sites")),
    ("columns", _("Information disclosure columns")),
    ("request-guide", _("How to obtain government information")),
    ("open-data", _("Open data and feeds")),
]


@dataclass(frozen=True)
class ThemeColours:
    accent: str  # the masthead, white text on it
    dark: str  # the navigation, white text on it
    darker: str
    tint: str  # tags and tiles, ``dark`` text on it


# Each passes WCAG AA (4.5:1) for white on ``accent`` and ``dark``, and ``dark`` on ``tint``
# (tests/portal/test_sites.py computes the ratios). "red" is the stylesheet's own default.
THEMES: dict[str, ThemeColours] = {
    "red": ThemeColours("#9b1c1c", "#7a1414", "#5e0f0f", "#f3e9e9"),
    "blue": ThemeColours("#1d4e89", "#163d6b", "#0f2b4d", "#e8eef6"),
    "green": ThemeColours("#1e6b3a", "#15522c", "#0e3a1f", "#e7f2eb"),
    "teal": ThemeColours("#0f6466", "#0b4d4f", "#073638", "#e5f1f1"),
    "purple": ThemeColours("#5b2a86", "#46206a", "#31164b", "#efe8f5"),
}


def _check_keys(value: object, known: Iterable[str]) -> None:
    if not isinstance(value, list) or not all(isinstance(key, str) for key in value):
        raise ValidationError(_("Give a list of the blocks' keys."), code="invalid")
    allowed = set(known)
    unknown = [key for key in value if key not in allowed]
    if unknown:
        raise ValidationError(
            _("Unknown entries: %(keys)s.") % {"keys": ", ".join(unknown)}, code="unknown"
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each entry may be chosen once."), code="duplicate")


def validate_navigation(value: object) -> None:
    """A site's navigation: a list of NAVIGATION's URL names, each at most once."""
    _check_keys(value, (key for key, _label in NAVIGATION))


def validate_home_modules(value: object) -> None:
    """A site's home page: a list of HOME_MODULES' keys, each at most once."""
    _check_keys(value, (key for key, _label in HOME_MODULES))
