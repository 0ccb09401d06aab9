"""The site group in tests (issue 21): host names, a page reader and the fixtures' builder.

The fixtures themselves live in ``tests/conftest.py`` (``jinyun``, ``qingtian``,
``group_sites``): the province's portal over the whole tree, 丽水市 (``agency_a``) and two of
its counties, each under its own host.
"""

from __future__ import annotations

import gzip

PROVINCE_HOST = "zj.localhost"
CITY_HOST = "lishui.localhost"
COUNTY_HOST = "jinyun.lishui.localhost"
SIBLING_HOST = "qingtian.lishui.localhost"


def body(response) -> str:
    """A response's text, whether gzipped (the page cache) or streamed."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Encoding") == "gzip":
        content = gzip.decompress(content)
    return content.decode()


def page(client, path: str, host: str) -> str:
    """The text of ``path`` on ``host``, which must answer 200."""
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, (host, path, response.status_code)
    return body(response)
