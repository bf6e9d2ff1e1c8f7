"""The three roles as Django groups, each a set of permission codenames.

Each role includes the one before it: an administrator can do all an analyst can.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import resolve_url
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

VIEWERS = "Viewers"
ANALYSTS = "Analysts"
ADMINISTRATORS = "Administrators"

_READ = [
    f"view_{model}"
    for model in ("document", "version", "section", "clause", "theme", "tag", "annotation")
]
_ANNOTATE = [
    "review_tag",
    "add_tag",
    "change_tag",
    "add_annotation",
    "change_annotation",
    "delete_annotation",
]
_MANAGE = [
    "upload_version",
    "settle_tag",
    "add_document",
    "change_document",
    "delete_document",
    "add_version",
    "change_version",
    "delete_version",
    "delete_tag",
    "moderate_annotation",
    "view_auditentry",
    # Give people roles and deactivate them. A policyapp permission rather than Django's
    # `auth.change_user`, which would let a staff administrator make themselves superuser.
    "manage_users",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    VIEWERS: _READ,
    ANALYSTS: _READ + _ANNOTATE,
    ADMINISTRATORS: _READ + _ANNOTATE + _MANAGE,
}

ROLES = [VIEWERS, ANALYSTS, ADMINISTRATORS]


def role_of(user) -> str | None:
    """The highest role `user` holds, or None (signed in but given no role yet)."""
    if not user.is_authenticated:
        return None
    names = {group.name for group in user.groups.all()}
    for role in reversed(ROLES):
        if role in names:
            return role
    return ADMINISTRATORS if user.is_superuser else None


def _guard(permission: str | tuple[str, ...], method_check):
    """login_required (anonymous: to the login page; htmx: told to go there), the
    permission or 403, and the HTTP methods allowed: one decorator per view."""

    def decorator(view):
        checked = method_check(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                if getattr(request, "htmx", False):
                    # A fragment request must not swap the login form into a chip.
                    page = request.htmx.current_url_abs_path or request.get_full_path()
                    login = redirect_to_login(page, resolve_url("login"))
                    return HttpResponseClientRedirect(login["Location"])
                return redirect_to_login(request.get_full_path(), resolve_url("login"))
            needed = (permission,) if isinstance(permission, str) else tuple(permission)
            if not request.user.has_perms(needed):
                raise PermissionDenied
            return checked(request, *args, **kwargs)

        return wrapper

    return decorator


def reads(permission: str):
    """A read-only view (GET/HEAD) for members holding `permission`."""
    return _guard(permission, require_safe)


def writes(permission: str):
    """A POST-only view for members holding `permission` (CSRF is checked by middleware)."""
    return _guard(permission, require_POST)


def reads_and_writes(permission: str):
    """A form page: GET shows it, POST submits it."""
    return _guard(permission, require_http_methods(["GET", "HEAD", "POST"]))
