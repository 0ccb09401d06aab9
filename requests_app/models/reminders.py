"""The record of reminders sent about a request's deadlines."""

from __future__ import annotations

from django.db import models

from requests_app.models.requests import InformationRequest


class ReminderSent(models.Model):
    """One row per reminder sent, so that running the reminder task twice sends nothing twice."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "due_date"], name="remindersent_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.due_date}"
