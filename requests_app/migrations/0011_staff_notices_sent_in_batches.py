import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """Staff notices are recorded by the sweeps and sent in batches by a task: a row exists
    before its e-mail is sent (``sent_at`` empty until then). Rows of the old sweeps were
    recorded when sent, so they keep their ``sent_at`` and get it as ``created_at``. The request
    needs no index of its own: the unique constraint's begins with it."""

    dependencies = [
        ("requests_app", "0010_annual_reports_move_to_reports"),
    ]

    operations = [
        migrations.AddField(
            model_name="remindersent",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunSQL(
            "UPDATE requests_app_remindersent SET created_at = sent_at",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="remindersent",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="remindersent",
            name="request",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="requests_app.informationrequest",
            ),
        ),
        migrations.AddIndex(
            model_name="remindersent",
            index=models.Index(fields=["sent_at", "due_date"], name="remindersent_unsent"),
        ),
    ]
