"""PostgreSQL finds matches in a narrow table of their own, `search_match`, kept by triggers.

A page's first query counts every match (33,176 for "python" at 10,000 groups) and finds the
first one's rank key. PostgreSQL reads each match's row for that (GIN gives no count without
the table; 15.x no longer skips all-visible pages in a bitmap scan), and in web_searchentry a
row is ~1.3 kB of text with rank_key after it: 5,545 pages for "python", and reading rank_key
from each match doubled the query's time. `search_match` holds each entry's rank key first,
then its name's words and all its words (tsvectors without positions, which no query reads):
4,262 pages in all. Statement triggers on web_searchentry keep it in step, as FTS5's table is
on SQLite; the GIN indexes and the tsvector columns move from web_searchentry to it.
"""

from django.db import migrations

TITLE = "to_tsvector('simple', keys_title)"
# web 0001's `search` column less its weights and positions.
WORDS = f"{TITLE} || to_tsvector('simple', left(keys_body, 500000))"

FORWARD = [
    """CREATE TABLE search_match (
        rank_key bigint PRIMARY KEY, title tsvector NOT NULL, words tsvector NOT NULL)""",
    f"""INSERT INTO search_match (rank_key, title, words)
        SELECT rank_key, strip({TITLE}), strip({WORDS}) FROM web_searchentry""",
    "CREATE INDEX search_match_words ON search_match USING GIN (words)",
    "CREATE INDEX search_match_title ON search_match USING GIN (title)",
    # One function for the three statement triggers: each names its rows old_rows, new_rows.
    f"""CREATE FUNCTION search_match_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            DELETE FROM search_match WHERE rank_key IN (SELECT rank_key FROM old_rows);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO search_match (rank_key, title, words)
            SELECT rank_key, strip({TITLE}), strip({WORDS}) FROM new_rows;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_match_insert AFTER INSERT ON web_searchentry
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_match_sync()""",
    """CREATE TRIGGER search_match_update AFTER UPDATE ON web_searchentry
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION search_match_sync()""",
    """CREATE TRIGGER search_match_delete AFTER DELETE ON web_searchentry
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_match_sync()""",
    # A flush (Django's, tests') truncates web_searchentry but knows nothing of search_match.
    """CREATE FUNCTION search_match_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE search_match;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_match_truncate AFTER TRUNCATE ON web_searchentry
        FOR EACH STATEMENT EXECUTE FUNCTION search_match_truncate()""",
    "ALTER TABLE web_searchentry DROP COLUMN search, DROP COLUMN search_title",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS search_match_truncate ON web_searchentry",
    "DROP TRIGGER IF EXISTS search_match_delete ON web_searchentry",
    "DROP TRIGGER IF EXISTS search_match_update ON web_searchentry",
    "DROP TRIGGER IF EXISTS search_match_insert ON web_searchentry",
    "DROP FUNCTION IF EXISTS search_match_truncate()",
    "DROP FUNCTION IF EXISTS search_match_sync()",
    "DROP TABLE IF EXISTS search_match",
    """ALTER TABLE web_searchentry ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', keys_title), 'A')
        || setweight(to_tsvector('simple', left(keys_body, 500000)), 'B')) STORED""",
    "CREATE INDEX web_searchentry_search ON web_searchentry USING GIN (search)",
    f"""ALTER TABLE web_searchentry ADD COLUMN search_title tsvector
        GENERATED ALWAYS AS ({TITLE}) STORED""",
    "CREATE INDEX web_searchentry_search_title ON web_searchentry USING GIN (search_title)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_postgresql_rank_key")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
