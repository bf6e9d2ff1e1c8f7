from __future__ import annotations

from django import forms

from policyapp.models import Document, Language


class UploadForm(forms.Form):
    """A new plan, or a revision of one that exists."""

    # Empty files reach the ingest checks, whose message says what to do about them.
    file = forms.FileField(
        help_text="PDF, HTML, Markdown or plain text (UTF-8).", allow_empty_file=True
    )
    revision_of = forms.ModelChoiceField(
        queryset=Document.objects.all(),
        required=False,
        empty_label="— a new plan —",
        label="Revision of",
        help_text="Choose a plan to upload its next version; leave empty for a new plan.",
    )
    title = forms.CharField(max_length=300, required=False)
    jurisdiction = forms.CharField(
        max_length=8, required=False, help_text="Code such as US, CN, EU, GB."
    )
    language = forms.ChoiceField(
        choices=[("", "Detect from the text")] + list(Language.choices),
        required=False,
        help_text="Set it only when detection would be wrong (e.g. a bilingual file).",
    )
    issuer = forms.CharField(max_length=200, required=False)
    published_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Published on"
    )
    source_url = forms.URLField(
        max_length=500, required=False, label="Source URL", assume_scheme="https"
    )
    reuse_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reuse note",
        help_text="Licence or copyright status of the source.",
    )
    translation_of = forms.ModelChoiceField(
        queryset=Document.objects.all(),
        required=False,
        label="Translation of",
        help_text="For a translation: the plan in its original language.",
    )

    def clean(self):
        data = super().clean()
        if not data.get("revision_of"):
            for name in ("title", "jurisdiction"):
                if not data.get(name):
                    self.add_error(name, "Required for a new plan.")
        return data
