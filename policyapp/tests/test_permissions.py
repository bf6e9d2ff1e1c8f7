"""The permission matrix: every role against every action, as a normal request, as an htmx
request and as a POST without a CSRF token. Add a row to ACTIONS for each new action.

Designed answers: anonymous visitors are sent to log in (htmx requests are told to go
there with HX-Redirect); a role without the permission gets 403; a POST without a CSRF
token gets 403 whoever sends it. A refused request changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from policyapp.models import Annotation, AuditEntry, Decision, Tag
from policyapp.roles import ADMINISTRATORS, ANALYSTS, VIEWERS
from policyapp.services.decisions import tag_confirm
from policyapp.services.notes import note_add
from policyapp.tests import factories

pytestmark = pytest.mark.django_db

VIEWER, ANALYST, ADMIN = 1, 2, 3
NOBODY = 99  # an action no role may take (another person's note is theirs to edit)
# Who is asking, and what each may do: analyst2 is a second analyst beside "ana"; "no role"
# has signed in but was given no role yet.
ROLES = {"anonymous": 0, "no role": 0, "viewer": VIEWER, "analyst": ANALYST, "analyst2": ANALYST, "admin": ADMIN}
TEXT = "Strengthen export controls on advanced chips."


@dataclass(frozen=True)
class World:
    doc_name: str
    clause_pk: int
    tag_pk: int
    carol_pk: int  # an account an administrator may change
    note_pk: int  # a note by an analyst outside the matrix ("dan")


@dataclass(frozen=True)
class Action:
    name: str
    method: str
    needs: int
    url: Callable[[World], str]
    data: Callable[[World], dict] = field(default=lambda w: {})
    # Statuses that mean "done" for a permitted user, as a normal and as an htmx request.
    ok: tuple[int, ...] = (200,)
    ok_htmx: tuple[int, ...] = (200,)


def _reading(w: World) -> str:
    return reverse("document_detail", args=[w.doc_name])


ACTIONS = [
    Action("home", "GET", VIEWER, lambda w: reverse("home")),
    Action("read", "GET", VIEWER, _reading),
    Action("clause source", "GET", VIEWER,
           lambda w: reverse("clause_source", args=[w.doc_name, 1, 1])),  # fmt: skip
    Action("tag fragment", "GET", VIEWER, lambda w: reverse("tag_detail", args=[w.tag_pk]),
           ok=(302,)),  # fmt: skip
    Action("review box", "GET", VIEWER, lambda w: reverse("clause_review", args=[w.clause_pk]),
           ok=(302,)),  # fmt: skip
    Action("review queue", "GET", ANALYST, lambda w: reverse("review_queue", args=[w.doc_name])),
    Action("confirm", "POST", ANALYST, lambda w: reverse("tag_confirm", args=[w.tag_pk]), ok=(302,)),
    Action("reject", "POST", ANALYST, lambda w: reverse("tag_reject", args=[w.tag_pk]), ok=(302,)),
    Action("edit", "POST", ANALYST, lambda w: reverse("tag_edit", args=[w.tag_pk]),
           lambda w: {"stance": "NEUTRAL", "modality": "STATEMENT", "actor": ""}, ok=(302,)),  # fmt: skip
    Action("withdraw", "POST", ANALYST, lambda w: reverse("tag_withdraw", args=[w.tag_pk]),
           ok=(302,)),  # fmt: skip
    Action("add form", "GET", ANALYST, lambda w: reverse("tag_add", args=[w.clause_pk])),
    Action("add", "POST", ANALYST, lambda w: reverse("tag_add", args=[w.clause_pk]),
           lambda w: {"theme": "OPEN_DATA", "stance": "PROMOTES", "modality": "DIRECTIVE",
                      "quote_exact": "advanced chips"}, ok=(302,)),  # fmt: skip
    Action("upload page", "GET", ADMIN, lambda w: reverse("upload")),
    Action("upload", "POST", ADMIN, lambda w: reverse("upload"), lambda w: {"title": "T"},
           ok=(400,), ok_htmx=(400,)),  # fmt: skip
    Action("agreement", "GET", ADMIN, lambda w: reverse("agreement")),
    Action("adjudicate", "POST", ADMIN, lambda w: reverse("tag_settle", args=[w.tag_pk]),
           lambda w: {"verdict": "rejected", "stance": "RESTRICTS", "modality": "DIRECTIVE"},
           ok=(302,)),  # fmt: skip
    Action("retag page", "GET", ADMIN, lambda w: reverse("retag")),
    Action("retag", "POST", ADMIN, lambda w: reverse("retag_apply", args=[w.doc_name]),
           ok=(302,)),  # fmt: skip
    Action("users page", "GET", ADMIN, lambda w: reverse("users")),
    Action("manage users", "POST", ADMIN, lambda w: reverse("user_role", args=[w.carol_pk]),
           lambda w: {"role": ANALYSTS, "active": "on"}, ok=(302,), ok_htmx=(302,)),  # fmt: skip
    Action("notes", "GET", VIEWER, lambda w: reverse("clause_notes", args=[w.doc_name, 1, 1])),
    Action("note", "POST", ANALYST, lambda w: reverse("clause_notes", args=[w.doc_name, 1, 1]),
           lambda w: {"body": "Check the annex."}, ok=(302,)),  # fmt: skip
    Action("reply", "POST", ANALYST, lambda w: reverse("note_reply", args=[w.note_pk]),
           lambda w: {"body": "Agreed."}, ok=(302,)),  # fmt: skip
    Action("edit another's note", "POST", NOBODY, lambda w: reverse("note_edit", args=[w.note_pk]),
           lambda w: {"body": "Rewritten.", "revision": "1"}),  # fmt: skip
    Action("history", "GET", ADMIN, lambda w: reverse("history")),
    Action("export", "GET", VIEWER, lambda w: reverse("export_all", args=["csv"])),
    Action("exports page", "GET", VIEWER, lambda w: reverse("exports")),
    Action("matrix", "GET", VIEWER, lambda w: reverse("compare")),
    Action("reader", "GET", VIEWER, lambda w: f"{reverse('compare_read')}?plans={w.doc_name}"),
    Action("search", "GET", VIEWER, lambda w: f"{reverse('search')}?q=export"),
    Action("rules", "GET", ADMIN, lambda w: reverse("rules")),
]
MODES = ["normal", "htmx", "no csrf"]


@pytest.fixture
def world() -> World:
    doc = factories.document(short_name="us-plan")
    ver = factories.version(doc, text=TEXT, ruleset_version="old")
    clause = factories.clause(ver)
    tag = Tag.objects.create(clause=clause, theme_id="EXPORT_CONTROLS", stance="RESTRICTS",
                             modality="DIRECTIVE", suggested_stance="RESTRICTS",
                             suggested_modality="DIRECTIVE")  # fmt: skip
    users = {
        "viewer": factories.user_with_role(VIEWERS, username="vic"),
        "analyst": factories.user_with_role(ANALYSTS, username="ana"),
        "analyst2": factories.user_with_role(ANALYSTS, username="ben"),
        "admin": factories.user_with_role(ADMINISTRATORS, username="ada"),
    }
    get_user_model().objects.create_user("nora", password="pw-for-tests-123")
    tag_confirm(tag=tag, user=users["analyst"])  # ana has had her say before anyone acts
    carol = factories.user_with_role(VIEWERS, username="carol")
    dan = factories.user_with_role(ANALYSTS, username="dan")
    note = note_add(clause=clause, user=dan, body="Dan's note.")
    return World(doc.short_name, clause.pk, tag.pk, carol.pk, note.pk)


def state() -> tuple:
    """Everything an action could change."""
    return (
        list(Tag.objects.order_by("pk").values_list("pk", "status", "stance", "modality", "settled_verdict")),
        list(Decision.objects.order_by("pk").values_list("pk", "analyst__username", "verdict", "stance")),
        AuditEntry.objects.count(),
        list(Annotation.objects.order_by("pk").values_list("pk", "body", "revision", "deleted_at")),
        list(get_user_model().objects.order_by("pk").values_list("username", "is_active", "groups__name")),
    )  # fmt: skip


def ask(role: str, action: Action, mode: str, w: World):
    client = Client(enforce_csrf_checks=(mode == "no csrf"))
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(username={
            "no role": "nora", "viewer": "vic", "analyst": "ana", "analyst2": "ben", "admin": "ada"}[role]))  # fmt: skip
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"} if mode == "htmx" else {}
    call = client.get if action.method == "GET" else client.post
    return call(action.url(w), action.data(w), **headers)


CASES = [
    pytest.param(role, action, mode, id=f"{role}-{action.name}-{mode}")
    for action in ACTIONS
    for role in ROLES
    for mode in MODES
    if not (mode == "no csrf" and action.method == "GET")  # CSRF guards writes only
]


@pytest.mark.parametrize(("role", "action", "mode"), CASES)
def test_each_role_gets_the_designed_answer(role, action, mode, world):
    before = state()
    response = ask(role, action, mode, world)
    permitted = ROLES[role] >= action.needs

    login = reverse("login")
    if mode == "no csrf":
        assert response.status_code == 403
    elif role == "anonymous" and mode == "htmx":
        assert response.status_code == 200 and response["HX-Redirect"].startswith(login)
    elif role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(login)
    elif not permitted:
        assert response.status_code == 403
    else:
        expected = action.ok_htmx if mode == "htmx" else action.ok
        assert response.status_code in expected
        if response.status_code == 302:
            assert not response["Location"].startswith(login)
        return
    assert state() == before, "a refused request changed something"


def test_a_second_analyst_acts_on_their_own_decision_only(client, world):
    client.force_login(get_user_model().objects.get(username="ben"))
    client.post(reverse("tag_reject", args=[world.tag_pk]))
    client.post(reverse("tag_withdraw", args=[world.tag_pk]))
    says = list(Decision.objects.filter(tag_id=world.tag_pk).values_list("analyst__username", "verdict"))
    assert says == [("ana", "confirmed")]


def test_an_administrator_manages_roles_without_the_django_admin_and_it_is_in_the_history(client, world):
    admin = get_user_model().objects.get(username="ada")
    assert not admin.is_staff and not admin.is_superuser
    client.force_login(admin)
    page = client.get(reverse("users"))
    assert ("carol", VIEWERS) in [(u.username, r) for u, r in page.context["rows"]]

    client.post(reverse("user_role", args=[world.carol_pk]), {"role": ANALYSTS})  # not active

    carol = get_user_model().objects.get(pk=world.carol_pk)
    assert [g.name for g in carol.groups.all()] == [ANALYSTS] and not carol.is_active
    entry = AuditEntry.objects.get(action="user.role")
    assert (entry.user, entry.before, entry.after) == (
        admin, {"roles": [VIEWERS], "active": True}, {"roles": [ANALYSTS], "active": False},
    )  # fmt: skip
    response = client.post(reverse("user_role", args=[admin.pk]), {"role": VIEWERS, "active": "on"})
    assert admin.groups.filter(name=ADMINISTRATORS).exists()
    said = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert said[-1] == "You cannot remove your own administrator role or deactivate yourself."
