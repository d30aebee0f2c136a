"""PostgreSQL keeps each entry's rank key and its name's own tsvector, so a page reads ~20 rows.

The same key as SQLite's FTS5 rowid (search's 0003): (kind << 56) | (spaces in keys_title, at
most 255) << 48 | id, in a stored generated column with a unique btree index: each name tier
is read in key order and stops at its LIMIT instead of sorting every match. `search_title` is
`to_tsvector('simple', keys_title)`, the part of `search` with weight A, with its own GIN
index: "the name holds these words" is a test of a few lexemes, or an index scan when few
names hold them, where `search @@ 'w:*A'` reads the whole tsvector (text included) again.
SQLite is left as it is.
"""

from django.db import migrations

KEY = """((CASE kind WHEN 'group' THEN 0 WHEN 'person' THEN 1 WHEN 'resolution' THEN 2
    ELSE 3 END)::bigint << 56)
    | (least(length(keys_title) - length(replace(keys_title, ' ', '')), 255)::bigint << 48)
    | id"""

FORWARD = [
    f"ALTER TABLE web_searchentry ADD COLUMN rank_key bigint GENERATED ALWAYS AS ({KEY}) STORED",
    """ALTER TABLE web_searchentry ADD COLUMN search_title tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', keys_title)) STORED""",
    "CREATE UNIQUE INDEX web_searchentry_rank_key ON web_searchentry (rank_key)",
    "CREATE INDEX web_searchentry_search_title ON web_searchentry USING GIN (search_title)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS web_searchentry_rank_key",
    "ALTER TABLE web_searchentry DROP COLUMN IF EXISTS search_title",
    "ALTER TABLE web_searchentry DROP COLUMN IF EXISTS rank_key",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_fts_rowid_in_rank_order")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
