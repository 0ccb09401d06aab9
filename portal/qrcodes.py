"""QR codes that open a page on a phone: drawn on the server as SVG (segno), so that no
external service learns who reads what, and the image prints sharp at any size."""

from __future__ import annotations

from functools import lru_cache

import segno

from django.conf import settings
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe


def absolute_url(request: HttpRequest, path: str) -> str:
    """The page's full address: under SITE_URL when set (the public name of the site behind a
    proxy), else as the request reached us."""
    if settings.SITE_URL:
        return f"{settings.SITE_URL}{path}"
    return request.build_absolute_uri(path)


@lru_cache(maxsize=2048)
def qr_svg(url: str) -> SafeString:
    """``url`` as an inline SVG QR code, decorative (the page says what it is next to it).

    Error correction M (15 %) survives a smudged print-out; black on white with the quiet zone
    (4 modules) that phone cameras need.

    Drawing one takes about 10 ms, a quarter of a document page's time when the page is not
    served from the page cache (bench, 100,000 documents); a page's address always draws the
    same code, so each process keeps the codes of the pages read most (2,048 of about 8 KB)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=3, border=4, dark="#000", light="#fff", svgclass="qr-code")
    # segno escapes nothing it does not draw: the URL is encoded in the path, not written out.
    return mark_safe(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))  # noqa: S308
