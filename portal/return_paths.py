"""Where the header switches (text size, elder mode, language) send the reader back.

Each switch is a small form posting ``next``. It used to carry ``request.get_full_path``: the
whole address, however long or odd the query string (a 5,000-character search, a crafted
``?q=<script>`` …) copied three times into every page, and into the page cache. Now ``next`` is
this page's path on this site, with its query string only while the whole stays short, and
never anything but a relative path (``//host`` and ``/\\host`` collapse to one slash). The views
that receive it still check it with ``url_has_allowed_host_and_scheme`` before redirecting.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.http import url_has_allowed_host_and_scheme

# Longer addresses come back without their query string (the page itself, unfiltered).
RETURN_PATH_MAX = 256


def return_path(request: HttpRequest) -> str:
    path = escape_uri_path("/" + request.path.lstrip("/\\"))
    if len(path) > RETURN_PATH_MAX:
        return "/"
    query = request.META.get("QUERY_STRING", "")
    if query:
        with_query = f"{path}?{iri_to_uri(query)}"
        if len(with_query) <= RETURN_PATH_MAX:
            path = with_query
    if not url_has_allowed_host_and_scheme(path, allowed_hosts=None):
        return "/"
    return path
