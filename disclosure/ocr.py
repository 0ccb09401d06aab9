"""Optical character recognition (机器识别) of scanned pages and images, with tesseract.

Tesseract is Debian's package (``tesseract-ocr`` with ``tesseract-ocr-chi-sim`` and
``tesseract-ocr-chi-tra``), run as a subprocess with a time limit per page: no Python binding
is needed for that, and a page that hangs is killed rather than holding a worker. Its TSV
output gives each word's confidence, which decides between simplified and traditional script
(``read_png``). PDF pages are
rendered with pypdfium2 (PDFium's wheel: it renders whatever a scanner wrote, JBIG2 and CCITT
included, without a system library), images are read with Pillow; both only up to
``DISCLOSURE_OCR_MAX_PIXELS``, so a crafted file cannot make either eat the worker's memory.

Nothing here logs or raises with the recognised text: it may hold personal data.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import IO, Any

from PIL import Image, ImageSequence

from django.conf import settings

logger = logging.getLogger(__name__)

# Tesseract puts a space between CJK characters it reads one by one; a Chinese reader never
# sees one there (nor before Chinese punctuation).
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")
# Nor around the ASCII punctuation it reads for full-width punctuation (：；，).
_SPACE_AT_PUNCTUATION = re.compile(
    rf"(?<=[{_CJK}])[ \t]+(?=[:;,.!?])|(?<=[:;,.!?])[ \t]+(?=[{_CJK}])"
)


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
    text = _SPACE_AT_PUNCTUATION.sub("", _SPACE_IN_CJK.sub("", text))
    lines = [line.rstrip() for line in text.replace("\f", "\n").splitlines()]
    # Runs of empty lines: tesseract separates blocks with them.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _run(png: bytes, languages: str) -> str:
    """Tesseract's TSV (a row per word, with its confidence) for one page image."""
    executable = command()
    if executable is None:
        raise OcrUnavailable(settings.DISCLOSURE_OCR_COMMAND)
    arguments = [
        executable,
        "stdin",
        "stdout",
        "-l",
        languages,
        "--psm",
        "3",  # automatic page layout: columns, headers and 落款 as they fall
        "tsv",
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
            raise OcrUnavailable(languages)
        raise OcrFailed(f"exit status {result.returncode}")
    return result.stdout.decode("utf-8", "replace")


@dataclass(frozen=True)
class _Word:
    line: tuple[int, int, int]  # block, paragraph, line
    text: str
    confidence: float


def _words(tsv: str) -> list[_Word]:
    words = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        try:
            line = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
            confidence = float(row["conf"])
        except (KeyError, TypeError, ValueError):
            continue
        words.append(_Word(line, text, confidence))
    return words


def _text(words: list[_Word]) -> str:
    lines: list[str] = []
    block, last = None, None
    for word in words:
        if word.line != last:
            if block is not None and word.line[0] != block:
                lines.append("")  # a blank line between blocks, as tesseract's text output
            lines.append(word.text)
            block, last = word.line[0], word.line
        else:
            lines[-1] += " " + word.text
    return tidy("\n".join(lines))


def _script_confidence(words: list[_Word], script: str) -> float:
    """How sure the model was of the words only its script writes (for chi_sim the words
    that traditional script writes otherwise, and the other way round): the rest of the page
    reads the same in both and says nothing about which script it is in."""
    convert = _converter("s2t" if script == "chi_sim" else "t2s")
    own = [word for word in words if convert(word.text) != word.text]
    if not own:
        return -1.0
    return sum(word.confidence * len(word.text) for word in own) / sum(len(w.text) for w in own)


@cache
def _converter(config: str) -> Any:
    import opencc  # OpenCC's own binding, as the search analysis uses it

    return opencc.OpenCC(f"{config}.json").convert


def _scripts(languages: str) -> tuple[list[str], list[str]]:
    """The Chinese script models in ``languages`` and the others (eng)."""
    names = [name for name in languages.split("+") if name]
    scripts = [name for name in names if name in ("chi_sim", "chi_tra")]
    return scripts, [name for name in names if name not in scripts]


def read_png(png: bytes, languages: str | None = None) -> tuple[str, str]:
    """The text of one page image (PNG bytes), and the languages that read it.

    Each Chinese model reads both scripts but writes only its own: chi_sim writes 政务 for a
    page that says 政務. So when ``languages`` names both (the first page of a file), the page
    is read with each, and the one surer of the characters that differ between the scripts
    wins; the rest of the file is then read with that one only. Raises OcrUnavailable or
    OcrFailed.
    """
    languages = languages or settings.DISCLOSURE_OCR_LANGUAGES
    scripts, others = _scripts(languages)
    if len(scripts) < 2:
        return _text(_words(_run(png, languages))), languages
    best: tuple[float, float, str, list[_Word]] | None = None
    for script in scripts:
        chosen = "+".join([script, *others])
        words = _words(_run(png, chosen))
        overall = sum(w.confidence for w in words) / len(words) if words else -1.0
        score = (_script_confidence(words, script), overall)
        # On a tie (no character differs between the scripts) the first listed wins.
        if best is None or score > best[:2]:
            best = (*score, chosen, words)
    assert best is not None
    return _text(best[3]), best[2]


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
