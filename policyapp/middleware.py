"""What the app does around every request: headers it sets, changes it remembers."""

from __future__ import annotations

from django.conf import settings

from policyapp.models import LibraryRevision
from policyapp.views.freshness import WROTE_AT

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class PermissionsPolicyMiddleware:
    """Tell browsers this app uses no camera, microphone, location, payment and the like,
    so that even injected content cannot ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.POLICYAPP_PERMISSIONS_POLICY)
        return response


class WroteAtMiddleware:
    """Remember in the session the library's revision after each change a reader makes
    (any request that may write), so that no page older than their own change is served
    to them while a newer one is rendered (`views.freshness`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and request.user.is_authenticated:
            # After the view: its transaction has committed and moved the revision.
            revision = LibraryRevision.objects.current()
            if revision is not None and revision > request.session.get(WROTE_AT, -1):
                request.session[WROTE_AT] = revision
        return response
