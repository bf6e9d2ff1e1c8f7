"""Links to objects by route name, for templates that link many objects of one kind.

    {% load links %}
    {{ tag.pk|route:"tag_confirm" }}    the URL of route tag_confirm for that pk

Unlike `{% url %}`, the route is reversed once per process, not once per link
(policyapp.links).
"""

from __future__ import annotations

from django import template

from policyapp.links import link

register = template.Library()


@register.filter
def route(pk: int, name: str) -> str:
    return link(name, pk)
