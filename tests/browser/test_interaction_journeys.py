"""互动交流 in the browser: a citizen writes after seeing what is already published, staff route
the message, a lead and an assisting office work on it, the reply is reviewed and published
with the name masked, and the citizen rates it; a citizen reports an error on a document and
reads the answer."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import DRAFTER, HANDLER, PUBLISHER, REVIEWER, admin_login

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240, func_only=True)]

EDUCATION = "丽水市教育局"
EDUCATION_STAFF = "lishui-edu"  # interaction/demo.py: handler and drafter of the education bureau
CITIZEN = "孙小梅"
MOBILE = "13655556666"


def _box(page: Page, label: str):
    """A text field by its label (section headings may share the words)."""
    return page.get_by_role("textbox", name=re.compile(rf"^{label}"))


def _write(page: Page, *, to: str, subject: str, text: str) -> None:
    page.goto("/interaction/")
    page.locator("main").get_by_role("link", name="我要留言").first.click()
    page.get_by_label("咨询").check()
    page.get_by_label("发送至").select_option(label=to)
    _box(page, "留言标题").fill(subject)
    _box(page, "留言内容").fill(text)
    _box(page, "姓名").fill(CITIZEN)
    _box(page, "手机号码").fill(MOBILE)
    page.get_by_label("同意，但不公开我的姓名和联系方式").check()
    page.get_by_role("button", name="下一步：核对留言并查看相关解答").click()


def _receipt(page: Page) -> tuple[str, str]:
    expect(page.locator("h1")).to_contain_text("留言")
    number = page.locator(".tracking-number").inner_text().strip()
    code = page.locator(".access-code").inner_text().strip()
    assert re.fullmatch(r"HD\d{4}-\d{6}", number)
    return number, code


def _track(page: Page, number: str, code: str) -> None:
    page.context.clear_cookies()
    page.goto("/interaction/track/")
    page.get_by_label("留言编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询我的留言").click()
    expect(page.locator("main")).to_contain_text(number)


def _open(page: Page, number: str) -> None:
    page.goto("/admin/interaction/message/")
    page.locator("#searchbar").fill(number)
    page.locator("#searchbar").press("Enter")
    page.get_by_role("link", name=number, exact=True).click()
    expect(page.locator("#content")).to_contain_text(number)


def _step(page: Page, link: str) -> None:
    page.locator(".object-tools").get_by_role("link", name=link, exact=True).click()


def _submit_step(page: Page, label: str) -> None:
    page.locator(".submit-row [type=submit]").click()
    expect(page.locator(".messagelist .success")).to_contain_text(f"{label}：已完成")


def _open_reply(page: Page, number: str) -> None:
    page.goto(f"/admin/interaction/messagereply/?q={number}")
    page.locator("#result_list tbody tr").first.locator("th a").first.click()
    expect(page.locator("#content")).to_contain_text(number)


def _review_and_publish(page: Page, number: str) -> None:
    """The reply through review: the drafter submits, a reviewer approves, a publisher sends."""
    for user, move in ((DRAFTER, "提交审核"), (REVIEWER, "审核通过"), (PUBLISHER, "发布")):
        admin_login(page, user)
        _open_reply(page, number)
        _step(page, move)
        if move == "审核通过":
            page.get_by_label("保密审查结论").select_option(label="不涉密、不含敏感信息，可以公开")
        _submit_step(page, move)


def test_a_message_is_routed_handled_by_two_offices_answered_and_rated(
    page: Page, screenshot
) -> None:
    subject = "中小学课后服务收费标准是多少"
    _write(
        page, to=EDUCATION, subject=subject,
        text=f"请问丽水市中小学课后服务如何收费？我是{CITIZEN}，电话{MOBILE}。",
    )  # fmt: skip
    # Search before you ask: the preview lists what is already published.
    expect(page.get_by_role("heading", name="已公开的相关信息")).to_be_visible()
    expect(page.locator("main")).to_contain_text(MOBILE)  # the citizen's own data, to check
    page.get_by_role("button", name="提交留言").click()
    number, code = _receipt(page)

    # The education bureau routes it to the city government, which leads with the bureau.
    admin_login(page, EDUCATION_STAFF)
    _open(page, number)
    _step(page, "转办至其他单位")
    page.get_by_label("转办至").select_option(label="丽水市人民政府")
    page.get_by_label("理由").fill("涉及多部门政策，由市政府统筹答复")
    _submit_step(page, "转办至其他单位")

    admin_login(page, HANDLER)
    _open(page, number)
    _step(page, "指定承办单位和协办单位")
    page.get_by_label("承办单位").select_option(label="丽水市人民政府")
    page.get_by_label("协办单位").select_option(label=EDUCATION)
    _submit_step(page, "指定承办单位和协办单位")
    _step(page, "添加办理进展")
    page.get_by_label("办理单位").select_option(label="丽水市人民政府")
    page.get_by_label("办理进展").fill("已汇总教育、发改部门意见。")
    _submit_step(page, "添加办理进展")

    admin_login(page, EDUCATION_STAFF)
    _open(page, number)
    _step(page, "添加办理进展")
    page.get_by_label("办理单位").select_option(label=EDUCATION)
    page.get_by_label("办理进展").fill("已提供课后服务收费文件。")
    _submit_step(page, "添加办理进展")

    admin_login(page, DRAFTER)
    _open(page, number)
    _step(page, "起草答复")
    page.locator("textarea[name=text]").fill(
        "您好！我市中小学课后服务按学期收费，具体标准见市教育局公告。"
    )
    page.get_by_label("在网站上公开留言及答复").check()
    page.locator(".submit-row [type=submit]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("起草答复：已完成")
    _review_and_publish(page, number)

    # On the site: the question masked, the reply, never the citizen's name or phone.
    page.context.clear_cookies()
    page.goto(f"/interaction/messages/{number}/")
    main = page.locator("main")
    expect(main).to_contain_text(subject)
    expect(main).to_contain_text("具体标准见市教育局公告")
    expect(main).to_contain_text("孙**")
    assert CITIZEN not in main.inner_text() and MOBILE not in main.inner_text()

    # The citizen reads the reply and rates it.
    _track(page, number, code)
    expect(page.locator("main")).to_contain_text("具体标准见市教育局公告")
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("main")).to_contain_text("感谢您的评价")
    expect(page.locator(".status-badge")).to_contain_text("已办结")
    screenshot(page)


def test_a_citizen_reports_an_error_on_a_document_and_reads_the_answer(
    page: Page, screenshot
) -> None:
    # A document of 丽水市人民政府办公室: its feedback goes to the city government's desk.
    page.goto("/disclosure/?agency=331100001")
    page.locator(".doc-title a").first.click()
    page.get_by_role("link", name="信息纠错").click()
    page.get_by_label("附件无法打开或缺失").check()
    _box(page, "留言标题").fill("附件无法下载")
    _box(page, "留言内容").fill("文件页面上的附件点击后提示文件不存在。")
    _box(page, "姓名").fill("钱进")
    _box(page, "手机号码").fill("13677778888")
    page.get_by_label("不同意，仅答复我本人").check()
    page.get_by_role("button", name="下一步：核对留言并查看相关解答").click()
    page.get_by_role("button", name="提交留言").click()
    number, code = _receipt(page)

    admin_login(page, HANDLER)
    _open(page, number)
    _step(page, "确认所反映的错误")
    page.get_by_label("错误内容及更正方式").fill("附件上传时损坏，已重新上传。")
    _submit_step(page, "确认所反映的错误")
    admin_login(page, DRAFTER)
    _open(page, number)
    _step(page, "起草答复")
    page.locator("textarea[name=text]").fill("感谢反馈，附件已重新上传，请刷新后下载。")
    page.locator(".submit-row [type=submit]").click()
    _review_and_publish(page, number)

    _track(page, number, code)
    main = page.locator("main")
    expect(main).to_contain_text("附件已重新上传，请刷新后下载")
    expect(main).to_contain_text("机关已确认您反映的错误")
    screenshot(page)
