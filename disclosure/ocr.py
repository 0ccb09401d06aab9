"""Optical character recognition (机器识别) of scanned pages and images, with tesseract.

Tesseract is Debian's package (``tesseract-ocr`` with ``tesseract-ocr-chi-sim`` and
``tesseract-ocr-chi-tra``), run as a subprocess with a time limit per page: no Python binding
is needed for that, and a page that hangs is killed rather than holding a worker. PDF pages are
rendered with pypdfium2 (PDFium's wheel: it renders whatever a scanner wrote, JBIG2 and CCITT
included, without a system library), images are read with Pillow; both only up to
``DISCLOSURE_OCR_MAX_PIXELS``, so a crafted file cannot make either eat the worker's memory.

Nothing here logs or raises with the recognised text: it may hold personal data.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import IO, Any

from PIL import Image, ImageSequence

from django.conf import settings

logger = logging.getLogger(__name__)

# Tesseract puts a space between CJK characters it reads one by one; a Chinese reader never
# sees one there (nor before Chinese punctuation).
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")


class OcrUnavailable(Exception):
    """Tesseract (or one of its languages) is not installed on this server."""


class OcrFailed(Exception):
    """Tesseract could not read this page: it timed out or failed."""


def command() -> str | None:
    """The tesseract executable, or None when it is not installed."""
    return shutil.which(settings.DISCLOSURE_OCR_COMMAND)


def available() -> bool:
    return command() is not None


def unavailable_message() -> str:
    """What staff are told when OCR cannot run (admin pages): data for them, in Chinese like
    the other import and screening reports."""
    return (
        "服务器未安装文字识别程序 tesseract（或其中文语言包），扫描件中的文字无法识别。"
        "请系统管理员安装 tesseract-ocr、tesseract-ocr-chi-sim、tesseract-ocr-chi-tra，"
        "然后重新运行发布前检查。"
    )


def tidy(text: str) -> str:
    text = _SPACE_IN_CJK.sub("", text)
    lines = [line.rstrip() for line in text.replace("\f", "\n").splitlines()]
    # Runs of empty lines: tesseract separates blocks with them.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def read_png(png: bytes) -> str:
    """The text of one page image (PNG bytes). Raises OcrUnavailable or OcrFailed."""
    executable = command()
    if executable is None:
        raise OcrUnavailable(settings.DISCLOSURE_OCR_COMMAND)
    arguments = [
        executable,
        "stdin",
        "stdout",
        "-l",
        settings.DISCLOSURE_OCR_LANGUAGES,
        "--psm",
        "3",  # automatic page layout: columns, headers and 落款 as they fall
        "-c",
        "preserve_interword_spaces=1",
    ]
    try:
        result = subprocess.run(  # noqa: S603 - a fixed command, the image on stdin
            arguments,
            input=png,
            capture_output=True,
            timeout=settings.DISCLOSURE_OCR_PAGE_TIMEOUT_SECONDS,
            check=False,
            # One thread: the worker runs beside the web server on a small machine, and
            # OpenMP's threads make tesseract slower there, not faster.
            env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
        )
    except FileNotFoundError as error:
        raise OcrUnavailable(settings.DISCLOSURE_OCR_COMMAND) from error
    except subprocess.TimeoutExpired as error:
        raise OcrFailed("timeout") from error
    if result.returncode != 0:
        # tesseract's message names a missing language pack; it never quotes the page.
        if b"Failed loading language" in result.stderr or b"Error opening data" in result.stderr:
            raise OcrUnavailable(settings.DISCLOSURE_OCR_LANGUAGES)
        raise OcrFailed(f"exit status {result.returncode}")
    return tidy(result.stdout.decode("utf-8", "replace"))


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # Grey is all tesseract uses; it makes the PNG a third of the size of a colour one.
    image.convert("L").save(buffer, format="PNG")
    return buffer.getvalue()


class TooLarge(Exception):
    """An image or page beyond ``DISCLOSURE_OCR_MAX_PIXELS``."""


def image_pages(stream: IO[bytes]) -> Iterator[bytes]:
    """Each frame of an image file (a multi-page TIFF has several) as a PNG, up to
    ``DISCLOSURE_OCR_MAX_PAGES``; raises TooLarge for an image over the pixel limit."""
    limit = settings.DISCLOSURE_OCR_MAX_PIXELS
    with Image.open(stream) as image:  # reads the header only
        if image.width * image.height > limit:
            raise TooLarge(f"{image.width}x{image.height}")
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            if number > settings.DISCLOSURE_OCR_MAX_PAGES:
                return
            if frame.width * frame.height > limit:
                raise TooLarge(f"{frame.width}x{frame.height}")
            yield _png(frame)


def image_page_count(stream: IO[bytes]) -> int:
    with Image.open(stream) as image:
        return int(getattr(image, "n_frames", 1))


class PdfRenderer:
    """Renders pages of one PDF for OCR; PDFium opens the file at the first page asked for,
    once. Use as a context manager."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._pdf: Any = None

    def __enter__(self) -> PdfRenderer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None

    def page_png(self, index: int) -> bytes:
        """Page ``index`` (from 0) at ``DISCLOSURE_OCR_DPI``, or less where the page is so
        large that it would pass the pixel limit."""
        if self._pdf is None:
            import pypdfium2  # loads PDFium only where scans are read

            self._pdf = pypdfium2.PdfDocument(self.data)
        page = self._pdf[index]
        try:
            width, height = page.get_size()  # in points, 1/72 inch
            scale = settings.DISCLOSURE_OCR_DPI / 72
            pixels = width * scale * height * scale
            if pixels > settings.DISCLOSURE_OCR_MAX_PIXELS:
                scale *= (settings.DISCLOSURE_OCR_MAX_PIXELS / pixels) ** 0.5
            bitmap = page.render(scale=scale, grayscale=True)
            try:
                return _png(bitmap.to_pil())
            finally:
                bitmap.close()
        finally:
            page.close()
