"""A citizen in an agency's 政府信息公开 column: the guide, the annual reports and the paper
application form are each at most two clicks from the column page, on a desktop and on a
360 px phone, where the column's navigation sits above the content."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180, func_only=True)]

COLUMN = "/agencies/331100000/"  # 丽水市人民政府 in the demo data


def column_nav(page: Page):
    return page.get_by_role("navigation", name="信息公开专栏")


def test_guide_reports_and_paper_form_are_two_clicks_from_the_column(
    page: Page, screenshot
) -> None:
    page.goto(COLUMN)
    expect(page.locator("h1")).to_have_text("丽水市人民政府")

    # One click: the guide, marked as the current page of the column.
    column_nav(page).get_by_role("link", name="政府信息公开指南").click()
    expect(page.locator("h1")).to_have_text("政府信息公开指南")
    expect(column_nav(page).get_by_role("link", name="政府信息公开指南")).to_have_attribute(
        "aria-current", "page"
    )
    crumbs = page.get_by_role("navigation", name="当前位置").locator("li")
    expect(crumbs).to_have_text(
        ["首页", "机构导航", "浙江省人民政府", "丽水市人民政府", "政府信息公开指南"]
    )
    screenshot(page, "guide")

    # One click from the column: the annual reports archive.
    page.goto(COLUMN)
    column_nav(page).get_by_role("link", name="政府信息公开年报").click()
    expect(page.locator("h1")).to_have_text("政府信息公开年报")
    screenshot(page, "reports")

    # Two clicks: 依申请公开, then the paper form (PDF and Word).
    page.goto(COLUMN)
    column_nav(page).get_by_role("link", name="依申请公开").click()
    expect(page.locator("h1")).to_have_text("依申请公开")
    expect(page.locator("figure.procedure figcaption")).to_contain_text("20个工作日")
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="申请表（PDF）").click()
    with open(pdf_download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-", "the paper form is not a PDF"
    with page.expect_download() as word_download:
        page.get_by_role("link", name="申请表（Word）").click()
    assert word_download.value.suggested_filename.endswith(".docx")
    with open(word_download.value.path(), "rb") as word:
        assert word.read(2) == b"PK", "the Word form is not a .docx (zip) file"
    screenshot(page, "apply")


def test_on_a_phone_the_column_navigation_sits_above_the_content(page: Page, screenshot) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(COLUMN + "apply/")

    nav = column_nav(page).bounding_box()
    content = page.locator(".agency-column-main").bounding_box()
    assert nav is not None and content is not None
    assert nav["y"] + nav["height"] <= content["y"], "the column navigation is not above"
    # Nothing wider than the phone: no sideways scrolling.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide"
    screenshot(page)
