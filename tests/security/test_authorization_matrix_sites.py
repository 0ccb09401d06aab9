"""The authorization matrix per site (issue 21): the same visitors and the same table as
``test_authorization_matrix``, on each host of a site group over its world.

The sites: the world's main site over the whole tree (its subtree holds agency A), agency A's
own site, and agency B's site, which does not show agency A. On the first two every URL answers as
the table says; on agency B's site a page of one of agency A's public records either answers
as the table says or sends the visitor on to agency A's own host (``portal.sites.elsewhere``)
or is not found there, and nothing private of agency A or its applicants shows on any of them.
"""

from __future__ import annotations

import pytest

from portal import sites
from tests.security.fixtures_matrix import (
    World,
    world_fixture,  # noqa: F401 - the world fixture
)
from tests.security.matrix_urls import keep_import_report
from tests.security.test_authorization_matrix import (
    LEAKS,
    OK,
    OUTSIDERS,
    PERSONAL_DATA,
    PERSONAL_DATA_OUTSIDERS,
    PERSONAS,
    Visitors,
    _body,
    _cases,
    _matches,
    back_office,
)

pytestmark = pytest.mark.django_db

# The world's own site group (fixtures_matrix.build_world): a main site over the whole tree on
# the test client's host and agency A's site; agency B's site is added here.
MAIN_HOST = "testserver"
A_HOST = "a.testserver"
B_HOST = "b.testserver"
HOSTS = (MAIN_HOST, A_HOST, B_HOST)
NAMES = {MAIN_HOST: "矩阵主站", A_HOST: "矩阵A站", B_HOST: "矩阵B站"}


@pytest.fixture(autouse=True)
def _hosts(settings):
    settings.ALLOWED_HOSTS = [".testserver", "testserver"]


def _site_b(world: World, capture) -> None:
    """Agency B's site, committed as far as the caches go: creating a site retires the host
    table when its transaction commits, and the visitors' first requests have read it."""
    with capture(execute=True):
        sites.site_create(name=NAMES[B_HOST], root_agency=world.agency_b, hosts=[B_HOST])


# Where agency B's site changes the table: agency B's staff now edit their own site's settings
# and its placements.
SITE_GROUP_RULES = {
    "admin/portal/site/": back_office(OK),
    "admin/disclosure/documentplacement/": back_office(OK),
    "admin/disclosure/documentplacement/add/": back_office(OK),
}


def _sent_on_or_hidden(response) -> bool:
    """Agency A's record asked for on a site that does not show it."""
    if response.status_code == 404:
        return True
    return response.status_code == 301 and response["Location"].startswith(f"http://{A_HOST}/")


@pytest.mark.parametrize(
    "host",
    [
        MAIN_HOST,
        A_HOST,
        B_HOST,
    ],
)
def test_each_visitor_gets_what_the_table_says_on_each_site(
    world, host, django_capture_on_commit_callbacks
):
    # The visitors open their sessions (the applicants' tracking lookups) on the main site;
    # then every request names the host under test.
    visitors = Visitors(world)
    _site_b(world, django_capture_on_commit_callbacks)
    for client in visitors.clients.values():
        client.defaults["HTTP_HOST"] = host
    home = visitors.request("anon", "get", "/")
    assert NAMES[host] in home.content.decode(), "the host's own site answers"
    shows_a = host != B_HOST
    wrong, leaked = [], []
    sent_on = dict.fromkeys(PERSONAS, 0)
    for persona in PERSONAS:
        keep_import_report(world)  # each persona's own import report, as in the table's test
        for pattern, url, table_rule in _cases(world):
            rule = SITE_GROUP_RULES.get(pattern.route, table_rule)
            response = visitors.request(persona, "get", url)
            if not _matches(response, rule[persona]):
                if not shows_a and rule[persona] == OK and _sent_on_or_hidden(response):
                    sent_on[persona] += 1
                    continue
                got = f"{response.status_code} {response.get('Location', '')}".strip()
                wrong.append(
                    f"{persona}: {url} ({pattern.route}): expected {rule[persona]}, got {got}"
                )
            elif response.status_code == 200 and persona in OUTSIDERS + PERSONAL_DATA_OUTSIDERS:
                body = _body(response)
                secrets = LEAKS if persona in OUTSIDERS else PERSONAL_DATA
                leaked += [
                    f"{persona}: {url}: {what}" for what, text in secrets.items() if text in body
                ]
    assert not wrong, f"on {host}:\n" + "\n".join(wrong)
    assert not leaked, f"on {host}, visitors see what is not theirs:\n" + "\n".join(leaked)
    # Agency B's site sends agency A's public records on (or hides them); the others show them.
    if shows_a:
        assert set(sent_on.values()) == {0}, sent_on
    else:
        assert 0 not in sent_on.values(), sent_on


def test_an_unknown_host_gets_the_plain_404_whoever_asks(world, django_capture_on_commit_callbacks):
    visitors = Visitors(world)
    _site_b(world, django_capture_on_commit_callbacks)
    for persona in PERSONAS:
        client = visitors.clients[persona]
        client.defaults["HTTP_HOST"] = "c.testserver"
        for url in ("/", "/disclosure/", "/requests/track/", "/api/v1/documents/"):
            response = visitors.request(persona, "get", url)
            assert response.status_code == 404, (persona, url)
            # In the visitor's language: English for the test's own, Chinese for a visitor's.
            text = response.content.decode()
            assert "No site answers this host name." in text or "没有网站使用此域名。" in text
