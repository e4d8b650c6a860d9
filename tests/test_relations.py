"""Relation rules over hand-built linked mentions: (text, mentions) -> relations."""

import pytest

from kg.model import Article, Credit, EntityType as T, Mention, Predicate
from kg.relations import find_relations
from kg.relations.awards import find_awarded
from kg.relations.byline import find_reported_by
from kg.relations.posts import find_holds_post
from kg.relations.programmes import find_organizes, find_participates_in
from kg.relations.unions import find_union_part_of

U, P, E, O, G, H, L = T.UNION, T.PERSON, T.ENTERPRISE, T.ORGANIZATION, T.PROGRAMME, T.HONOUR, T.PLACE


def linked(text: str, specs) -> list[tuple[Mention, str]]:
    """(surface, type, canonical name or None) in text order -> (Mention, key)."""
    out, pos = [], 0
    for surface, type_, name in specs:
        start = text.index(surface, pos)
        pos = start + 1 if type_ is T.PLACE else start + len(surface)
        out.append((Mention(surface, type_, start, start + len(surface)), f"{type_.value}/{name or surface}"))
    return out


def run(rule, text, specs, headline=""):
    art = Article("p#0", "p.txt", 0, headline, text)
    rels = rule(art, linked(text, specs))
    for r in rels:  # evidence is the sentence, at its offsets
        assert art.text[r.start:r.end] == r.evidence and r.article == "p#0"
    return {(r.subject.split("/", 1)[1], r.object.split("/", 1)[1], r.role) for r in rels}


POSTS = [
    # ORG + role + PERSON
    ("青禾市总工会组织部部长王一鸣告诉记者。", [("青禾市总工会", U, None), ("王一鸣", P, None)],
     {("王一鸣", "青禾市总工会", "组织部部长")}),
    # a chain: two posts at two bodies, the second a context reference already linked
    ("青禾市人大常委会副主任、市总工会主席刘大海表示。",
     [("青禾市人大常委会", O, None), ("市总工会", U, "青禾市总工会"), ("刘大海", P, None)],
     {("刘大海", "青禾市人大常委会", "副主任"), ("刘大海", "青禾市总工会", "主席")}),
    # two roles at one body
    ("据青禾市总工会党组书记、副主席陈立介绍。", [("青禾市总工会", U, None), ("陈立", P, None)],
     {("陈立", "青禾市总工会", "党组书记、副主席")}),
    # a worker; a programme inside the role does not break it
    ("东风机械有限公司职工赵强说。", [("东风机械有限公司", E, None), ("赵强", P, None)],
     {("赵强", "东风机械有限公司", "职工")}),
    ("南门文化宫职工夜校负责人孙丽介绍。", [("南门文化宫", O, None), ("职工夜校", G, None), ("孙丽", P, None)],
     {("孙丽", "南门文化宫", "职工夜校负责人")}),
    # an honour before the chain is not a post
    ("全国劳动模范、东风机械有限公司维护部副主任钱进参加。",
     [("全国劳动模范", H, None), ("东风机械有限公司", E, None), ("钱进", P, None)],
     {("钱进", "东风机械有限公司", "维护部副主任")}),
    # PERSON 是 ORG 的一名 ROLE
    ("周敏是青禾镇总工会的一名社会化工会工作者。", [("周敏", P, None), ("青禾镇总工会", U, None)],
     {("周敏", "青禾镇总工会", "社会化工会工作者")}),
    # 公司 points back to the company of the sentence before
    ("走进东风面业有限公司,车间繁忙。“产品远销海外。”公司总经理吴涛介绍说。",
     [("东风面业有限公司", E, None), ("吴涛", P, None)],
     {("吴涛", "东风面业有限公司", "总经理")}),
    # a bracket after the name
    ("据吴涛(东风面业有限公司总经理)介绍。", [("吴涛", P, None), ("东风面业有限公司", E, None)],
     {("吴涛", "东风面业有限公司", "总经理")}),
    # commas around body and role
    ("“干就要干好。”孙强,东风重工集团首席技师,这样说。", [("孙强", P, None), ("东风重工集团", E, None)],
     {("孙强", "东风重工集团", "首席技师")}),
    ("孙强,东风重工集团职工李红说。", [("孙强", P, None), ("东风重工集团", E, None), ("李红", P, None)],
     {("李红", "东风重工集团", "职工")}),
    # a colleague after 、 shares the body
    ("青禾市总工会主席张伟、副主席李娜出席。", [("青禾市总工会", U, None), ("张伟", P, None), ("李娜", P, None)],
     {("张伟", "青禾市总工会", "主席"), ("李娜", "青禾市总工会", "副主席")}),
    # a bare worker title in an article about one enterprise
    ("东风煤矿增效。东风煤矿改造设备。“很平稳。”操作工郑红说。",
     [("东风煤矿", E, None), ("东风煤矿", E, None), ("郑红", P, None)],
     {("郑红", "东风煤矿", "操作工")}),
    # not posts: a verb, 的, or an honour alone between the body and the name
    ("青禾市总工会邀请专家李华授课。", [("青禾市总工会", U, None), ("李华", P, None)], set()),
    ("东风机械有限公司的徒弟王刚说。", [("东风机械有限公司", E, None), ("王刚", P, None)], set()),
    ("大国工匠杨帆来到现场。", [("大国工匠", H, None), ("杨帆", P, None)], set()),
]


@pytest.mark.parametrize("text, specs, expected", POSTS)
def test_holds_post(text, specs, expected):
    assert run(find_holds_post, text, specs) == expected


ORGANIZES = [
    # subject + verb + programme
    ("青禾市总还专门开办了“青年干部提升班”。", [("青禾市总", U, "青禾市总工会"), ("青年干部提升班", G, None)],
     {("青禾市总工会", "青年干部提升班")}),
    # co-organisers joined by 联合 and 、
    ("青禾市总联合市教育局、市工商联,建起全省首个“劳模思政联盟”。",
     [("青禾市总", U, "青禾市总工会"), ("市教育局", O, "青禾市教育局"), ("市工商联", O, "青禾市工商联"), ("劳模思政联盟", G, None)],
     {("青禾市总工会", "劳模思政联盟"), ("青禾市教育局", "劳模思政联盟"), ("青禾市工商联", "劳模思政联盟")}),
    # 由 A 和 B 联合主办的 P
    ("近日,由青禾市总工会和省建材工会联合主办的“工匠进青禾”活动举行。",
     [("青禾市总工会", U, None), ("省建材工会", U, "东江省建材工会"), ("工匠进青禾", G, None)],
     {("青禾市总工会", "工匠进青禾"), ("东江省建材工会", "工匠进青禾")}),
    # each clause its own subject
    ("东江省教育工会打造“公益红娘”、南山油田工会打造“油田红娘”。",
     [("东江省教育工会", U, None), ("公益红娘", G, None), ("南山油田工会", U, None), ("油田红娘", G, None)],
     {("东江省教育工会", "公益红娘"), ("南山油田工会", "油田红娘")}),
    # a body that takes part is not the organiser; 由于 is not 由
    ("东风机械有限公司职工参加了工会开展的“技能提升班”。", [("东风机械有限公司", E, None), ("技能提升班", G, None)], set()),
    ("由于东风机械有限公司开展“技能提升班”,职工受益。", [("东风机械有限公司", E, None), ("技能提升班", G, None)],
     {("东风机械有限公司", "技能提升班")}),
    # a body naming its own service is not the subject of the clause
    ("将省妇联“家庭服务”等项目融入驿站,打造“群团协同”平台。", [("省妇联", O, "东江省妇联"), ("群团协同", G, None)], set()),
    # a venue after 在 is not an organiser
    ("青禾市总在东风学院举办“技能提升班”。",
     [("青禾市总", U, "青禾市总工会"), ("东风学院", O, None), ("技能提升班", G, None)],
     {("青禾市总工会", "技能提升班")}),
    # the body named right before the programme
    ("南门文化宫职工夜校拳击班里,学员们正在训练。", [("南门文化宫", O, None), ("职工夜校", G, None)],
     {("南门文化宫", "职工夜校")}),
    # P 是 ORG 的…
    ("“三述”活动,是青禾市总淬炼干部队伍的系列举措之一。", [("三述", G, "三述活动"), ("青禾市总", U, "青禾市总工会")],
     {("青禾市总工会", "三述活动")}),
    # a programme run by another programme is not the subject's
    ("此外,“青禾大讲堂”开设了“云上课堂”“技能微课”等课程。",
     [("青禾大讲堂", G, None), ("云上课堂", G, None), ("技能微课", G, None)], set()),
    # no organiser in the sentence and no headline subject: nothing
    ("“爱心驿站”深受职工欢迎。", [("爱心驿站", G, None)], set()),
]


@pytest.mark.parametrize("text, specs, expected", ORGANIZES)
def test_organizes(text, specs, expected):
    assert {(s, o) for s, o, _ in run(find_organizes, text, specs)} == expected


def test_headline_subject_organizes_what_no_sentence_gives_an_organiser():
    text = "青禾市总举办“工匠进青禾”活动\n“工匠进青禾”活动举行。在“青禾工惠”平台报名,以“职工e家”为平台。"
    specs = [("青禾市总", U, "青禾市总工会"), ("工匠进青禾", G, None), ("工匠进青禾", G, None),
             ("青禾工惠", G, None), ("职工e家", G, None)]
    got = {(s, o) for s, o, _ in run(find_organizes, text, specs, headline="青禾市总举办“工匠进青禾”活动")}
    assert got == {("青禾市总工会", "工匠进青禾")}


PARTICIPATES = [
    ("学员陈红正在参加职工夜校的课。", [("陈红", P, None), ("职工夜校", G, None)], {("陈红", "职工夜校")}),
    # the programme's name carries the person's name
    ("走进吴刚劳模创新工作室,满墙荣誉。", [("吴刚劳模创新工作室", G, None)], set()),
    ("吴刚走进吴刚劳模创新工作室。", [("吴刚", P, None), ("吴刚劳模创新工作室", G, None)], {("吴刚", "吴刚劳模创新工作室")}),
    # a quoted source is not shown taking part; reporters in the dateline neither
    ("青禾市总工会干部李明说,参加“新声台”调研收获很大。", [("李明", P, None), ("新声台", G, None)], set()),
    ("本报讯(记者王芳)学员们参加“新声台”活动。", [("王芳", P, None), ("新声台", G, None)], set()),
]


@pytest.mark.parametrize("text, specs, expected", PARTICIPATES)
def test_participates_in(text, specs, expected):
    assert {(s, o) for s, o, _ in run(find_participates_in, text, specs)} == expected


AWARDS = [
    ("全国劳动模范张明、全国五一劳动奖章获得者刘芳、东江工匠白杨来到现场。",
     [("全国劳动模范", H, None), ("张明", P, None), ("全国五一劳动奖章", H, None), ("刘芳", P, None),
      ("东江工匠", H, None), ("白杨", P, None)],
     {("张明", "全国劳动模范"), ("刘芳", "全国五一劳动奖章"), ("白杨", "东江工匠")}),
    ("“大国工匠年度人物”竺明等6位劳模受聘。", [("大国工匠年度人物", H, None), ("竺明", P, None)], {("竺明", "大国工匠年度人物")}),
    ("今年被评为全国劳动模范的东风燃气有限公司职工林江即将入学。",
     [("全国劳动模范", H, None), ("东风燃气有限公司", E, None), ("林江", P, None)], {("林江", "全国劳动模范")}),
    ("托育园成立不久,青禾园区管委会即入选两部门公布的全国爱心托育用人单位。",
     [("青禾园区管委会", O, None), ("全国爱心托育用人单位", H, None)], {("青禾园区管委会", "全国爱心托育用人单位")}),
    ("当问及今年当选全国劳模的感受,何强坚定地说。", [("全国劳模", H, "全国劳动模范"), ("何强", P, None)],
     {("何强", "全国劳动模范")}),
    ("全国劳动模范、国家电网工匠……满墙荣誉见证着何强的成长。",
     [("全国劳动模范", H, None), ("国家电网工匠", H, None), ("何强", P, None)],
     {("何强", "全国劳动模范"), ("何强", "国家电网工匠")}),
    ("东风机械有限公司荣膺全国五一劳动奖状。", [("东风机械有限公司", E, None), ("全国五一劳动奖状", H, None)],
     {("东风机械有限公司", "全国五一劳动奖状")}),
    # the person, not the employer named before them
    ("东风机械有限公司职工李强荣获全国五一劳动奖章。",
     [("东风机械有限公司", E, None), ("李强", P, None), ("全国五一劳动奖章", H, None)], {("李强", "全国五一劳动奖章")}),
    ("胡海的《夹具改造》、周洋的《贴膜机改造》等成果刚荣获五小优秀成果奖。",
     [("胡海", P, None), ("周洋", P, None), ("五小优秀成果奖", H, None)],
     {("胡海", "五小优秀成果奖"), ("周洋", "五小优秀成果奖")}),
    # an honour merely named near a person is not awarded to them
    ("何强说,全国劳动模范评选即将开始。", [("何强", P, None), ("全国劳动模范", H, None)], set()),
]


@pytest.mark.parametrize("text, specs, expected", AWARDS)
def test_awarded(text, specs, expected):
    assert {(s, o) for s, o, _ in run(find_awarded, text, specs)} == expected


UNION_PARTS = [
    ("东风钢铁集团工会隶属于青禾市总工会。", [("东风钢铁集团工会", U, None), ("青禾市总工会", U, None)],
     {("东风钢铁集团工会", "青禾市总工会")}),
    ("青禾市总工会直属的东风机械公司工会。", [("青禾市总工会", U, None), ("东风机械公司工会", U, None)],
     {("东风机械公司工会", "青禾市总工会")}),
    ("由青禾市总工会和省建材工会联合主办。", [("青禾市总工会", U, None), ("省建材工会", U, "东江省建材工会")], set()),
]


@pytest.mark.parametrize("text, specs, expected", UNION_PARTS)
def test_union_part_of(text, specs, expected):
    assert {(s, o) for s, o, _ in run(find_union_part_of, text, specs)} == expected


@pytest.mark.parametrize("text, name, role, evidence", [
    ("标题\n本报记者 张世光\n日前,活动举行。", "张世光", "记者", "本报记者 张世光"),
    ("标题\n本报讯(记者张坤 通讯员黎甜)近日,活动举行。", "黎甜", "通讯员", "本报讯(记者张坤 通讯员黎甜)"),
    ("标题\n正文。\n本报通讯员 沈岳 摄", "沈岳", "摄影", "本报通讯员 沈岳 摄"),
])
def test_reported_by_evidence_is_the_byline(text, name, role, evidence):
    start = text.index(name)
    art = Article("p#0", "p.txt", 0, "标题", text, credits=(Credit(name, role, start, start + len(name)),))
    (rel,) = find_reported_by(art, [])
    assert (rel.subject, rel.role, rel.evidence, text[rel.start:rel.end]) == (f"Person/{name}", role, evidence, evidence)


def test_reported_by_from_credits():
    art = Article("p#0", "p.txt", 0, "标题", "标题\n正文。", credits=(Credit("张坤", "记者"), Credit("沈岳", "摄影")))
    assert {(r.subject, r.object, r.role) for r in find_reported_by(art, [])} == {
        ("Person/张坤", "p#0", "记者"), ("Person/沈岳", "p#0", "摄影")}


def test_find_relations_runs_every_rule_once():
    text = "青禾市总工会组织部部长王一鸣介绍,青禾市总开办了“青年干部提升班”。"
    specs = [("青禾市总工会", U, None), ("王一鸣", P, None), ("青禾市总", U, "青禾市总工会"), ("青年干部提升班", G, None)]
    rels = find_relations(Article("p#0", "p.txt", 0, "", text), linked(text, specs))
    assert sorted(r.predicate.value for r in rels) == [Predicate.HOLDS_POST.value, Predicate.ORGANIZES.value]
