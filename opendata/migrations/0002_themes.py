"""The catalog's themes (a vocabulary kept as data; superusers may change it later)."""

from django.db import migrations

# code, name, EU data theme
THEMES = [
    ("economy", "经济建设", "ECON"),
    ("livelihood", "社会民生", "SOCI"),
    ("market", "市场监管", "ECON"),
    ("finance", "财政资金", "GOVE"),
    ("urban-rural", "城乡建设", "REGI"),
    ("environment", "资源环境", "ENVI"),
    ("institutions", "机构信息", "GOVE"),
    ("transport", "交通运输", "TRAN"),
    ("education", "教育文化", "EDUC"),
    ("health", "医疗卫生", "HEAL"),
    ("agriculture", "农业农村", "AGRI"),
    ("credit", "信用服务", "JUST"),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("opendata", "Theme")
    for order, (code, name, eu_theme) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(
            code=code, defaults={"name": name, "eu_theme": eu_theme, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("opendata", "0001_initial")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
