from django.db import migrations

from disclosure.seeds import seed_taxonomies


def seed(apps, schema_editor):
    seed_taxonomies(
        apps.get_model("disclosure", "Theme"),
        apps.get_model("disclosure", "Genre"),
        apps.get_model("disclosure", "CatalogDomain"),
    )


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
