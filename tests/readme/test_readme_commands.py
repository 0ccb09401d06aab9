"""The README's commands run as written on a fresh clone: ``./manage`` (the virtualenv and the
demo's settings), no environment of ours, no database yet.

The harmless commands run in a subprocess exactly as the README shows them, and where the README
says what a command prints (``# → 2026-10-22``) the output says it; the others (creating users,
resetting two-factor sign-in, importing a file) must at least name an existing command.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
README = (BASE_DIR / "README.md").read_text(encoding="utf-8")

# An indented code line (four spaces) that runs the wrapper.
_INDENTED = re.compile(r"^    (\./manage(?: [^#\n]*)?)(?:#\s*(.*))?$", re.MULTILINE)
# An inline command in backticks; the README may wrap it over two lines.
_INLINE = re.compile(r"`(\./manage[^`]*)`")
# What may run anywhere: it reads, prints and changes nothing.
_HARMLESS = {
    ("help",),
    ("check",),
    ("workdays", "add"),
    ("workdays", "between"),
    ("workdays", "check"),
    ("workdays", "holidays"),
}


def readme_commands() -> list[tuple[str, str]]:
    """Every indented ``./manage`` line, with what its comment says it prints (after →)."""
    found = []
    for command, comment in _INDENTED.findall(README):
        expected = comment.split("→", 1)[1].strip() if "→" in comment else ""
        found.append((command.strip(), expected))
    return found


def _is_harmless(command: str) -> bool:
    words = shlex.split(command)[1:]
    return any(tuple(words[: len(key)]) == key for key in _HARMLESS)


HARMLESS = [(c, e) for c, e in readme_commands() if _is_harmless(c)]


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory):
    """The environment of a newcomer's shell: no DEBUG, database, Redis or secret set; the
    wrapper finds the virtualenv running these tests (VENV) instead of creating .venv."""
    data_dir = tmp_path_factory.mktemp("fresh-clone-data")
    environment = {
        name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL") if name in os.environ
    }
    environment.update(VENV=sys.prefix, DATA_DIR=str(data_dir))
    return environment


def run(command: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S602 - the README's own command, as a user types it
        command,
        shell=True,
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_readme_shows_harmless_commands_to_run():
    commands = [command for command, _ in HARMLESS]
    assert "./manage help" in commands
    assert "./manage check" in commands
    assert "./manage workdays add 2026-09-18 20" in commands


@pytest.mark.parametrize(("command", "expected"), HARMLESS, ids=[c for c, _ in HARMLESS])
def test_readme_command_runs_as_written(command, expected, fresh_clone):
    result = run(command, fresh_clone)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    # "→ 2031-03-10 provisional": the date and the first word of the note, as printed.
    for word in expected.split(" ")[:2]:
        assert word in result.stdout, (command, result.stdout)


def test_every_readme_command_names_an_existing_command(fresh_clone):
    listed = run("./manage help --commands", fresh_clone)
    assert listed.returncode == 0, listed.stderr
    available = set(listed.stdout.split())
    shown = [c for c, _ in readme_commands()]
    shown += [" ".join(c.split()) for c in _INLINE.findall(README)]
    names = {shlex.split(command)[1] for command in shown if len(shlex.split(command)) > 1}
    assert {"two_factor_reset", "createsuperuser", "pseudonymise_requests"} <= names
    placeholders = {name for name in names if name.isupper()}  # ./manage COMMAND
    assert names - placeholders - {"help"} <= available


def test_readme_points_only_at_files_in_the_repository():
    assert "../shared/style.md" not in README
