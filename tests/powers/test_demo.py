"""The demo's lists of powers: items of every category for at least three 丽水 agencies, each
with its responsibilities; items with a history of several versions and one removed from the
list; loading twice changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from disclosure import demo as disclosure_demo
from portal import demo as portal_demo
from powers import demo
from powers.models import Category, PowerItem, PowerItemVersion, VersionKind
from publishing.models import Status

pytestmark = pytest.mark.django_db


def _state() -> list[tuple]:
    items = PowerItem.objects.order_by("pk").values_list("pk", "status", "version", "name", "basis")
    versions = PowerItemVersion.objects.order_by("pk").values_list("pk", "number", "recorded_at")
    return [*items, *versions]


def test_the_demo_lists_every_category_with_history_once(client):
    portal_demo.load(StringIO())
    disclosure_demo.load(StringIO())
    demo.load(StringIO())
    before = _state()
    demo.load(StringIO())
    assert _state() == before  # loading again changes nothing

    items = PowerItem.objects.catalog()
    assert set(items.values_list("category", flat=True)) == set(Category.values)
    assert items.published().values("agency").distinct().count() >= 3
    assert all(item.responsibilities.exists() for item in items)
    assert all(item.agency.code.startswith("3311") for item in items)  # 丽水
    assert not PowerItem.objects.open_revisions().exists()

    revised = [item for item in items.published() if item.versions.count() >= 2]
    assert len(revised) >= 2
    longest = max(revised, key=lambda item: item.version)
    assert longest.version == 3
    numbers = list(longest.versions.order_by("number").values_list("number", "kind"))
    assert numbers == [(1, "created"), (2, "changed"), (3, "changed")]
    dates = list(longest.versions.order_by("number").values_list("recorded_at", flat=True))
    assert dates == sorted(dates) and dates[0] < dates[-1]  # the history spans time
    page = client.get(longest.get_absolute_url()).content.decode()
    assert 'id="version-3"' in page and 'id="version-1"' in page

    removed = items.get(status=Status.WITHDRAWN)
    assert removed.versions.get(number=removed.version).kind == VersionKind.WITHDRAWN
    assert client.get(removed.get_absolute_url()).status_code == 200
    # The general office's item rests on a published demo document, linked on its page.
    cited = items.get(code="其他-00101-000")
    document = cited.basis_documents.get()
    assert document.get_absolute_url() in client.get(cited.get_absolute_url()).content.decode()
