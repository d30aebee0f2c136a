"""Benchmarks for Workgroups (`make bench`, i.e. `python -m bench`).

Builds fresh temporary databases (SQLite; PostgreSQL too when DATABASE_URL is set), measures
the import of the bundled PSF data, `workgroups synth` at 10,000 groups, the findings at that
scale, HTTP throughput of `workgroups serve` on loopback, and a mixed read/write load (50
clients for 60 s, or BENCH_LOAD_SECONDS), then writes bench/REPORT.md.
Benchmarks are never unit tests: nothing here runs under pytest.
"""
