"""Who is to act: "Led by X", "Through X, ...", the subject of a modal, the party encouraged."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Hashable, Sequence

from policyapp.tagging.lexicon import agency_regex
from policyapp.tagging.modality_en import (
    DIRECTIVE_VERBS,
    ENCOURAGEMENT_VERBS,
    SECTION_LABEL,
    Undertaking,
)
from policyapp.tagging.taxonomy import CALL_TO_OTHERS, STATEMENT
from policyapp.tagging.types import ClauseTagging

_LED_BY = re.compile(r"\b[Ll]ed by\s+")
_OPENING = re.compile(r"^\s*(?:[Tt]hrough|[Aa]t|[Uu]nder the auspices of)\s+")
_INLINE = re.compile(r"(?:,\s*|\s)(?:via|under the auspices of|through)\s+(?=(?:the\s+)?[A-Z])")
# Where a named lead ends: a qualifier, a purpose, or the comma before the action verb.
_STOP = re.compile(
    r"\s+(?:in (?:coordination|collaboration|consultation|partnership) with|and in coordination"
    r"|and consistent with|consistent with|and including|including|to|for|with support)\b"
    r"|[.;:]|\s+[a-z]+ing\b"
)
_INLINE_WORDS = ("via", "through", "auspices")
_ENCOURAGED = re.compile(
    r"^\s*(?:\(?\w+[.)]\s*)?(?:Encourage|Support|Urge|Invite|Call on|Call upon)\s+"
    r"(?P<who>(?:the\s+)?[\w' ,.-]{2,80}?)\s+(?:to\s+(?!the\b)[a-z]+|in\s+(?:[a-z]+ly\s+)?[a-z]+ing)\b"
)


def _lead_at(text: str, start: int) -> str:
    """The party list starting at ``start``, up to the comma that precedes the action verb."""
    tail = text[start:]
    stop = _STOP.search(tail)
    end = stop.start() if stop else len(tail)
    for comma in re.finditer(r",\s*", tail[:end]):
        after = tail[comma.end() :].split(" ", 1)[0].lower().strip(",")
        verb = after in DIRECTIVE_VERBS or after in ENCOURAGEMENT_VERBS or after.endswith("ly")
        if verb and after not in {"the", "and"}:
            end = comma.start()
            break
    return tail[:end].strip(" ,")


def _clean(party: str) -> str:
    party = SECTION_LABEL.sub("", party.strip(" ,;:"))
    party = re.sub(r"^(?:the|our)\s+", "", party, flags=re.IGNORECASE)
    return party.strip()


_CALLED = re.compile(
    r"\b(?:call|calls|urge|urges|invite|invites) (?:up)?(?:on )?(?P<who>[^,;.]{2,80}?) to\b"
)


def actor_en(text: str, undertaking: Undertaking) -> str:
    if undertaking.modality == STATEMENT:
        return ""
    # Cheap tests before the searches: most clauses name no party in these ways.
    called = _CALLED.search(text) if undertaking.modality == CALL_TO_OTHERS else None
    if called:
        return _clean(called.group("who"))
    led = _LED_BY.search(text) if "ed by" in text else None
    if led:
        return _clean(_lead_at(text, led.end()))
    opening = _OPENING.match(text)
    if opening and agency_regex().match(
        text, opening.end() + (4 if text[opening.end() :].startswith("the ") else 0)
    ):
        return _clean(_lead_at(text, opening.end()))
    encouraged = _ENCOURAGED.match(text)
    if encouraged and " of " not in encouraged.group("who"):
        return _clean(encouraged.group("who"))
    if undertaking.party:
        start, end = undertaking.party
        return _clean(text[start:end])
    inline = _INLINE.search(text) if any(word in text for word in _INLINE_WORDS) else None
    if inline and agency_regex().match(
        text, inline.end() + (4 if text[inline.end() :].startswith("the ") else 0)
    ):
        return _clean(_lead_at(text, inline.end()))
    return ""


def actor_zh(text: str, undertaking: Undertaking) -> str:
    if undertaking.modality == STATEMENT or not undertaking.party:
        return ""
    start, end = undertaking.party
    return text[start:end].strip("，、 ")


# A lead named at the head of an action item: "Led by DOC, ...", "由国家发展改革委牵头，…".
_LEAD = re.compile(r"^\s*(?:Led by\b|Under the leadership of\b|由.{1,30}?牵头)", re.IGNORECASE)


def carry_lead_actors(
    texts: Sequence[str], taggings: list[ClauseTagging], groups: Sequence[Hashable]
) -> list[ClauseTagging]:
    """Give the sentences after "Led by X" in the same item the actor X (TAXONOMY v1.1).

    Only sentences that name no actor of their own and undertake something (not a
    STATEMENT) take the lead: "These agencies could then provide analysis" does.
    """
    carried: list[ClauseTagging] = []
    lead: tuple[Hashable, str] | None = None
    for text, tagging, group in zip(texts, taggings, groups, strict=True):
        if lead is not None and lead[0] != group:
            lead = None
        if lead is None and tagging.actor and _LEAD.match(text):
            lead = (group, tagging.actor)
        elif lead is not None and not tagging.actor and tagging.modality != STATEMENT:
            tagging = dataclasses.replace(tagging, actor=lead[1])
        carried.append(tagging)
    return carried
