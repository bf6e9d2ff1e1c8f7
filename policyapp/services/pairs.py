"""Analysts' decisions on counterparts: two clauses of different plans answer each other
(confirmed, shown first from then on) or do not (rejected, never suggested again)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from policyapp.models import Clause, ClausePair, PairStatus


def _decide(*, clause: Clause, other: Clause, user: AbstractBaseUser, status: str) -> ClausePair:
    if clause.pk == other.pk:
        raise ValidationError("A clause is not its own counterpart.")
    if clause.version.document_id == other.version.document_id:
        raise ValidationError("Counterparts belong to different plans.")
    first, second = sorted([clause, other], key=lambda c: c.pk)
    with transaction.atomic():
        pair = ClausePair.objects.select_for_update().filter(
            first=first, second=second
        ).first() or ClausePair(first=first, second=second)
        pair.status = status
        pair.decided_by = user
        pair.decided_at = timezone.now()
        pair.full_clean()
        pair.save()
    return pair


def clause_pair_confirm(*, clause: Clause, other: Clause, user: AbstractBaseUser) -> ClausePair:
    """The two clauses are counterparts: `other` comes first among `clause`'s and back."""
    return _decide(clause=clause, other=other, user=user, status=PairStatus.CONFIRMED)


def clause_pair_reject(*, clause: Clause, other: Clause, user: AbstractBaseUser) -> ClausePair:
    """The two clauses are not counterparts: neither is suggested for the other again."""
    return _decide(clause=clause, other=other, user=user, status=PairStatus.REJECTED)
