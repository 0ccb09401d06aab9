"""Every page of the back office is in Chinese for every role: the authorization matrix's
admin URLs, requested as agency A's staff with every role and as its editors, may not show any
of the English words that untranslated pages of Django, its contrib apps, treebeard, axes or
the project showed (issue 23's screen-by-screen review), in text or in what a screen reader
reads (alt, title, aria-label, placeholder)."""

from __future__ import annotations

import html
import re

import pytest

from tests.security.fixtures_matrix import World, world_fixture  # noqa: F401 - the fixture
from tests.security.matrix_urls import all_patterns, keep_import_report, url_for
from tests.security.test_authorization_matrix import Visitors

pytestmark = pytest.mark.django_db

# Words and phrases of untranslated back-office pages; matched as whole words, case-sensitive.
ENGLISH = [
    "Model name", "Add link", "Change link", "Position", "First child of", "Before", "After",
    "Access attempts", "Attempt Time", "Locked Out", "From status", "To status", "FROM STATUS",
    "TO STATUS", "Content type", "Can add", "Can change", "Can delete", "Can view",
    "Recent actions", "My actions", "None available", "Save and continue editing",
    "Save and add another", "Delete", "History", "Filter", "Search", "Show all", "Actions",
    "Go", "Add", "Change", "View", "Home", "Log out", "Welcome", "Documentation",
    "Required", "characters or fewer", "Letters, digits", "Password-based authentication",
    "Enter a password", "submit", "publish", "approved", "published", "draft", "create",
    "Request", "Yes", "No", "Unknown", "Today", "Now", "Choose", "Clear", "Previous", "Next",
]  # fmt: skip
_WORDS = re.compile(
    r"(?<![A-Za-z_\-/.])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![A-Za-z_\-])"
)
_READ_ATTRIBUTES = re.compile(r'\b(?:alt|title|aria-label|placeholder)="([^"]*)"')


def visible_text(page: str) -> str:
    """What a reader sees or hears: the text outside tags, scripts and styles, and the
    attributes a screen reader reads."""
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    said = " ".join(_READ_ATTRIBUTES.findall(page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + said)


# Agency A's staff with every role: every back-office page the matrix knows, as one who may
# open all of them. Several hundred pages: longer than the default per-test limit on a busy
# machine.
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("persona", ["staff_a"])
def test_no_back_office_page_shows_english(world: World, persona: str):
    keep_import_report(world)
    visitors = Visitors(world)
    found: dict[str, set[str]] = {}
    for pattern in all_patterns():
        if not pattern.route.startswith("admin/"):
            continue
        url = url_for(pattern, world)
        response = visitors.request(persona, "get", url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        words = set(_WORDS.findall(visible_text(response.content.decode())))
        if words:
            found[url] = words
    assert not found, "English on back-office pages:\n" + "\n".join(
        f"{url}: {', '.join(sorted(words))}" for url, words in sorted(found.items())
    )
