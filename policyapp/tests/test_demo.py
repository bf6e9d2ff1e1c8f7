"""`manage.py demo`, which `make run` calls: the demo plans and logins, once."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from policyapp.models import Document, Version

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("themes")]


@pytest.fixture(autouse=True)
def development(settings):
    """`make run` runs the demo with DJANGO_DEBUG=1; the test settings are production's."""
    settings.DEBUG = True


def test_demo_is_refused_outside_development(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("demo", stdout=StringIO())
    assert not Document.objects.exists()


def test_demo_ingests_the_shipped_plans_once_and_prints_the_logins():
    out = StringIO()
    call_command("demo", stdout=out)
    assert "Demo plan us-ai-action-plan-2025: ready" in out.getvalue()
    assert "Demo plan cn-ai-plus-opinions-2025: ready" in out.getvalue()
    assert "user 'analyst'  password 'analyst-demo-pass'" in out.getvalue()
    us = Document.objects.get(short_name="us-ai-action-plan-2025")
    assert (us.jurisdiction, str(us.published_on), us.language) == ("US", "2025-07-23", "en")
    assert Document.objects.get(short_name="cn-ai-plus-opinions-2025").language == "zh"

    again = StringIO()
    call_command("demo", stdout=again)
    assert "Demo plan" not in again.getvalue()
    assert Version.objects.count() == 2
