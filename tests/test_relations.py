"""Relation rules over hand-built linked mentions: (text, mentions) -> relations."""

import pytest

from kg.model import Article, Credit, EntityType as T, Mention, Predicate
from kg.relations import find_relations
from kg.relations.awards import find_awarded, find_winners_take_part
from kg.relations.base import Doc, _by_start_longest_first
from kg.relations.byline import find_reported_by
from kg.relations.posts import find_holds_post
from kg.relations.programmes import _BY, _sentences_with, find_organizes, find_participates_in
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
    ("青禾市总工会副主席、二级巡视员王一鸣出席。", [("青禾市总工会", U, None), ("王一鸣", P, None)],
     {("王一鸣", "青禾市总工会", "副主席、二级巡视员")}),
    # X公司党委副书记、工会主席: the second post is at the company's union when the article names it
    ("由青禾钢铁公司工会承办。青禾钢铁公司党委副书记、工会主席王一鸣表示。",
     [("青禾钢铁公司工会", U, None), ("青禾钢铁公司党委", O, None), ("王一鸣", P, None)],
     {("王一鸣", "青禾钢铁公司工会", "主席"), ("王一鸣", "青禾钢铁公司党委", "副书记")}),
    ("青禾钢铁公司党委副书记、工会主席王一鸣表示。", [("青禾钢铁公司党委", O, None), ("王一鸣", P, None)],
     {("王一鸣", "青禾钢铁公司党委", "副书记、工会主席")}),
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
    # ORG 的 office: an office holder, but 的 before a bare worker title stays out (the 徒弟 row above)
    ("东风包装公司的工会干事马林感慨地说。", [("东风包装公司", E, None), ("马林", P, None)],
     {("马林", "东风包装公司", "工会干事")}),
    ("他是东风包装公司的一名职工马林。", [("东风包装公司", E, None), ("马林", P, None)],
     {("马林", "东风包装公司", "职工")}),
    # a place of work: 在 ORG + verb of working + 的 ROLE, 来自 ORG 的
    ("在东风机械有限公司已经挂职两年的工会干部王强说。", [("东风机械有限公司", E, None), ("王强", P, None)],
     {("王强", "东风机械有限公司", "工会干部")}),
    ("来自东风机械有限公司的王强获得第一名。", [("东风机械有限公司", E, None), ("王强", P, None)],
     {("王强", "东风机械有限公司", None)}),
    ("在东风机械有限公司参观的学生李娜说。", [("东风机械有限公司", E, None), ("李娜", P, None)], set()),
    # a colleague after 和 shares the body too
    ("东风机械有限公司总经理王强和副总经理李娜出席。", [("东风机械有限公司", E, None), ("王强", P, None), ("李娜", P, None)],
     {("王强", "东风机械有限公司", "总经理"), ("李娜", "东风机械有限公司", "副总经理")}),
    ("东风机械有限公司职工王强和妻子李娜来了。", [("东风机械有限公司", E, None), ("王强", P, None), ("李娜", P, None)],
     {("王强", "东风机械有限公司", "职工")}),
    # a body inside the role that no finder named: the post is not at the parent
    ("这是青禾市总工会职工服务中心干部刘宁的体会。", [("青禾市总工会", U, None), ("刘宁", P, None)], set()),
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
    # an adverb before the joiner: A则联合B, A还与B联合
    ("青禾市总工会则联合青禾大学开展“职工心理关爱行动”。",
     [("青禾市总工会", U, None), ("青禾大学", O, None), ("职工心理关爱行动", G, None)],
     {("青禾市总工会", "职工心理关爱行动"), ("青禾大学", "职工心理关爱行动")}),
    ("青禾市总工会还与市人社局联合开展“技能提升行动”。",
     [("青禾市总工会", U, None), ("市人社局", O, "青禾市人社局"), ("技能提升行动", G, None)],
     {("青禾市总工会", "技能提升行动"), ("青禾市人社局", "技能提升行动")}),
    # not a joiner: the workers of A are not a co-organiser
    ("青禾公司职工和青禾市总工会开展“技能提升行动”。",
     [("青禾公司", E, None), ("青禾市总工会", U, None), ("技能提升行动", G, None)],
     {("青禾市总工会", "技能提升行动")}),
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
    # bodies listed together right before the programme share it
    ("落实青禾市委、市政府“三讲”活动要求。",
     [("青禾市委", O, None), ("市政府", O, "青禾市政府"), ("三讲", G, "三讲活动")],
     {("青禾市委", "三讲活动"), ("青禾市政府", "三讲活动")}),
    # a venue behind places (深入 X县 Y乡 Z学校) is still a venue
    ("东江商会深入青禾县南山乡明德学校开展“爱心助学”捐赠活动。",
     [("东江商会", O, None), ("青禾县", L, None), ("南山乡", L, None), ("明德学校", O, None), ("爱心助学", G, None)],
     {("东江商会", "爱心助学")}),
    # 本届X由…主办,…承办: hosts and co-hosts of the programme the event's name ends
    ("今天,“东江省快递员节”在青禾举行。本届快递员节由东江省总工会、东江省邮政管理局主办,青禾市总工会承办。",
     [("东江省快递员节", G, None), ("东江省总工会", U, None), ("东江省邮政管理局", O, None), ("青禾市总工会", U, None)],
     {("东江省总工会", "东江省快递员节"), ("东江省邮政管理局", "东江省快递员节"), ("青禾市总工会", "东江省快递员节")}),
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


@pytest.mark.parametrize("headline, body, specs, expected", [
    # 启动仪式由A指导、B主办: the guide is neither host nor the lead's subject
    ("“青禾大讲堂”开讲", "启动仪式由青禾市总工会指导、南山区总工会主办。",
     [("青禾大讲堂", G, None), ("青禾市总工会", U, None), ("南山区总工会", U, None)],
     {("南山区总工会", "青禾大讲堂")}),
    # no subject in headline or lead: the one body that opens sentences running things
    ("工会扶贫走向线上化", "“云游青禾”直播吸引20万人观看。\n今年,青禾县总连续召开部署会,要求开展“消费助农”行动。",
     [("云游青禾", G, None), ("青禾县总", U, "青禾县总工会"), ("消费助农", G, None)],
     {("青禾县总工会", "云游青禾"), ("青禾县总工会", "消费助农")}),
    # two bodies, one sentence each: no subject of the article
    ("东江工会风采", "“云游青禾”直播吸引观看。\n青禾县总开展“消费助农”行动。南山县总推出“技能快车”。",
     [("云游青禾", G, None), ("青禾县总", U, "青禾县总工会"), ("消费助农", G, None), ("南山县总", U, "南山县总工会"), ("技能快车", G, None)],
     {("青禾县总工会", "消费助农"), ("南山县总工会", "技能快车")}),
    # 在“P”活动中: an event of the article's subject, not a venue
    ("青禾市总工会锤炼干部", "青年干部王林在“三讲”活动中提出思路。",
     [("青禾市总工会", U, None), ("王林", P, None), ("三讲", G, "三讲活动")],
     {("青禾市总工会", "三讲活动")}),
])
def test_organizes_from_the_article(headline, body, specs, expected):
    assert {(s, o) for s, o, _ in run(find_organizes, headline + "\n" + body, specs, headline=headline)} == expected


PARTICIPATES = [
    ("学员陈红正在参加职工夜校的课。", [("陈红", P, None), ("职工夜校", G, None)], {("陈红", "职工夜校")}),
    ("青禾区总工会推出“周末课堂”,邀请护士长陈红为孩子们讲授急救知识。",
     [("青禾区总工会", U, None), ("周末课堂", G, None), ("陈红", P, None)], {("陈红", "周末课堂")}),
    # the programme's name carries the person's name
    ("走进吴刚劳模创新工作室,满墙荣誉。", [("吴刚劳模创新工作室", G, None)], set()),
    ("吴刚走进吴刚劳模创新工作室。", [("吴刚", P, None), ("吴刚劳模创新工作室", G, None)], {("吴刚", "吴刚劳模创新工作室")}),
    # a quoted source is not shown taking part; reporters in the dateline neither
    ("青禾市总工会干部李明说,参加“新声台”调研收获很大。", [("李明", P, None), ("新声台", G, None)], set()),
    ("青禾市总工会主席李明在仪式上说,“金秋助学”已资助学生1.2万人次。", [("李明", P, None), ("金秋助学", G, None)], set()),
    ("受助学生代表陈红说,“金秋助学”让她圆了大学梦。", [("陈红", P, None), ("金秋助学", G, None)], {("陈红", "金秋助学")}),
    ("本报讯(记者王芳)学员们参加“新声台”活动。", [("王芳", P, None), ("新声台", G, None)], set()),
    # 在“P”活动中: the person is at the event; 在P的带动下 is not
    ("青禾市总工会青年干部王林在“三讲”活动中提出思路。",
     [("青禾市总工会", U, None), ("王林", P, None), ("三讲", G, "三讲活动")], {("王林", "三讲活动")}),
    ("王林在“青禾大讲堂”的带动下成长。", [("王林", P, None), ("青禾大讲堂", G, None)], set()),
    # benefiting from a grant of the programme, or through it; a quoted source still only speaks
    ("李娜获得“金秋助学”资助。", [("李娜", P, None), ("金秋助学", G, None)], {("李娜", "金秋助学")}),
    ("通过“青禾鹊桥”,李娜结识了丈夫。", [("青禾鹊桥", G, None), ("李娜", P, None)], {("李娜", "青禾鹊桥")}),
    ("王林说,通过“青禾鹊桥”,很多职工结识了伴侣。", [("王林", P, None), ("青禾鹊桥", G, None)], set()),
    # 得益于P: the person benefits from the programme named in the sentence
    ("得益于东风公司工会打造的“四维一体”体系,钱亮拿到奖励。", [("四维一体", G, None), ("钱亮", P, None)], {("钱亮", "四维一体")}),
    ("钱亮拿到奖励。", [("钱亮", P, None)], set()),
    # 这次专班: a demonstrative and the tail of one programme's name point back at it
    ("工会开设“青禾环卫技能专班”。这次专班开班,王五特意报名计算机专业。",
     [("青禾环卫技能专班", G, None), ("王五", P, None)], {("王五", "青禾环卫技能专班")}),
    # ... not when the noun fits two programmes, nor without a cue of taking part
    ("工会开设“青禾环卫技能专班”和“青禾保洁专班”。这次专班开班,王五特意报名。",
     [("青禾环卫技能专班", G, None), ("青禾保洁专班", G, None), ("王五", P, None)], set()),
    ("工会开设“青禾环卫技能专班”。这次专班开班,王五到场。", [("青禾环卫技能专班", G, None), ("王五", P, None)], set()),
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
    ("全国三八红旗手李丽来到现场。", [("全国三八红旗手", H, None), ("李丽", P, None)], {("李丽", "全国三八红旗手")}),
    # a copula: 是 (一名) H
    ("班长林江是全国劳动模范,他说。", [("林江", P, None), ("全国劳动模范", H, None)], {("林江", "全国劳动模范")}),
    ("林江是一名全国五一劳动奖章获得者。", [("林江", P, None), ("全国五一劳动奖章", H, None)], {("林江", "全国五一劳动奖章")}),
    ("林江说全国劳动模范很多。", [("林江", P, None), ("全国劳动模范", H, None)], set()),
    # what a speaker reports is not hers, unless she is its subject
    ("工会主席林江介绍,近年来公司有3个班组获得“全国工人先锋号”称号。",
     [("林江", P, None), ("全国工人先锋号", H, None)], set()),
    ("林江介绍,她今年获得“全国五一劳动奖章”。", [("林江", P, None), ("全国五一劳动奖章", H, None)],
     {("林江", "全国五一劳动奖章")}),
    # a union holds what it is named (no awarded for unions), not the next person in the sentence
    ("去年,青禾机场工会获评“全国模范职工之家”,该单位职工林江荣获全国五一劳动奖章。",
     [("青禾机场工会", U, None), ("全国模范职工之家", H, None), ("林江", P, None), ("全国五一劳动奖章", H, None)],
     {("林江", "全国五一劳动奖章")}),
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
    # 作为H代表; honoured at the ceremony of H
    ("村民王林作为“创业示范户”代表获得表彰。", [("王林", P, None), ("创业示范户", H, None)], {("王林", "创业示范户")}),
    ("在“勤劳致富示范户”表彰大会上,村民王林获得表彰。", [("勤劳致富示范户", H, None), ("王林", P, None)],
     {("王林", "勤劳致富示范户")}),
    ("在“勤劳致富示范户”表彰大会上,村民王林发言。", [("勤劳致富示范户", H, None), ("王林", P, None)], set()),
    # 他 as subject: the one person of the sentence before
    ("村民王林声音有些颤抖。他一家被评为“热心公益示范户”。", [("王林", P, None), ("热心公益示范户", H, None)],
     {("王林", "热心公益示范户")}),
    ("王林和李娜来了。他被评为“热心公益示范户”。", [("王林", P, None), ("李娜", P, None), ("热心公益示范户", H, None)], set()),
    # 授予: the one given the honour stands after the verb, the giver before it
    ("青禾市总工会授予东风机械有限公司“模范职工之家”称号。",
     [("青禾市总工会", U, None), ("东风机械有限公司", E, None), ("模范职工之家", H, None)], {("东风机械有限公司", "模范职工之家")}),
    ("东风机械有限公司被授予“模范职工之家”称号。", [("东风机械有限公司", E, None), ("模范职工之家", H, None)],
     {("东风机械有限公司", "模范职工之家")}),
    ("荣获全国五一劳动奖状的东风机械有限公司扩大生产。", [("全国五一劳动奖状", H, None), ("东风机械有限公司", E, None)],
     {("东风机械有限公司", "全国五一劳动奖状")}),
    # an honour before a post at a body no finder named
    ("东江工匠、青禾汽车基地设备经理张亮带来零件。", [("东江工匠", H, None), ("张亮", P, None)], {("张亮", "东江工匠")}),
]


@pytest.mark.parametrize("text, specs, expected", AWARDS)
def test_awarded(text, specs, expected):
    assert {(s, o) for s, o, _ in run(find_awarded, text, specs)} == expected


def test_people_honoured_hold_the_honour_of_the_headline():
    headline = "青禾县总工会选树“勤劳致富示范户”"
    text = headline + "\n在受表彰的人中,26岁的王林最年轻。李娜说,天气很好。"
    specs = [("青禾县总工会", U, None), ("勤劳致富示范户", H, None), ("王林", P, None), ("李娜", P, None)]
    assert {(s, o) for s, o, _ in run(find_awarded, text, specs, headline=headline)} == {("王林", "勤劳致富示范户")}


def test_person_named_only_inside_the_programme_takes_part_in_it():
    text = "学生们来到吴刚劳模创新工作室参观。"
    start = text.index("吴刚")
    ms = [(Mention("吴刚劳模创新工作室", G, start, start + 9), "Programme/吴刚劳模创新工作室"),
          (Mention("吴刚", P, start, start + 2), "Person/吴刚")]
    rels = find_participates_in(Article("p#0", "p.txt", 0, "", text), ms)
    assert {(r.subject, r.object) for r in rels} == {("Person/吴刚", "Programme/吴刚劳模创新工作室")}
    # a person inside another body's name (a union's) takes no part in the programme of the sentence
    text = "吴刚工作室工会组织职工参加“青禾夜校”。"
    ms = [(Mention("吴刚工作室工会", U, 0, 7), "Union/吴刚工作室工会"), (Mention("吴刚", P, 0, 2), "Person/吴刚"),
          (Mention("青禾夜校", G, 14, 18), "Programme/青禾夜校")]
    assert find_participates_in(Article("p#0", "p.txt", 0, "", text), ms) == []


@pytest.mark.parametrize("body, expected", [
    # 讲述/分享 make a person a speaker of the programme the headline names, in a later sentence
    ("工匠宋林讲述了成才经历。", {("宋林", "东江职工大讲堂")}),
    ("工匠宋林分享了创新心得。", {("宋林", "东江职工大讲堂")}),
    # no cue: only present
    ("工匠宋林也来到现场。", set()),
])
def test_speakers_take_part_in_the_programme_of_the_article(body, expected):
    headline = "东江“东江职工大讲堂”开讲"
    text = headline + "\n" + body
    specs = [("东江职工大讲堂", G, None), ("宋林", P, None)]
    assert {(s, o) for s, o, _ in run(find_participates_in, text, specs, headline=headline)} == expected


def test_winners_take_part_in_the_programme_named_after_the_honour():
    text = "王林被评为“最美职工”。“最美职工”评选活动已举办三届。李娜参观了展览。"
    specs = [("王林", P, None), ("最美职工", H, None), ("最美职工", G, "最美职工评选活动"), ("李娜", P, None)]
    assert {(s, o) for s, o, _ in run(find_winners_take_part, text, specs)} == {("王林", "最美职工评选活动")}


UNION_PARTS = [
    ("东风钢铁集团工会隶属于青禾市总工会。", [("东风钢铁集团工会", U, None), ("青禾市总工会", U, None)],
     {("东风钢铁集团工会", "青禾市总工会")}),
    ("青禾市总工会直属的东风机械公司工会。", [("青禾市总工会", U, None), ("东风机械公司工会", U, None)],
     {("东风机械公司工会", "青禾市总工会")}),
    ("由青禾市总工会和省建材工会联合主办。", [("青禾市总工会", U, None), ("省建材工会", U, "东江省建材工会")], set()),
    ("东风船厂工会是青禾新区总工会下属的基层工会。", [("东风船厂工会", U, None), ("青禾新区总工会", U, None)],
     {("东风船厂工会", "青禾新区总工会")}),
    ("青禾新区总工会下辖的鱼复园区工会联合会成立。", [("青禾新区总工会", U, None), ("鱼复园区工会联合会", U, None)],
     {("鱼复园区工会联合会", "青禾新区总工会")}),
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


def test_rules_share_one_doc_per_article():
    """The rules of one article share its Doc; other mentions give a new one."""
    from kg.relations.base import doc_of

    article = Article("a", "a", 0, "", "青禾市总工会组织部部长王一鸣介绍。")
    linked = [(Mention("青禾市总工会", T.UNION, 0, 6), "Union/青禾市总工会")]
    doc = doc_of(article, linked)
    assert doc_of(article, linked) is doc
    assert doc_of(article, list(linked)) is not doc
    linked.append((Mention("王一鸣", T.PERSON, 11, 14), "Person/王一鸣"))
    again = doc_of(article, linked)
    assert again is not doc and [n.key for n in again.nodes] == ["Union/青禾市总工会", "Person/王一鸣"]


# --- the span queries of Doc, found by bisection, as the plain scans they replace


def _doc_for_queries() -> Doc:
    text = "青禾市总工会主席王一鸣介绍。青禾市总开办了“青年干部提升班”;学员李四参加。\n第二段,青禾县教育局协办。"
    specs = [("青禾市总工会", T.UNION, 0), ("青禾市", T.PLACE, 0), ("王一鸣", T.PERSON, 8), ("青禾市总", T.UNION, 14),
             ("青年干部提升班", T.PROGRAMME, 22), ("李四", T.PERSON, 34), ("青禾县教育局", T.ORGANIZATION, 45)]
    linked = [(Mention(name, type_, at, at + len(name)), f"{type_.value}/{name}") for name, type_, at in specs]
    return Doc(Article("p#0", "p.txt", 0, "", text), linked)


def test_doc_span_queries_as_scans():
    doc = _doc_for_queries()
    assert [n.text for n in doc.nodes] == ["青禾市总工会", "王一鸣", "青禾市总", "青年干部提升班", "李四", "青禾县教育局"]
    for a in range(len(doc.text) + 2):
        assert doc.sentences_before(a) == [s for s in doc.sentences if s[1] <= a]
        assert doc.sentences_ending_by(a) == len(doc.sentences_before(a))
        assert doc.starting_before(a) == [n for n in doc.nodes if n.start < a]
        assert doc.starting_from(a) == [n for n in doc.nodes if n.start >= a]
        for b in range(a, len(doc.text) + 2):
            assert doc.starting_in(a, b) == [n for n in doc.nodes if a <= n.start < b]
            assert doc.sentences_from(a, b) == [s for s in doc.sentences if a <= s[0] < b]
            assert doc.nodes_in(a, b) == [n for n in doc.nodes if a <= n.start and n.end <= b]
            assert doc.nodes_in(a, b, (T.PERSON,)) == [n for n in doc.nodes if a <= n.start and n.end <= b and n.type is T.PERSON]
    assert doc.of_type(T.UNION, T.ORGANIZATION) == [n for n in doc.nodes if n.type in (T.UNION, T.ORGANIZATION)]
    assert [m.text for m, _ in doc.linked_of(T.PLACE)] == ["青禾市"]


@pytest.mark.parametrize(
    "spans",
    [
        [(3, 5, T.PLACE, "a"), (0, 2, T.UNION, "b"), (0, 7, T.UNION, "c"), (0, 7, T.PLACE, "d"), (3, 5, T.PERSON, "e")],
        [(1, 1, T.PERSON, "x"), (0, 1, T.PERSON, "y")],
        [],
    ],
)
def test_spans_by_start_longest_first(spans):
    assert _by_start_longest_first(spans) == sorted(spans, key=lambda s: (s[0], -s[1], s[2].value))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("由甲主办。乙。丙由丁承办,由戊协办。", ["由甲主办。", "丙由丁承办,由戊协办。"]),
        ("没有这个字。", []),
        ("理由充分。由此可见。", ["理由充分。", "由此可见。"]),  # every 由: which are "by" is the rule's to say
    ],
)
def test_sentences_with(text, expected):
    doc = Doc(Article("p#0", "p.txt", 0, "", text), [])
    assert [text[a:b] for a, b in _sentences_with(doc, "由")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("由甲主办", [0]), ("自由职业,理由,缘由,由于,由此", []), ("由于甲,由乙主办", [4]), ("甲由乙", [1])],
)
def test_by_as_agent(text, expected):
    assert [m.start() for m in _BY.finditer(text)] == expected
