"""Settings fail closed: production refuses to start without its secrets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.core.exceptions import ImproperlyConfigured

from portal import env

BASE_DIR = Path(__file__).resolve().parents[2]


def settings_in_subprocess(**variables: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(variables)
    return subprocess.run(
        [sys.executable, "-c", "import portal.settings"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_secret_key_refuses_to_start():
    result = settings_in_subprocess(ALLOWED_HOSTS="example.gov.cn")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start():
    result = settings_in_subprocess(SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_development_starts_with_debug_on():
    assert settings_in_subprocess(DEBUG="1").returncode == 0


def test_a_misspelt_boolean_is_an_error(monkeypatch):
    monkeypatch.setenv("DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env.envbool("DEBUG", False)


def test_a_secret_may_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.delenv("MY_SECRET", raising=False)
    monkeypatch.setenv("MY_SECRET_FILE", str(secret))
    assert env.envstr("MY_SECRET") == "from-a-file"


def test_time_zone_and_languages(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert "en" in dict(settings.LANGUAGES)


@pytest.mark.django_db
def test_health_check_reports_database_and_cache_without_revealing_settings(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def settings_value(expression: str, **variables: str) -> str:
    """What ``portal.settings`` gives under DEBUG with these variables, printed."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_REPLICA", "MEDIA_STORAGE", "DJANGO_SETTINGS_MODULE"))
    }
    environment.update(DEBUG="1", **variables)
    result = subprocess.run(  # noqa: S603 - this file's own expressions
        [sys.executable, "-c", f"import portal.settings as s; print({expression})"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_replica_urls_become_database_aliases_that_mirror_the_primary_in_tests():
    urls = "postgres://reader@10.0.0.2:5432/portal, postgres://reader@10.0.0.3:5432/portal"
    shown = settings_value(
        "s.DATABASE_REPLICAS, s.DATABASES['replica_2']['HOST'], "
        "s.DATABASES['replica_1']['TEST'], s.DATABASES['replica_1']['OPTIONS']",
        DATABASE_REPLICA_URLS=urls,
    )

    assert shown == (
        "['replica_1', 'replica_2'] 10.0.0.3 {'MIRROR': 'default'} {'connect_timeout': 2}"
    )


def test_a_replica_url_of_another_database_is_refused(monkeypatch):
    monkeypatch.setenv("DATABASE_REPLICA_URLS", "mysql://reader@10.0.0.2/portal")
    with pytest.raises(ImproperlyConfigured, match="not a PostgreSQL or SQLite URL"):
        env.envdatabases("DATABASE_REPLICA_URLS")


def test_media_storage_is_the_data_directory_unless_configured():
    assert settings_value("s.STORAGES['default']") == (
        "{'BACKEND': 'django.core.files.storage.FileSystemStorage', 'OPTIONS': {}}"
    )


def test_media_storage_backend_and_options_come_from_the_environment():
    shown = settings_value(
        "s.STORAGES['default']",
        MEDIA_STORAGE_BACKEND="storages.backends.s3.S3Storage",
        MEDIA_STORAGE_OPTIONS='{"bucket_name": "portal-media"}',
    )

    assert shown == (
        "{'BACKEND': 'storages.backends.s3.S3Storage', 'OPTIONS': {'bucket_name': 'portal-media'}}"
    )


@pytest.mark.parametrize("value", ["{bucket", '["portal"]'])
def test_media_storage_options_must_be_a_json_object(monkeypatch, value):
    monkeypatch.setenv("MEDIA_STORAGE_OPTIONS", value)
    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE_OPTIONS"):
        env.envjson_object("MEDIA_STORAGE_OPTIONS")
