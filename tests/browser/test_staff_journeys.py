"""What staff do in the back office, and what the public then sees."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    AGENCY_NAME,
    DRAFTER,
    HANDLER,
    HEAD,
    PUBLISHER,
    REVIEWER,
    admin_login,
    fill_request,
    read_receipt,
    resident_id,
    track,
)
from tests.browser.test_accessibility import _check as axe_check

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180, func_only=True)]


def _today() -> str:
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()


def _submitted_request(page: Page, journey_state: dict) -> tuple[str, str]:
    """The request the applicant journey submitted, or a new one when run on its own; what it
    asks for and the applicant's name are in ``journey_state["request_text"]``."""
    if "request" not in journey_state:
        page.goto("/requests/apply/")
        fill_request(
            page,
            name="王立新",
            id_number=resident_id("19900607", "321"),
            description="2026年丽水市城区道路绿化养护合同。",
        )
        page.get_by_role("button", name="提交申请").click()
        journey_state["request"] = read_receipt(page)
        journey_state["request_text"] = ("2026年丽水市城区道路绿化养护合同", "王立新")
    return journey_state["request"]


def _open_request(page: Page, number: str) -> None:
    """From the request list, by tracking number (the only search key for requests)."""
    page.goto("/admin/requests_app/informationrequest/")
    page.locator("#searchbar").fill(number)
    page.locator("#searchbar").press("Enter")
    page.get_by_role("link", name=number, exact=True).click()
    expect(page.locator("#content")).to_contain_text(number)


def _step(page: Page, button: str, fields: dict[str, str] | None = None) -> None:
    """One workflow move: its button among the request page's actions, its form, its submit."""
    page.locator(".request-actions").get_by_role("link", name=button, exact=True).click()
    for label, value in (fields or {}).items():
        page.get_by_label(label).fill(value)
    page.locator(".submit-row input.default").click()
    expect(page.locator(".messagelist .success")).to_contain_text(f"{button}：已完成")


def test_staff_handle_request_to_partial_disclosure(
    page: Page, screenshot, journey_state: dict, axe_script
) -> None:
    number, code = _submitted_request(page, journey_state)
    asked_for, applicant = journey_state["request_text"]

    # The handler starts from the workbench: the count of online applications awaiting
    # registration leads to the inbox, and the inbox to the request.
    admin_login(page, HANDLER)
    page.goto("/admin/")
    page.locator(".workbench-tasks").get_by_role("link", name="待登记的网上申请").click()
    screenshot(page, "1-inbox")
    page.locator("#inbox").get_by_role("link", name=number, exact=True).click()
    content = page.locator("#content-main")
    # The applicant's request comes first, in full for the handler who registers it.
    expect(content.locator("fieldset").first).to_contain_text(asked_for)
    expect(content).to_contain_text(applicant)
    expect(page.locator(".submit-row")).to_have_count(0)  # nothing to save on this page
    expect(page.get_by_role("button", name="保存")).to_have_count(0)
    actions = page.locator(".request-actions")
    expect(actions.get_by_role("link", name="登记", exact=True)).to_be_visible()
    expect(actions).to_contain_text("20个工作日的答复期限自该日起计算")
    screenshot(page, "2-request")

    actions.get_by_role("link", name="登记", exact=True).click()
    expect(page.locator("#content-main")).to_contain_text("建议收到申请日期")
    # Art 31: the day it was submitted, or today when that proposal (the next working day after
    # a weekend or holiday) would lie in the future; never a day the form refuses. The journey's
    # request was submitted minutes ago, so before midnight in Beijing when the run crosses it.
    received = page.get_by_label("收到申请日期（第三十一条）")
    expect(received).to_have_value(re.compile(r"\d{4}-\d{2}-\d{2}"))
    today = dt.date.fromisoformat(_today())
    assert today - dt.timedelta(days=1) <= dt.date.fromisoformat(received.input_value()) <= today
    screenshot(page, "3-register")
    page.locator(".submit-row input.default").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    # Registered: the state says how many working days are left, in words.
    expect(page.locator(".request-state")).to_contain_text("个工作日")
    screenshot(page, "4-registered")

    _step(page, "要求补正", {"补正内容": "请说明所需合同的签订年份和项目名称。"})
    expect(page.locator(".request-state")).to_contain_text("待补正")
    _step(page, "收到补正")

    # Art 33: only the head of the disclosure office may extend the period.
    expect(page.locator(".request-actions")).not_to_contain_text("延期答复")
    admin_login(page, HEAD)
    _open_request(page, number)
    _step(page, "延期答复", {"工作日数": "10", "理由": "所需信息涉及多个项目，需要逐项核对。"})
    expect(page.locator(".request-state")).to_contain_text("需要逐项核对")

    admin_login(page, HANDLER)
    _open_request(page, number)
    page.locator(".request-actions").get_by_role("link", name="答复", exact=True).click()
    # The applicant's request beside the answer form.
    expect(page.locator(".request-step-request")).to_contain_text(asked_for)
    page.get_by_label("处理结果").select_option("partial")
    page.get_by_label("理由和说明").fill("所需合同已检索到，其中供应商报价明细不予公开。")
    page.get_by_label("不予公开的部分及理由（第三十七条）").fill(
        "合同附件中的供应商报价明细涉及商业秘密（第十五条），已作区分处理。"
    )
    # What the letter will say, before it is sent.
    page.get_by_role("button", name="预览告知书").click()
    preview = page.locator(".request-letter-preview")
    expect(preview).to_contain_text("供应商报价明细")
    expect(preview).to_contain_text(applicant)
    screenshot(page, "5-answer-preview")
    # The action form itself, with its preview, passes axe as the request page does.
    axe_check(page, axe_script, lambda p: screenshot(p, "5-answer-form-axe"))
    page.locator(".submit-row input.default").click()
    expect(page.locator(".messagelist .success")).to_contain_text("答复：已完成")
    expect(page.locator("#answer")).to_contain_text("部分公开")
    expect(page.locator("#answer .answer-letter")).to_contain_text("供应商报价明细")
    screenshot(page, "6-answered")
    # The request page as staff use it: no serious or critical accessibility violation.
    axe_check(page, axe_script, screenshot)

    # The applicant reads the answer and downloads the letter.
    page.context.clear_cookies()
    track(page, number, code)
    expect(page.locator(".answer")).to_contain_text("部分公开")
    expect(page.locator(".answer-letter")).to_contain_text("供应商报价明细")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载答复告知书（PDF）").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    with open(download.path(), "rb") as letter:
        assert letter.read(5) == b"%PDF-", "the answer letter is not a PDF"
    screenshot(page)


#: Typed into the body's rich-text editor, as a drafter would write it.
PERSONAL_DATA_BODY = (
    "经核查，城区老旧小区改造项目联系人李某（身份证号{id}，手机13905781234）负责现场协调。"
)


def test_reviewer_overrides_screening_hit_with_reason(page: Page, screenshot) -> None:
    title = "关于丽水市城区老旧小区改造项目进展情况的通报"
    admin_login(page, DRAFTER)
    page.goto("/admin/disclosure/document/add/")
    page.get_by_label("发布机构").select_option(label=AGENCY_NAME)
    page.get_by_label("标题").fill(title)
    page.get_by_label("成文日期").fill("2026-11-20")
    page.get_by_label("主题").select_option(label="城乡建设、环境保护\\城乡建设（含住房）")
    page.get_by_label("文种").select_option(label="通报")
    page.get_by_label("内容概述").fill("通报城区老旧小区改造项目的进展情况。")
    body = page.get_by_role("textbox", name="正文", exact=True)
    body.click()
    body.press_sequentially(PERSONAL_DATA_BODY.format(id=resident_id("19781105", "017")))
    page.locator("[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.locator(".object-tools").get_by_role("link", name="提交审核", exact=True).click()
    page.locator(".submit-row [type=submit]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("提交审核：已完成")
    document_url = page.url

    admin_login(page, REVIEWER)
    page.goto(document_url)
    page.locator(".object-tools").get_by_role("link", name="审核通过", exact=True).click()
    notice = page.locator(".errornote")
    expect(notice).to_contain_text("处命中项尚未处理")
    expect(page.locator("#content-main")).to_contain_text("居民身份证号码")
    expect(page.locator("#content-main")).to_contain_text("手机号码")
    page.get_by_label("保密审查结论").select_option("clear")
    page.locator(".submit-row [type=submit]").click()
    # Stopped: approving over unresolved hits needs a reason.
    expect(page.locator(".messagelist .error")).to_contain_text("未处理的命中项")
    screenshot(page, "stopped")

    page.get_by_label("保密审查结论").select_option("clear")
    page.get_by_label("存在未处理的检测命中项仍审核通过的理由").fill(
        "联系人信息为示例数据，已与起草人核实，不涉及真实个人。"
    )
    page.locator(".submit-row [type=submit]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("审核通过：已完成")
    expect(page.locator("#content")).to_contain_text("已审核")

    # The document proceeds: the publisher publishes it and the public can read it.
    admin_login(page, PUBLISHER)
    page.goto(document_url)
    page.locator(".object-tools").get_by_role("link", name="发布", exact=True).click()
    page.locator(".submit-row [type=submit]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("发布：已完成")
    page.context.clear_cookies()
    page.goto("/disclosure/agency/331100000/")
    page.get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("main")).to_contain_text(re.compile(r"331100000/2026-\d{5}"))
    screenshot(page)
