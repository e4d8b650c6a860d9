"""Programme mentions: quoted names with a head noun, an own head, a launch verb or an
apposition; nationwide programmes; studios named after a person. Slogans and generic
activities are not programmes."""

import pytest

from kg.extract.programmes import find_programmes, head_after
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
