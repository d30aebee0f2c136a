
from django.db import migrations, models

# The full-text index over SearchEntry.keys_title/keys_body: FTS5 on SQLite (an external-content
# table kept in step by triggers), a generated tsvector column with a GIN index on PostgreSQL.
SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE web_searchfts USING fts5(
        keys_title, keys_body, content='web_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    """CREATE TRIGGER web_searchentry_ai AFTER INSERT ON web_searchentry BEGIN
        INSERT INTO web_searchfts(rowid, keys_title, keys_body)
        VALUES (new.id, new.keys_title, new.keys_body);
    END""",
    """CREATE TRIGGER web_searchentry_ad AFTER DELETE ON web_searchentry BEGIN
        INSERT INTO web_searchfts(web_searchfts, rowid, keys_title, keys_body)
        VALUES ('delete', old.id, old.keys_title, old.keys_body);
    END""",
    """CREATE TRIGGER web_searchentry_au AFTER UPDATE ON web_searchentry BEGIN
        INSERT INTO web_searchfts(web_searchfts, rowid, keys_title, keys_body)
        VALUES ('delete', old.id, old.keys_title, old.keys_body);
        INSERT INTO web_searchfts(rowid, keys_title, keys_body)
        VALUES (new.id, new.keys_title, new.keys_body);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS web_searchentry_au",
    "DROP TRIGGER IF EXISTS web_searchentry_ad",
    "DROP TRIGGER IF EXISTS web_searchentry_ai",
    "DROP TABLE IF EXISTS web_searchfts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE web_searchentry ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', keys_title), 'A')
        || setweight(to_tsvector('simple', left(keys_body, 500000)), 'B')) STORED""",
    "CREATE INDEX web_searchentry_search ON web_searchentry USING GIN (search)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS web_searchentry_search",
    "ALTER TABLE web_searchentry DROP COLUMN IF EXISTS search",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


forward = _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD})
backward = _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD})


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('group', 'Group'), ('person', 'Person'), ('resolution', 'Resolution'), ('page', 'Page')], max_length=10)),
                ('object_id', models.BigIntegerField()),
                ('title', models.CharField(max_length=500)),
                ('context', models.CharField(blank=True, help_text="e.g. the group's name.", max_length=300)),
                ('url', models.CharField(max_length=600)),
                ('date', models.CharField(blank=True, max_length=10)),
                ('body', models.TextField(blank=True, help_text='Plain text, for snippets.')),
                ('keys_title', models.TextField(blank=True)),
                ('keys_body', models.TextField(blank=True)),
            ],
            options={
                'verbose_name_plural': 'search entries',
                'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='unique_search_entry')],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
