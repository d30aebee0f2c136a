"""The reference of DESIGN.md: a bare WSGI app answering a constant 40 KB page.

Served by the same gunicorn settings as `workgroups serve`, it gives the ceiling of this
machine, measured in the same run and under the same conditions as the real pages.
"""

BODY = (b"<!doctype html><title>reference</title>" + b"<p>" + b"x" * 80 + b"</p>\n") * 455
BODY = BODY[: 40 * 1024]
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
