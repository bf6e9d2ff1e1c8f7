"""Modality from the clause's main undertaking, following TAXONOMY v1.1 conventions."""

from __future__ import annotations

import pytest

EN = [
    # The taxonomy's own examples.
    ("We will encourage open models.", "ENCOURAGEMENT"),
    ("We will establish a testbed.", "DIRECTIVE"),
    ("We call on all countries to share data.", "CALL_TO_OTHERS"),
    ("Encourage Open-Source and Open-Weight AI", "ENCOURAGEMENT"),
    ("Introduction", "STATEMENT"),
    ("2. Data for AI", "STATEMENT"),
    ("Recommended Policy Actions", "STATEMENT"),
    ("By 2027, the adoption rate will exceed 70%.", "DIRECTIVE"),
    ("The Commission is launching a new programme.", "DIRECTIVE"),
    ("This will more than triple the capacity.", "STATEMENT"),
    ("Shared compute would reduce costs.", "STATEMENT"),
    ("France is investing in compute.", "STATEMENT"),
    ("The State supports open-source communities.", "ENCOURAGEMENT"),
    ("Local governments will prepare plans.", "CALL_TO_OTHERS"),
    ("Member States should share best practices.", "CALL_TO_OTHERS"),
    ("Member States are encouraged to open their data.", "ENCOURAGEMENT"),
    ("Member States are invited to open their data.", "CALL_TO_OTHERS"),
    ("Let us build a common future.", "CALL_TO_OTHERS"),
    ("It is imperative that the United States lead this race.", "DIRECTIVE"),
    ("It is essential that these systems be trustworthy.", "STATEMENT"),
    # Imperative action items, with openers the verb hides behind.
    ("Led by the Department of Commerce (DOC), develop new export controls.", "DIRECTIVE"),
    ("Led by DOD, DHS, and ODNI, in coordination with OSTP, encourage responsible sharing.", "ENCOURAGEMENT"),
    ("Consider developing a voluntary benchmark.", "DIRECTIVE"),
    ("Explore the need for a new permit.", "DIRECTIVE"),
    ("Incentivize researchers to release datasets.", "DIRECTIVE"),
    ("Continue to foster the next generation of breakthroughs.", "ENCOURAGEMENT"),
    ("Accelerate the promotion of AI in government.", "ENCOURAGEMENT"),
    ("Accelerate the development of AI standards.", "DIRECTIVE"),
    ("In an orderly fashion, promote the renovation of infrastructure.", "ENCOURAGEMENT"),
    ("Vigorously support AI skills training.", "ENCOURAGEMENT"),
    ("Push for AI technologies to be open-source.", "ENCOURAGEMENT"),
    ("Where possible, adopt exclusions established by other agencies.", "DIRECTIVE"),
    ("II. Accelerating Implementation of Key Initiatives", "DIRECTIVE"),
    ("Export controls are essential to national security.", "STATEMENT"),
    # Modals and their subjects.
    ("The United States must impose strong export controls.", "DIRECTIVE"),
    ("We need to build vast AI infrastructure.", "DIRECTIVE"),
    ("The Federal government should create a supportive environment for open models.", "ENCOURAGEMENT"),
    ("These programs should be co-developed by employers and training partners.", "CALL_TO_OTHERS"),
    ("AI will improve the lives of Americans.", "STATEMENT"),
    ("Open models could become global standards.", "STATEMENT"),
    ("These agencies could then provide analysis.", "ENCOURAGEMENT"),
    ("AI systems are becoming essential tools, but these tools must also be trustworthy.", "STATEMENT"),
    ("The National Development and Reform Commission shall strengthen coordination.", "DIRECTIVE"),
    # A verb missing from the lists still opens an action item; a citation does not.
    ("Popularize the use of smart factories.", "DIRECTIVE"),
    ("Research new data-driven methods.", "DIRECTIVE"),
    ("Research Infrastructures", "STATEMENT"),
    ("See the annex for details.", "STATEMENT"),
    ("Any new provisions will take existing legislation into account.", "STATEMENT"),
    ("This initial phase acknowledges the need to safeguard existing assets.", "STATEMENT"),
    ("A company seeking compute must often sign long-term contracts.", "STATEMENT"),
    ("This includes refreshing curriculum and expanding dual enrollment.", "DIRECTIVE"),
    ("Ensure that the Government is at the forefront of evaluations", "DIRECTIVE"),
    ("Outlook The Commission together with Member States will:", "DIRECTIVE"),
    ("A revitalized U.S. chip industry will generate thousands of jobs.", "STATEMENT"),
    # Other governments' plans name themselves in many ways.
    ("The Government of India will launch a data platform.", "DIRECTIVE"),
    ("The Ministry of Economy, Trade and Industry will publish guidelines.", "DIRECTIVE"),
    ("Korea will build a national AI computing centre.", "DIRECTIVE"),
    ("Industry will lead the next wave of adoption.", "CALL_TO_OTHERS"),
    # Predictions and absent obligations undertake nothing.
    ("We also anticipate that AI will be a useful tool for assessment.", "STATEMENT"),
    ("We expect that demand for compute will grow.", "STATEMENT"),
    ("Of course, the UK does not need to own all the compute it will need.", "STATEMENT"),
    ("The government needs to build capacity.", "DIRECTIVE"),
    ("Agencies must not share model weights with adversaries.", "DIRECTIVE"),
    ("Guided by Xi Jinping Thought, we will strengthen planning.", "DIRECTIVE"),
    # An action item of a list may open with a lower-case adverb.
    ("further support the development of robotics solutions;", "ENCOURAGEMENT"),
    ("Further information is available online.", "STATEMENT"),
]
ZH = [
    ("加快推动人工智能赋能网络空间治理。", "ENCOURAGEMENT"),
    ("加快构建开源技术体系。", "DIRECTIVE"),
    ("加快工业软件创新突破。", "DIRECTIVE"),
    ("以应用为导向，持续加强高质量数据集建设。", "DIRECTIVE"),
    ("围绕重点行业，推动数据开放。", "ENCOURAGEMENT"),
    ("安全稳妥有序推进人工智能在政务领域应用。", "ENCOURAGEMENT"),
    ("鼓励有条件的企业开放数据。", "ENCOURAGEMENT"),
    ("大力支持开展人工智能技能培训。", "ENCOURAGEMENT"),
    ("我们呼吁各方加强合作。", "CALL_TO_OTHERS"),
    ("各国应共同应对全球性挑战。", "CALL_TO_OTHERS"),
    ("一、总体要求", "STATEMENT"),
    ("（一）“人工智能+”科学技术", "STATEMENT"),
    ("二、加快实施重点行动", "DIRECTIVE"),
    ("到2027年，应用普及率超70%。", "DIRECTIVE"),
    ("要强化示范引领。", "DIRECTIVE"),
    ("国家发展改革委要加强统筹协调。", "DIRECTIVE"),
    ("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：", "STATEMENT"),
    ("2025年8月21日", "STATEMENT"),
    # 要 inside 重要 / 需要 / 主要 is not the modal.
    ("人工智能是引领新一轮科技革命的重要驱动力量。", "STATEMENT"),
    ("当前，数据是主要生产要素。", "STATEMENT"),
    # 应 as "shall", but not inside 应用 / 应对 / 响应.
    ("各级政府应加强数据共享。", "DIRECTIVE"),
    ("推动人工智能在应急管理中的应用。", "ENCOURAGEMENT"),
]


@pytest.mark.parametrize(("text", "modality"), EN)
def test_modality_en(text, modality, tag_one):
    assert tag_one(text).modality == modality


@pytest.mark.parametrize(("text", "modality"), ZH)
def test_modality_zh(text, modality, tag_one):
    assert tag_one(text, "zh").modality == modality


def test_modality_names_its_cue(tag_one):
    assert tag_one("Establish a national data library.").modality_rule == "imperative:establish"
    assert tag_one("鼓励企业开放数据。", "zh").modality_rule == "encouragement-verb:鼓励"


# Forms of European and Asian plans, on invented sentences: (text, modality, deciding check).
FORMS = [
    # An imperative after an opening adverbial or purpose phrase.
    ("Regarding rural clinics, conduct a survey of their connectivity.", "DIRECTIVE", "opening-phrase:conduct"),
    ("To reach small firms, promote shared testbeds in every region.", "ENCOURAGEMENT", "opening-phrase:promote"),
    # A verb that no list of ours names, known from the English lemma index.
    ("Actively utilise regional clusters for pilot projects.", "DIRECTIVE", "imperative:utilise"),
    ("Reorient the grant scheme towards applied research.", "DIRECTIVE", "imperative:reorient"),
    # A list item continuing its lead-in, in lower case, after a date or not.
    ("in 2026 publish a register of public test facilities;", "DIRECTIVE", "continued-item:publish"),
    ("co-ordinate the national observatories;", "DIRECTIVE", "continued-item:co-ordinate"),
    ("nurture local start-up communities.", "ENCOURAGEMENT", "imperative:nurture"),
    # An action item told with a gerund; a gerund subject is a description.
    ("Opening the archives of the national library to researchers.", "DIRECTIVE", "gerund-item:opening"),
    ("Fostering links between universities and small firms.", "ENCOURAGEMENT", "gerund-item:fostering"),
    ("Opening the archives, sadly, is a slow task.", "STATEMENT", None),
    # will / shall with one of the author's own programmes or bodies as subject.
    ("The new observatory will publish yearly reports on adoption.", "DIRECTIVE", "modal:will"),
    ("The partnership will promote common testing methods.", "ENCOURAGEMENT", "modal:will"),
    ("This initiative will fund ten regional hubs.", "DIRECTIVE", "modal:will"),
    ("It will establish a forum for regulators.", "DIRECTIVE", "modal:will"),
    ("It will change how people work.", "STATEMENT", "modal:will"),
    # Encouragement verbs after will, and aims to / seeks to.
    ("The Ministry will encourage firms to publish their models.", "ENCOURAGEMENT", "modal:will"),
    ("The programme aims to widen access to supercomputers.", "ENCOURAGEMENT", "aims-to:aims"),
    ("The Agency seeks to open more of its registers.", "ENCOURAGEMENT", "aims-to:seeks"),
    # could as a proposed action, not as a possibility.
    ("The fund could be extended to social enterprises.", "ENCOURAGEMENT", "modal:could"),
    ("Regional hubs could offer training to local firms.", "ENCOURAGEMENT", "modal:could"),
    ("It could create new risks for consumers.", "STATEMENT", "modal:could"),
    # The modal's own coordinate clause decides.
    ("Public registers are valuable, and we should widen access to them.", "ENCOURAGEMENT", "modal:should"),
]


@pytest.mark.parametrize(("text", "modality", "check"), FORMS)
def test_modality_forms_name_their_check(text, modality, check, tag_one):
    tagging = tag_one(text)
    assert tagging.modality == modality
    if check is not None:
        assert tagging.modality_rule == check


def test_checks_are_an_ordered_table_of_named_functions():
    from policyapp.tagging.modality_en import CHECKS

    names = [name for name, _ in CHECKS]
    assert len(names) == len(set(names))
    # Clause form before modals: "Led by X, develop ..." must not be read from a later "will".
    assert names.index("imperative") < names.index("opening-phrase") < names.index("modal")


# Each Chinese check on invented sentences: (text, modality, deciding check, actor).
ZH_CHECKS = [
    ("三、保障措施：", "STATEMENT", "heading-or-date", ""),
    ("2031年3月9日", "STATEMENT", "heading-or-date", ""),
    ("到2030年，国家开放的公共数据集超过500个。", "DIRECTIVE", "target-year", "国家"),
    ("我们倡议沿海城市共享海洋观测数据。", "CALL_TO_OTHERS", "call-verb:倡议", ""),
    ("国际社会应携手弥合算力鸿沟。", "CALL_TO_OTHERS", "other-party:国际社会", "国际社会"),
    ("为此，现提出以下措施。", "STATEMENT", "preamble", ""),
    ("近年来，各地陆续建成一批开放实验室。", "STATEMENT", "background", ""),
    ("（二）积极推动高校开放科研仪器。", "ENCOURAGEMENT", "encouragement-verb:推动", "高校"),
    ("支持中小企业使用公共算力。", "ENCOURAGEMENT", "encouragement-verb:支持", "中小企业"),
    # Duties a regulation lays on parties other than the state are calls on them to act.
    ("第五条 模型服务提供者应当公开训练数据的来源。", "CALL_TO_OTHERS", "duty-of-others:应当", "模型服务提供者"),
    ("任何组织和个人不得非法获取他人数据。", "CALL_TO_OTHERS", "duty-of-others:不得", "任何组织和个人"),
    ("平台经营者必须标注合成内容。", "CALL_TO_OTHERS", "duty-of-others:必须", "平台经营者"),
    # a condition between the party and its duty: the party is still who must act
    ("使用者发现虚假信息的，应当及时报告。", "CALL_TO_OTHERS", "duty-of-others:应当", "使用者"),
    # The same duties on the state or its organs are the author's undertakings.
    ("省级网信部门应当建立投诉渠道。", "DIRECTIVE", "modal:应当", "省级网信部门"),
    ("监管机构不得泄露企业商业秘密。", "DIRECTIVE", "modal:不得", "监管机构"),
    ("要完善算力调度机制。", "DIRECTIVE", "modal:要", ""),
    # 不得不 (has to) is not a prohibition.
    ("企业不得不压缩研发开支。", "STATEMENT", "no-undertaking", ""),
    ("1.建设区域数据交易平台。", "DIRECTIVE", "action-verb:建设", ""),
    ("企业的研发投入持续增长，带动了新一轮算力需求。", "DIRECTIVE", "sentence", ""),
    ("数据要素市场", "STATEMENT", "no-undertaking", ""),
]


@pytest.mark.parametrize(("text", "modality", "check", "actor"), ZH_CHECKS)
def test_chinese_checks_name_themselves(text, modality, check, actor, tag_one):
    tagging = tag_one(text, "zh")
    assert (tagging.modality, tagging.modality_rule, tagging.actor) == (modality, check, actor)


def test_chinese_checks_are_an_ordered_table_of_named_functions():
    from policyapp.tagging.modality_zh import CHECKS

    names = [name for name, _ in CHECKS]
    assert len(names) == len(set(names))
    # A duty's bearer is read before the modal makes it the author's undertaking.
    assert names.index("encouragement-verb") < names.index("duty-of-others") < names.index("modal")


def test_chinese_list_markers_come_from_the_one_marker_grammar():
    from policyapp.tagging.modality_zh import undertaking_zh

    # Markers that only ingest/markers.py knows (a chapter-style article number, a circled
    # digit) are skipped like any other, so the verb after them decides.
    assert undertaking_zh("第十二条 鼓励高校开放实验室。").cue == "encouragement-verb:鼓励"
    assert undertaking_zh("③支持开发者共享模型。").cue == "encouragement-verb:支持"
