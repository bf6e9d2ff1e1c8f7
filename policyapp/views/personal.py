"""The two things on a page that belong to whoever reads it: their name in the header and
their CSRF token. A page shared by everyone with the same permissions (see
`freshness.conditional_page(shared=...)`) is rendered with a mark in their place and given
to each reader with their own filled in, so one rendering serves a whole team.

The marks are derived from the secret key: plan text cannot spell one by accident or on
purpose, and every process of one deployment (which may share a page store) agrees on them.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.html import escape


@cache
def marks() -> tuple[str, str]:
    """(CSRF token mark, name mark): letters and digits only, so escaping leaves them whole."""

    def mark(purpose: str) -> str:
        digest = hmac.new(settings.SECRET_KEY.encode(), purpose.encode(), hashlib.sha256)
        return "personal" + digest.hexdigest()[:32]

    return mark("policyapp.csrf-token"), mark("policyapp.user-name")


def personal(request: HttpRequest) -> dict:
    """Context processor: the marks on a shared page, the reader's own values elsewhere
    (Django's `csrf` processor already gave `csrf_token`)."""
    user = getattr(request, "user", None)
    if getattr(request, "page_shared", False):
        csrf_mark, name_mark = marks()
        return {"csrf_token": csrf_mark, "signed_in_as": name_mark}
    return {"signed_in_as": user.get_username() if user is not None else ""}


def filled_in(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The shared page with this reader's token and name in place of the marks."""
    csrf_mark, name_mark = marks()
    content = response.content
    if csrf_mark.encode() in content:
        content = content.replace(csrf_mark.encode(), get_token(request).encode())
    name = escape(request.user.get_username()).encode()
    response.content = content.replace(name_mark.encode(), name)
    return response
