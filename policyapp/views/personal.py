"""What on a page belongs to whoever reads it: their name in the header, their CSRF token,
and their own decisions on the tags shown ("You: confirmed", the buttons that follow from
it). A page shared by everyone with the same permissions (see
`freshness.conditional_page(shared=...)`) is rendered with marks in their place, a tag's
controls as a hole, and given to each reader with their own filled in: the tags they
decided are rendered again for them (one query to find them), so one rendering serves a
whole team.

The marks are derived from the secret key: plan text cannot spell one by accident or on
purpose, and every process of one deployment (which may share a page store) agrees on them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape

from policyapp.models import Decision, Tag


def _mark(purpose: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), purpose.encode(), hashlib.sha256)
    return "personal" + digest.hexdigest()[:32]


@cache
def marks() -> tuple[str, str]:
    """(CSRF token mark, name mark): letters and digits only, so escaping leaves them whole."""
    return _mark("policyapp.csrf-token"), _mark("policyapp.user-name")


@cache
def hole_mark() -> str:
    return _mark("policyapp.tag-hole")


@cache
def _holes() -> re.Pattern[bytes]:
    mark = re.escape(hole_mark().encode())
    return re.compile(rb"<!--" + mark + rb":([A-Za-z0-9_=-]+)-->(.*?)<!--/" + mark + rb"-->", re.S)


def personal(request: HttpRequest) -> dict:
    """Context processor: the marks on a shared page, the reader's own values elsewhere
    (Django's `csrf` processor already gave `csrf_token`)."""
    user = getattr(request, "user", None)
    if getattr(request, "page_shared", False):
        csrf_mark, name_mark = marks()
        return {"csrf_token": csrf_mark, "signed_in_as": name_mark, "tag_hole": hole_mark()}
    return {"signed_in_as": user.get_username() if user is not None else ""}


def filled_in(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The shared page with this reader's decisions, token and name in place of the marks."""
    content = response.content
    if hole_mark().encode() in content:
        content = _decisions_filled_in(request, content)
    csrf_mark, name_mark = marks()
    if csrf_mark.encode() in content:
        content = content.replace(csrf_mark.encode(), get_token(request).encode())
    name = escape(request.user.get_username()).encode()
    response.content = content.replace(name_mark.encode(), name)
    return response


def _decisions_filled_in(request: HttpRequest, content: bytes) -> bytes:
    """Each tag's controls as rendered for everyone, or, for a tag the reader decided,
    rendered again with their decision."""
    # Each hole's payload as written, read once: its tag and what its controls need.
    holes = {
        payload: json.loads(base64.urlsafe_b64decode(payload))
        for payload, _ in _holes().findall(content)
    }
    by_tag = {hole["tag"]: hole for hole in holes.values()}
    decided = set()
    if by_tag and request.user.is_authenticated:
        decided = set(
            Decision.objects.filter(analyst=request.user, tag_id__in=by_tag).values_list(
                "tag_id", flat=True
            )
        )
    again: dict[int, bytes] = {}
    if decided:
        tags = Tag.objects.for_review().select_related("clause__version__document")
        shared, request.page_shared = request.page_shared, False
        try:
            for tag in tags.filter(pk__in=decided):
                hole = by_tag[tag.pk]
                context = {"tag": tag, "clause": tag.clause, "target": hole["target"],
                           "fragment": hole["fragment"], "next": hole["next"]}  # fmt: skip
                again[tag.pk] = render_to_string(
                    "components/tag_review.html", context, request=request
                ).encode()
        finally:
            request.page_shared = shared

    def fill(match: re.Match) -> bytes:
        return again.get(holes[match.group(1)]["tag"], match.group(2))

    return _holes().sub(fill, content)
