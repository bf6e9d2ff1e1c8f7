"""The review controls' helpers: a user's own decision on a tag, the choices of the forms.

    {% load review %}
    {% decision_of tag as mine %}      the signed-in user's decision on tag, or None
"""

from __future__ import annotations

from django import template

from policyapp.models import Decision, Modality, Stance, Tag

register = template.Library()


@register.simple_tag(takes_context=True)
def decision_of(context, tag: Tag) -> Decision | None:
    """The signed-in user's decision on `tag`, from the prefetched decisions
    (`Tag.objects.for_review`); None without a user in the context."""
    user = context.get("user")
    if not getattr(user, "is_authenticated", False):
        return None
    for decision in tag.decisions.all():
        if decision.analyst_id == user.pk:
            return decision
    return None


@register.simple_tag
def stance_choices():
    return Stance.choices


@register.simple_tag
def modality_choices():
    return Modality.choices


@register.filter
def as_list(value) -> list:
    """One object as a list, for filters that take several (`highlight_evidence`)."""
    return [value]


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key, key)


@register.simple_tag
def verdict_choices():
    from policyapp.models import Verdict

    return Verdict.choices
