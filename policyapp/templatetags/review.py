"""The review controls' helpers: a user's own decision on a tag, the choices of the forms.

    {% load review %}
    {% decision_of tag as mine %}      the signed-in user's decision on tag, or None
    {% stance_options value %}         <option>s of a stance <select>, value selected
    {% modality_options value %}       the same for modality
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from policyapp.models import Decision, Modality, Stance, Tag

register = template.Library()


@register.simple_tag(takes_context=True)
def decision_of(context, tag: Tag) -> Decision | None:
    """The signed-in user's decision on `tag`, from the prefetched decisions
    (`Tag.objects.for_review`); None without a user in the context."""
    user = context.get("user")
    if not getattr(user, "is_authenticated", False):
        return None
    if getattr(context.get("request"), "page_shared", False):
        return None  # filled in for each reader (views.personal)
    for decision in tag.decision_list:
        if decision.analyst_id == user.pk:
            return decision
    return None


@register.simple_tag
def tag_hole_start(hole: str, tag: Tag, target, fragment, next_url) -> SafeString:
    """Where a tag's controls start on a page shared by every reader, with what it takes to
    render them again for one reader (`views.personal.filled_in`)."""
    return mark_safe(f"<!--{hole}:{hole_payload(tag.pk, target, fragment, next_url)}-->")  # noqa: S308


def hole_payload(pk: int, target, fragment, next_url) -> str:
    # Base64 keeps anything the values hold ("-->" in a path) out of the comment's syntax.
    data = {"tag": pk, "target": target or "", "fragment": fragment or "", "next": next_url or ""}
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode()


@register.simple_tag
def stance_options(selected: str) -> SafeString:
    """The <option>s of a stance <select>, `selected` chosen (a tag's edit form)."""
    return _options("stance", selected)


@register.simple_tag
def modality_options(selected: str) -> SafeString:
    return _options("modality", selected)


@lru_cache(maxsize=64)
def _options(field: str, selected: str) -> SafeString:
    # Every tag on a page has an edit form; the few distinct lists are built once.
    choices = Stance.choices if field == "stance" else Modality.choices
    return mark_safe(  # values and labels escaped here
        "".join(
            f'<option value="{escape(value)}"{" selected" if value == selected else ""}>'
            f"{escape(label)}</option>"
            for value, label in choices
        )
    )


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
