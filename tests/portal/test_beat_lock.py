"""Celery beat runs once (portal.beat_lock): a second beat finds the lock taken and exits."""

from __future__ import annotations

import pytest

from portal import beat_lock

pytestmark = pytest.mark.usefixtures("redis_lock")


@pytest.fixture
def redis_lock(settings):
    if not settings.REDIS_URL:
        pytest.skip("the beat lock lives in Redis (REDIS_URL)")
    beat_lock._client().delete(beat_lock.LOCK_KEY)
    yield
    beat_lock._client().delete(beat_lock.LOCK_KEY)


def test_a_second_beat_refuses_to_start():
    first = beat_lock.hold_or_exit()

    with pytest.raises(SystemExit):
        beat_lock.hold_or_exit()

    beat_lock.release(first)


def test_once_the_first_beat_let_go_another_may_start():
    first = beat_lock.hold_or_exit()
    beat_lock.release(first)

    second = beat_lock.hold_or_exit()

    assert second and second != first
    assert not beat_lock.renew(first)
    assert beat_lock.renew(second)
    beat_lock.release(second)


def test_a_beat_that_died_holds_the_lock_no_longer_than_its_expiry():
    beat_lock.acquire("dead-beat")

    assert 0 < beat_lock._client().ttl(beat_lock.LOCK_KEY) <= beat_lock.LOCK_SECONDS
