"""Files follow their rows: a deleted version (or plan) takes its uploaded file with it."""

from __future__ import annotations

import logging
from pathlib import Path

from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from policyapp.models import Version

logger = logging.getLogger(__name__)


@receiver(post_delete, sender=Version, dispatch_uid="policyapp-version-file-delete")
def version_file_delete(sender, instance: Version, **kwargs) -> None:
    """Delete the file once the deletion is committed: a rolled-back delete keeps it."""
    if not instance.file:
        return
    storage, name = instance.file.storage, instance.file.name

    def delete() -> None:
        try:
            storage.delete(name)
            _remove_empty_folders(storage, name)
        except OSError:
            logger.warning("could not delete %s after its version was deleted", name)

    transaction.on_commit(delete)


def _remove_empty_folders(storage, name: str) -> None:
    """The per-version folder (documents/<plan>/<hash>/) and the plan's, once empty."""
    if not isinstance(storage, FileSystemStorage):
        return
    root = Path(storage.location).resolve()
    folder = Path(storage.path(name)).parent
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            return
        folder = folder.parent
