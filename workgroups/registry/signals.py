"""Signals of the registry for the parts that build on it (search index, caches)."""

from django.dispatch import Signal

# Sent inside the transaction after writes that bypass model signals (bulk_create,
# bulk_update, QuerySet.update), with `groups` and `people`: the ids whose rows changed.
bulk_written = Signal()

# Sent inside the transaction by every registry write (`writer.Write.finish`), with `groups`
# and `people`: the ids it touched. The page cache listens (it drops ready answers on commit).
written = Signal()
