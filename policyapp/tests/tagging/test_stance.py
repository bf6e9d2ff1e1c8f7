"""Stance from the words before a theme span, with the taxonomy's defaults per theme."""

from __future__ import annotations

import pytest

CASES_EN = [
    ("Share open data with researchers.", "OPEN_DATA", "PROMOTES"),
    ("Restrict the release of open-weight models.", "OPEN_WEIGHTS", "RESTRICTS"),
    ("Assess the risks of open-weight models before release.", "OPEN_WEIGHTS", "NEUTRAL"),
    ("Limit access to open data on critical infrastructure.", "OPEN_DATA", "RESTRICTS"),
    ("Impose export controls on advanced chips.", "EXPORT_CONTROLS", "RESTRICTS"),
    ("Strengthen research security at universities.", "SECURITY_RESTRICTIONS", "RESTRICTS"),
    ("Evaluate and assess research security programmes.", "SECURITY_RESTRICTIONS", "NEUTRAL"),
    ("Counter Chinese influence in international governance bodies.", "INTL_COOPERATION", "NEUTRAL"),
    ("Fund transparency research.", "TRANSPARENCY", "PROMOTES"),
    # The restricting verb governs the risk, not the theme.
    ("Prevent risks arising from black-box models.", "TRANSPARENCY", "PROMOTES"),
    # A participle describing data is not a decision to restrict it.
    ("Enable controlled access to restricted federal data.", "OPEN_DATA", "PROMOTES"),
]
CASES_ZH = [
    ("推动公共数据开放。", "OPEN_DATA", "PROMOTES"),
    ("完善出口管制体系。", "EXPORT_CONTROLS", "RESTRICTS"),
    ("防止开源模型被滥用。", "OPEN_SOURCE", "RESTRICTS"),
    ("评估开源模型的风险。", "OPEN_WEIGHTS", "NEUTRAL"),
]


@pytest.mark.parametrize(("text", "theme", "stance"), CASES_EN)
def test_stance_en(text, theme, stance, tag_one):
    assert tag_one(text).themes[theme] == stance


@pytest.mark.parametrize(("text", "theme", "stance"), CASES_ZH)
def test_stance_zh(text, theme, stance, tag_one):
    assert tag_one(text, "zh").themes[theme] == stance


def test_cue_after_the_theme_does_not_count(tag_one):
    """'monitor' governs what follows it, not a theme mentioned earlier."""
    themes = tag_one("Share open data and monitor the results.").themes
    assert themes["OPEN_DATA"] == "PROMOTES"
