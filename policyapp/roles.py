"""The three roles as Django groups, each a set of permission codenames.

Each role includes the one before it: an administrator can do all an analyst can.
"""

from __future__ import annotations

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
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    VIEWERS: _READ,
    ANALYSTS: _READ + _ANNOTATE,
    ADMINISTRATORS: _READ + _ANNOTATE + _MANAGE,
}
