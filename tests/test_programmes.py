"""Programme mentions: quoted names with a head noun, an own head, a launch verb or an
apposition; nationwide programmes; studios named after a person. Slogans and generic
activities are not programmes."""

import pytest

from kg.extract.programmes import (
    _QUOTE,
    _chains,
    _known_forms,
    _unquoted_matches,
    _unquoted_pattern,
    find_programmes,
    head_after,
)
from kg.model import Article, EntityType


def found(text: str) -> list[tuple[str, str]]:
    """(canonical name, surface) pairs."""
    return [(m.name, m.text) for m in find_programmes(Article("a", "s", 0, "", text))]


def canonical(text: str) -> list[str]:
    return sorted({m.name for m in find_programmes(Article("a", "s", 0, "", text))})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a head noun after the quote joins the name; the bare quote is the surface (an alias)
        ("市总建立了一套“学讲用”考评激励机制,通过量化考评。", [("学讲用考评激励机制", "学讲用")]),
        ("以“齐鲁工惠”APP为平台开展线上相亲活动。", [("齐鲁工惠APP", "齐鲁工惠")]),
        ("打造“助学帮扶—实践赋能—就业援助”全链条帮扶体系。", [("助学帮扶—实践赋能—就业援助全链条帮扶体系", "助学帮扶—实践赋能—就业援助")]),
        # the name ends in a head itself
        ("市总还设立了“翻转课堂”,让年轻干部上台讲。", [("翻转课堂", "翻转课堂")]),
        ("开展‘雏雁行动’助力他们成长。", [("雏雁行动", "雏雁行动")]),
        # a launch verb before a bare quote
        ("该公司工会及时推出“移动餐车”,提供丰富的菜品。", [("移动餐车", "移动餐车")]),
        ("连续5年开展免费“劳动用工法治体检”,覆盖94家企业。", [("劳动用工法治体检", "劳动用工法治体检")]),
        # apposition to a head noun
        ("创新打造调研工作品牌——“新音台”,让年轻干部成长。", [("新音台", "新音台")]),
        # a known programme keeps its own name when quoted with a head (as 金秋助学 unquoted)
        ("青禾市总工会举行“金秋助学”活动启动仪式。", [("金秋助学", "金秋助学")]),
        ("市总工会举办“龙城工匠”技能比武,共有800余名选手参赛。", [("龙城工匠技能比武", "技能比武")]),
    ],
)
def test_quoted_programmes(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # quotes that share one head are programmes each, without the head
        ("常态化开展“冬送温暖”“夏送清凉”专项行动。", ["冬送温暖", "夏送清凉"]),
        ("设计了“工业遗产研学”“劳模面对面”2条特色路线。", ["劳模面对面", "工业遗产研学"]),
        # a name the text always uses with one head takes it
        ("“116+N”服务品牌即以改革为主线。以“116+N”服务品牌为抓手。", ["116+N服务品牌"]),
        # a name used with different heads, or bare, is named bare
        ("打造“新音台”调研工作品牌。“新音台”调研小队开展调研。“新音台”创建以来成效显著。", ["新音台"]),
        ("开播“云相亲”栏目。“云相亲”活动帮助43对职工牵手。", ["云相亲"]),
        # a list of verb-introduced quotes that modifies a noun is not a list of programmes
        ("建立“工会+培训”“工会+招聘”的就业服务体系。", ["就业服务体系"][:0]),
        # nationwide programmes, their short forms only beside the full name
        ("湖北工会2025年金秋助学行动解了她的燃眉之急。今年的助学行动聚焦困难家庭。", ["金秋助学"]),
        ("职工夜校让生活更丰富,像她这样在夜校重拾兴趣的年轻人很多。", ["职工夜校"]),
        ("今年的助学行动聚焦困难家庭。", []),
        # unquoted X计划 / X行动 after a launch verb or an organiser
        ("推进女教科技康乃馨服务计划,为女职工筑起屏障。", ["女教科技康乃馨服务计划"]),
        ("为贯彻落实全国总工会新就业形态劳动者权益保障专项行动,发出了动员令。", ["新就业形态劳动者权益保障专项行动"]),
        ("组织职工参加2024年度职工健康素养提升计划。", ["职工健康素养提升计划"]),
        # a named contest, but not a generic one
        ("11月27日,云南省妇幼健康职业技能竞赛省级决赛在昆明市开赛。", ["云南省妇幼健康职业技能竞赛"]),
        ("全国行业职业技能竞赛——第三届全国数控技术技能大赛决赛开幕。", ["全国行业职业技能竞赛", "第三届全国数控技术技能大赛"]),
        ("连续组织开展多场技能竞赛活动,加强劳动和技能竞赛的指导。", []),
        # a contest named after a cup
        ("“齐鲁工匠”杯山东省第五届职工职业技能大赛在济南举办。", ["齐鲁工匠杯山东省第五届职工职业技能大赛"]),
        # a studio named after a person, but not a generic one
        ("走进何成劳模和工匠人才创新工作室,满墙荣誉。", ["何成劳模和工匠人才创新工作室"]),
        ("7家劳模创新工作室、7所院校思政教研室“手拉手”。", []),
    ],
)
def test_programme_names(text, expected):
    assert canonical(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # slogans and phrases in quotes
        "让年轻工会干部“深扎根”“稳增长”。",
        "用“过来人”的真实经历作“活教材”。",
        "将工人文化宫打造成职工爱去的“学校和乐园”——职工课堂这样“出圈”。",
        "以“实地观摩观察实情、互动交流解难题”的立体化研学模式深入解码。",
        "遵循“专业靠近、岗位就近”原则。",
        "入库企业要把推进“产改”作为“一把手”工程。",
        "确立“时间表”“路线图”和责任分工。",
        "扎实开展“回头看”,巩固整改成果。",
        # generic activities without a proper name
        "全省各级工会已举办婚恋交友活动983场次。",
        "提供1次技能培训。",
        "全省工会今年计划筹集专项资金5000万元。",
        # a verb inside the would-be modifier
        "山钢股份分公司把帮助青年职工“脱单”写进工会办实事项目清单。",
        # a meeting verb opens no name: 召开 + 重点工程 (a generic project)
        "江苏省东江市总工会召开重点工程劳动竞赛推进会。",
        "全市召开民生工程建设推进会。",
    ],
)
def test_not_programmes(text):
    assert canonical(text) == []


def test_head_after():
    assert head_after("“爱在高新”单身联谊品牌,通过", 6) == "单身联谊品牌"
    assert head_after("“数字赋能”的互动交流", 6) == ""


def test_mentions_are_typed_spans_of_the_text():
    text = "建立“学讲用”考评激励机制,开展“雏雁行动”。"
    for m in find_programmes(Article("a", "s", 0, "", text)):
        assert m.type is EntityType.PROGRAMME and text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quote that ends in a festival, month, week or studio-like head names itself
        ("将每年10月26日确定为“某省环卫工人节”。", ["某省环卫工人节"]),
        ("将每年10月确定为“环卫工人关爱月”。", ["环卫工人关爱月"]),
        ("举办“民营企业招聘月”等招聘活动。", ["民营企业招聘月"]),
        ("女劳模做客“工会直播间”,分享成才故事。", ["工会直播间"]),
        ("组建“工会红娘志愿服务团队”,开展服务。", ["工会红娘志愿服务团队"]),
        # a launch verb right after the quote
        ("“‘乘风破浪的铁娘子’上线,观看人数达到4.5万人。”", ["乘风破浪的铁娘子"]),
        # a combined method named as a mode
        ("探索建立“理论培训+体悟实训”相结合的培训新模式。", ["理论培训+体悟实训"]),
        # a short name titling an event
        ("在“云游游某县”的旅游扶贫直播活动中,推介旅游。", ["云游游某县"]),
        # a numbered edition of a recurring event
        ("今年七夕,第三届“会聚良缘 某城有约”七夕相亲大会在某市举办。", ["会聚良缘 某城有约"]),
        # a two-part slogan name with a comma
        ("深入学校开展“爱心助学,筑梦前行”捐赠活动。", ["爱心助学,筑梦前行捐赠活动"]),
        # 队伍 joins the quote only after a launch verb
        ("某市总着力打造“三化一型”干部队伍。", ["三化一型干部队伍"]),
        # an honour title's selection campaign: the programme takes the head, the quote stays the honour
        ("工作队开展了“自主脱贫红旗示范户”选树活动,受表彰的示范户获得奖金。", ["自主脱贫红旗示范户选树活动"]),
        # unquoted 活动/专班 after a launch verb or a dash, behind a long modifier
        ("某省总持续开展帮助环卫工人实现微心愿活动,征集心愿3000个。", ["帮助环卫工人实现微心愿活动"]),
        ("迎来一个特殊惊喜——某省环境卫生行业职工学历和技能专班开班。", ["某省环境卫生行业职工学历和技能专班"]),
    ],
)
def test_programme_cue_families(text, expected):
    assert canonical(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # durations, public holidays and themes are not programmes
        "培训持续“三个月”。",
        "在“国际劳动节”前夕走访慰问。",
        "本届活动以“疫路有您·礼赞先锋”为主题。",
        # a bare quoted honour title is the honour, not a programme
        "山西省总在帮扶村选树“自主脱贫红旗示范户”,以此激发内生动力。",
        "在“自主脱贫红旗示范户”表彰大会上获得表彰。",
        # 相结合 without a named mode
        "把人才发展“硬环境”与“软环境”相结合,让人才安心。",
        # generic or short activities, and 专班 without a launch verb or a dash
        "开展各类健康服务活动,开展职工技术创新活动。",
        "组织开展多场技能竞赛活动。",
        "各地成立疫情防控工作专班。",
        # 队伍 without a launch verb
        "这支“专业化”人才队伍越来越壮大。",
    ],
)
def test_not_programme_cue_families(text):
    assert canonical(text) == []


def test_quoted_programme_wins_a_tie_with_a_body(monkeypatch):
    """A quoted name that an organisation finder also claims is a brand: “某高新工匠学院”."""
    from kg import extract
    from kg.model import Mention

    text = "组建3家“某高新工匠学院”,培养人才。"
    s = text.index("某")

    def org(article):
        return [Mention("某高新工匠学院", EntityType.ORGANIZATION, s, s + 7)]

    monkeypatch.setattr(extract, "_finders", lambda: [org, find_programmes])
    got = [(m.type, m.text) for m in extract.find_mentions(Article("a", "s", 0, "", text))]
    assert got == [(EntityType.PROGRAMME, "某高新工匠学院")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quoted title claimed by a programme head (之家) and by the honour finder is the honour
        ("该厂被评为“全国模范职工之家”。", [(EntityType.HONOUR, "全国模范职工之家")]),
        # and a title after a numbered edition too
        ("第二十届“中国青年五四奖章”评选结果揭晓。", [(EntityType.HONOUR, "中国青年五四奖章")]),
    ],
)
def test_honour_wins_a_tie_with_a_programme(text, expected):
    from kg.extract import find_mentions

    got = [(m.type, m.name) for m in find_mentions(Article("a", "s", 0, "", text)) if m.type in (EntityType.HONOUR, EntityType.PROGRAMME)]
    assert got == expected


def test_unquoted_uses_of_a_quoted_name_are_mentions_too():
    text = "湖南省将每年10月26日确定为“湖南省环卫工人节”。本届环卫工人节由省总工会主办。“三述”活动开展以来,三述成效显著。"
    got = [(m.name, m.text) for m in find_programmes(Article("a", "s", 0, "", text))]
    assert got == [("湖南省环卫工人节", "湖南省环卫工人节"), ("湖南省环卫工人节", "环卫工人节"), ("三述活动", "三述")]


# --- speed helpers: the same matches as the plain scans they stand in for ---------------


@pytest.mark.parametrize(
    "text",
    [
        "开展帮助环卫工人实现微心愿活动,实施职工技能提升计划。",
        "贯彻落实职工素质提升建设工程,落实新就业形态劳动者服务行动",  # a boundary inside a longer one
        "职工学历与技能双提升行动启动。",  # ^ opens the name
        "2025年金秋助学专项行动,2024年度职工互助保障计划",  # a year, with and without 度
        "——职工学历和技能专班报名开始",  # after a dash
        "开展各类健康服务活动,建立工程师培训计划生育",  # heads inside longer words
        "该省启动农民工服务保障计划,该市开展职工职业技能竞赛",
        "",
        "没有任何名称的一句话。",
    ],
)
def test_unquoted_matches_as_the_pattern(text):
    expected = [(m.span(), m.group(1)) for m in _unquoted_pattern().finditer(text)]
    assert [(m.span(), m.group(1)) for m in _unquoted_matches(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“冬送温暖”“夏送清凉”", [["冬送温暖", "夏送清凉"]]),
        ("“春送岗位”、“金秋助学”和“职工夜校”", [["春送岗位", "金秋助学"], ["职工夜校"]]),
        ("“甲乙” “丙丁”", [["甲乙"], ["丙丁"]]),
    ],
)
def test_chains_of_adjacent_quotes(text, expected):
    assert [[m.group(1) for m in chain] for chain in _chains(text, list(_QUOTE.finditer(text)))] == expected


def test_known_forms_longest_first():
    forms = _known_forms()
    assert [len(f) for f in forms] == sorted((len(f) for f in forms), reverse=True)
