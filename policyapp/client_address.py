"""The address a request came from, as login throttling counts it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind POLICYAPP_PROXY_COUNT trusted proxies the address the outermost
    one saw: each proxy appends to X-Forwarded-For, so entries further left are the client's
    own claims and cannot be trusted."""
    proxies = settings.POLICYAPP_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
