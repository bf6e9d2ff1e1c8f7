"""Thin task wrappers: each calls one service by primary key."""

from __future__ import annotations

from django.tasks import task

from policyapp.services.ingest import version_process


@task
def process_version(version_id: int) -> str:
    return version_process(version_id=version_id).status
