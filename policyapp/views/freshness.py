"""Validators for pages that show plans, so a second visit costs a few queries and a 304.

A page's ETag is a digest of what it shows and who is asking:
- the data: the library's revision, a number the database moves on every change to what
  pages show (`LibraryRevision`: plans, versions, clauses, tags, decisions, notes, pairs,
  the audit trail); a page may add its own (the home page, the minute: "5 minutes ago");
- the reader: user, permissions, pending messages and the CSRF cookie (a 304 keeps the page's
  CSRF token, so the page must change when the token's secret does);
- the request: path and query, and htmx's HX-Request, HX-Boosted and
  HX-History-Restore-Request (a fragment and its page share the URL);
- the release: the templates, static files and view code of this process.
The ETag is computed by the view's `condition` (not ConditionalGetMiddleware, whose digest
of the body never matches: the CSRF token in every page is masked afresh each time).
Pages are `Cache-Control: private, no-cache`: browsers keep them but ask each time.
A page that shows something outside those tables adds it to its data.

The same ETag keys the server's own copy of the page (the `pages` cache): a request whose
ETag was rendered before gets those bytes without rendering again, whether or not its
browser kept them. It is exactly as safe as a 304, since the ETag covers everything the page
depends on.

A page that is the same for everyone with the same permissions but for the reader's name,
CSRF token and own decisions (home, matrix, reader, search, the reading view; not the review
queue, which lists what the reader has not decided) is stored once for all of them
(`shared`): its key leaves out the user and the CSRF cookie, it is rendered with marks where
those go (a tag's controls as a hole), and each reader gets it with theirs filled in
(`views.personal`). Analysts' decisions change what pages show all day; a team then renders
each such page once per change, not once per analyst.

A shared page is stored under a key that leaves out what it shows too, with what it shows
beside it, so the copy that is out of date stays until its successor replaces it. While one
process renders the new page, the others serve that copy (with its own ETag, so a browser
asks again) to readers who have changed nothing since it was rendered: a page stale by one
rendering, never older than the reader's own last change (`WroteAtMiddleware`). After each
decision every process would otherwise render the same pages at once and the requests
behind them wait.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import cache, wraps
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import condition

from policyapp.models import LibraryRevision
from policyapp.views.personal import filled_in

# The session's record of the library's revision after the reader's last change.
WROTE_AT = "policyapp_wrote_at"
# A claim to render a shared page lapses after this long should its process die mid-way
# (gunicorn's timeout, docs/deploy.md).
RENDER_CLAIM_SECONDS = 30
# How long a reader waits for a page another process renders (then renders it too), and
# how often it looks: a page takes 20-100 ms to render.
AWAIT_SECONDS = 1.0
AWAIT_STEP = 0.01

_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def release() -> str:
    """A digest of what renders pages here: templates, static files and the package's code
    (a stored page must not outlive a release, should the store be shared)."""
    digest = hashlib.sha256()
    roots = [settings.BASE_DIR / "templates", settings.BASE_DIR / "static", _PACKAGE]
    for root in roots:
        files = Path(root).rglob("*.py" if root == _PACKAGE else "*")
        for path in sorted(
            p for p in files if p.is_file() and "tests" not in p.relative_to(root).parts
        ):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def etag_for(request: HttpRequest, data: object) -> str:
    """The page's ETag: what it shows, for this reader (their browser keeps its own copy,
    CSRF token included)."""
    reader = (request.user.pk, request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""))
    return _digest(request, data, reader)


def shared_key_for(request: HttpRequest) -> str:
    """The stored copy's key for a shared page: the ETag's parts but the reader's own and
    what the page shows (stored beside it: see `Kept`)."""
    return _digest(request, "shown beside", ("shared",))


def _digest(request: HttpRequest, data: object, reader: tuple) -> str:
    user = request.user
    parts = (
        release(),
        data,
        *reader,
        user.is_authenticated,
        user.is_staff,  # the Admin link
        sorted(user.get_all_permissions()),
        len(messages.get_messages(request)),
        # What htmx says of the request changes the answer: a fragment, a boosted link's
        # section, or the whole page to restore history.
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Boosted", ""),
        request.headers.get("HX-History-Restore-Request", ""),
        request.get_full_path(),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def library_state(request: HttpRequest, *args, **kwargs) -> int | None:
    """What a page of plans shows, as data for its ETag: the library's revision (one
    query, whatever the library's size)."""
    request.library_revision = LibraryRevision.objects.current()
    return request.library_revision


# Headers a stored page is served with; the rest (cookies above all) belong to one response.
_KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Vary")


def _stored(response: HttpResponse) -> tuple:
    headers = [(name, response[name]) for name in _KEPT_HEADERS if response.has_header(name)]
    return response.status_code, headers, response.content


def _from_store(stored: tuple) -> HttpResponse:
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


class Kept(NamedTuple):
    """A shared page as stored: what it shows (its ETag's data), the library's revision it
    was rendered at, and the response."""

    data: object
    revision: int | None
    stored: tuple


def _may_see(request: HttpRequest, kept: Kept) -> bool:
    """Whether a copy that is out of date may serve this reader while it is rendered
    again: it must show the library as it was after the reader's own last change."""
    wrote_at = request.session.get(WROTE_AT, 0) if hasattr(request, "session") else 0
    return kept.revision is not None and kept.revision >= wrote_at


def _awaited(store, key: str, claim: str, data: object) -> Kept | None:
    """The page stored by the process that holds the claim to render it, once it is done,
    if it shows `data`; None at once if nobody holds the claim."""
    deadline = time.monotonic() + AWAIT_SECONDS
    while store.has_key(claim) and time.monotonic() < deadline:
        time.sleep(AWAIT_STEP)
    kept = store.get(key)
    return kept if kept is not None and kept.data == data else None


def _storable(request: HttpRequest, response: HttpResponse, pending_messages: int) -> bool:
    """Only a plain page, rendered with no messages consumed, and either shared (marks in
    place of the token) or for a browser that already had its CSRF cookie (its token in
    the page stays valid)."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and pending_messages == 0
        and (request.page_shared or bool(request.COOKIES.get(settings.CSRF_COOKIE_NAME)))
    )


def _keep(key: str, request: HttpRequest, response: HttpResponse) -> None:
    """Store a shared page unless a newer one is already there (a process that took
    longer to render must not put an older page back)."""
    store = caches["pages"]
    revision = getattr(request, "library_revision", None)
    kept = store.get(key)
    if kept is not None and None not in (kept.revision, revision) and kept.revision > revision:
        return
    store.set(key, Kept(request.page_data, revision, _stored(response)))


def _rendered(request, key, view, args, kwargs) -> HttpResponse:
    """The page rendered, and stored if it may be."""
    pending = len(messages.get_messages(request))
    try:
        response = view(request, *args, **kwargs)
    except Exception:
        request.page_shared = False  # the error page is the reader's own
        raise
    if _storable(request, response, pending):
        if request.page_shared:
            _keep(key, request, response)
        else:
            caches["pages"].set(key, _stored(response))
    return response


def _shared_page(request, key, view, args, kwargs) -> HttpResponse:
    """A shared page from the store, rendered, awaited or out of date by one rendering
    (see the module's docstring), with the reader's own filled in."""
    store = caches["pages"]
    claim = f"{key}:rendering"
    kept = store.get(key)
    if kept is not None and kept.data != request.page_data and not _may_see(request, kept):
        # The reader changed something since: rather than render the page a second
        # time, wait for the process that renders it now.
        kept = _awaited(store, key, claim, request.page_data) or kept
    if kept is not None and kept.data == request.page_data:
        response = _from_store(kept.stored)
    elif kept is not None and store.add(claim, True, RENDER_CLAIM_SECONDS):
        # A claim is advisory: where the store cannot add atomically (a folder), two
        # processes may now and then both render, as they would without it.
        try:
            response = _rendered(request, key, view, args, kwargs)
        finally:
            store.delete(claim)
    elif kept is not None and _may_see(request, kept):
        # Another process renders the new page: serve the copy it replaces.
        response = _from_store(kept.stored)
        response["ETag"] = quote_etag(etag_for(request, kept.data))
    else:
        response = _rendered(request, key, view, args, kwargs)
    if request.page_shared and not response.streaming:
        return filled_in(request, response)
    return response


def conditional_page(
    data_key: Callable[..., object | None],
    *,
    shared: Callable[[HttpRequest], bool] | bool = False,
):
    """Answer 304 when the page would be the same, and serve the server's stored copy when
    it has one; `data_key(request, *args, **kwargs)` says what the page shows (None: no
    validator, e.g. a page that answers with an error). `shared` (or `shared(request)`)
    says the page shows nothing of its reader but their permissions, name, CSRF token and
    own decisions on the tags shown: one stored copy then serves everyone with those
    permissions (off with POLICYAPP_SHARED_PAGES=0)."""

    def etag_func(request, *args, **kwargs):
        data = data_key(request, *args, **kwargs)
        request.page_etag = None if data is None else etag_for(request, data)
        request.page_shared = settings.POLICYAPP_SHARED_PAGES and bool(
            shared(request) if callable(shared) else shared
        )
        request.page_data = data
        request.page_store_key = None
        if data is not None:
            request.page_store_key = (
                shared_key_for(request) if request.page_shared else request.page_etag
            )
        return request.page_etag

    def decorator(view):
        @wraps(view)
        def stored_or_rendered(request, *args, **kwargs):
            key = getattr(request, "page_store_key", None)
            if key is None or request.method != "GET":
                request.page_shared = False
                return view(request, *args, **kwargs)
            if request.page_shared:
                return _shared_page(request, key, view, args, kwargs)
            stored = caches["pages"].get(key)
            if stored is not None:
                return _from_store(stored)
            return _rendered(request, key, view, args, kwargs)

        conditional = condition(etag_func=etag_func)(stored_or_rendered)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = conditional(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response

        return wrapped

    return decorator
