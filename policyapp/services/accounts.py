"""Accounts and roles. Each service is keyword-only, typed, and runs in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from policyapp.roles import ADMINISTRATORS, ANALYSTS, ROLE_PERMISSIONS, ROLES
from policyapp.services import audit


@transaction.atomic
def roles_ensure() -> dict[str, Group]:
    """Create or update the role groups so each holds exactly its permissions."""
    groups = {}
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = list(
            Permission.objects.filter(content_type__app_label="policyapp", codename__in=codenames)
        )
        missing = set(codenames) - {p.codename for p in permissions}
        if missing:
            raise LookupError(f"permissions not found (are migrations applied?): {sorted(missing)}")
        group.permissions.set(permissions)
        groups[name] = group
    return groups


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    created: bool


DEMO_ACCOUNTS = [
    ("analyst", "analyst-demo-pass", ANALYSTS),
    ("admin", "admin-demo-pass", ADMINISTRATORS),
]


@transaction.atomic
def demo_users_ensure() -> list[DemoLogin]:
    """Create the demo analyst and administrator once; later runs leave them as they are.

    Only for the embedded development set-up: the passwords are printed and public.
    """
    groups = roles_ensure()
    user_model = get_user_model()
    logins = []
    for username, password, role in DEMO_ACCOUNTS:
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"is_staff": role == ADMINISTRATORS}
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(groups[role])
        logins.append(DemoLogin(username=username, password=password, role=role, created=created))
    return logins



@transaction.atomic
def user_role_set(*, user, role: str | None, active: bool, by) -> None:
    """Give `user` exactly one role (or none) and (de)activate the account, in the history.

    An administrator cannot take their own administrator role or deactivate themselves,
    so a team is never left without someone to manage it by accident.
    """
    if role is not None and role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    if user.pk == by.pk and (role != ADMINISTRATORS or not active):
        raise ValueError("You cannot remove your own administrator role or deactivate yourself.")
    groups = roles_ensure()
    current = sorted(g.name for g in user.groups.filter(name__in=ROLES))
    before = {"roles": current, "active": user.is_active}
    user.groups.remove(*[groups[name] for name in ROLES])
    if role is not None:
        user.groups.add(groups[role])
    user.is_active = active
    user.save(update_fields=["is_active"])
    after = {"roles": [role] if role else [], "active": active}
    if before != after:
        summary = f"{user.get_username()}: {role or 'no role'}{'' if active else ', deactivated'}"
        audit.record(user=by, action="user.role", target=user, before=before, after=after,
                     summary=summary)  # fmt: skip
