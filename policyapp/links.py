"""URLs of many objects of one kind, reversed once.

A page of clause rows links every clause and tag to several views. `reverse` costs tens of
microseconds a call, which hundreds of links a page turn into a large share of the page's
time; a route differs between objects only in its last (integer) argument, so it is reversed
once with a placeholder and the placeholder replaced per object.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# An integer no object has; it stands for the last argument in a reversed URL.
_PLACEHOLDER = 987654321


def url_maker(name: str, *args) -> Callable[[int], str]:
    """last argument -> the URL of `name` with `args` before it."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = _split(name, args, get_script_prefix(), urlconf)
    return lambda last: f"{head}{int(last)}{tail}"


def link(name: str, pk: int) -> str:
    """The URL of a route whose only argument is `pk`, reversed once per route."""
    return url_maker(name)(pk)


@lru_cache(maxsize=256)
def _split(name: str, args: tuple, prefix: str, urlconf: str) -> tuple[str, str]:
    # The script prefix and the URLconf are part of the key: reverse() depends on both.
    url = reverse(name, args=[*args, _PLACEHOLDER], urlconf=urlconf)
    head, tail = url.rsplit(str(_PLACEHOLDER), 1)
    return head, tail
