from django.contrib import admin

from policyapp.models import Annotation, Clause, Document, Section, Tag, Theme, Version


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


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    list_display = ["document", "number", "status", "page_count", "uploaded_by", "uploaded_at"]
    list_filter = ["status"]
    readonly_fields = ["sha256", "uploaded_at", "pages_done", "ruleset_version", "text"]
    search_fields = ["document__title", "original_filename", "sha256"]


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
    list_display = ["clause", "author", "created_at"]
    raw_id_fields = ["clause", "author"]
    search_fields = ["body"]
