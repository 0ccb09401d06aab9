"""Scans made for the tests: Chinese text drawn with the installed font (Debian's
fonts-wqy-microhei) into an image, saved as PNG, TIFF or an image-only PDF (no text layer),
as a scanner would."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

needs_font = pytest.mark.skipif(
    not FONT.exists(), reason="fonts-wqy-microhei is not installed (apt-get install it)"
)


def text_image(lines: list[str], *, size: int = 44) -> Image.Image:
    font = ImageFont.truetype(str(FONT), size)
    width = 80 + max(int(font.getlength(line)) for line in lines)
    image = Image.new("L", (width, 80 + int(size * 1.8) * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((40, 40 + int(size * 1.8) * number), line, fill=0, font=font)
    return image


def png(lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    text_image(lines).save(buffer, format="PNG")
    return buffer.getvalue()


def tiff(pages: list[list[str]]) -> bytes:
    images = [text_image(lines) for lines in pages]
    buffer = io.BytesIO()
    images[0].save(buffer, format="TIFF", save_all=True, append_images=images[1:])
    return buffer.getvalue()


def scanned_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages are images only, as a scanner writes them (at 300 dpi, the
    resolution the OCR renders pages at)."""
    images = [text_image(lines).convert("RGB") for lines in pages]
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", resolution=300, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def text_pdf(text: str) -> bytes:
    """A one-page PDF with a text layer (Latin text, built by hand: no font file needed)."""
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 5 0 R>>>>"
        b"/Contents 4 0 R>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj" % number + body + b"endobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def gbk_zip(name: str, data: bytes) -> bytes:
    """One file named as Windows archivers write Chinese names: GBK bytes, without the
    UTF-8 flag (zipfile itself always writes UTF-8, so the name is put in afterwards)."""
    raw = name.encode("gbk")
    placeholder = b"x" * len(raw)
    archive = zip_of({placeholder.decode(): data})
    assert archive.count(placeholder) == 2  # the local header and the central directory
    return archive.replace(placeholder, raw)
