"""The search index's table, derived from the registry."""

from django.db import models


class SearchEntry(models.Model):
    """One searchable thing (a group, a person, a resolution, a page) as search shows it.

    Derived data: written by `workgroups.search.index` whenever the registry row changes and
    rebuilt whole by `workgroups reindex`. `keys_title` and `keys_body` hold the text that is
    matched, folded (no accents, no case); the full-text index over them is SQLite FTS5
    (table `web_searchfts`, kept in step by triggers, its rowid the entry's rank key: search's
    0003 migration) or, on PostgreSQL, the narrow table `search_match` (each entry's rank key,
    its name's words and all its words, GIN-indexed, kept in step by triggers: search's 0005;
    `rank_key` itself is a column here: 0004). This table was created by the web app's first
    migration: the index was the website's before the API shared it, and it keeps its `web_`
    name.
    """

    class Kind(models.TextChoices):
        GROUP = "group"
        PERSON = "person"
        RESOLUTION = "resolution"
        PAGE = "page"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=500)
    context = models.CharField(max_length=300, blank=True, help_text="e.g. the group's name.")
    url = models.CharField(max_length=600)
    date = models.CharField(max_length=20, blank=True)  # EDTF: "[..2007-02-25]"
    body = models.TextField(blank=True, help_text="Plain text, for snippets.")
    keys_title = models.TextField(blank=True)
    keys_body = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")
        ]
        db_table = "web_searchentry"
        verbose_name_plural = "search entries"

    def __str__(self):
        return f"{self.kind}: {self.title}"
