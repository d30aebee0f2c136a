"""Search entries' dates widen to 20 characters for EDTF strings such as "[..2007-02-25]".

Only PostgreSQL enforces a varchar's length, and altering the column there keeps the full-text
index. On SQLite an AlterField would rebuild `web_searchentry` and drop the FTS5 triggers that
keep its index (made by web's 0001), so the column is left as it is: SQLite stores any length.
"""

from django.db import migrations, models


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE web_searchentry ALTER COLUMN date TYPE varchar(20)")


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE web_searchentry ALTER COLUMN date TYPE varchar(10)")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="searchentry",
                    name="date",
                    field=models.CharField(blank=True, max_length=20),
                ),
            ],
            database_operations=[migrations.RunPython(widen, narrow)],
        ),
    ]
