"""English theme families: cue phrases fire, look-alikes do not, evidence points into the text."""

from __future__ import annotations

import pytest

from policyapp.tagging import tag_texts
from policyapp.tagging.pipeline import build_pipeline
from policyapp.tagging.tagger import tag_doc

POSITIVES = [
    ("OPEN_SOURCE", "Support open-source AI communities and platforms."),
    ("OPEN_SOURCE", "Agencies should release their code as open source software."),
    ("OPEN_WEIGHTS", "Encourage the release of open-weight models."),
    ("OPEN_WEIGHTS", "Researchers need access to the model weights to reproduce results."),
    ("OPEN_DATA", "Make public sector data available for AI by opening up high-value data sets."),
    ("OPEN_DATA", "Build common European data spaces for data sharing."),
    ("OPEN_DATA", "Require grantees to publish the curated datasets used in their experiments."),
    ("OPEN_DATA", "We should responsibly unlock both public and private data sets for startups."),
    ("OPEN_DATA", "Share the anonymised health data sets with accredited researchers."),
    ("OPEN_SCIENCE", "Promote open science and the sharing of research results."),
    ("OPEN_SCIENCE", "Require federally funded researchers to share their findings."),
    ("COMPUTE_ACCESS", "Expand the National AI Research Resource for academics."),
    ("COMPUTE_ACCESS", "Ensure access to large-scale computing for startups."),
    ("COMPUTE_ACCESS", "Invest in AI testbeds open to researchers."),
    ("COMPUTE_ACCESS", "Couple compute allocation with data access for researchers."),
    ("COMPUTE_ACCESS", "Develop national HPC infrastructure to support research in AI."),
    ("COMPUTE_ACCESS", "The agency would provide large amounts of compute to high-potential projects."),
    ("STANDARDS_INTEROP", "Develop technical standards and benchmarks for AI systems."),
    ("STANDARDS_INTEROP", "Promote interoperability of health data systems."),
    ("INTL_COOPERATION", "Strengthen international cooperation with like-minded partners."),
    ("INTL_COOPERATION", "Help developing countries with capacity building."),
    ("INTL_COOPERATION", "Export American AI to allies and partners."),
    ("INTL_COOPERATION", "The EU will reach out to other partners and seek common ground."),
    ("TRANSPARENCY", "Require transparency and explainability of high-risk AI systems."),
    ("EXPORT_CONTROLS", "Strengthen export controls and end-use monitoring of advanced chips."),
    ("EXPORT_CONTROLS", "Stop chips from being diverted to countries of concern."),
    ("SECURITY_RESTRICTIONS", "Protect frontier model weights from theft by adversaries."),
    ("SECURITY_RESTRICTIONS", "Strengthen research security and biosecurity screening."),
]

# A cue word used in another sense must not produce the theme.
LOOK_ALIKES = [
    ("OPEN_SOURCE", "Analysts rely on open-source intelligence about foreign programmes."),
    ("OPEN_DATA", "Build new federal data centers near power plants."),
    ("OPEN_DATA", "Strengthen data protection for citizens."),
    ("COMPUTE_ACCESS", "Open a new office in Paris."),
    ("COMPUTE_ACCESS", "Vendors provide compute-intensive services to banks."),
    ("OPEN_DATA", "Unlock growth across the whole country."),
    ("COMPUTE_ACCESS", "Build new data centers and permit new power plants."),
    ("STANDARDS_INTEROP", "Reviewing contracts is standard practice in procurement."),
    ("STANDARDS_INTEROP", "Led by the National Institute of Standards and Technology, hire staff."),
    ("STANDARDS_INTEROP", "AI will raise the standard of living for all Americans."),
    ("STANDARDS_INTEROP", "American AI must become the gold standard worldwide."),
    ("INTL_COOPERATION", "The United States and its allies must win this race."),
    ("INTL_COOPERATION", "Attract international talent to our universities."),
    ("OPEN_SCIENCE", "The Joint Research Centre published a report."),
    ("SECURITY_RESTRICTIONS", "Evaluate frontier models for national security risks."),
    ("TRANSPARENCY", "Comply with privacy and transparency laws."),
]


@pytest.mark.parametrize(("theme", "text"), POSITIVES)
def test_theme_fires(theme, text, tag_one):
    result = tag_one(text)
    assert theme in result.themes
    spans = [e for e in result.evidence if e.theme == theme]
    assert spans and all(text[e.start : e.end] for e in spans)


@pytest.mark.parametrize(("theme", "text"), LOOK_ALIKES)
def test_look_alike_does_not_fire(theme, text, tag_one):
    assert theme not in tag_one(text).themes


def test_open_models_are_both_open_source_and_open_weights(tag_one):
    """Taxonomy v1.1: "open models" and "open-source models" carry both themes."""
    assert {"OPEN_SOURCE", "OPEN_WEIGHTS"} <= set(tag_one("Create a supportive environment for open models.").themes)
    assert set(tag_one("Fund open-source software tools.").themes) == {"OPEN_SOURCE"}


def test_evidence_names_rule_and_characters(tag_one):
    text = "We will share open data with partners and allies."
    result = tag_one(text)
    by_theme = {e.theme: e for e in result.evidence}
    assert text[by_theme["OPEN_DATA"].start : by_theme["OPEN_DATA"].end] == "open data"
    assert by_theme["OPEN_DATA"].rule.startswith("en-od-")
    assert "INTL_COOPERATION" in by_theme


def test_negative_evidence_is_reported_as_suppressed(tag_one):
    result = tag_one("Build federal data centers.")
    assert "OPEN_DATA" not in result.themes
    assert any(e.theme == "OPEN_DATA" and e.rule.startswith("en-od-not") for e in result.suppressed)


def test_negatives_only_veto_their_own_theme():
    """Fixture patterns on a fresh blank pipeline: NOT_X removes overlapping X spans only."""
    nlp = build_pipeline(
        "en",
        patterns=[
            {"id": "t-1", "label": "OPEN_DATA", "pattern": "public data"},
            {"id": "t-2", "label": "COMPUTE_ACCESS", "pattern": "data center"},
            {"id": "t-3", "label": "NOT_OPEN_DATA", "pattern": "public data center"},
        ],
    )
    result = tag_doc(nlp("Use the public data center."), "en")
    assert set(result.themes) == {"COMPUTE_ACCESS"}
    result = tag_doc(nlp("Publish public data."), "en")
    assert set(result.themes) == {"OPEN_DATA"}


def test_overlapping_spans_are_kept():
    """The SpanRuler keeps overlapping matches: "open-source" inside "open-source models"."""
    evidence = tag_texts(["Fund open-source models."], "en")[0].evidence
    source = next(e for e in evidence if e.theme == "OPEN_SOURCE")
    weights = next(e for e in evidence if e.theme == "OPEN_WEIGHTS")
    assert source.start < weights.end and weights.start < source.end


def test_an_acronym_carries_the_theme_of_its_full_name_to_later_clauses():
    """A plan names a programme once in full and by its acronym afterwards."""
    texts = [
        "We will create a Regional Data Commons (RDC) for public registers.",
        "The RDC should prioritise health records.",
        "Rural development councils (RDCs) meet monthly.",
        "Open the archives of the RDC to universities.",
    ]
    first, second, _, fourth = tag_texts(texts, "en")
    assert "OPEN_DATA" in first.themes
    evidence = [(e.theme, e.rule, texts[1][e.start : e.end]) for e in second.evidence]
    assert evidence == [("OPEN_DATA", "acronym:RDC", "RDC")]
    assert "OPEN_DATA" in fourth.themes


def test_an_acronym_used_before_its_definition_carries_nothing():
    texts = ["The RDC should prioritise health records.", "A Regional Data Commons (RDC) opens."]
    assert tag_texts(texts, "en")[0].themes == {}


def test_an_acronym_may_close_a_longer_name_but_must_spell_it():
    texts = [
        "The board adopted an Assessment List for Trustworthy AI (ALTAI).",
        "Member States will promote ALTAI among hospitals.",
        "Agencies will share data with the tax office (HMRC).",
        "HMRC will hire more inspectors.",
    ]
    taggings = tag_texts(texts, "en")
    assert "STANDARDS_INTEROP" in taggings[0].themes
    assert [e.rule for e in taggings[1].evidence] == ["acronym:ALTAI"]
    assert "OPEN_DATA" in taggings[2].themes
    # "tax office" does not spell HMRC: the bracket names something else.
    assert taggings[3].themes == {}
