"""Wrong passwords: after the limit, logins for that user or from that address are refused
for a while, with a page that says so; an administrator can lift it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.test.client import RequestFactory

from policyapp.client_address import client_address
from policyapp.roles import ANALYSTS
from policyapp.tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "the-right-password-42"


@pytest.fixture
def analyst():
    return factories.user_with_role(ANALYSTS, username="ana", password=PASSWORD)


def attempt(client: Client, username: str, password: str, address: str = "192.0.2.10"):
    return client.post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_right_password_is_refused_after_too_many_wrong_ones(client, settings, analyst):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "ana", "wrong").status_code == 200  # the form again
    locked = attempt(client, "ana", "wrong")
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content

    refused = attempt(client, "ana", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_locked_user_is_locked_from_another_address_too(client, settings, analyst):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "ana", "wrong", address="192.0.2.10")
    assert attempt(Client(), "ana", PASSWORD, address="198.51.100.7").status_code == 429


def test_an_address_guessing_many_usernames_is_locked(client, settings, analyst):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess-{n}", "wrong", address="203.0.113.5")
    assert attempt(Client(), "ana", PASSWORD, address="203.0.113.5").status_code == 429
    # Others are not punished for that address.
    assert attempt(Client(), "ana", PASSWORD, address="192.0.2.10").status_code == 302


def test_an_administrator_lifts_the_lock(client, settings, analyst):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "ana", "wrong")
    call_command("axes_reset_username", "ana", stdout=None)
    assert attempt(client, "ana", PASSWORD).status_code == 302


def test_a_success_clears_earlier_failures(client, settings, analyst):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "ana", "wrong")
    assert attempt(client, "ana", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "ana", "wrong")
    assert attempt(client, "ana", PASSWORD).status_code == 302


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.44"
    )
    settings.POLICYAPP_PROXY_COUNT = 1
    assert client_address(request) == "192.0.2.44"  # the client's own claim (6.6.6.6) ignored
    settings.POLICYAPP_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.2"
