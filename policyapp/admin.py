from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from policyapp.forms import UploadForm
from policyapp.models import (
    Annotation,
    Clause,
    ClausePair,
    Document,
    Section,
    Tag,
    Theme,
    Version,
)
from policyapp.services.documents import document_delete, document_save, version_delete
from policyapp.services.notes import note_delete
from policyapp.views.uploads import submit_upload


class VersionInline(admin.TabularInline):
    model = Version
    extra = 0
    fields = ["number", "original_filename", "status", "page_count", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "short_name", "jurisdiction", "language", "published_on"]
    list_filter = ["jurisdiction", "language"]
    search_fields = ["title", "short_name", "issuer"]
    prepopulated_fields = {"short_name": ["title"]}
    inlines = [VersionInline]

    # Edits and deletions here go through the services, so each is in the history.
    def save_model(self, request, obj, form, change):
        before = Document.objects.get(pk=obj.pk) if change else None
        document_save(document=obj, user=request.user, before=before)

    def delete_model(self, request, obj):
        document_delete(document=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for document in queryset:
            document_delete(document=document, user=request.user)


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    list_display = ["document", "number", "status", "page_count", "uploaded_by", "uploaded_at"]
    list_filter = ["status"]
    readonly_fields = [
        "document",
        "number",
        "file",
        "original_filename",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "status",
        "error_message",
        "page_count",
        "pages_done",
        "language",
        "ruleset_version",
        "text",
    ]
    search_fields = ["document__title", "original_filename", "sha256"]

    def delete_model(self, request, obj):
        version_delete(version=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for version in queryset.select_related("document"):
            version_delete(version=version, user=request.user)

    def has_add_permission(self, request):
        return request.user.has_perm("policyapp.upload_version")

    def add_view(self, request, form_url="", extra_context=None):
        """Versions come only from the ingest service: "Add version" here is an upload."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST":
            outcome = submit_upload(request, form)
            if outcome is not None:
                return redirect("admin:policyapp_version_change", outcome.version.pk)
        context = self.admin_site.each_context(request) | {
            "title": "Upload a plan",
            "form": form,
            "opts": self.model._meta,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(
            request,
            "admin/policyapp/version/upload.html",
            context,
            status=400 if form.errors else 200,
        )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["label", "version", "level", "page"]
    list_select_related = ["version__document"]
    search_fields = ["heading", "label"]
    raw_id_fields = ["version", "parent"]


@admin.register(Clause)
class ClauseAdmin(admin.ModelAdmin):
    list_display = ["label", "sentence", "kind", "version", "page"]
    list_filter = ["kind", "language"]
    list_select_related = ["version__document"]
    search_fields = ["text", "label"]
    raw_id_fields = ["version", "section"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "position"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["clause", "theme", "stance", "modality", "source", "status", "decided_by"]
    list_filter = ["theme", "stance", "status", "source"]
    raw_id_fields = ["clause", "decided_by"]


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    """Notes are written in the reader; here an administrator only finds and deletes them,
    through the same service (kept as deleted, in the history)."""

    list_display = ["clause", "author", "created_at", "revision", "deleted_at"]
    raw_id_fields = ["clause", "author", "parent"]
    search_fields = ["body"]
    readonly_fields = [f.name for f in Annotation._meta.fields]

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        note_delete(note=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for note in queryset:
            note_delete(note=note, user=request.user)


@admin.register(ClausePair)
class ClausePairAdmin(admin.ModelAdmin):
    """Analysts decide pairs on the counterparts page; here they can be looked up."""

    list_display = ["first", "second", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["first", "second"]
    readonly_fields = ["decided_by", "decided_at"]
