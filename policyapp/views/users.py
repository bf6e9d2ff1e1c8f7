"""Administrators manage accounts: each person's role, and deactivation."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from policyapp.roles import ROLES, reads, role_of, writes
from policyapp.services.accounts import user_role_set

NO_ROLE = ""


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=[(NO_ROLE, "No role")] + [(r, r) for r in ROLES],
                             required=False)  # fmt: skip
    active = forms.BooleanField(required=False)


@reads("policyapp.manage_users")
def user_list(request: HttpRequest) -> HttpResponse:
    people = get_user_model().objects.prefetch_related("groups").order_by("username")
    rows = [(person, role_of(person)) for person in people]
    return render(request, "users/list.html", {"rows": rows, "roles": ROLES})


@writes("policyapp.manage_users")
def user_role(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(get_user_model(), pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a role.")
        return redirect("users")
    role = form.cleaned_data["role"] or None
    try:
        user_role_set(user=person, role=role, active=form.cleaned_data["active"], by=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        state = "active" if form.cleaned_data["active"] else "deactivated"
        messages.success(request, f"{person.get_username()}: {role or 'no role'}, {state}.")
    return redirect("users")
