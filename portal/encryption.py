"""Re-encrypting personal data after SECRET_KEY is rotated.

django-fernet-encrypted-fields derives its keys from SECRET_KEY and SECRET_KEY_FALLBACKS (with
SALT_KEY): it reads with any of them and writes with the first. Rows that are never saved again
stay under the old key, so the old key could never leave SECRET_KEY_FALLBACKS. ``reencrypt``
moves every encrypted value of every model to the current key (MultiFernet.rotate), without
changing anything else of the row, and counts values that no key opens any more.
"""

from __future__ import annotations

from collections import Counter

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast
from encrypted_fields.fields import EncryptedFieldMixin


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedFieldMixin]]:
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedFieldMixin)
    ]


def forget_keys() -> None:
    """Derive the fields' keys again from the settings (they are cached per field)."""
    for _model, field in encrypted_fields():
        field.__dict__.pop("keys", None)
        field.__dict__.pop("f", None)


def reencrypt(*, dry_run: bool = False) -> Counter[str]:
    """Move every encrypted value to SECRET_KEY. Counts per ``app.Model.field`` under
    "re-encrypted:", and "unreadable:" for values no key opens (they are left as they are)."""
    report: Counter[str] = Counter()
    for model, field in encrypted_fields():
        label = f"{model._meta.label}.{field.name}"
        keys = [Fernet(key) for key in field.keys]
        current, every = keys[0], MultiFernet(keys)
        # The stored token, not the decrypted value the field would return.
        rows = model._default_manager.annotate(
            _token=Cast(field.attname, models.TextField())
        ).values_list("pk", "_token")
        for pk, token in rows.iterator(chunk_size=1000):
            if not token:
                continue
            try:
                current.decrypt(token.encode())
                continue  # already under the current key
            except InvalidToken:
                pass
            try:
                rotated = every.rotate(token.encode()).decode()
            except InvalidToken:
                report[f"unreadable: {label}"] += 1
                continue
            if not dry_run:
                # An expression, so that the field does not encrypt the token a second time.
                model._default_manager.filter(pk=pk).update(
                    **{field.attname: models.Value(rotated, output_field=models.TextField())}
                )
            report[f"re-encrypted: {label}"] += 1
    return report
