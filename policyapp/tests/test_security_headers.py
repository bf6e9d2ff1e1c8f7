"""Every response carries a strict Content-Security-Policy and a Permissions-Policy."""

from __future__ import annotations

import pytest
from django.urls import reverse

from policyapp.roles import ADMINISTRATORS
from policyapp.tests import factories

pytestmark = pytest.mark.django_db


def test_pages_forbid_inline_script_and_style_and_foreign_origins(client):
    client.force_login(factories.user_with_role(ADMINISTRATORS))
    for url in ("/", reverse("login"), reverse("upload")):
        response = client.get(url)
        policy = dict(
            part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
        )
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'", url
        assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
        assert "unsafe" not in response["Content-Security-Policy"]
        assert "camera=()" in response["Permissions-Policy"]
