"""search_match's GIN indexes keep at most 64 kB of new entries pending, not 4 MB.

GIN queues the entries of new rows in a pending list that every search reads through, until
the list passes gin_pending_list_limit (4 MB by default) or VACUUM merges it. After 9,000
entries were written, "python" at 10,000 groups took 17.5 ms of server CPU instead of 8.3. At
64 kB a rebuild of the 156,855 entries took as long (24.6-28.7 s against 25.2-29.7 s).
"""

from django.db import migrations

INDEXES = ("search_match_words", "search_match_title")


def _run(setting):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for index in INDEXES:
                schema_editor.execute(f"ALTER INDEX {index} {setting}")

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_postgresql_search_match")]

    operations = [
        migrations.RunPython(
            _run("SET (gin_pending_list_limit = 64)"), _run("RESET (gin_pending_list_limit)")
        )
    ]
