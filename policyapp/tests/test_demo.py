"""`manage.py demo`, which `make run` calls: the demo plans and logins, once."""

import hashlib
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from policyapp.demo import DEMO_DIR, demo_plans
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
    assert "Demo plan uk-ai-opportunities-action-plan-2025: ready" in out.getvalue()
    assert "Demo plan eu-coordinated-plan-ai-2021: ready" in out.getvalue()
    assert "user 'analyst'  password 'analyst-demo-pass'" in out.getvalue()
    us = Document.objects.get(short_name="us-ai-action-plan-2025")
    assert (us.jurisdiction, str(us.published_on), us.language) == ("US", "2025-07-23", "en")
    assert Document.objects.get(short_name="cn-ai-plus-opinions-2025").language == "zh"

    again = StringIO()
    call_command("demo", stdout=again)
    assert "Demo plan" not in again.getvalue()
    assert Version.objects.count() == 4


ATTRIBUTIONS = {
    # Open Government Licence v3.0: its attribution statement.
    "uk-ai-opportunities-action-plan-2025": [
        "Contains public sector information licensed under the Open Government Licence v3.0",
        "© Crown copyright 2025",
    ],
    # CC BY 4.0: author, licence, and whether the work was changed.
    "eu-coordinated-plan-ai-2021": ["© European Union, 2021", "CC BY 4.0", "unchanged"],
}


def test_the_four_demo_plans_are_ready_and_the_licensed_ones_show_their_attribution(client):
    call_command("demo", stdout=StringIO())
    ready = Version.objects.latest_ready().select_related("document")
    assert {v.document.short_name: v.document.jurisdiction for v in ready} == {
        "us-ai-action-plan-2025": "US",
        "cn-ai-plus-opinions-2025": "CN",
        "uk-ai-opportunities-action-plan-2025": "GB",
        "eu-coordinated-plan-ai-2021": "EU",
    }
    for version in ready:
        # Each file is the corpus file, byte for byte, and was read into clauses.
        assert version.sha256 == hashlib.sha256(version.file.read()).hexdigest()
        assert version.clause_count == version.clauses.count() > 100
        assert version.text_size > 4000

    client.force_login(get_user_model().objects.get(username="analyst"))
    for short_name, phrases in ATTRIBUTIONS.items():
        page = client.get(reverse("document_detail", args=[short_name])).text
        for phrase in phrases:
            assert phrase in page, (short_name, phrase)

    home = client.get(reverse("home"))
    assert len(home.context["matrix"].plans) == 4


def test_the_demo_files_are_the_corpus_files(corpus_dir):
    pairs = {
        "us-ai-action-plan-2025.pdf": "us-ai-action-plan-2025/en.pdf",
        "cn-ai-plus-opinions-2025.zh.pdf": "cn-ai-plus-action-opinions-2025/zh.pdf",
        "uk-ai-opportunities-action-plan-2025.html": "uk-ai-opportunities-action-plan-2025/en.html",
        "eu-coordinated-plan-ai-2021.pdf": "eu-coordinated-plan-ai-2021/en.pdf",
    }
    assert {plan.path.name for plan in demo_plans()} == set(pairs)
    for shipped, original in pairs.items():
        assert (DEMO_DIR / shipped).read_bytes() == (corpus_dir / original).read_bytes()
