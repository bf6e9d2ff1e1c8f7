"""Chinese theme families on single characters, with guards against look-alikes."""

from __future__ import annotations

import pytest

POSITIVES = [
    ("OPEN_SOURCE", "支持人工智能开源社区建设。"),
    ("OPEN_WEIGHTS", "鼓励发布开放权重的基础模型。"),
    ("OPEN_SOURCE", "培育一批开源大模型。"),
    ("OPEN_WEIGHTS", "培育一批开源大模型。"),
    # jieba keeps 数据开放 / 普惠 / 算力资源 inside longer words; characters do not.
    ("OPEN_DATA", "推进公共数据开放共享。"),
    ("OPEN_DATA", "推动数据开放和高质量数据集建设。"),
    ("COMPUTE_ACCESS", "推动普惠算力服务中小企业。"),
    ("COMPUTE_ACCESS", "统筹全国算力资源布局。"),
    ("OPEN_SCIENCE", "加强科研合作和科学数据共享。"),
    ("STANDARDS_INTEROP", "加快重点领域人工智能标准研制，推动互认。"),
    ("INTL_COOPERATION", "深化国际合作，帮助全球南方国家加强能力建设。"),
    ("TRANSPARENCY", "推动人工智能应用透明、可解释。"),
    ("EXPORT_CONTROLS", "依法实施出口管制。"),
    ("SECURITY_RESTRICTIONS", "完善安全审查制度。"),
]

LOOK_ALIKES = [
    ("OPEN_SOURCE", "各地要开源节流，压减一般性支出。"),
    ("COMPUTE_ACCESS", "发展普惠金融，服务小微企业。"),
    ("STANDARDS_INTEROP", "高标准建设一批产业园区。"),
    ("OPEN_DATA", "建设绿色数据中心。"),
    ("INTL_COOPERATION", "加强安全能力建设。"),
]


@pytest.mark.parametrize(("theme", "text"), POSITIVES)
def test_theme_fires(theme, text, tag_one):
    result = tag_one(text, "zh")
    assert theme in result.themes
    assert all(text[e.start : e.end] for e in result.evidence)


@pytest.mark.parametrize(("theme", "text"), LOOK_ALIKES)
def test_look_alike_does_not_fire(theme, text, tag_one):
    assert theme not in tag_one(text, "zh").themes


def test_evidence_offsets_are_characters(tag_one):
    text = "推动公共数据开放"
    evidence = [e for e in tag_one(text, "zh").evidence if e.theme == "OPEN_DATA"]
    assert {text[e.start : e.end] for e in evidence} >= {"公共数据", "数据开放"}
