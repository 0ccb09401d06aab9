from __future__ import annotations

import importlib
from types import ModuleType

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
        parser.add_argument(
            "--sites",
            action="store_true",
            help="also make the demo a site group: the main portal, 丽水市 (lishui.localhost) "
            "and 缙云县 (jinyun.lishui.localhost), and print their addresses",
        )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Demo data creates logins with a published password; with DEBUG off, "
                "pass --allow-production if this really is a demo server."
            )
        translation.activate(settings.LANGUAGE_CODE)
        modules = []
        for app_name in settings.PORTAL_APPS:
            try:
                modules.append(importlib.import_module(f"{app_name}.demo"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{app_name}.demo":
                    raise
        # Modules that sum up the others (the annual reports) come after them.
        modules.sort(key=lambda module: bool(getattr(module, "LOAD_LAST", False)))
        before = dict(_counts(modules))
        for module in modules:
            module.load(self.stdout)
        # Counted in the database after loading: what the portal shows, whoever made it.
        after = _counts(modules)
        width = max(len(label) for label, _ in after)
        self.stdout.write(f"\n{'':<{width}}  in the portal  new in this run\n")
        for label, count in after:
            self.stdout.write(f"{label:<{width}}  {count:>13}  {count - before[label]:>15}\n")
        if options["sites"]:
            # After the content: once sites exist, a host no site claims answers 404.
            from portal import demo

            self.stdout.write("\n")
            demo.load_sites(self.stdout)


def _counts(modules: list[ModuleType]) -> list[tuple[str, int]]:
    return [row for module in modules if hasattr(module, "summary") for row in module.summary()]
