"""Decisions, inspection plans and inspection results in the shared review-and-publish workflow
(``publishing.workflow``): the public texts are screened for personal data at approval (Art 15);
a natural person's full name or ID number must not appear in a decision's texts — the masked
name is what is public."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from disclosure.workflow import ScreenedTextPolicy
from enforcement import inspections
from enforcement.models import Decision, InspectionPlan, InspectionResult
from portal.search import indexing as search_indexing
from publishing.models import Status


def written_texts(decision: Decision) -> list[tuple[str, str]]:
    """(label, text) of the public texts written by staff (the party's name is derived, the
    legal representative of an organisation is published on purpose)."""
    return [
        (_("decision number"), decision.number),
        (_("summary"), decision.summary),
        (_("legal basis"), decision.legal_basis),
        (_("decision"), decision.decision_text),
    ]


class DecisionPolicy(ScreenedTextPolicy[Decision]):
    def check_submit(self, obj: Decision) -> None:
        """A natural person appears in the public texts only masked; the ID number never."""
        secrets = []
        if obj.is_person and obj.subject_name:
            secrets.append(("name", obj.subject_name))
        if obj.id_number:
            secrets.append(("id", obj.id_number))
        errors = []
        for label, text in written_texts(obj):
            for what, value in secrets:
                if value not in text:
                    continue
                if what == "name":
                    errors.append(
                        _(
                            "The %(field)s contains the person's full name; write it masked as "
                            "%(masked)s."
                        )
                        % {"field": label, "masked": obj.public_subject_name}
                    )
                else:
                    errors.append(
                        _("The %(field)s contains the ID number, which is never published.")
                        % {"field": label}
                    )
        if errors:
            raise ValidationError(errors)

    def screened_texts(self, obj: Decision) -> list[tuple[str, str]]:
        # Not the legal representative or an organisation's name: published on purpose.
        return written_texts(obj)

    def after_change(self, obj: Decision) -> None:
        # Published or withdrawn: the search index follows once the transaction commits.
        search_indexing.queue(obj)


class InspectionPlanPolicy(ScreenedTextPolicy[InspectionPlan]):
    """A 抽查计划 goes to review complete (items, pools, enough inspectors); its texts are
    screened at approval. The pools are public on purpose: market subjects and officers."""

    def check_submit(self, obj: InspectionPlan) -> None:
        problems = inspections.plan_problems(obj)
        if problems:
            raise ValidationError(problems)

    def screened_texts(self, obj: InspectionPlan) -> list[tuple[str, str]]:
        texts = [(_("title"), obj.title), (_("scope and method"), obj.description)]
        texts += [(_("inspection item"), f"{i.name}\n{i.basis}") for i in obj.items.all()]
        return texts

    def after_change(self, obj: InspectionPlan) -> None:
        search_indexing.queue(obj)


class InspectionResultPolicy(ScreenedTextPolicy[InspectionResult]):
    """A result is published on its plan's page, so only while the plan is published."""

    def screened_texts(self, obj: InspectionResult) -> list[tuple[str, str]]:
        return [(_("findings"), obj.summary)]

    def before_publish(self, obj: InspectionResult, user: User, options: dict[str, Any]) -> None:
        plan = InspectionPlan.objects.get(draw__drawn__result=obj)
        if plan.status != Status.PUBLISHED:
            raise ValidationError(
                _("The plan of this result is “%(status)s”; results are published with a "
                  "published plan.") % {"status": plan.get_status_display()}
            )  # fmt: skip

    def after_change(self, obj: InspectionResult) -> None:
        inspections.plan_touch(
            InspectionPlan.objects.values_list("pk", flat=True).get(draw__drawn__result=obj)
        )
