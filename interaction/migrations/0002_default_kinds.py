"""The message kinds every site starts with, and their reply periods in working days: 咨询 5,
建议/投诉/求助 15, and 纠错 (feedback on a disclosure, written from a document's page) 15.
Staff may change the periods and add kinds in the back office."""

from django.db import migrations

KINDS = [
    ("consult", "咨询", "询问政策、办事流程等", 5, True, False),
    ("suggest", "建议", "对政府工作提出意见建议", 15, True, False),
    ("complain", "投诉", "反映工作人员或机关的问题", 15, True, False),
    ("help", "求助", "生活、办事中遇到困难需要帮助", 15, True, False),
    ("correction", "纠错", "反馈公开信息缺失、错误、过时或附件无法打开", 15, False, True),
]


def add_kinds(apps, schema_editor):
    MessageKind = apps.get_model("interaction", "MessageKind")
    for order, (code, name, description, days, on_form, is_correction) in enumerate(KINDS):
        MessageKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "reply_workdays": days,
                "on_form": on_form,
                "is_correction": is_correction,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("interaction", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
