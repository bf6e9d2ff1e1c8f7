"""The home page's recent activity, as one template line: {% load activity %}{% recent_activity %}"""

from __future__ import annotations

from django import template

from policyapp.views.history import recent_activity as latest

register = template.Library()


@register.inclusion_tag("components/recent_activity.html", takes_context=True)
def recent_activity(context, limit: int = 10) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    lines = latest(user, limit) if user is not None else None
    return {"lines": lines, "perms": context.get("perms")}
