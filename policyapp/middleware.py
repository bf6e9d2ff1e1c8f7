"""Response headers the app sets on every page."""

from __future__ import annotations

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Tell browsers this app uses no camera, microphone, location, payment and the like,
    so that even injected content cannot ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.POLICYAPP_PERMISSIONS_POLICY)
        return response
