"""Kappa and alpha on small tables worked out by hand, and where they are undefined."""

from __future__ import annotations

import math

import pytest
from django.urls import reverse

from policyapp.agreement import (
    ALL_THEMES,
    NO_OVERLAP,
    NO_PAIRS,
    ONE_CATEGORY,
    DecisionRow,
    alphas,
    pair_kappas,
)
from policyapp.roles import ADMINISTRATORS, ANALYSTS
from policyapp.tests import factories

VERDICT = {1: "confirmed", 0: "rejected"}


def rows(analyst: str, labels, theme: str = "OPEN_DATA", first_unit: int = 0):
    return [
        DecisionRow(analyst, first_unit + unit, theme, VERDICT[label])
        for unit, label in enumerate(labels)
        if label is not None
    ]


# Ten tags; the analysts agree on eight. Each confirms half.
#   observed agreement po = 8/10; chance pe = .5*.5 + .5*.5 = .5; kappa = (.8-.5)/(1-.5) = .6
#   alpha (nominal, coincidences): o11 = o00 = 8, o10 = o01 = 2, n = 20
#   Do = 4/20 = .2, De = 2*10*10/(20*19) = 10/19, alpha = 1 - .2*19/10 = .62
ANA = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
BEN = [1, 1, 1, 1, 0, 0, 0, 0, 0, 1]


def test_kappa_and_alpha_of_two_analysts_match_the_hand_computation():
    data = rows("ana", ANA) + rows("ben", BEN)
    by_theme = {k.theme: k for k in pair_kappas(data)}
    assert by_theme["OPEN_DATA"].kappa == pytest.approx(0.6)
    assert (by_theme["OPEN_DATA"].units, by_theme["OPEN_DATA"].agreed) == (10, 8)
    alpha = {a.theme: a for a in alphas(data)}["OPEN_DATA"]
    assert alpha.alpha == pytest.approx(0.62)
    assert (alpha.units, alpha.analysts) == (10, 2)


def test_alpha_across_three_analysts_with_missing_decisions():
    # u1: 1,1,1  u2: 0,0,-  u3: 1,0,-  u4: 1,-,- (one coder: not pairable)
    #   o11 = 6 pairs * 1/(3-1) = 3; o00 = 2; o10 = o01 = 1; n1 = 4, n0 = 3, n = 7
    #   Do = 2/7, De = 2*4*3/(7*6) = 4/7, alpha = 1 - 1/2 = .5
    data = rows("ana", [1, 0, 1, 1]) + rows("ben", [1, 0, 0]) + rows("cai", [1])
    result = {a.theme: a for a in alphas(data)}["OPEN_DATA"]
    assert result.alpha == pytest.approx(0.5)
    assert (result.units, result.analysts) == (3, 3)


def test_kappa_is_per_theme_and_all_themes_pools_them():
    data = (
        rows("ana", ANA) + rows("ben", BEN)
        + rows("ana", [1, 0], theme="OPEN_SOURCE", first_unit=100)
        + rows("ben", [1, 0], theme="OPEN_SOURCE", first_unit=100)
    )  # fmt: skip
    by_theme = {k.theme: k for k in pair_kappas(data)}
    assert by_theme["OPEN_SOURCE"].kappa == pytest.approx(1.0)
    # Pooled: 12 tags, 10 agreed; each confirms 6 of 12: pe = .5, kappa = (10/12-.5)/.5 = 2/3
    assert by_theme[ALL_THEMES].kappa == pytest.approx(2 / 3)
    assert [k.theme for k in pair_kappas(data)][0] == ALL_THEMES


def test_one_category_only_is_undefined_not_nan():
    data = rows("ana", [1, 1, 1]) + rows("ben", [1, 1, 1])
    kappa = {k.theme: k for k in pair_kappas(data)}["OPEN_DATA"]
    assert (kappa.kappa, kappa.note, kappa.agreed, kappa.units) == (None, ONE_CATEGORY, 3, 3)
    alpha = {a.theme: a for a in alphas(data)}["OPEN_DATA"]
    assert (alpha.alpha, alpha.note) == (None, ONE_CATEGORY)


def test_no_overlap_is_said_so():
    data = rows("ana", [1, 0, None, None]) + rows("ben", [None, None, 1, 0])
    kappa = {k.theme: k for k in pair_kappas(data)}["OPEN_DATA"]
    assert (kappa.kappa, kappa.note, kappa.units, kappa.observed) == (None, NO_OVERLAP, 0, None)
    alpha = {a.theme: a for a in alphas(data)}["OPEN_DATA"]
    assert (alpha.alpha, alpha.note, alpha.units) == (None, NO_PAIRS, 0)


def test_complete_disagreement_is_negative():
    data = rows("ana", [1, 0, 1, 0]) + rows("ben", [0, 1, 0, 1])
    kappa = {k.theme: k for k in pair_kappas(data)}["OPEN_DATA"]
    assert kappa.kappa == pytest.approx(-1.0)
    assert not math.isnan({a.theme: a for a in alphas(data)}["OPEN_DATA"].alpha)


@pytest.mark.django_db
def test_the_page_shows_kappa_for_the_pair_and_says_why_where_it_is_undefined(client):
    from policyapp.models import Tag
    from policyapp.services.decisions import decision_record

    ver = factories.version(factories.document(short_name="us-plan"), text="x" * 40)
    ana = factories.user_with_role(ANALYSTS, username="ana")
    ben = factories.user_with_role(ANALYSTS, username="ben")
    for i, (a, b) in enumerate(zip(ANA, BEN, strict=True)):
        clause = factories.clause(ver, start=i, end=i + 1, label=str(i))
        tag = Tag.objects.create(clause=clause, theme_id="OPEN_DATA", stance="PROMOTES",
                                 modality="DIRECTIVE")  # fmt: skip
        decision_record(tag=tag, user=ana, verdict=VERDICT[a])
        decision_record(tag=tag, user=ben, verdict=VERDICT[b])
        if i == 0:
            only = Tag.objects.create(clause=clause, theme_id="TRANSPARENCY", stance="NEUTRAL",
                                      modality="STATEMENT")  # fmt: skip
            decision_record(tag=only, user=ana, verdict="confirmed")
            decision_record(tag=only, user=ben, verdict="confirmed")
    client.force_login(factories.user_with_role(ADMINISTRATORS))

    response = client.get(reverse("agreement"), {"document": "us-plan"})

    html = response.text
    table = html[html.index('id="kappa-ana-ben"') :]
    assert "<th scope=\"row\">Open data</th><td class=\"num\">10</td><td class=\"num\">8</td>" in table
    assert '<td class="num">0.60</td>' in table
    assert f'<span class="muted">{ONE_CATEGORY}</span>' in table  # transparency: both confirmed
    assert ">nan<" not in html.lower()
    assert len(response.context["disputes"]) == 2  # the two tags they disagree on
