"""The change history of a power item (变更记录): a version is recorded when the item is first
published (version 1), each time a revision is published over it, and when it is withdrawn.
Each version keeps who recorded it, when, why, the item's public content as of that version and
what changed, field by field, as data (``diff``) that ``describe`` turns into lines a reader
understands ("设定依据：旧 → 新", responsibilities added or removed).

Called by the workflow's policy (``powers.publishing``) inside the publication or withdrawal
transaction, so a version exists exactly when the change it records does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from powers.models import Category, PowerItem, PowerItemVersion, Responsibility, VersionKind
from publishing.models import Status
from publishing.workflow import record_event

# The item's own public texts, in the order the page shows them; a revision may change each.
TEXT_FIELDS = [
    "name", "category", "sub_items", "basis", "office", "accountability_cases",
    "contact_phone", "supervision_phone", "notes",
]  # fmt: skip
# What publishing a revision copies onto the item besides its texts.
COPIED_FIELDS = [*TEXT_FIELDS, "change_reason"]

Snapshot = dict[str, Any]
Change = dict[str, Any]


def snapshot(item: PowerItem) -> Snapshot:
    """The public content of ``item`` (or of a revision) as plain data."""
    data: Snapshot = {field: getattr(item, field) for field in TEXT_FIELDS}
    data["basis_documents"] = [
        {"id": pk, "title": title}
        for pk, title in item.basis_documents.order_by("pk").values_list("pk", "title")
    ]
    data["responsibilities"] = [
        {"duty": duty, "accountability_basis": basis}
        for duty, basis in item.responsibilities.values_list("duty", "accountability_basis")
    ]
    return data


def diff(old: Snapshot, new: Snapshot) -> list[Change]:
    """What changed from ``old`` to ``new``: each text field changed with its old and new
    value; the documents of the basis added and removed; the responsibilities added, removed,
    and those (matched by their wording) whose basis of accountability changed."""
    changes: list[Change] = [
        {"field": field, "old": old.get(field, ""), "new": new.get(field, "")}
        for field in TEXT_FIELDS
        if old.get(field, "") != new.get(field, "")
    ]
    old_docs = {d["id"]: d["title"] for d in old.get("basis_documents", [])}
    new_docs = {d["id"]: d["title"] for d in new.get("basis_documents", [])}
    added_docs = [title for pk, title in new_docs.items() if pk not in old_docs]
    removed_docs = [title for pk, title in old_docs.items() if pk not in new_docs]
    if added_docs or removed_docs:
        changes.append({"field": "basis_documents", "added": added_docs, "removed": removed_docs})
    old_duties = {r["duty"]: r["accountability_basis"] for r in old.get("responsibilities", [])}
    new_duties = {r["duty"]: r["accountability_basis"] for r in new.get("responsibilities", [])}
    added = [r for r in new.get("responsibilities", []) if r["duty"] not in old_duties]
    removed = [r for r in old.get("responsibilities", []) if r["duty"] not in new_duties]
    changed = [
        {"duty": duty, "old": old_duties[duty], "new": basis}
        for duty, basis in new_duties.items()
        if duty in old_duties and old_duties[duty] != basis
    ]
    if added or removed or changed:
        changes.append(
            {"field": "responsibilities", "added": added, "removed": removed, "changed": changed}
        )
    return changes


# --- Reading a change ---------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeLine:
    """One line of a version's changes, as the page shows it."""

    label: str
    action: str  # "changed", "added" or "removed"
    old: str = ""
    new: str = ""

    def text(self) -> str:
        """The line as plain text (feeds, the API)."""
        if self.action == "added":
            return _("%(field)s added: %(text)s") % {"field": self.label, "text": self.new}
        if self.action == "removed":
            return _("%(field)s removed: %(text)s") % {"field": self.label, "text": self.old}
        empty = _("(empty)")
        return _("%(field)s: %(old)s → %(new)s") % {
            "field": self.label,
            "old": self.old or empty,
            "new": self.new or empty,
        }


def _label(model: type[Any], field: str) -> str:
    return str(capfirst(model._meta.get_field(field).verbose_name))


def _category_label(value: str) -> str:
    return str(Category(value).label) if value in Category.values else value


def _responsibility_text(row: dict[str, str]) -> str:
    if row.get("accountability_basis"):
        return _("%(duty)s (basis of accountability: %(basis)s)") % {
            "duty": row["duty"],
            "basis": row["accountability_basis"],
        }
    return row["duty"]


def describe(changes: list[Change]) -> list[ChangeLine]:
    """The lines a reader sees for a version's changes, in the current language."""
    lines: list[ChangeLine] = []
    for change in changes:
        field = change.get("field", "")
        if field == "basis_documents":
            label = _label(PowerItem, field)
            lines += [ChangeLine(label, "added", new=title) for title in change["added"]]
            lines += [ChangeLine(label, "removed", old=title) for title in change["removed"]]
        elif field == "responsibilities":
            label = _label(Responsibility, "duty")
            lines += [
                ChangeLine(label, "added", new=_responsibility_text(row))
                for row in change.get("added", [])
            ]
            lines += [
                ChangeLine(label, "removed", old=_responsibility_text(row))
                for row in change.get("removed", [])
            ]
            for row in change.get("changed", []):
                label_basis = _("Basis of accountability of “%(duty)s”") % {"duty": row["duty"]}
                lines.append(ChangeLine(label_basis, "changed", old=row["old"], new=row["new"]))
        elif field == "category":
            lines.append(
                ChangeLine(
                    _label(PowerItem, field),
                    "changed",
                    old=_category_label(change["old"]),
                    new=_category_label(change["new"]),
                )
            )
        elif field in TEXT_FIELDS:
            lines.append(
                ChangeLine(
                    _label(PowerItem, field), "changed", old=change["old"], new=change["new"]
                )
            )
    return lines


@dataclass(frozen=True)
class HistoryEntry:
    version: PowerItemVersion
    lines: list[ChangeLine]


def history(item: PowerItem) -> list[HistoryEntry]:
    """The item's versions, newest first, each with its lines."""
    # Sorted here rather than in the query: the public page prefetches the versions.
    found = sorted(item.versions.all(), key=lambda version: version.number, reverse=True)
    return [HistoryEntry(version, describe(version.changes)) for version in found]


# --- Recording (inside the workflow's transaction) ------------------------------------------


def _record(
    item: PowerItem,
    *,
    kind: str,
    user: User | None,
    reason: str,
    changes: list[Change] | None = None,
    revision: PowerItem | None = None,
) -> PowerItemVersion:
    return PowerItemVersion.objects.create(
        power_item=item,
        number=item.version,
        kind=kind,
        actor=user if user is not None and user.is_authenticated else None,
        revision=revision,
        reason=reason.strip(),
        changes=changes or [],
        snapshot=snapshot(item),
    )


def record_created(*, item: PowerItem, user: User) -> PowerItemVersion:
    """Version 1: the item is first published (the caller saves the item)."""
    item.version = 1
    return _record(item, kind=VersionKind.CREATED, user=user, reason=item.change_reason)


def check_revision(revision: PowerItem, item: PowerItem) -> list[Change]:
    """Raise ValidationError unless ``revision`` may be published over ``item``; returns what
    it changes."""
    if item.status != Status.PUBLISHED:
        raise ValidationError(
            _("The item this revision changes is “%(status)s”, not published; it can no longer "
              "be revised.") % {"status": item.get_status_display()}
        )  # fmt: skip
    if revision.version != item.version:
        raise ValidationError(
            _("The item was changed (now version %(current)d) after this revision was started "
              "from version %(base)d; start a new revision from the current version.")
            % {"current": item.version, "base": revision.version}
        )  # fmt: skip
    changes = diff(snapshot(item), snapshot(revision))
    if not changes:
        raise ValidationError(_("This revision changes nothing in the item."))
    if not revision.change_reason.strip():
        raise ValidationError(_("Give the reason for the change; it is shown in the history."))
    return changes


def apply_revision(*, revision: PowerItem, user: User) -> PowerItemVersion:
    """Publish ``revision`` over its item: the item takes its content and a new version that
    records what changed. Raises ValidationError (nothing changed) when it may not."""
    assert revision.revision_of_id is not None
    # The item's row is locked: two revisions (or a revision and a withdrawal) never cross.
    item = PowerItem.objects.select_for_update().get(pk=revision.revision_of_id)
    changes = check_revision(revision, item)
    for field in COPIED_FIELDS:
        setattr(item, field, getattr(revision, field))
    item.basis_documents.set(revision.basis_documents.all())
    item.responsibilities.all().delete()
    Responsibility.objects.bulk_create(
        Responsibility(power_item=item, order=row.order, duty=row.duty,
                       accountability_basis=row.accountability_basis)
        for row in revision.responsibilities.all()
    )  # fmt: skip
    item.version += 1
    item.save()
    record_event(
        document=item, user=user, action="revise", from_status=item.status,
        to_status=item.status, note=_("Version %(number)d") % {"number": item.version},
    )  # fmt: skip
    return _record(
        item,
        kind=VersionKind.CHANGED,
        user=user,
        reason=revision.change_reason,
        changes=changes,
        revision=revision,
    )


def record_withdrawn(*, item: PowerItem, user: User | None, reason: str) -> PowerItemVersion:
    """The item left the list: a last version, with the reason given for withdrawing it."""
    item.version += 1
    item.save(update_fields=["version", "updated_at"])
    return _record(item, kind=VersionKind.WITHDRAWN, user=user, reason=reason)
