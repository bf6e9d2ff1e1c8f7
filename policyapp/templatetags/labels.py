"""Clause labels in the reading view: the full path is for citing, its last step for reading."""

from __future__ import annotations

from django import template

register = template.Library()

SEPARATOR = " › "


@register.filter
def label_tail(label: str) -> str:
    """The last step of a label path: "I › Encourage … › •3" reads as "•3" beside its section."""
    return label.rsplit(SEPARATOR, 1)[-1]
