"""建议提案办理结果公开: the suggestions of people's congress deputies (人大代表建议) and the
proposals of CPPCC members (政协提案) assigned to an agency, with the agency's reply (答复) and
its category — A 解决或采纳, B 正在解决或列入计划, C 留作参考 — published through the shared
review-and-publish workflow, year by year, with statistics (``proposals.statistics``).

The proposer is named only as the congress or the CPPCC published the item: a deputy's or a
member's name, or a group (民盟丽水市委会, 市农工党). The model has no field for anything else
about a person — no phone, identity number or address — so none can leak.

The reply is due within three months of the assignment (``proposals.deadlines``).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import Agency
from publishing.models import Publishable, Status, WorkflowEvent


class Kind(models.TextChoices):
    SUGGESTION = "suggestion", _("Deputies' suggestion")
    PROPOSAL = "proposal", _("CPPCC proposal")


class ReplyCategory(models.TextChoices):
    A = "A", _("A: solved or adopted")
    B = "B", _("B: being solved or planned")
    C = "C", _("C: kept for reference")


class ProposalQuerySet(models.QuerySet):
    def published(self) -> ProposalQuerySet:
        return self.filter(status=Status.PUBLISHED)


class Proposal(Publishable):
    """One suggestion or proposal assigned to a lead agency (主办单位), with its reply."""

    workflow_policy = "proposals.publishing.ProposalPolicy"
    event_field = "proposal"

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    session = models.CharField(
        _("session"), max_length=100,
        help_text=_("The session it was raised at, e.g. 丽水市第五届人民代表大会第三次会议."),
    )  # fmt: skip
    number = models.PositiveIntegerField(
        _("number"), help_text=_("第N号: the number it was given.")
    )
    title = models.CharField(_("title"), max_length=300)
    proposer = models.CharField(
        _("proposer"), max_length=200,
        help_text=_("As the congress or the CPPCC published it: the deputy's or member's name, or "
                    "a group such as 民盟丽水市委会. Nothing else about a person is recorded."),
    )  # fmt: skip
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="lead_proposals",
        verbose_name=pgettext_lazy("proposal", "lead agency"),
    )  # fmt: skip
    assisting_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="assisted_proposals",
        verbose_name=pgettext_lazy("proposal", "assisting agencies"),
    )  # fmt: skip
    received_on = models.DateField(
        _("assigned on"), help_text=_("交办日期: the day the item was assigned to the agency.")
    )
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    reply = models.TextField(
        _("reply"), blank=True,
        help_text=_("答复: the agency's reply as sent. HTML is allowed; scripts, styles and frames "
                    "are removed."),
    )  # fmt: skip
    category = models.CharField(
        _("reply category"), max_length=1, choices=ReplyCategory.choices, blank=True
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion or proposal")
        verbose_name_plural = _("suggestions and proposals")
        ordering = ["-year", "kind", "number", "id"]
        indexes = [models.Index(fields=["status", "year", "kind"], name="proposal_status_year")]
        constraints = [
            models.UniqueConstraint(
                # Each congress numbers its own session's items: a county's 第1号 and the
                # city's 第1号 of the same year are two items (a site group holds both).
                fields=["kind", "year", "session", "number"], name="proposal_number_unique",
                violation_error_message=_(
                    "This number is already taken for this kind in this session."
                ),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"第{self.number}号 {self.title}"

    @property
    def event_model(self) -> type[models.Model]:
        return ProposalEvent

    @property
    def number_label(self) -> str:
        return f"第{self.number}号"

    @property
    def reply_html(self) -> SafeString:
        """The reply, sanitised again when shown: whatever reached the column (an import, a
        fix in the database) is never live on a page."""
        from disclosure.documents import sanitize_body

        return mark_safe(sanitize_body(self.reply))  # noqa: S308 - sanitised just now

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.pk])


class ProposalEvent(WorkflowEvent):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="events", verbose_name=_("item")
    )

    class Meta(WorkflowEvent.Meta):
        pass
