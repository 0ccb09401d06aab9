"""Plain text of a document set in paragraphs: the source's paragraphs kept, its hard line
breaks joined, the 落款 and its date marked (disclosure.paragraphs), on the corpus documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from disclosure.paragraphs import DATE, SIGNATURE, body_html, paragraphs, paragraphs_html

CORPUS = Path(__file__).resolve().parents[2] / "disclosure" / "fixtures" / "corpus"
FILES = sorted(path.name for path in CORPUS.glob("*.txt"))


def corpus(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def texts(text: str) -> list[str]:
    return [paragraph.text for paragraph in paragraphs(text)]


def without_spaces(items: list[str]) -> list[str]:
    """Spaces at a cut are lost with the line's end (as when a PDF is copied): compared without."""
    return [re.sub(r"\s", "", item) for item in items]


def hard_wrapped(paragraph_texts: list[str], width: int, indent: str = "") -> str:
    """The paragraphs as a text wrapped at ``width`` characters, as a PDF or a printout gives."""
    lines = []
    for text in paragraph_texts:
        for start in range(0, len(text), width):
            lines.append((indent if start == 0 else "") + text[start : start + width])
    return "\n".join(lines)


def test_corpus_files_are_there():
    assert len(FILES) == 5


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("width", [22, 28, 35])
def test_indented_hard_wrapped_corpus_text_gets_its_paragraphs_back(name, width):
    source = texts(corpus(name))

    wrapped = hard_wrapped(source, width, indent="\u3000\u3000")

    assert wrapped.count("\n") > len(source)  # the wrapping did cut paragraphs
    assert without_spaces(texts(wrapped)) == without_spaces(source)


@pytest.mark.parametrize("name", ["000_8e1c349c637639e0.txt", "001_b96ecd11589b4b73.txt"])
def test_unindented_hard_wrapped_corpus_text_gets_its_paragraphs_back(name):
    source = texts(corpus(name))

    assert without_spaces(texts(hard_wrapped(source, 28))) == without_spaces(source)


def test_a_title_cut_inside_its_book_title_marks_is_one_paragraph():
    # Corpus 004 breaks its title inside 《》, with a blank line between the halves.
    result = texts(corpus("004_29828334ab9e6284.txt"))

    assert (
        "中共丽水市委办公室  丽水市人民政府办公室印发《关于全面推进政务公开工作的实施方案》的通知"
        in result
    )
    assert "实施方案》的通知" not in result


def test_one_paragraph_per_line_is_kept_as_it_is():
    lines = [line.strip() for line in corpus("001_b96ecd11589b4b73.txt").splitlines()]

    assert texts(corpus("001_b96ecd11589b4b73.txt")) == [line for line in lines if line]


def test_a_heading_without_punctuation_is_not_joined_to_the_paragraph_under_it():
    result = texts(
        "一、总体要求\n坚持以公开为常态、不公开为例外。\n（一）工作目标\n到2026年，基本建成。"
    )

    assert result == [
        "一、总体要求",
        "坚持以公开为常态、不公开为例外。",
        "（一）工作目标",
        "到2026年，基本建成。",
    ]


def test_a_sentence_cut_without_a_blank_line_is_joined():
    result = texts(
        "（一）加强组织领导。各级党委和政府要高度重视政务公开\n工作。要牵头做好。\n（二）"
    )

    assert result == [
        "（一）加强组织领导。各级党委和政府要高度重视政务公开工作。要牵头做好。",
        "（二）",
    ]


def test_latin_words_cut_at_a_line_keep_their_space():
    assert texts("参见《Open Government\nData 指南》。") == ["参见《Open Government Data 指南》。"]


def test_the_signature_and_date_of_a_notice_are_marked():
    result = paragraphs(corpus("000_8e1c349c637639e0.txt"))

    closing = [(p.kind, p.text) for p in result if p.kind != "text"]
    assert closing == [
        (SIGNATURE, "中共廣西壯族自治區委員會辦公廳"),
        (SIGNATURE, "廣西壯族自治區人民政府辦公廳"),
        (DATE, "2016年8月23日"),
    ]


def test_a_report_without_signature_marks_nothing():
    assert {p.kind for p in paragraphs(corpus("002_2d340da9e49b38d9.txt"))} == {"text"}


def test_paragraphs_html_escapes_the_text():
    assert paragraphs_html("a < b & c。") == "<p>a &lt; b &amp; c。</p>"


def test_a_plain_text_body_is_set_in_paragraphs_and_html_is_left_alone():
    # The sanitiser escaped the plain text when it was saved.
    assert body_html("第一段，没有\n写完。\n\n第二段 &amp; 结尾。") == (
        "<p>第一段，没有写完。</p>\n<p>第二段 &amp; 结尾。</p>"
    )
    assert body_html("<p>已有\n段落。</p>") == "<p>已有\n段落。</p>"
