"""The record of reminders sent about a request's deadlines."""

from __future__ import annotations

from django.db import models

from requests_app.models.requests import InformationRequest


class ReminderSent(models.Model):
    """One row per staff notice (a reminder, an escalation...) recorded by a sweep, unique per
    request, kind and due date, so that running a sweep twice records nothing twice; ``sent_at``
    is set once the e-mail went out (``requests_app.reminders.deliver``)."""

    # No index of its own: the unique constraint's index begins with the request.
    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=32)
    due_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "due_date"], name="remindersent_unsent")]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "due_date"], name="remindersent_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.due_date}"
