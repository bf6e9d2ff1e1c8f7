"""The administrators' retag page: who may see it, the dry run it shows, and Apply."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from policyapp.models import Tag
from policyapp.roles import ADMINISTRATORS, ANALYSTS, VIEWERS
from policyapp.tests import factories
from policyapp.tests.test_retag_command import EXPORT, OPEN_SOURCE, out_of_date, tagged_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale():
    """A plan whose stored suggestions differ from what the rules say now."""
    ver = tagged_version("us-plan", OPEN_SOURCE, EXPORT)
    out_of_date(ver)
    return ver


@pytest.fixture
def admin_client(client):
    client.force_login(factories.user_with_role(ADMINISTRATORS))
    return client


def test_anonymous_visitors_are_sent_to_log_in(client):
    for response in (
        client.get(reverse("retag")),
        client.post(reverse("retag_apply", args=["us-plan"])),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [VIEWERS, ANALYSTS])
def test_viewers_and_analysts_are_refused(client, role, stale):
    client.force_login(factories.user_with_role(role))
    assert client.get(reverse("retag")).status_code == 403
    assert client.post(reverse("retag_apply", args=["us-plan"])).status_code == 403
    assert Tag.objects.for_version(stale).get(theme="EXPORT_CONTROLS").stance == "PROMOTES"


def test_administrators_see_the_dry_run_per_theme_with_examples(admin_client, stale):
    up_to_date = tagged_version("cn-plan", EXPORT)
    before = list(Tag.objects.values_list("pk", "stance").order_by("pk"))

    response = admin_client.get(reverse("retag"))

    assert response.status_code == 200
    assert list(Tag.objects.values_list("pk", "stance").order_by("pk")) == before
    html = response.text
    assert html.index('id="retag-cn-plan"') < html.index('id="retag-us-plan"')  # by short name
    stale_part = html[html.index('id="retag-us-plan"') :]
    cells = stale_part.split('<code class="small muted">OPEN_SOURCE</code></th>')[1].split("</tr>")[
        0
    ]
    assert re.findall(r'<td class="num">(\d+)</td>', cells) == ["1", "0", "0"]
    assert "stance PROMOTES → RESTRICTS" in stale_part
    assert OPEN_SOURCE in stale_part
    assert f'action="{reverse("retag_apply", args=["us-plan"])}"' in stale_part
    assert 'hx-post="/retag/us-plan/apply/"' in stale_part
    assert "csrfmiddlewaretoken" in stale_part
    cn_part = html[html.index('id="retag-cn-plan"') : html.index('id="retag-us-plan"')]
    assert "nothing to change" in cn_part
    assert "retag_apply" not in cn_part and "/retag/cn-plan/apply/" not in cn_part
    assert up_to_date.ruleset_version in html
    assert response["Vary"].count("HX-Request") == 1


def test_apply_without_javascript_retags_and_redirects_with_a_message(admin_client, stale):
    response = admin_client.post(reverse("retag_apply", args=["us-plan"]), follow=True)

    assert response.redirect_chain == [(reverse("retag") + "#retag-us-plan", 302)]
    assert "Retagged us-plan v1: 1 added, 0 dropped, 1 changed" in response.text
    tags = {t.theme_id: t.stance for t in Tag.objects.for_version(stale)}
    assert tags == {"OPEN_SOURCE": "PROMOTES", "EXPORT_CONTROLS": "RESTRICTS"}
    assert "Tagged with the current rules: nothing to change." in response.text


def test_apply_with_htmx_returns_the_plans_fragment(admin_client, stale):
    response = admin_client.post(
        reverse("retag_apply", args=["us-plan"]), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith('<section class="retag-doc" id="retag-us-plan"')
    assert "<html" not in html and "<h1>" not in html
    assert 'role="status">Retagged: 1 added, 0 dropped, 1 changed; 0 analyst decisions kept.' in (
        html
    )
    assert "Tagged with the current rules." in html
    assert "HX-Request" in response["Vary"]
    assert Tag.objects.for_version(stale).get(theme="EXPORT_CONTROLS").stance == "RESTRICTS"


def test_apply_needs_a_csrf_token_and_a_post(stale):
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.user_with_role(ADMINISTRATORS))
    assert client.post(reverse("retag_apply", args=["us-plan"])).status_code == 403
    assert client.get(reverse("retag_apply", args=["us-plan"])).status_code == 405
    assert Tag.objects.for_version(stale).get(theme="EXPORT_CONTROLS").stance == "PROMOTES"


def test_apply_to_an_unknown_plan_is_not_found(admin_client):
    assert admin_client.post(reverse("retag_apply", args=["nope"])).status_code == 404


def test_examples_show_the_clause_current_chips(admin_client, stale):
    html = admin_client.get(reverse("retag")).text
    assert 'class="chip theme-9 tag-suggested"' in html  # EXPORT_CONTROLS, 9th theme
    assert '<mark class="evidence mark-theme-9" data-themes="EXPORT_CONTROLS"' in html
    assert "Export" in html
