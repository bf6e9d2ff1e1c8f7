"""Roles are groups with permissions; each role can do what the one before it can."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from policyapp.roles import ADMINISTRATORS, ANALYSTS, VIEWERS
from policyapp.services.accounts import demo_users_ensure, roles_ensure
from policyapp.tests import factories

pytestmark = pytest.mark.django_db


def test_viewers_read_but_cannot_annotate_or_upload():
    viewer = factories.user_with_role(VIEWERS)
    assert viewer.has_perm("policyapp.view_clause")
    assert not viewer.has_perm("policyapp.review_tag")
    assert not viewer.has_perm("policyapp.add_annotation")
    assert not viewer.has_perm("policyapp.upload_version")


def test_analysts_annotate_but_cannot_upload_or_settle():
    analyst = factories.user_with_role(ANALYSTS)
    assert analyst.has_perm("policyapp.review_tag")
    assert analyst.has_perm("policyapp.add_annotation")
    assert not analyst.has_perm("policyapp.upload_version")
    assert not analyst.has_perm("policyapp.settle_tag")
    assert not analyst.has_perm("policyapp.delete_document")


def test_administrators_can_do_everything_an_analyst_can_and_upload():
    admin = factories.user_with_role(ADMINISTRATORS)
    analyst_perms = Group.objects.get(name=ANALYSTS).permissions.all()
    assert set(analyst_perms) <= set(Group.objects.get(name=ADMINISTRATORS).permissions.all())
    assert admin.has_perm("policyapp.upload_version")
    assert admin.has_perm("policyapp.settle_tag")


def test_roles_ensure_is_idempotent_and_repairs_a_group():
    roles_ensure()
    viewers = Group.objects.get(name=VIEWERS)
    viewers.permissions.clear()
    call_command("setup_roles", stdout=StringIO())
    call_command("setup_roles", stdout=StringIO())
    assert Group.objects.filter(name__in=[VIEWERS, ANALYSTS, ADMINISTRATORS]).count() == 3
    assert viewers.permissions.count() == 7


def test_demo_users_are_created_once_and_keep_a_changed_password():
    first = demo_users_ensure()
    assert [(login.username, login.created) for login in first] == [
        ("analyst", True),
        ("admin", True),
    ]
    admin = type(factories.user_with_role(VIEWERS)).objects.get(username="admin")
    assert admin.is_staff and admin.check_password("admin-demo-pass")
    admin.set_password("changed-by-the-operator")
    admin.save()
    again = demo_users_ensure()
    assert [login.created for login in again] == [False, False]
    admin.refresh_from_db()
    assert admin.check_password("changed-by-the-operator")
