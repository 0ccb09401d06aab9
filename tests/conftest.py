from __future__ import annotations

import pytest

from django.core.cache import cache
from django.utils import translation

from portal import workdays
from portal.models import AgencyKind, AgencyLevel, StaffRole
from tests.factories import AgencyFactory, StaffClient, staff

Role = StaffRole.Role


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The browser journeys run last (in their own order): .ci/run runs the unit suite on
    Python 3.12 beside this one, and the journeys' timeouts need the machine to themselves, so
    they come after the part that the other suite overlaps."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _english_messages():
    """Service-level messages are asserted in English (the msgids); pages are requested through
    the locale middleware, which picks the language per request (Chinese by default)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with an empty cache and reloads the calendar from its own database."""
    cache.clear()
    workdays.forget_loaded()
    yield
    cache.clear()


@pytest.fixture
def client() -> StaffClient:
    """pytest-django's client, whose force_login includes the second factor where needed."""
    return StaffClient()


@pytest.fixture
def admin_client(db, admin_user) -> StaffClient:
    client = StaffClient()
    client.force_login(admin_user)
    return client


@pytest.fixture
def province(db):
    return AgencyFactory(
        parent=None,
        name="浙江省人民政府",
        code="330000000",
        level=AgencyLevel.PROVINCE,
        kind=AgencyKind.GOVERNMENT,
    )


@pytest.fixture
def agency_a(province):
    return AgencyFactory(
        parent=province, name="丽水市人民政府", code="331100000", kind=AgencyKind.GOVERNMENT
    )


@pytest.fixture
def agency_b(province):
    return AgencyFactory(
        parent=province, name="杭州市人民政府", code="330100000", kind=AgencyKind.GOVERNMENT
    )


@pytest.fixture
def jinyun(agency_a):
    """缙云县, a county of 丽水市 (``agency_a``)."""
    return AgencyFactory(
        parent=agency_a,
        name="缙云县人民政府",
        code="331122000",
        level=AgencyLevel.COUNTY,
        kind=AgencyKind.GOVERNMENT,
    )


@pytest.fixture
def qingtian(agency_a):
    """青田县, another county of 丽水市."""
    return AgencyFactory(
        parent=agency_a,
        name="青田县人民政府",
        code="331121000",
        level=AgencyLevel.COUNTY,
        kind=AgencyKind.GOVERNMENT,
    )


@pytest.fixture
def group_sites(settings, province, agency_a, jinyun, qingtian):
    """A site group: the province's portal, 丽水市 and two of its counties, each under its
    own host (``tests.site_group``'s names), which the tests' ``ALLOWED_HOSTS`` admit."""
    from portal import sites
    from tests.site_group import CITY_HOST, COUNTY_HOST, PROVINCE_HOST, SIBLING_HOST

    settings.ALLOWED_HOSTS = [".localhost", "testserver"]
    return {
        "province": sites.site_create(
            name="浙江省人民政府门户网站", root_agency=province, hosts=[PROVINCE_HOST],
            icp_number="浙ICP备00000001号",
        ),
        "city": sites.site_create(
            name="丽水市人民政府门户网站", root_agency=agency_a,
            hosts=[CITY_HOST, "www.lishui.localhost"],
            icp_number="浙ICP备11000001号", theme="blue",
        ),
        "county": sites.site_create(
            name="缙云县人民政府门户网站", root_agency=jinyun, hosts=[COUNTY_HOST], theme="green"
        ),
        "sibling": sites.site_create(
            name="青田县人民政府门户网站", root_agency=qingtian, hosts=[SIBLING_HOST]
        ),
    }  # fmt: skip


@pytest.fixture
def drafter_a(agency_a):
    return staff("drafter_a", agency_a, Role.DRAFTER)


@pytest.fixture
def reviewer_a(agency_a):
    return staff("reviewer_a", agency_a, Role.REVIEWER)


@pytest.fixture
def publisher_a(agency_a):
    return staff("publisher_a", agency_a, Role.PUBLISHER)


@pytest.fixture
def handler_a(agency_a):
    return staff("handler_a", agency_a, Role.HANDLER)


@pytest.fixture
def head_a(agency_a):
    return staff("head_a", agency_a, Role.OFFICE_HEAD)


@pytest.fixture
def staff_b(agency_b):
    return staff("staff_b", agency_b, *Role.values)
