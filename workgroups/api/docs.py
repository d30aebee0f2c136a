"""The interactive docs page (/api/v1/docs), served entirely from this site.

django-ninja's own page loads Swagger UI from a CDN unless `ninja` is an installed app; the
site's Content-Security-Policy (script-src 'self') forbids that, and servers may have no
outside network anyway. This page uses the Swagger UI files that ship inside the ninja
package, served by `asset()` under /api/v1/docs/assets/, with no inline script or style.
"""

import json
import mimetypes
from pathlib import Path

import ninja
from django.http import FileResponse, Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from ninja.openapi.docs import DocsBase

ASSETS_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png"}


class SelfHostedSwagger(DocsBase):
    settings = {"layout": "BaseLayout", "deepLinking": True}

    def render_page(self, request, api, **kwargs):
        openapi_url = self.get_openapi_url(api, kwargs)
        # "</" cannot end the JSON's script element early.
        settings = json.dumps({**self.settings, "url": openapi_url}).replace("</", "<\\/")
        html = render_to_string(
            "api/docs.html",
            {"api": api, "openapi_url": openapi_url, "swagger_settings": settings},
            request=request,
        )
        return HttpResponse(html)


def asset(request, name: str, **kwargs):
    """One of Swagger UI's files from the ninja package, cached by browsers for a day."""
    if name not in ASSETS:
        raise Http404(name)
    content_type, _ = mimetypes.guess_type(name)
    response = FileResponse((ASSETS_DIR / name).open("rb"), content_type=content_type)
    patch_cache_control(response, public=True, max_age=86400)
    return response
