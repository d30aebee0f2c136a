"""The ceiling: a bare WSGI app, served by the same gunicorn settings as `workgroups serve`.

With BENCH_REFAPP_ANSWERS naming a file written by `bench.goals.write_answers`, it returns the
app's own ready answers (status, headers and body by path and query) byte for byte: the
ceiling for exactly those pages, measured in the same run. Without it, a constant 40 KB page
(DESIGN.md's reference).
"""

import os
import pickle

BODY = (b"<!doctype html><title>reference</title>" + b"<p>" + b"x" * 80 + b"</p>\n") * 455
BODY = BODY[: 40 * 1024]
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]
NOT_FOUND = ("404 Not Found", [("Content-Length", "0")], b"")

ANSWERS = None
if os.environ.get("BENCH_REFAPP_ANSWERS"):
    with open(os.environ["BENCH_REFAPP_ANSWERS"], "rb") as f:
        ANSWERS = pickle.load(f)


def application(environ, start_response):
    if ANSWERS is None:
        start_response("200 OK", HEADERS)
        return [BODY]
    query = environ.get("QUERY_STRING", "")
    key = environ.get("PATH_INFO", "/") + (f"?{query}" if query else "")
    status, headers, body = ANSWERS.get(key, NOT_FOUND)
    start_response(status, headers)
    return [body]
