from django.db import migrations


def seed(apps, schema_editor):
    from policies.vocabulary import vocabulary_seed

    vocabulary_seed(apps.get_model("policies", "CriterionValue"))


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
