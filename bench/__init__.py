"""Benchmarks for Workgroups (`make bench`, i.e. `python -m bench`).

One run writes bench/REPORT.md, opening with the goals of issue #14 at 10,000 groups, each with
its figure and met or not: ready answers against the ceiling (a bare WSGI app returning the same
bytes under the same gunicorn settings, measured interleaved in the same run) on SQLite, on
PostgreSQL, and with two servers on PostgreSQL + Redis; cold renders (bench.cold) and a profile
of the slowest; findings; the YAML dump and load (time, peak memory, same bytes); invalidation
after a roster edit. Then the other measures: import of the bundled PSF data, synth, reindex,
findings rule by rule, and a mixed read/write load (50 clients for 60 s, or BENCH_LOAD_SECONDS).

PostgreSQL: DATABASE_URL, else postgres@127.0.0.1:5432 if it answers (databases bench_<pid>_*,
dropped at the end). Redis: BENCH_REDIS_URL (default db 13, flushed before and after).
Benchmarks are never unit tests: nothing here runs under pytest.
"""
