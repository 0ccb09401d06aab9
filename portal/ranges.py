"""Files served inline with HTTP range requests (RFC 9110 section 14), so that audio and video
players can seek: interpretation media and interview videos. A ``Range`` the file cannot satisfy
answers 416; an ``If-Range`` for another version of the file gets it whole; the ETag is the
file's name, size and modification time."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import IO

from django.db.models.fields.files import FieldFile
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.utils.http import content_disposition_header

CHUNK = 64 * 1024

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class Unsatisfiable(Exception):
    """The range asks for bytes the file does not have (416)."""


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte positions, inclusive, asked for by a ``Range`` header.

    None means "send the whole file": no header, a malformed one, or several ranges (which a
    server may answer with the whole representation, RFC 9110 section 14.2). Raises
    ``Unsatisfiable`` when no byte of the file is in the range.
    """
    match = _RANGE.fullmatch(header.strip()) if header else None
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # a suffix: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise Unsatisfiable
        return max(size - length, 0), size - 1
    start = int(first)
    if last and int(last) < start:
        return None  # invalid, so ignored
    if start >= size:
        raise Unsatisfiable
    end = min(int(last), size - 1) if last else size - 1
    return start, end


def _etag(file: FieldFile, size: int) -> str:
    # Stored names are unique (generated) and files are never changed in place.
    digest = hashlib.sha256(f"{file.name}:{size}".encode()).hexdigest()[:32]
    return f'"{digest}"'


def _read(handle: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


def ranged_response(
    request: HttpRequest, file: FieldFile, *, content_type: str, filename: str
) -> HttpResponseBase:
    """The file inline, whole (200) or the part a ``Range`` header asks for (206, or 416)."""
    size = file.size
    etag = _etag(file, size)
    header = request.headers.get("Range", "")
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range != etag:
        header = ""  # the client's copy is another version: send it whole
    try:
        wanted = parse_range(header, size)
    except Unsatisfiable:
        refusal = HttpResponse(status=416)
        refusal["Content-Range"] = f"bytes */{size}"
        refusal["Accept-Ranges"] = "bytes"
        return refusal
    assert file.name is not None  # file.size above has already required a stored file
    handle = file.storage.open(file.name, "rb")
    response: StreamingHttpResponse
    if wanted is None:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = wanted
        length = end - start + 1
        response = StreamingHttpResponse(
            _read(handle, start, length), status=206, content_type=content_type
        )
        # Django's own list of what to close with the response; not in the stubs.
        response._resource_closers.append(handle.close)  # type: ignore[attr-defined]
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    disposition = content_disposition_header(False, filename)
    if disposition is not None:  # None for an empty file name
        response["Content-Disposition"] = disposition
    return response
