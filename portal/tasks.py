from celery import shared_task
from django.core import management


@shared_task
def clear_expired_sessions() -> None:
    """Idempotent housekeeping: drop expired sessions from the database."""
    management.call_command("clearsessions")
