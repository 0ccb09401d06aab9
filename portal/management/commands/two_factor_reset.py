"""Operator command: remove a staff user's authenticator and recovery codes, for someone who
lost both (e.g. the only superuser). If their role requires two-factor sign-in, they set up a
new authenticator right after their next password sign-in.

    manage.py two_factor_reset NAME
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal import two_factor


class Command(BaseCommand):
    help = "Remove a user's two-factor authenticator and recovery codes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: object, **options: object) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: options["username"]})
        except User.DoesNotExist as exc:
            raise CommandError(f"No user named {options['username']!r}.") from exc
        removed = two_factor.devices_remove(user=user)
        self.stdout.write(f"{user.get_username()}: {removed} two-factor devices removed.")
