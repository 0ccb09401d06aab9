"""The structure stays visible as it grows: which app may import which, and no import cycles
between the project's modules (imports inside functions included; ``if TYPE_CHECKING`` blocks,
which never run, are not imports).

    portal ← publishing ← disclosure ← requests_app, interpretation ← reports ← inspection
                                       requests_app ← interaction ← inspection
                                       powers ← enforcement ← reports
                                       subsidies, gazette, keytasks, budgets ← inspection
    portal ← publishing ← disclosure ← opendata   (portal.datasets ← <app>.datasets)
                                       interpretation, requests_app ← policies

``portal`` holds what every app shares and imports no app, except the modules that wire the
project together (the URL conf, the API root, the sitemaps). ``publishing`` is the shared
review-and-publish layer; disclosure and interpretation are its clients, and disclosure
imports nothing from interpretation (or from requests and reports). Interpretation and
requests know nothing of each other. Reports aggregate everything below them; the
self-inspection reads everything and nothing reads it. The message box (interaction) reuses
the request intake's privacy primitives (keyed hashes, masks, access codes, upload checks).
Enforcement decisions (行政执法公示) publish through the shared layer and are counted by reports.
Beneficiary lists (民生资金公示) publish through the shared layer and reuse disclosure's upload
checks, spreadsheet reader, screening detectors and exports; nothing reads them but portal's
wiring.
The open-data catalog (opendata) lists every app's exports as automatic datasets without
importing the apps: each app declares them in its own ``datasets.py`` with the plain
``portal.datasets.AutoDataset``, and the catalog finds those modules when it starts. So an
app's ``datasets.py`` never imports ``opendata``, and ``portal.datasets`` imports no app.
The lists of powers and responsibilities (权力清单、责任清单, powers) publish through the shared
layer too; an enforcement decision names the power item it was made under, so enforcement
imports powers (and adds its decisions to an item's page through ``powers.sections``), never
the other way round.
The government gazette (政府公报) prints published documents: it reads disclosure, and disclosure
learns of it only through its registries (the document page's "刊登于" lines, the open-data
datasets), never by an import.
The policy services (政策文件库, 政策找人) hang policy items on documents, link their
interpretations and Q&A, and hash subscribers' addresses with the request intake's keyed hash;
nothing below imports them.
Responses to public concerns (回应关切, concerns) publish through the shared layer and link
published interpretations and documents; nothing reads them but portal's wiring.
Press conferences and policy briefings (新闻发布会, briefings) publish through the shared layer,
reuse the interpretation's media checks (``publishing.media``) and link documents and
interpretations; nothing imports them but portal's wiring.
Major decisions (重大行政决策) publish catalogs and steps through the shared layer and link the
consultation (interpretation), the decision document (disclosure) and its interpretation;
nothing but portal's wiring reads them.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "portal", "publishing", "disclosure", "requests_app", "interpretation", "reports", "inspection",
    "interaction", "enforcement", "subsidies", "opendata", "powers", "gazette", "policies",
    "concerns", "newmedia", "proposals", "briefings", "decisions", "keytasks", "budgets",
]  # fmt: skip
ALLOWED: dict[str, set[str]] = {
    "portal": set(),
    "publishing": {"portal"},
    "disclosure": {"portal", "publishing"},
    "requests_app": {"portal", "publishing", "disclosure"},
    "interpretation": {"portal", "publishing", "disclosure"},
    "powers": {"portal", "publishing", "disclosure"},
    "enforcement": {"portal", "publishing", "disclosure", "powers"},
    "subsidies": {"portal", "publishing", "disclosure"},
    "keytasks": {"portal", "publishing", "disclosure"},
    "budgets": {"portal", "publishing", "disclosure"},
    "gazette": {"portal", "publishing", "disclosure"},
    "newmedia": {"portal", "publishing", "disclosure"},
    "proposals": {"portal", "publishing", "disclosure"},
    "policies": {"portal", "publishing", "disclosure", "interpretation", "requests_app"},
    # 回应关切 links published interpretations and documents from its responses.
    "concerns": {"portal", "publishing", "disclosure", "interpretation"},
    # Press conferences present documents and their interpretations; nothing imports them.
    "briefings": {"portal", "publishing", "disclosure", "interpretation"},
    # Major decisions link their consultation, decision document and interpretation.
    "decisions": {"portal", "publishing", "disclosure", "interpretation"},
    "reports": {
        "portal",
        "publishing",
        "disclosure",
        "requests_app",
        "interpretation",
        "enforcement",
    },
    "interaction": {"portal", "publishing", "disclosure", "requests_app"},
    # The catalog finds the apps' datasets.py by discovery, not by import: only the upload
    # checks and the screening at approval come from disclosure.
    "opendata": {"portal", "publishing", "disclosure"},
    # The self-inspection reads every app; only portal's wiring (URLs, schedule) names it.
    "inspection": {
        "portal",
        "publishing",
        "disclosure",
        "requests_app",
        "interpretation",
        "reports",
        "interaction",
        "enforcement",
        "powers",
        "gazette",
        "newmedia",
        "budgets",
    },
}
# portal's wiring: the URL conf, the API root and the sitemaps list every app.
WIRING = {"portal.urls", "portal.api", "portal.sitemaps"}


def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


class _Imports(ast.NodeVisitor):
    def __init__(self) -> None:
        self.targets: list[str] = []

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
        ):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.targets += [alias.name for alias in node.names]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module:
            self.targets += [f"{node.module}.{alias.name}" for alias in node.names]


def _graph() -> dict[str, set[str]]:
    modules = _modules()

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        visitor = _Imports()
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        for target in visitor.targets:
            resolved = resolve(target)
            if resolved and resolved != name:
                graph[name].add(resolved)
    return graph


def test_apps_import_only_what_lies_below_them():
    forbidden = []
    for module, targets in _graph().items():
        app = module.split(".")[0]
        if module in WIRING:
            continue
        for target in targets:
            other = target.split(".")[0]
            if other != app and other not in ALLOWED[app]:
                forbidden.append(f"{module} imports {target}")
    assert not forbidden, "\n".join(sorted(forbidden))


def test_no_import_cycles_between_modules():
    graph = _graph()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in list(graph):
        if node not in index:
            visit(node)
    assert not cycles, "\n".join(" ⇄ ".join(cycle) for cycle in cycles)


def test_dataset_declarations_import_no_catalog():
    """``<app>/datasets.py`` declares automatic datasets with ``portal.datasets`` alone: the
    catalog depends on the apps, never the other way round; ``portal.datasets`` itself is a
    plain declaration that imports no app (not even portal's others but its types)."""
    graph = _graph()
    declarations = [name for name in _modules() if name.endswith(".datasets")]
    assert {"portal.datasets", "disclosure.datasets", "enforcement.datasets"} <= set(declarations)
    wrong = [
        f"{module} imports {target}"
        for module in declarations
        for target in graph.get(module, ())
        if target.split(".")[0] == "opendata"
    ]
    assert not wrong, "\n".join(wrong)
    assert graph.get("portal.datasets", set()) <= {"portal.typed"}


def test_the_checks_see_an_import_inside_a_function():
    visitor = _Imports()
    visitor.visit(ast.parse("def f():\n    from disclosure import screening\n"))
    assert visitor.targets == ["disclosure.screening"]
