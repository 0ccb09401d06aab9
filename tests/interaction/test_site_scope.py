"""The message box, interviews and meetings in the site group (portal.sites, issue 21): each
site lists, counts, feeds and serves its own agencies' records; another site's record answers
with a 301 to the site that shows it; the form sends only to the site's agencies."""

from __future__ import annotations

import datetime as dt

import pytest

from django.utils import timezone

from disclosure.models import Document
from interaction.models import Message, MessageDesk, MessageKind
from interaction.models.events import MeetingApplication
from portal.models import StaffRole
from publishing.models import Status as DocumentStatus
from tests.factories import staff
from tests.interaction.conftest import submit
from tests.interaction.events.conftest import make_interview, make_meeting, published
from tests.interaction.test_handling import publish_reply
from tests.site_group import CITY_HOST, COUNTY_HOST, SIBLING_HOST, body, page

pytestmark = pytest.mark.django_db

Role = StaffRole.Role

COUNTY = "缙云县的留言：农村公路何时修缮"
SIBLING = "青田县的留言：侨乡办证流程"
CITY = "丽水市的留言：市区停车收费标准"


def _publish(agency, subject: str, code: str) -> Message:
    MessageDesk.objects.get_or_create(agency=agency)
    submission = submit(agency, subject=subject)
    message = submission.message
    message.query_code = submission.query_code  # for the writer's lookup
    drafter = staff(f"drafter_{code}", agency, Role.DRAFTER)
    reviewer = staff(f"reviewer_{code}", agency, Role.REVIEWER)
    publisher = staff(f"publisher_{code}", agency, Role.PUBLISHER)
    publish_reply(message, drafter, reviewer, publisher)
    message.refresh_from_db()
    return message


@pytest.fixture
def messages(group_sites, agency_a, jinyun, qingtian):
    return {
        "county": _publish(jinyun, COUNTY, "jy"),
        "sibling": _publish(qingtian, SIBLING, "qt"),
        "city": _publish(agency_a, CITY, "ls"),
    }


def _number(messages, key: str) -> str:
    return messages[key].tracking_number


# --- Lists, statistics, feeds ---------------------------------------------------------------


def test_a_county_site_lists_its_own_messages_not_its_siblings_or_its_citys(client, messages):
    for path in ("/interaction/", "/interaction/messages/"):
        text = page(client, path, COUNTY_HOST)
        assert COUNTY in text, path
        assert SIBLING not in text and CITY not in text, path


def test_the_city_site_lists_its_counties_messages(client, messages):
    text = page(client, "/interaction/messages/", CITY_HOST)
    assert COUNTY in text and SIBLING in text and CITY in text


def test_the_agency_filter_offers_only_the_sites_agencies(
    client, messages, agency_a, jinyun, qingtian
):
    text = page(client, "/interaction/messages/", COUNTY_HOST)
    assert f'value="{jinyun.code}"' in text
    assert f'value="{qingtian.code}"' not in text and f'value="{agency_a.code}"' not in text
    # Another site's agency typed into the address finds nothing rather than its messages.
    text = page(client, f"/interaction/messages/?agency={qingtian.code}", COUNTY_HOST)
    assert SIBLING not in text


def test_the_statistics_count_the_sites_agencies_only(client, messages, jinyun, qingtian):
    text = page(client, "/interaction/statistics/", COUNTY_HOST)
    assert jinyun.name in text and qingtian.name not in text
    city = page(client, "/interaction/statistics/", CITY_HOST)
    assert jinyun.name in city and qingtian.name in city


def test_the_index_counts_the_sites_messages_only(client, messages):
    response = client.get("/interaction/", HTTP_HOST=COUNTY_HOST)
    assert response.context["year"].received == 1
    response = client.get("/interaction/", HTTP_HOST=CITY_HOST)
    assert response.context["year"].received == 3


def test_the_message_feeds_carry_the_sites_messages_only(client, messages):
    for path in ("/feeds/messages.rss", "/feeds/messages.atom"):
        text = page(client, path, COUNTY_HOST)
        assert COUNTY in text and SIBLING not in text and CITY not in text


# --- Pages of one message -------------------------------------------------------------------


def test_another_sites_message_moves_to_the_site_that_shows_it(client, messages):
    number = _number(messages, "sibling")
    response = client.get(f"/interaction/messages/{number}/", HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{SIBLING_HOST}/interaction/messages/{number}/"
    number = _number(messages, "city")
    response = client.get(f"/interaction/messages/{number}/", HTTP_HOST=COUNTY_HOST)
    assert response["Location"] == f"http://{CITY_HOST}/interaction/messages/{number}/"


def test_the_city_site_shows_its_countys_message(client, messages):
    number = _number(messages, "county")
    assert COUNTY in page(client, f"/interaction/messages/{number}/", CITY_HOST)


def test_a_writer_follows_their_message_on_any_site(client, messages):
    """The lookup is the writer's own (number and query code, in this browser's session): it
    answers on whichever host they use, never moving them to a host where their session is
    unknown."""
    message = messages["county"]
    response = client.post(
        "/interaction/track/",
        {"tracking_number": message.tracking_number, "query_code": message.query_code},
        HTTP_HOST=SIBLING_HOST,
    )
    assert response.status_code == 302
    assert response["Location"] == f"/interaction/track/{message.tracking_number}/"
    assert COUNTY in page(client, response["Location"], SIBLING_HOST)


# --- The API --------------------------------------------------------------------------------


def _subjects(response) -> set[str]:
    assert response.status_code == 200
    return {row["subject"] for row in response.json()["results"]}


def test_the_message_api_lists_the_sites_messages(client, messages):
    assert _subjects(client.get("/api/v1/messages/", HTTP_HOST=COUNTY_HOST)) == {COUNTY}
    asked = client.get(f"/api/v1/messages/?site={COUNTY_HOST}", HTTP_HOST=CITY_HOST)
    assert _subjects(asked) == {COUNTY}
    assert _subjects(client.get("/api/v1/messages/", HTTP_HOST=CITY_HOST)) == {
        COUNTY,
        SIBLING,
        CITY,
    }


def test_the_message_api_has_no_other_sites_message(client, messages):
    number = _number(messages, "sibling")
    assert client.get(f"/api/v1/messages/{number}/", HTTP_HOST=COUNTY_HOST).status_code == 404
    asked = client.get(f"/api/v1/messages/{number}/?site={SIBLING_HOST}", HTTP_HOST=COUNTY_HOST)
    assert asked.status_code == 200


# --- The form -------------------------------------------------------------------------------


@pytest.fixture
def desks(group_sites, agency_a, jinyun, qingtian):
    return {
        agency.code: MessageDesk.objects.create(agency=agency)
        for agency in (agency_a, jinyun, qingtian)
    }


def _form_data(desk: MessageDesk) -> dict[str, str]:
    return {
        "step": "preview",
        "kind": str(MessageKind.objects.get(code="consult").pk),
        "addressee": str(desk.agency_id),
        "subject": "农村公路何时修缮",
        "text": "我村通往镇上的公路坑洼不平，请问何时修缮？",
        "name": "李四",
        "mobile": "13800138000",
        "publication_consent": "yes",
    }


def test_the_form_offers_only_the_sites_agencies(client, desks, agency_a, jinyun, qingtian):
    response = client.get("/interaction/write/", HTTP_HOST=COUNTY_HOST)
    offered = {value for value, _label in response.context["form"].fields["addressee"].choices}
    assert offered == {"", str(jinyun.pk)}


def test_the_form_refuses_an_agency_of_another_site(client, desks, agency_a):
    data = _form_data(desks[agency_a.code])
    for step in ("preview", "submit"):
        response = client.post("/interaction/write/", {**data, "step": step}, HTTP_HOST=COUNTY_HOST)
        assert response.status_code == 200
        errors = " ".join(response.context["form"].errors["addressee"])
        # Where the citizen can write to it instead.
        assert agency_a.name in errors and "丽水市人民政府门户网站" in errors
    assert not Message.objects.exists()


def test_the_form_takes_the_sites_own_agency(client, desks, jinyun):
    data = _form_data(desks[jinyun.code])
    response = client.post("/interaction/write/", {**data, "step": "submit"}, HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 302
    assert Message.objects.get().agency == jinyun


def test_a_link_preselecting_another_sites_agency_preselects_nothing(client, desks, agency_a):
    response = client.get(f"/interaction/write/?agency={agency_a.code}", HTTP_HOST=COUNTY_HOST)
    assert response.context["form"].initial.get("addressee", "") == ""


# --- Interviews and meetings ----------------------------------------------------------------


@pytest.fixture
def events_by_site(group_sites, agency_a, jinyun, qingtian):
    start = timezone.now() + dt.timedelta(days=3)
    found = {}
    for key, agency in (("county", jinyun), ("sibling", qingtian), ("city", agency_a)):
        drafter = staff(f"events_{key}", agency, Role.DRAFTER)
        label = agency.name[:3]
        found[key] = {
            "interview": published(
                make_interview(agency, drafter, start=start, title=f"{label}在线访谈")
            ),
            "meeting": published(make_meeting(agency, drafter, title=f"{label}公众列席会议")),
        }
    return found


def test_a_county_site_lists_its_own_interviews_and_meetings(client, events_by_site):
    for path, kind in (
        ("/interaction/interviews/", "interview"),
        ("/interaction/meetings/", "meeting"),
    ):
        text = page(client, path, COUNTY_HOST)
        assert events_by_site["county"][kind].title in text, path
        assert events_by_site["sibling"][kind].title not in text, path
        assert events_by_site["city"][kind].title not in text, path
        city = page(client, path, CITY_HOST)
        assert events_by_site["county"][kind].title in city, path


def test_another_sites_interview_or_meeting_moves_to_its_site(client, events_by_site):
    for kind, prefix in (("interview", "interviews"), ("meeting", "meetings")):
        pk = events_by_site["sibling"][kind].pk
        response = client.get(f"/interaction/{prefix}/{pk}/", HTTP_HOST=COUNTY_HOST)
        assert response.status_code == 301
        assert response["Location"] == f"http://{SIBLING_HOST}/interaction/{prefix}/{pk}/"
        own = events_by_site["county"][kind]
        assert own.title in page(client, f"/interaction/{prefix}/{own.pk}/", COUNTY_HOST)


def test_an_application_to_another_sites_meeting_is_not_taken_here(client, events_by_site):
    meeting = events_by_site["sibling"]["meeting"]
    response = client.post(
        f"/interaction/meetings/{meeting.pk}/",
        {"name": "张小明", "mobile": "13912345678", "id_type": "resident_id"},
        HTTP_HOST=COUNTY_HOST,
    )
    assert response.status_code == 301
    assert not MeetingApplication.objects.filter(meeting=meeting).exists()


def test_a_question_for_another_sites_interview_is_asked_on_its_site(client, events_by_site):
    interview = events_by_site["sibling"]["interview"]
    path = f"/interaction/write/?interview={interview.pk}"
    response = client.get(path, HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{SIBLING_HOST}{path}"


def test_the_event_feeds_and_api_carry_the_sites_events_only(client, events_by_site):
    for name, kind in (("interviews", "interview"), ("meetings", "meeting")):
        own, sibling = events_by_site["county"][kind], events_by_site["sibling"][kind]
        feed = body(client.get(f"/feeds/{name}.rss", HTTP_HOST=COUNTY_HOST))
        assert own.title in feed and sibling.title not in feed
        api = client.get(f"/api/v1/{name}/", HTTP_HOST=COUNTY_HOST).json()
        assert {row["title"] for row in api["results"]} == {own.title}
        asked = client.get(f"/api/v1/{name}/?site={SIBLING_HOST}", HTTP_HOST=COUNTY_HOST).json()
        assert {row["title"] for row in asked["results"]} == {sibling.title}
        detail = client.get(f"/api/v1/{name}/{sibling.pk}/", HTTP_HOST=COUNTY_HOST)
        assert detail.status_code == 404


def _document(agency, title: str, number: int) -> Document:
    return Document.objects.create(
        agency=agency,
        title=title,
        index_number=f"{agency.code}/2026-{number:05d}",
        date_formed=dt.date(2026, 6, 1),
        date_published=dt.date(2026, 6, 5),
        status=DocumentStatus.PUBLISHED,
    )


def test_an_interviews_documents_and_questions_of_another_site_link_to_that_site(
    client, events_by_site, agency_a, jinyun, qingtian
):
    """The interview keeps what belongs to it whatever the agency; an outside record links to
    the site that shows it, never a relative link that answers with a redirect."""
    interview = events_by_site["county"]["interview"]
    own, city = _document(jinyun, "缙云县的解读文件", 1), _document(agency_a, "丽水市的实施方案", 2)
    interview.documents.set([own, city])
    question = _publish(qingtian, SIBLING, "qt")  # handed over to 青田县, asked at the interview
    Message.objects.filter(pk=question.pk).update(interview=interview)
    text = page(client, f"/interaction/interviews/{interview.pk}/", COUNTY_HOST)
    assert f'href="/disclosure/documents/{own.pk}/"' in text
    assert f'href="http://{CITY_HOST}/disclosure/documents/{city.pk}/"' in text
    assert SIBLING in text
    assert f'href="http://{SIBLING_HOST}{question.get_absolute_url()}"' in text
    # On the city's site all of them are its own.
    text = page(client, f"/interaction/interviews/{interview.pk}/", CITY_HOST)
    assert f'href="/disclosure/documents/{city.pk}/"' in text
    assert f'href="{question.get_absolute_url()}"' in text
