"""The theme matrix in templates.

{% load matrix %}
{{ value|figure:matrix.normalised }}    12, or 3.4 when figures are per 10,000 units
{% with tags=tag|as_list %}             one tag where a filter wants a list of them
"""

from __future__ import annotations

from django import template

from policyapp import comparison

register = template.Library()


@register.filter
def figure(value: float, normalised: bool) -> str:
    return comparison.figure(value, bool(normalised))


@register.filter
def grouped(value: int) -> str:
    """12,345: thousands grouped, whatever the locale settings."""
    return f"{int(value):,}"


@register.filter
def as_list(item: object) -> list:
    return [item]
