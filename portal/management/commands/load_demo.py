from __future__ import annotations

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation


class Command(BaseCommand):
    help = "Load demo agencies, staff and content. Running it again changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="load even with DEBUG off (demo logins have a published password)",
        )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Demo data creates logins with a published password; with DEBUG off, "
                "pass --allow-production if this really is a demo server."
            )
        translation.activate(settings.LANGUAGE_CODE)
        for app_name in settings.PORTAL_APPS:
            try:
                module = importlib.import_module(f"{app_name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app_name}.demo":
                    raise
                continue
            module.load(self.stdout)
