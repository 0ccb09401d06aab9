"""The automatic datasets: every installed app's ``datasets.py`` (``portal.datasets`` says what
it holds), found once when the catalog starts. Keys are unique across the apps; a second app
taking a key is an error at start-up, not a dataset silently replaced."""

from __future__ import annotations

from django.utils.module_loading import autodiscover_modules

from portal.datasets import AutoDataset

_datasets: dict[str, AutoDataset] = {}


def register(dataset: AutoDataset) -> AutoDataset:
    current = _datasets.get(dataset.key)
    if current is not None and current is not dataset:
        raise ValueError(f"Automatic dataset {dataset.key!r} is registered twice.")
    _datasets[dataset.key] = dataset
    return dataset


def unregister(key: str) -> None:
    _datasets.pop(key, None)


def autodiscover() -> None:
    """Import ``<app>.datasets`` of every installed app and register its ``DATASETS``."""
    from django.apps import apps

    autodiscover_modules("datasets")
    for config in apps.get_app_configs():
        module = getattr(config.module, "datasets", None)
        for dataset in getattr(module, "DATASETS", ()):
            if isinstance(dataset, AutoDataset):
                register(dataset)


def auto_datasets() -> list[AutoDataset]:
    return list(_datasets.values())


def get(key: str) -> AutoDataset | None:
    return _datasets.get(key)
