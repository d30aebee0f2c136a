"""Security headers that Django's SecurityMiddleware does not set, and HTML that stays valid."""

from workgroups.lib.text import publishable

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class ContentSecurityPolicyMiddleware:
    """A strict Content-Security-Policy on every response that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        return response


class PublishableHtmlMiddleware:
    """No code point HTML forbids reaches a page, whatever the database holds.

    Writes refuse such characters; rows written around them (raw SQL, old data) must still not
    break a page, so every HTML answer is cleaned once here, before the page cache keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        charset = response.charset or "utf-8"
        text = response.content.decode(charset, errors="replace")
        clean = publishable(text)
        if clean != text:
            response.content = clean.encode(charset)
        return response
