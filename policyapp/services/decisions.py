"""Analysts' decisions on tags, and administrators' settlements.

Each analyst has one decision per tag (`Decision`); the tag's status and final values are
recomputed from all of them after every write (`policyapp.consensus`), so reads (matrix,
reader, exports) use the tag's fields and never aggregate decisions. Every write is in the
history. The caller checks the permissions: `review_tag` to decide, `settle_tag` to settle.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from policyapp import consensus
from policyapp.models import Clause, Decision, Tag, TagSource, Theme, Verdict
from policyapp.quotes import Quote
from policyapp.services import audit


def _suggested(tag: Tag) -> consensus.Values:
    if tag.suggested_stance:
        return consensus.Values(tag.suggested_stance, tag.suggested_modality, tag.suggested_actor)
    return consensus.Values(tag.stance, tag.modality, tag.actor)


def _say(decision: Decision) -> consensus.Say:
    values = consensus.Values(decision.stance, decision.modality, decision.actor)
    return consensus.Say(decision.verdict, values)


def tag_snapshot(tag: Tag) -> dict:
    """The fields of a tag that the history shows before and after a change."""
    snapshot = {
        "theme": tag.theme_id,
        "status": tag.status,
        "stance": tag.stance,
        "modality": tag.modality,
        "actor": tag.actor,
    }
    if tag.quote_exact:
        snapshot["quote"] = tag.quote_exact
    return snapshot


def decision_snapshot(decision: Decision | None) -> dict | None:
    if decision is None:
        return None
    return {
        "verdict": decision.verdict,
        "stance": decision.stance,
        "modality": decision.modality,
        "actor": decision.actor,
    }


def tag_refresh(tag: Tag) -> Tag:
    """Recompute the tag's status and final values from its decisions and settlement."""
    decisions = list(tag.decisions.order_by("updated_at", "pk"))
    settled = None
    if tag.settled_verdict:
        settled = consensus.Say(
            tag.settled_verdict, consensus.Values(tag.stance, tag.modality, tag.actor)
        )
    suggested = _suggested(tag)
    result = consensus.outcome(suggested, [_say(d) for d in decisions], settled)
    tag.status = result.status
    tag.stance, tag.modality, tag.actor = (
        result.values.stance,
        result.values.modality,
        result.values.actor,
    )
    tag.edited = result.values != suggested
    if tag.settled_verdict:
        tag.decided_by, tag.decided_at = tag.settled_by, tag.settled_at
    elif decisions:
        tag.decided_by, tag.decided_at = decisions[-1].analyst, decisions[-1].updated_at
    else:
        tag.decided_by, tag.decided_at = None, None
    tag.full_clean()
    tag.save()
    return tag


def _document(tag: Tag):
    return tag.clause.version.document


def _locked(tag: Tag, verdict: str | None = None) -> Tag:
    """The tag, locked for this transaction: decisions on one tag are recomputed one at a
    time, so two analysts deciding at once both count."""
    if verdict is not None and verdict not in Verdict.values:
        raise ValueError(f"unknown verdict {verdict!r}")
    return Tag.objects.select_for_update().select_related("clause__version__document").get(
        pk=tag.pk
    )


@transaction.atomic
def decision_record(
    *,
    tag: Tag,
    user: AbstractBaseUser,
    verdict: str,
    stance: str | None = None,
    modality: str | None = None,
    actor: str | None = None,
) -> Decision:
    """Store (or replace) `user`'s decision on `tag`. Values not given are the tag's own."""
    tag = _locked(tag, verdict)
    before_tag = tag_snapshot(tag)
    decision = Decision.objects.filter(tag=tag, analyst=user).first()
    before = decision_snapshot(decision)
    now = timezone.now()
    if decision is None:
        decision = Decision(tag=tag, analyst=user, created_at=now)
    decision.verdict = verdict
    decision.stance = stance if stance is not None else (decision.stance or tag.stance)
    decision.modality = modality if modality is not None else (decision.modality or tag.modality)
    decision.actor = actor if actor is not None else (decision.actor if decision.pk else tag.actor)
    decision.updated_at = now
    decision.full_clean(exclude=["tag", "analyst"])
    decision.save()
    tag_refresh(tag)
    audit.record(
        user=user,
        action=f"decision.{verdict}",
        target=tag,
        document=_document(tag),
        before={"decision": before, "tag": before_tag},
        after={"decision": decision_snapshot(decision), "tag": tag_snapshot(tag)},
        summary=f"{tag.theme_id} on {tag.clause.label}",
    )
    return decision


@transaction.atomic
def decision_withdraw(*, tag: Tag, user: AbstractBaseUser) -> None:
    """Take back `user`'s decision on `tag` (an undo); an analyst's own tag that nobody
    else decided on goes with it."""
    tag = _locked(tag)
    decision = Decision.objects.filter(tag=tag, analyst=user).first()
    if decision is None:
        return
    before = {"decision": decision_snapshot(decision), "tag": tag_snapshot(tag)}
    decision.delete()
    document = _document(tag)
    if tag.source == TagSource.ANALYST and not tag.decisions.exists() and not tag.settled_verdict:
        audit.record(user=user, action="tag.remove", target=tag, document=document,
                     before=before, after=None, summary=f"{tag.theme_id} on {tag.clause.label}")  # fmt: skip
        tag.delete()
        return
    tag_refresh(tag)
    audit.record(user=user, action="decision.withdraw", target=tag, document=document,
                 before=before, after={"decision": None, "tag": tag_snapshot(tag)},
                 summary=f"{tag.theme_id} on {tag.clause.label}")  # fmt: skip


@transaction.atomic
def tag_settle(
    *,
    tag: Tag,
    user: AbstractBaseUser,
    verdict: str,
    stance: str | None = None,
    modality: str | None = None,
    actor: str | None = None,
) -> Tag:
    """An administrator's final word on a tag; it stands whatever analysts decide later."""
    tag = _locked(tag, verdict)
    before = tag_snapshot(tag)
    tag.settled_verdict = verdict
    tag.settled_by, tag.settled_at = user, timezone.now()
    if verdict == Verdict.CONFIRMED:
        tag.stance = stance or tag.stance
        tag.modality = modality or tag.modality
        tag.actor = actor if actor is not None else tag.actor
    tag_refresh(tag)
    audit.record(user=user, action="tag.settle", target=tag, document=_document(tag),
                 before=before, after=tag_snapshot(tag),
                 summary=f"{tag.theme_id} on {tag.clause.label}")  # fmt: skip
    return tag


# The single-analyst verbs the screens and commands use.


def tag_confirm(*, tag: Tag, user: AbstractBaseUser) -> Tag:
    """`user` agrees with the tag as it stands."""
    decision_record(tag=tag, user=user, verdict=Verdict.CONFIRMED)
    tag.refresh_from_db()
    return tag


def tag_reject(*, tag: Tag, user: AbstractBaseUser) -> Tag:
    """`user` says the theme does not apply; the tag stays, so a retag cannot revive it."""
    decision_record(tag=tag, user=user, verdict=Verdict.REJECTED)
    tag.refresh_from_db()
    return tag


def tag_edit(
    *,
    tag: Tag,
    user: AbstractBaseUser,
    stance: str | None = None,
    modality: str | None = None,
    actor: str | None = None,
) -> Tag:
    """`user` corrects stance, modality or actor. Correcting implies the theme applies,
    unless this analyst already rejected the tag: their rejection stands."""
    if stance is None and modality is None and actor is None:
        raise ValueError("tag_edit needs at least one of stance, modality, actor")
    own = Decision.objects.filter(tag=tag, analyst=user).first()
    verdict = own.verdict if own is not None else Verdict.CONFIRMED
    decision_record(
        tag=tag, user=user, verdict=verdict, stance=stance, modality=modality, actor=actor
    )
    tag.refresh_from_db()
    return tag


@transaction.atomic
def tag_add(
    *,
    clause: Clause,
    theme: Theme,
    stance: str,
    modality: str,
    user: AbstractBaseUser,
    actor: str = "",
    quote: Quote | None = None,
) -> Tag:
    """A theme the rules missed, added by `user` (who confirms it by adding it), optionally
    on the words they selected (`quote`, checked against the clause by `policyapp.quotes`).

    A (clause, theme) that already has a tag fails validation: confirm or edit that one.
    """
    tag = Tag(
        clause=clause,
        theme=theme,
        stance=stance,
        modality=modality,
        actor=actor,
        suggested_stance=stance,
        suggested_modality=modality,
        suggested_actor=actor,
        source=TagSource.ANALYST,
        created_by=user,
    )
    if quote is not None:
        if clause.text[quote.start : quote.end] != quote.exact:
            raise ValueError("the quote is not the clause's text at its offsets")
        tag.quote_start, tag.quote_end = quote.start, quote.end
        tag.quote_exact, tag.quote_prefix, tag.quote_suffix = (
            quote.exact, quote.prefix, quote.suffix,
        )  # fmt: skip
    tag.full_clean()
    tag.save()
    audit.record(user=user, action="tag.add", target=tag, document=clause.version.document,
                 before=None, after=tag_snapshot(tag),
                 summary=f"{theme.code} on {clause.label}")  # fmt: skip
    decision_record(tag=tag, user=user, verdict=Verdict.CONFIRMED)
    tag.refresh_from_db()
    return tag
