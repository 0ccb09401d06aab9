"""五公开: the public page that gathers what the portal publishes under the five kinds of
openness the State Council asks for (决策、执行、管理、服务、结果公开, 中办发〔2016〕8号), with
回应关切 and the 政务新媒体 a site must list. Like the site map, it names sections by their URL
names only, so portal imports no app; a section whose app is not installed is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# (URL name, label, what a reader finds there)
Entry = tuple[str, Promise, Promise]

SECTIONS: list[tuple[Promise, list[Entry]]] = [
    (_("Openness of decision-making"), [
        ("decisions:index", _("Major administrative decisions"),
         _("Each government's annual catalog of major decisions, and each decision's procedure "
           "from the published draft to its evaluation.")),
        ("interpretation:consultations", _("Consultations"),
         _("Drafts open for public comment, and what became of the comments.")),
    ]),
    (_("Openness of implementation"), [
        ("keytasks:index", _("Key tasks"),
         _("The tasks of the government work report with their milestones and quarterly "
           "progress; overdue milestones are flagged.")),
    ]),
    (_("Openness of management"), [
        ("powers:list", _("Powers and responsibilities"),
         _("What each agency may do under which law, and who answers for it.")),
        ("enforcement:list", _("Enforcement decisions"),
         _("Licences, penalties and compulsory measures decided by the agencies.")),
        ("enforcement:inspections", _("Random inspections"),
         _("Inspection plans, random draws and their results.")),
    ]),
    (_("Openness of services"), [
        ("policies:library", _("Policy library"),
         _("Policies in force with who they are for, what they give and how to apply.")),
        ("policies:finder", _("Policy finder"),
         _("Answer a few questions and see the policies that may apply to you.")),
    ]),
    (_("Openness of results"), [
        ("budgets:index", _("Budgets and final accounts"),
         _("Each department's budget and final accounts, with the spending on official "
           "travel abroad, cars and receptions.")),
        ("proposals:list", _("Replies to suggestions and proposals"),
         _("How the agencies answered the suggestions of people's congress deputies and the "
           "proposals of CPPCC members.")),
        ("subsidies:index", _("Beneficiary lists"),
         _("Who receives social assistance and subsidies, during the notice period.")),
        ("annual_reports:list", _("Disclosure annual reports"),
         _("Each agency's yearly report on its government information disclosure.")),
    ]),
    (_("Responses to public concern"), [
        ("concerns:index", _("Responses to public concerns"),
         _("Authoritative information and answers to the questions the public is asking.")),
        ("briefings:list", _("Press conferences"),
         _("Announcements, transcripts and videos of press conferences and policy briefings.")),
        ("interpretation:list", _("Policy interpretation"),
         _("Policies explained when they are published.")),
    ]),
    (_("Government new media"), [
        ("newmedia:list", _("Government new media"),
         _("The official accounts of the agencies on other platforms, with their QR codes.")),
    ]),
]  # fmt: skip


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    description: str


def sections() -> list[tuple[str, list[Link]]]:
    found = []
    for title, entries in SECTIONS:
        links = []
        for name, label, description in entries:
            try:
                links.append(Link(str(label), reverse(name), str(description)))
            except NoReverseMatch:
                continue
        if links:
            found.append((str(title), links))
    return found
