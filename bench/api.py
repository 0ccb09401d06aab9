"""Benchmark of the public document list API (prints figures; not a timed test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \
        python bench/api.py [--requests 200] [--page-size 100]

Needs published documents in the database (``manage.py generate_documents 100000``). Measures,
in-process through Django's test client (no network, no server):

1. GET /api/v1/documents/?page_size=N (DRF: filters, cursor pagination, serializer) — req/s;
2. a bare Django view returning the same N rows (same selector, same fields) with
   JsonResponse — req/s, and the ratio;
3. the SQL query count of the API at page sizes 20 and 100 (it must be the same constant).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

# API_ANON_RATE: measure the view, not the throttle. The page cache off: it would serve the bare
# view (not the API) from Redis after the first request. Creates the database if missing,
# migrates.
common.setup(DEBUG="1", API_ANON_RATE="1000000/second", PAGE_CACHE_SECONDS="0")

from django.db import connection  # noqa: E402
from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import path  # noqa: E402

from disclosure import selectors  # noqa: E402
from disclosure.models import Document  # noqa: E402
from portal import urls as portal_urls  # noqa: E402


def bare_view(request: HttpRequest) -> JsonResponse:
    size = int(request.GET.get("page_size", "100"))
    rows = (
        selectors.published_documents()
        .defer("body", "summary", "review_notes", "withdrawal_reason")
        .prefetch_related("attachments")[:size]
    )
    results = [
        {
            "id": d.pk,
            "index_number": d.index_number,
            "title": d.title,
            "doc_number": d.doc_number,
            "agency": {"code": d.agency.code, "name": d.agency.name},
            "issuer": d.issuer_names,
            "date_formed": d.date_formed,
            "date_published": d.date_published,
            "theme": str(d.theme) if d.theme_id else None,
            "theme_id": d.theme_id,
            "genre": d.genre.name if d.genre_id else None,
            "genre_id": d.genre_id,
            "catalog_item_id": d.catalog_item_id,
            "catalog_domain": d.catalog_item.domain.slug if d.catalog_item_id else None,
            "validity": d.validity,
            "disclosure_attribute": d.disclosure_attribute,
            "scope": d.scope,
            "is_normative": d.is_normative,
            "attachments": [
                {"name": str(a), "kind": a.kind, "size": a.size, "url": a.get_absolute_url()}
                for a in d.attachments.all()
            ],
            "url": request.build_absolute_uri(d.get_absolute_url()),
        }
        for d in rows
    ]
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})


urlpatterns = [path("bench/bare/", bare_view), *portal_urls.urlpatterns]


def rate(client: Client, url: str, n: int) -> float:
    assert client.get(url).status_code == 200  # warm up
    start = time.perf_counter()
    for _ in range(n):
        client.get(url)
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--page-size", type=int, default=100)
    args = parser.parse_args()
    total = Document.objects.published().count()
    common.print_scale(published_documents=total)
    common.print_load("the API figures")
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
        client = Client()
        api_url = f"/api/v1/documents/?page_size={args.page_size}"
        bare_url = f"/bench/bare/?page_size={args.page_size}"
        counts = {}
        for size in (20, 100):
            with CaptureQueriesContext(connection) as queries:
                client.get(f"/api/v1/documents/?page_size={size}")
            counts[size] = len(queries)
        api = rate(client, api_url, args.requests)
        bare = rate(client, bare_url, args.requests)
    print(f"API  {api_url}: {api:.1f} req/s")
    print(f"bare {bare_url}: {bare:.1f} req/s")
    print(f"ratio API/bare: {api / bare:.2f}")
    print(f"SQL queries per API request: page 20 → {counts[20]}, page 100 → {counts[100]}")


if __name__ == "__main__":
    main()
