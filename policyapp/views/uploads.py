from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.vary import vary_on_headers

from policyapp.forms import UploadForm
from policyapp.ingest.errors import IngestError
from policyapp.ingest.limits import check_size
from policyapp.models import Version, VersionStatus
from policyapp.roles import reads, reads_and_writes, writes
from policyapp.services.ingest import (
    DocumentFields,
    UploadOutcome,
    version_retry,
    version_upload,
    versions_fail_stuck,
)


@reads_and_writes("policyapp.upload_version")
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"revision_of": request.GET.get("revision_of")},
    )
    if request.method == "POST":
        outcome = submit_upload(request, form)
        if outcome is not None:
            return redirect(
                "version_detail", outcome.version.document.short_name, outcome.version.number
            )
    status = 400 if form.errors else 200
    return render(request, "uploads/upload.html", {"form": form}, status=status)


def submit_upload(request: HttpRequest, form: UploadForm) -> UploadOutcome | None:
    """Run a posted upload form through the ingest service (the app's page and the admin's).

    Returns the outcome, with its message queued for the next page, or None with the
    reasons on the form.
    """
    refused = getattr(request, "policyapp_refused_upload", None)
    if refused:
        # The file was dropped while it streamed in; say so, whatever else the form lacks.
        form.is_valid()
        form.errors.pop("file", None)
        try:
            check_size(refused, max_bytes=settings.POLICYAPP_MAX_UPLOAD_BYTES)
        except IngestError as error:
            form.add_error("file", str(error))
        return None
    if not form.is_valid():
        return None
    data = form.cleaned_data
    fields = None
    if not data["revision_of"]:
        fields = DocumentFields(
            title=data["title"],
            jurisdiction=data["jurisdiction"],
            issuer=data["issuer"],
            published_on=data["published_on"],
            language=data["language"],
            source_url=data["source_url"],
            reuse_note=data["reuse_note"],
            translation_of=data["translation_of"],
        )
    try:
        outcome = version_upload(
            data=data["file"].read(),
            filename=data["file"].name,
            uploaded_by=request.user,
            document=data["revision_of"],
            new_document=fields,
            language=data["language"],
        )
    except IngestError as error:
        form.add_error("file", str(error))
        return None
    level = messages.SUCCESS if outcome.created else messages.INFO
    messages.add_message(request, level, outcome.message)
    return outcome


@vary_on_headers("HX-Request")
@reads("policyapp.view_version")
def version_detail(request: HttpRequest, short_name: str, number: int) -> HttpResponse:
    """The progress of one version while it is read, then what was found in it."""
    if Version.objects.filter(
        document__short_name=short_name,
        number=number,
        status__in=[VersionStatus.PENDING, VersionStatus.PROCESSING],
    ).exists():
        versions_fail_stuck()
    version = get_object_or_404(
        Version.objects.select_related("document", "uploaded_by").with_counts(),
        document__short_name=short_name,
        number=number,
    )
    template = "uploads/version.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#progress"
    return render(request, template, {"version": version, "document": version.document})


@writes("policyapp.upload_version")
def version_retry_view(request: HttpRequest, short_name: str, number: int) -> HttpResponse:
    """Read a failed version's stored file again."""
    version = get_object_or_404(Version, document__short_name=short_name, number=number)
    try:
        version_retry(version=version, user=request.user)
    except ValueError as refused:
        messages.info(request, str(refused)[0].upper() + str(refused)[1:])
    else:
        messages.success(request, "Reading the file again.")
    return redirect("version_detail", short_name, number)
