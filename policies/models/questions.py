"""What the policy Q&A assistant (问政策) was asked, kept so that staff can see which topics the
Q&A lacks (``policies.assistant.unanswered_topics``).

Nothing here can name the person who asked: the question is stored only after the screening
detectors masked any ID, bank card, mobile number or e-mail address in it (个人信息保护法 Art 6:
no more than the purpose needs), with the day it was asked (no time of day, which could be
matched with a server's access log), and never an IP address, session, user or browser.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AskedQuestionQuerySet(models.QuerySet):
    def since(self, day: dt.date) -> AskedQuestionQuerySet:
        return self.filter(asked_on__gte=day)

    def unanswered(self) -> AskedQuestionQuerySet:
        return self.filter(answered=False)


def _today() -> dt.date:
    return timezone.localdate()


class AskedQuestion(models.Model):
    question = models.CharField(_("question (masked)"), max_length=200)
    # The question's words as the search reads them (masked digits left out): grouped in the
    # report to show the topics without an answer.
    terms = models.JSONField(_("terms"), default=list)
    best_score = models.FloatField(_("best score"))
    answered = models.BooleanField(_("answered"))
    asked_on = models.DateField(_("asked on"), default=_today, db_index=True)

    objects = AskedQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question asked")
        verbose_name_plural = _("questions asked")
        ordering = ["-asked_on", "-id"]
        indexes = [models.Index(fields=["answered", "asked_on"])]

    def __str__(self) -> str:
        return self.question
