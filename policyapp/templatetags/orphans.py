from __future__ import annotations

from django import template

from policyapp.models import Document, Orphan

register = template.Library()


@register.simple_tag
def open_orphans(document: Document) -> int:
    """How many of the plan's decisions and notes wait to be re-attached after a revision."""
    return Orphan.objects.open().filter(document=document).count()
