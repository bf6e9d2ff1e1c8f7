from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from policyapp.models import Document


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors get the sign-in invitation; members get the list of plans."""
    documents = Document.objects.with_latest_version() if request.user.is_authenticated else None
    return render(request, "documents/home.html", {"documents": documents})


@login_required
def document_detail(request: HttpRequest, short_name: str) -> HttpResponse:
    document = get_object_or_404(Document, short_name=short_name)
    versions = document.versions.select_related("uploaded_by")
    return render(request, "documents/detail.html", {"document": document, "versions": versions})
