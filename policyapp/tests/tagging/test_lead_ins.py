"""List items take the modality and actor of the lead-in they continue, through the segmenter."""

from __future__ import annotations

from policyapp.ingest import extract_file
from policyapp.segment import lead_ins, segment
from policyapp.tagging import tag_texts

PLAN = """# Shared infrastructure

To widen access to compute, the Commission will:

- propose rules on access to testbeds by the end of 2026;
- in 2027 launch a call for regional hubs;
- a register of public test facilities.

Member States are encouraged to:

- invest in national networks of testbeds.

Several regions already run testbeds.

- A list after a plain sentence.
"""


def _tagged(text: str):
    document = extract_file(text.encode(), filename="plan.md", lang="en", max_bytes=1 << 20)
    clauses = segment(document).clauses
    leads = lead_ins([(c.label, c.kind, c.text) for c in clauses])
    taggings = tag_texts([c.text for c in clauses], "en", lead_ins=leads)
    return {c.text: (t, lead) for c, t, lead in zip(clauses, taggings, leads, strict=True)}, clauses


def test_items_under_the_commission_will_are_its_directives():
    tagged, clauses = _tagged(PLAN)
    lead = next(i for i, c in enumerate(clauses) if c.text.endswith("the Commission will:"))
    for text in (
        "propose rules on access to testbeds by the end of 2026;",
        "in 2027 launch a call for regional hubs;",
        "a register of public test facilities.",
    ):
        tagging, found = tagged[text]
        assert found == lead
        assert (tagging.modality, tagging.actor) == ("DIRECTIVE", "Commission"), text
        assert tagging.modality_rule == "lead-in(modal:will)"


def test_an_encouraged_party_passes_the_encouragement_to_its_items():
    tagged, _ = _tagged(PLAN)
    tagging, _ = tagged["invest in national networks of testbeds."]
    assert (tagging.modality, tagging.actor) == ("ENCOURAGEMENT", "Member States")


def test_a_plain_sentence_before_a_list_leads_nothing():
    tagged, _ = _tagged(PLAN)
    tagging, lead = tagged["A list after a plain sentence."]
    assert lead is None
    assert tagging.modality == "STATEMENT"


def test_items_alone_keep_their_own_modality():
    # Without lead-ins the noun-phrase item has no undertaking of its own.
    (alone,) = tag_texts(["a register of public test facilities."], "en")
    assert alone.modality == "STATEMENT"


def test_lead_ins_follow_nested_items_and_end_at_headings():
    rows = [
        ("1", "sentence", "The Government will:"),
        ("1 › •1", "list_item", "fund these centres:"),
        ("1 › •1 › a", "list_item", "a hub in each region;"),
        ("1 › •2", "list_item", "publish a register."),
        ("2", "heading", "Next steps"),
        ("2 › •1", "list_item", "an item under a heading."),
    ]
    assert lead_ins(rows) == [None, 0, 1, 0, None, None]


def test_lower_case_sentences_continue_a_lead_in_whose_list_lost_its_markers():
    rows = [
        ("3", "sentence", "The Agency will:"),
        ("3", "sentence", "publish a register of testbeds;"),
        ("3", "sentence", "open it to researchers."),
        ("3", "sentence", "The register is new."),
        ("3", "sentence", "later text in lower case."),
    ]
    assert lead_ins(rows) == [None, 0, 0, None, None]
    taggings = tag_texts([text for _, _, text in rows], "en", lead_ins=lead_ins(rows))
    assert [(t.modality, t.actor) for t in taggings[1:3]] == [("DIRECTIVE", "Agency")] * 2
