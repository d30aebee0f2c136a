"""SQLite's full-text index numbers its rows in rank order, so a page of results reads ~20 rows.

Search ranks by how much of the query the name holds (every word, some, none), then by kind
(groups, people, resolutions, pages), then shorter names first, then older first. Past the first
criterion the rule does not depend on the query, and FTS5 returns matches in rowid order and stops
at a LIMIT: so the index's rowid is that rule's key, with the entry's id in its low 48 bits,
(kind << 56) | (spaces in keys_title, at most 255) << 48 | id. `workgroups.search.index` reads
the id back with `rowid & ID_MASK`, and orders PostgreSQL by the same key. The rowid being no
longer the entry's id, the table keeps no link to web_searchentry's text (content=''; it never
needed the text back), and the triggers give the old values that a delete needs. Prefixes of up
to 6 characters are indexed: a query word such as "python" then reads one ready list instead of
merging the lists of every word it begins.
"""

from django.db import migrations

KEY = """((CASE {row}.kind WHEN 'group' THEN 0 WHEN 'person' THEN 1 WHEN 'resolution' THEN 2
    ELSE 3 END) << 56)
    | (min(length({row}.keys_title) - length(replace({row}.keys_title, ' ', '')), 255) << 48)
    | {row}.id"""
NEW, OLD = KEY.format(row="new"), KEY.format(row="old")

DROP = [
    "DROP TRIGGER IF EXISTS web_searchentry_au",
    "DROP TRIGGER IF EXISTS web_searchentry_ad",
    "DROP TRIGGER IF EXISTS web_searchentry_ai",
    "DROP TABLE IF EXISTS web_searchfts",
]
FORWARD = [
    *DROP,
    """CREATE VIRTUAL TABLE web_searchfts USING fts5(
        keys_title, keys_body, content='',
        tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4 5 6')""",
    f"""CREATE TRIGGER web_searchentry_ai AFTER INSERT ON web_searchentry BEGIN
        INSERT INTO web_searchfts(rowid, keys_title, keys_body)
        VALUES ({NEW}, new.keys_title, new.keys_body);
    END""",
    f"""CREATE TRIGGER web_searchentry_ad AFTER DELETE ON web_searchentry BEGIN
        INSERT INTO web_searchfts(web_searchfts, rowid, keys_title, keys_body)
        VALUES ('delete', {OLD}, old.keys_title, old.keys_body);
    END""",
    f"""CREATE TRIGGER web_searchentry_au AFTER UPDATE ON web_searchentry BEGIN
        INSERT INTO web_searchfts(web_searchfts, rowid, keys_title, keys_body)
        VALUES ('delete', {OLD}, old.keys_title, old.keys_body);
        INSERT INTO web_searchfts(rowid, keys_title, keys_body)
        VALUES ({NEW}, new.keys_title, new.keys_body);
    END""",
    f"""INSERT INTO web_searchfts(rowid, keys_title, keys_body)
        SELECT {KEY.format(row="e")}, e.keys_title, e.keys_body FROM web_searchentry e""",
    "INSERT INTO web_searchfts(web_searchfts) VALUES ('optimize')",
]
# web's 0001 as it was: an external-content table whose rowid is the entry's id.
BACKWARD = [
    *DROP,
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
    "INSERT INTO web_searchfts(web_searchfts) VALUES ('rebuild')",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_edtf_dates")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
