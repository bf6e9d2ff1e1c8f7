"""Who is to act, and the lenient comparison used in evaluation."""

from __future__ import annotations

import pytest

from policyapp.tagging import tag_texts
from policyapp.tagging.evaluate import actor_matches

EN = [
    (
        "Led by the Department of Commerce (DOC), develop new export controls.",
        "Department of Commerce (DOC)",
    ),
    ("Led by DOC and DOD, coordinate with allies on controls.", "DOC and DOD"),
    ("Led by DOD in collaboration with NIST at DOC, refine the frameworks.", "DOD"),
    ("Through the CAIOC, initiate strategic coordination.", "CAIOC"),
    (
        "Launch a program led by the Defense Advanced Research Projects Agency in collaboration with NSF.",
        "Defense Advanced Research Projects Agency",
    ),
    ("The United States must impose strong export controls.", "United States"),
    ("We will share data.", "We"),
    ("To do that, we will continue to reject red tape.", "we"),
    (
        "The Ministry of Economy, Trade and Industry will publish guidelines.",
        "Ministry of Economy, Trade and Industry",
    ),
    (
        "Outlook The Commission together with Member States will:",
        "Commission together with Member States",
    ),
    ("Encourage qualified enterprises to adopt AI.", "qualified enterprises"),
    ("Support the United Nations in playing its role.", "United Nations"),
    ("We call on all parties to share data.", "all parties"),
    ("AI will improve the lives of Americans.", ""),
    ("Establish a national data library.", ""),
]
ZH = [
    ("国家发展改革委要加强统筹协调。", "国家发展改革委"),
    ("各地区各部门要紧密结合实际。", "各地区各部门"),
    ("鼓励有条件的企业将人工智能融入战略规划。", "有条件的企业"),
    ("支持企业、高校、科研机构等探索开源应用新模式。", "企业、高校、科研机构"),
    ("支持联合国在人工智能全球治理中发挥主渠道作用。", "联合国"),
    ("到2030年，我国人工智能全面赋能高质量发展。", "我国"),
    ("各方应加强合作。", "各方"),
    ("各级政府应加强数据共享。", "各级政府"),
    ("积极应对人工智能风险。", ""),
    ("支持智能化研发工具推广应用。", ""),
    ("重要的是加强合作。", ""),
]


@pytest.mark.parametrize(("text", "actor"), EN)
def test_actor_en(text, actor, tag_one):
    assert tag_one(text).actor == actor


@pytest.mark.parametrize(("text", "actor"), ZH)
def test_actor_zh(text, actor, tag_one):
    assert tag_one(text, "zh").actor == actor


@pytest.mark.parametrize(
    ("predicted", "gold", "same"),
    [
        ("the Trump Administration", "Trump Administration", True),
        (
            "Department of Commerce (DOC) through the National Institute of Standards and Technology (NIST)",
            "DOC through NIST",
            True,
        ),
        ("National Development and Reform Commission", "国家发展改革委", True),
        (
            "Department of Labor (DOL), the Department of Education (ED), NSF, and DOC",
            "DOL, ED, NSF, DOC",
            True,
        ),
        ("United States", "United States and its allies", True),
        ("DOE", "DOD", False),
        ("", "OMB", False),
        ("", "", True),
    ],
)
def test_actor_matching_is_lenient(predicted, gold, same):
    assert actor_matches(predicted, gold) is same


def test_a_lead_carries_to_the_sentences_after_it_in_the_same_item():
    texts = [
        "Led by the Bureau of Labor Statistics (BLS), study AI adoption.",
        "These agencies should then provide analysis of job creation.",
        "This is a long-standing concern.",
        "Publish the results.",
        "Publish the data.",
    ]
    groups = ["•1", "•1", "•1", "•1", "•2"]
    results = tag_texts(texts, "en", groups=groups)
    lead = results[0].actor
    assert "BLS" in lead or "Bureau of Labor Statistics" in lead
    assert results[1].actor == lead  # an undertaking with no actor of its own
    assert results[2].actor == ""  # a statement names no actor
    assert results[3].actor == lead
    assert results[4].actor != lead  # another item starts afresh
    # Without groups each clause stands alone.
    assert tag_texts(texts, "en")[1].actor != lead
