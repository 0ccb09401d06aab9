"""Deadline marks in the back office's lists: words first, colour and symbol only added.

A list column of ``boolean=True`` draws Django's green tick for ``True``: an "overdue" column
drew a green tick on the requests that were late and a red cross on those on time. These marks
say what they mean in words (逾期 2 个工作日, 今日到期, 剩 3 个工作日, 按时公开), with a symbol
and a colour class on top for the eye (WCAG 1.4.1: never colour alone), and the lists carry a
legend (``templates/admin/includes/deadline_legend.html``).
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: Within this many working days of its due date a running request counts as due soon (the
#: inbox's and the list filter's "due within 5 working days").
SOON_WORKDAYS = 5


def _mark(state: str, symbol: str, text: str) -> SafeString:
    return format_html(
        '<span class="deadline-mark deadline-{}"><span aria-hidden="true">{}</span> {}</span>',
        state, symbol, text,
    )  # fmt: skip


def request_deadline(days_left: int | None) -> str:
    """A running request's answer deadline in working days (``None``: not running)."""
    if days_left is None:
        return "-"
    if days_left < 0:
        late = -days_left
        return _mark(
            "overdue", "!",
            ngettext("Overdue by %(days)d working day", "Overdue by %(days)d working days", late)
            % {"days": late},
        )  # fmt: skip
    if days_left == 0:
        return _mark("soon", "●", _("Due today"))
    text = ngettext("%(days)d working day left", "%(days)d working days left", days_left) % {
        "days": days_left
    }
    return _mark("soon" if days_left <= SOON_WORKDAYS else "ontime", "○", text)


def publication_deadline(*, due: object, late: bool, published: bool) -> str:
    """A document's publication deadline (20 working days from its formation, Art 26)."""
    if due is None:
        return "-"
    if late:
        return _mark("overdue", "!", _("Published late") if published else _("Overdue"))
    return _mark("ontime", "○", _("Published on time") if published else _("Not yet due"))
