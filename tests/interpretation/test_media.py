"""Media of interpretations: uploads checked by content, files served only when published, with
HTTP range requests so that players can seek."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from interpretation import media
from interpretation.models import Form, Interpretation, MediaKind
from portal.ranges import Unsatisfiable, parse_range
from publishing import workflow
from publishing.models import Status
from tests.disclosure.conftest import PDF_BYTES, make_draft
from tests.interpretation.conftest import (
    M4A,
    MP3,
    MP4,
    PNG,
    WEBVTT,
    add_media,
    make_interpretation,
    published_document,
    published_interpretation,
    upload,
)

pytestmark = pytest.mark.django_db


# --- Checking uploads by content -----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "data", "content_type"),
    [
        (MediaKind.IMAGE, "图解一.png", PNG, "image/png"),
        (MediaKind.POSTER, "poster.PNG", PNG, "image/png"),
        (MediaKind.AUDIO, "解读.mp3", MP3, "audio/mpeg"),
        (MediaKind.AUDIO, "解读.m4a", M4A, "audio/mp4"),
        (MediaKind.VIDEO, "发布会.mp4", MP4, "video/mp4"),
        (MediaKind.CAPTIONS, "字幕.vtt", WEBVTT, "text/vtt"),
    ],
)
def test_accepted_media_get_the_type_of_their_content(kind, name, data, content_type):
    assert media.inspect_media(upload(name, data), kind).content_type == content_type


@pytest.mark.parametrize(
    ("kind", "name", "data"),
    [
        (MediaKind.IMAGE, "图解.png", PDF_BYTES),  # a PDF named .png
        (MediaKind.IMAGE, "图解.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        (MediaKind.VIDEO, "video.mp4", MP3),  # audio is not video
        (MediaKind.AUDIO, "audio.mp3", MP4),  # nor video audio
        (MediaKind.CAPTIONS, "字幕.vtt", b"1\n00:00:00,000 --> 00:00:02,000\nSRT\n"),
        (MediaKind.IMAGE, "empty.png", b""),
    ],
)
def test_other_content_is_refused_whatever_its_name(kind, name, data):
    with pytest.raises(ValidationError):
        media.inspect_media(upload(name, data), kind)


def test_an_image_needs_a_text_alternative_in_the_admin(client, agency_a, drafter_a):
    interpretation = make_interpretation(agency_a, drafter_a, [make_draft(agency_a, drafter_a)])
    client.force_login(drafter_a)
    data = {
        "agency": agency_a.pk,
        "documents": [interpretation.documents.get().pk],
        "form": Form.GRAPHIC,
        "title": interpretation.title,
        "department": "市政府办公室",
        "media-TOTAL_FORMS": "1",
        "media-INITIAL_FORMS": "0",
        "media-0-kind": MediaKind.IMAGE,
        "media-0-file": upload("图解一.png", PNG),
        "media-0-alt_text": "",
        "media-0-order": "1",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    url = f"/admin/interpretation/interpretation/{interpretation.pk}/change/"
    response = client.post(url, data)
    assert response.status_code == 200
    assert not interpretation.media.exists()
    data["media-0-file"] = upload("图解一.png", PNG)
    data["media-0-alt_text"] = "流程图：申请、受理、答复三个步骤"
    assert client.post(url, data).status_code == 302
    image = interpretation.media.get()
    assert (image.content_type, image.original_name) == ("image/png", "图解一.png")


def test_audio_or_video_needs_a_transcript_or_captions(agency_a, drafter_a):
    interpretation = make_interpretation(agency_a, drafter_a, [make_draft(agency_a, drafter_a)])
    add_media(interpretation, MediaKind.VIDEO, "发布会.mp4", MP4)
    with pytest.raises(ValidationError, match="transcript or captions"):
        workflow.submit(obj=interpretation, user=drafter_a)
    add_media(interpretation, MediaKind.CAPTIONS, "字幕.vtt", WEBVTT)
    workflow.submit(obj=interpretation, user=drafter_a)
    assert Interpretation.objects.get(pk=interpretation.pk).status == Status.IN_REVIEW


# --- Range requests ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=900-5000", (900, 999)),
        ("bytes=-5000", (0, 999)),
        ("bytes=0-1,5-6", None),  # several ranges: the whole file
        ("bytes=50-10", None),  # invalid: ignored
        ("items=0-10", None),
    ],
)
def test_range_headers(header, expected):
    assert parse_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=2000-3000", "bytes=-0"])
def test_unsatisfiable_ranges(header):
    with pytest.raises(Unsatisfiable):
        parse_range(header, 1000)


@pytest.fixture
def video(agency_a):
    document = published_document(agency_a, "规范性文件", dt.date(2026, 3, 2))
    interpretation = published_interpretation(agency_a, [document], form=Form.VIDEO)
    return add_media(interpretation, MediaKind.VIDEO, "发布会.mp4", MP4)


def test_the_whole_file_says_ranges_are_accepted(client, video):
    response = client.get(video.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(MP4))
    assert b"".join(response.streaming_content) == MP4
    assert response["Content-Disposition"].startswith("inline")


def test_a_range_gets_206_with_that_part(client, video):
    response = client.get(video.get_absolute_url(), HTTP_RANGE="bytes=4-11")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 4-11/{len(MP4)}"
    assert response["Content-Length"] == "8"
    assert response["Content-Type"] == "video/mp4"
    assert b"".join(response.streaming_content) == MP4[4:12]


def test_an_open_range_runs_to_the_end(client, video):
    response = client.get(video.get_absolute_url(), HTTP_RANGE=f"bytes={len(MP4) - 10}-")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == MP4[-10:]


def test_an_unsatisfiable_range_gets_416(client, video):
    response = client.get(video.get_absolute_url(), HTTP_RANGE=f"bytes={len(MP4)}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(MP4)}"


def test_a_range_for_another_version_gets_the_whole_file(client, video):
    response = client.get(video.get_absolute_url(), HTTP_RANGE="bytes=0-3", HTTP_IF_RANGE='"old"')
    assert response.status_code == 200
    etag = response["ETag"]
    again = client.get(video.get_absolute_url(), HTTP_RANGE="bytes=0-3", HTTP_IF_RANGE=etag)
    assert again.status_code == 206


def test_media_of_an_unpublished_interpretation_are_not_served(client, video):
    for status in (Status.DRAFT, Status.APPROVED, Status.WITHDRAWN):
        Interpretation.objects.filter(pk=video.interpretation_id).update(status=status)
        assert client.get(video.get_absolute_url()).status_code == 404


def test_staff_see_a_draft_s_media_through_the_back_office(client, video, drafter_a, staff_b):
    Interpretation.objects.filter(pk=video.interpretation_id).update(status=Status.DRAFT)
    url = f"/admin/interpretation/interpretation/media/{video.pk}/"
    client.force_login(drafter_a)
    response = client.get(url, HTTP_RANGE="bytes=0-3")
    assert response.status_code == 206
    client.force_login(staff_b)
    assert client.get(url).status_code == 404


def test_the_page_plays_video_with_captions_and_shows_the_transcript(client, video):
    interpretation = video.interpretation
    Interpretation.objects.filter(pk=interpretation.pk).update(transcript="各位记者朋友，大家好。")
    captions = add_media(interpretation, MediaKind.CAPTIONS, "字幕.vtt", WEBVTT)
    poster = add_media(interpretation, MediaKind.POSTER, "poster.png", PNG)
    page = client.get(interpretation.get_absolute_url()).content.decode()
    assert f'<source src="{video.get_absolute_url()}" type="video/mp4">' in page
    assert f'<track kind="captions" src="{captions.get_absolute_url()}"' in page
    assert f'poster="{poster.get_absolute_url()}"' in page
    assert "各位记者朋友，大家好。" in page
    assert client.get(captions.get_absolute_url())["Content-Type"] == "text/vtt"


def test_graphic_interpretations_show_their_images_in_order(client, agency_a):
    document = published_document(agency_a, "规范性文件", dt.date(2026, 3, 2))
    interpretation = published_interpretation(agency_a, [document], form=Form.GRAPHIC)
    second = add_media(interpretation, MediaKind.IMAGE, "2.png", PNG, alt_text="第二步", order=2)
    first = add_media(interpretation, MediaKind.IMAGE, "1.png", PNG, alt_text="第一步", order=1)
    page = client.get(interpretation.get_absolute_url()).content.decode()
    assert page.index(f'src="{first.get_absolute_url()}" alt="第一步"') < page.index(
        f'src="{second.get_absolute_url()}" alt="第二步"'
    )


def test_one_video_per_interpretation_in_the_admin(client, agency_a, drafter_a):
    interpretation = make_interpretation(agency_a, drafter_a, [make_draft(agency_a, drafter_a)])
    client.force_login(drafter_a)
    data = {
        "agency": agency_a.pk,
        "documents": [interpretation.documents.get().pk],
        "form": Form.VIDEO,
        "title": interpretation.title,
        "department": "市政府办公室",
        "transcript": "各位记者朋友，大家好。",
        "media-TOTAL_FORMS": "2",
        "media-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    for number in range(2):
        data |= {
            f"media-{number}-kind": MediaKind.VIDEO,
            f"media-{number}-file": upload(f"{number}.mp4", MP4),
            f"media-{number}-order": str(number),
        }
    url = f"/admin/interpretation/interpretation/{interpretation.pk}/change/"
    assert client.post(url, data).status_code == 200
    assert not interpretation.media.exists()


def test_a_media_file_of_unknown_size_is_refused_as_empty():
    """Found by mypy: UploadedFile.size may be None, which raised TypeError at the limit."""
    unknown_size = UploadedFile(io.BytesIO(PNG), name="图解.png", size=None)
    with pytest.raises(ValidationError, match="is empty"):
        media.inspect_media(unknown_size, MediaKind.IMAGE)
