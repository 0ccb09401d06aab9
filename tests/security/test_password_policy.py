"""Staff passwords (等保2.0 level 3): at least 10 characters, at least three kinds of
characters, not the user name; refused with a message in Chinese in the back office."""

from __future__ import annotations

import pytest

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from portal.demo import DEMO_PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(db):
    return UserFactory(username="wangclerk")


def problems(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [e.code for e in error.error_list]
    return []


def test_a_long_password_of_three_kinds_passes(clerk):
    assert problems("Lishui-2026-gk", clerk) == []
    assert problems("lishui-2026-gk", clerk) == []  # lower case, digits, punctuation


def test_nine_characters_are_too_few(clerk):
    assert "password_too_short" in problems("Ab3-Ab3-x", clerk)


@pytest.mark.parametrize("password", ["lishuizhengwu", "lishui2026gongkai", "LISHUI-GONGKAI"])
def test_fewer_than_three_kinds_are_refused(clerk, password):
    assert "password_too_simple" in problems(password, clerk)


@pytest.mark.parametrize("password", ["WangClerk-2026", "2026-krelcgnaw-X"])
def test_the_user_name_in_the_password_is_refused(clerk, password):
    assert "password_has_username" in problems(password, clerk)


def test_the_demo_password_meets_the_policy(db):
    for username in ("admin", "lishui-head", "hangzhou-handler"):
        assert problems(DEMO_PASSWORD, UserFactory(username=username)) == []


def test_the_password_change_page_refuses_a_weak_password_in_chinese(client, clerk):
    clerk.set_password("Old-pass-2026")
    clerk.save()
    client.force_login(clerk)
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": "Old-pass-2026",
            "new_password1": "wangclerk2026",
            "new_password2": "wangclerk2026",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "不得包含用户名" in page
    assert "至少混合" in page
    clerk.refresh_from_db()
    assert clerk.check_password("Old-pass-2026")
