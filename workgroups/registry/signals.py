"""Signals of the registry for the parts that build on it (search index, caches)."""

from django.dispatch import Signal

# Sent inside the transaction after writes that bypass model signals (bulk_create,
# bulk_update, QuerySet.update), with `groups` and `people`: the ids whose rows changed.
bulk_written = Signal()
