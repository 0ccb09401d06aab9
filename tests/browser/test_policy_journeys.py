"""政策找人 in the browser: a manufacturing business of medium size in 丽水 describes itself, sees
the policies for its industry and size (and not those for other industries, sizes or for
individuals), with the conditions it meets and those to check, and subscribes to new policies
for that description: the page says to check the mailbox, and the confirmation link (the
console mail backend writes it to the server log) confirms the subscription after one click.

Selectors are by field name and structure, not by label text, so the journey holds in either
language; the policy names are the demo's data (policies/demo.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180, func_only=True)]

EMAIL = "factory.owner@example.cn"


def test_a_business_finds_its_policies_and_subscribes(page: Page, portal, screenshot) -> None:
    page.goto("/policies/finder/")
    form = page.locator("form.filter-form")
    form.locator("select[name=audience]").select_option("businesses")
    form.locator("select[name=region]").select_option("331100000")
    form.locator("select[name=industry]").select_option("C")
    form.locator("select[name=size]").select_option("medium")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/policies/finder/\?.*industry=C"))

    results = page.locator(".catalog-results")
    items = results.locator(".policy-item")
    expect(results).to_contain_text("制造业企业技术改造补助")  # C, large or medium
    expect(results).to_contain_text("企业稳岗返还")  # any industry, medium to micro
    expect(results).not_to_contain_text("政府数据开放创新应用扶持")  # I/M, small or micro
    expect(results).not_to_contain_text("高龄津贴")  # for individuals
    expect(results).not_to_contain_text("小微企业政务服务帮办代办")  # 黄山, small or micro
    # The largest benefit first; what matched and what is left to check are listed.
    expect(items.first).to_contain_text("制造业企业技术改造补助")
    expect(items.first.locator(".conditions-matched li")).to_have_count(4)
    screenshot(page, "results")

    results.locator("a[href*='kind=profile']").click()
    expect(page).to_have_url(re.compile(r"/policies/subscribe/\?kind=profile"))
    expect(page.locator("input[name=kind][value=profile]")).to_be_checked()
    expect(page.locator("#profile-described")).to_contain_text("制造业")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("form.application-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/policies/subscribe/sent/$"))
    expect(page.locator("[role=status] h1")).to_be_visible()
    assert EMAIL not in page.content()
    screenshot(page, "check-your-mailbox")

    # The confirmation mail, as the console backend wrote it to the server log.
    log = portal.log.read_text(errors="replace")
    links = re.findall(r"https?://\S+/policies/subscribe/confirm/\S+/", log)
    assert links, "no confirmation link in the server log"
    page.goto(re.sub(r"^https?://[^/]+", "", links[-1]))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[role=status] h1")).to_be_visible()
    expect(page.locator("main")).to_contain_text("制造业")
    screenshot(page, "confirmed")


def test_an_item_of_an_expired_document_is_on_no_public_page(page: Page) -> None:
    # 南通's 2021 work points expired at the end of 2021: their item is nowhere.
    page.goto("/policies/?validity=all&q=一卡通")
    expect(page.locator(".catalog-results .empty-state")).to_be_visible()
    page.goto("/policies/automatic/")
    expect(page.locator("main")).not_to_contain_text("一卡通")
    expect(page.locator("main")).to_contain_text("企业稳岗返还")
