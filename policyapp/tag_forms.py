"""Forms of the review controls: edit a tag, add one (with a quote), settle a dispute."""

from __future__ import annotations

from django import forms

from policyapp.models import Clause, Modality, Stance, Tag, Theme, Verdict
from policyapp.quotes import Quote, QuoteError, quote_at, quote_find


class TagValuesForm(forms.Form):
    stance = forms.ChoiceField(choices=Stance.choices)
    modality = forms.ChoiceField(choices=Modality.choices)
    actor = forms.CharField(max_length=200, required=False)


class TagAddForm(TagValuesForm):
    """A theme on a clause; the quote is either offsets with their words (from a selection
    in the browser) or typed words the server looks for in the clause."""

    theme = forms.ModelChoiceField(queryset=Theme.objects.all(), to_field_name="code")
    quote_exact = forms.CharField(required=False, strip=False)
    quote_start = forms.IntegerField(required=False, min_value=0)
    quote_end = forms.IntegerField(required=False, min_value=0)

    field_order = ["theme", "stance", "modality", "actor"]

    def __init__(self, *args, clause: Clause, **kwargs):
        super().__init__(*args, **kwargs)
        self.clause = clause
        self.quote: Quote | None = None

    def clean(self):
        data = super().clean()
        theme = data.get("theme")
        if theme is not None and Tag.objects.filter(clause=self.clause, theme=theme).exists():
            raise forms.ValidationError(
                f"This clause already has a tag for {theme.name}: confirm or edit that one."
            )
        exact = data.get("quote_exact") or ""
        start, end = data.get("quote_start"), data.get("quote_end")
        try:
            if start is not None and end is not None:
                self.quote = quote_at(self.clause.text, start, end, exact=exact)
            elif exact.strip():
                self.quote = quote_find(self.clause.text, exact)
        except QuoteError as error:
            self.add_error("quote_exact", str(error))
        return data


class SettleForm(TagValuesForm):
    verdict = forms.ChoiceField(choices=Verdict.choices)
    field_order = ["verdict", "stance", "modality", "actor"]
