"""Catalogs and steps of major decisions in the shared review-and-publish workflow
(``publishing.workflow``). Their texts are screened at approval (Art 15: no personal data of a
participant reaches the public); a step is submitted only when complete and published only in
the order of the procedure (``decisions.lifecycle``), with its decision locked so that two
steps published at once cannot overtake each other."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from decisions import lifecycle
from decisions.models import Decision, DecisionCatalog, DecisionStep
from disclosure.workflow import ScreenedTextPolicy
from portal.search import indexing as search_indexing


class CatalogPolicy(ScreenedTextPolicy[DecisionCatalog]):
    def check_submit(self, obj: DecisionCatalog) -> None:
        if not obj.decisions.exists():
            raise ValidationError(_("Add the decisions of the catalog before submitting it."))

    def screened_texts(self, obj: DecisionCatalog) -> list[tuple[str, str]]:
        texts = [(_("notes"), obj.notes)]
        for decision in obj.decisions.all():
            texts.append((decision.title, "\n".join([decision.title, decision.summary])))
        return texts

    def after_change(self, obj: DecisionCatalog) -> None:
        search_indexing.queue_many(obj.decisions.all())


class StepPolicy(ScreenedTextPolicy[DecisionStep]):
    def check_submit(self, obj: DecisionStep) -> None:
        problems = lifecycle.content_problems(obj)
        if problems:
            raise ValidationError(list(problems.values()))

    def screened_texts(self, obj: DecisionStep) -> list[tuple[str, str]]:
        texts = [
            (_("why it does not apply"), obj.not_applicable_reason),
            (_("what was done"), obj.summary),
            (_("public attendance (列席)"), obj.public_attendance),
        ]
        if obj.conclusion_public:
            texts.append((_("conclusion"), obj.conclusion))
        return [(where, text) for where, text in texts if text]

    def before_publish(self, obj: DecisionStep, user: User, options: dict[str, Any]) -> None:
        # The decision's row is the lock: publications of its steps happen one after another.
        Decision.objects.select_for_update().get(pk=obj.decision_id)
        lifecycle.check_publishable(obj)

    def after_change(self, obj: DecisionStep) -> None:
        search_indexing.queue(obj.decision)
