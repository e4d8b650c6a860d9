"""Organization finder: (text, expected names) tables with context and boundary cases."""

import re

import pytest

from kg.extract import orgnames as names
from kg.extract.organizations import find_organizations
from kg.model import Article


def orgs(text):
    return [
        (m.name, m.context) for m in find_organizations(Article("a", "s", 0, "", text))
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("双鸭山市人大常委会副主任于世军表示", [("双鸭山市人大常委会", False)]),
        ("1995年,何成从武汉水利电力大学材料专业学成。", [("武汉水利电力大学", False)]),
        ("产业园里的天骄托育园自2023年开园以来", [("天骄托育园", False)]),
        (
            "托育园成立不久,泸州白酒产业园区管委会即入选名单",
            [("泸州白酒产业园区管委会", False)],
        ),
        ("入选全国总工会、国家卫生健康委联合公布的名单", [("国家卫生健康委", False)]),
        ("华灯初上,陕西省西安市工人文化宫普拉提教室里", [("西安市工人文化宫", False)]),
        (
            "边家村工人文化宫的书法教室墨香四溢,陕西省书协理事、西安市职工书协副主席赵刚",
            [
                ("边家村工人文化宫", False),
                ("陕西省书协", False),
                ("西安市职工书协", False),
            ],
        ),
        (
            "日前,陕西省推进产业工人队伍建设改革协调小组办公室印发通知",
            [("陕西省推进产业工人队伍建设改革协调小组办公室", False)],
        ),
        (
            "年会在广西壮族自治区总工会干部学校召开",
            [("广西壮族自治区总工会干部学校", False)],
        ),
        (
            "来自云南省一院、昆医大附一院、云南大学附属医院等",
            [
                ("云南省一院", False),
                ("昆医大附一院", False),
                ("云南大学附属医院", False),
            ],
        ),
        (
            "中国中共党史学会中国工人历史研究分会召开研讨会",
            [
                ("中国中共党史学会", False),
                ("中国中共党史学会中国工人历史研究分会", False),
            ],
        ),
    ],
)
def test_full_names(text, expected):
    assert orgs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "区总工会还与东江外卖青禾站点签订合作协议,双方共同开展活动。",  # 合作协议 holds no 作协
        "双方将加强沟通协调。",
    ],
)
def test_no_association_inside_a_word(text):
    assert orgs(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "在四川省委办公厅、省政府印发的方案中",
            [("四川省委办公厅", False), ("省政府", True)],
        ),
        (
            "石家庄市总联合市教育局、市工商联、市企业家协会建起联盟",
            [
                ("市教育局", True),
                ("市工商联", True),
                ("市企业家协会", True),
            ],
        ),
        ("同时,泰安市总与市广播电视台合作开播栏目", [("市广播电视台", True)]),
        (
            "贵州省仁怀市长岗镇坚持党建引领。镇党委深化队网合一。",
            [("镇党委", True)],
        ),
        (
            "贵州双龙航空港经济区健全体系。由经济区党工委领导主持座谈会。",
            [("经济区党工委", True)],
        ),
        ("市教育局印发通知", [("市教育局", True)]),
    ],
)
def test_context_references(text, expected):
    assert orgs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "小佳今年考上了大学,但学费却让她犯了难",
        "这位畜牧科班出身的大学生",
        "从兄弟城市工会中学习先进经验",
        "过去工人文化宫受众以中老年人为主",
        "在整体上提升工人文化宫的软硬件水平",
        "西安各工人文化宫整合课程项目",
        "实现与12家三甲医院的数据互联",
        "累计向党委、政府提供资政报告",
        "青禾:金秋助学圆梦大学",
    ],
)
def test_generic_words_are_not_organizations(text):
    assert orgs(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("由山西省委宣传部、省总工会主办", [("山西省委宣传部", False)]),
        ("北京市西城区人民法院判决", [("西城区人民法院", False)]),
        (
            "广东南华工商职业学院举行典礼",
            [("广东南华工商职业学院", False)],
        ),  # a short place form stays in the name
        (
            "近日,江西省赣州市南康区总工会联合区家具协会开展比武。",
            [("区家具协会", True)],
        ),
        ("梅河口市总将会同人社局等部门开展竞赛", [("人社局", True)]),
        (
            "中国中共党史学会中国工人历史与现状研究分会召开研讨会",
            [
                ("中国中共党史学会", False),
                ("中国中共党史学会中国工人历史与现状研究分会", False),
            ],
        ),
        ("由梅河口市总和梅河新区卫生健康局联合举办", [("梅河新区卫生健康局", False)]),
        (
            "他毕业于清华大学,后来到对外经济贸易大学任教",
            [("清华大学", False), ("对外经济贸易大学", False)],
        ),  # 于 glued to 清华
        (
            "南康区总工会开展活动,区委、区政府高度重视。",
            [("区委", True), ("区政府", True)],
        ),
    ],
)
def test_unseen_style_sentences(text, expected):
    assert orgs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "双鸭山市总工会组织部部长李璉飞告诉记者",  # a union's department
        "市总专门组织部分年轻干部走进产业园",  # 组织部分 is not 组织部
        "实现小事不出组、大事不出镇。镇党委深化改革。",  # no town is named: 镇党委 stays unresolved
        "青岛高新区一院南经开区东西部协作推进会",
        "企业工会、区域性行业工会联合会纷纷成立",  # a union word, not an association
        "组建3家“青岛高新工匠学院”",  # a quoted brand
        "双鸭山市总工会办公室负责人说",  # a union's own office
    ],
)
def test_regression_negatives(text):
    assert [o for o in orgs(text) if not o[1]] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # generic heads (中心, 基地, 馆, 工作委员会) anchored by a place, a town or a union abbreviation
        ("这是青岛市总职工保险互助中心干部宋和友的体会", [("青岛市总职工保险互助中心", False)]),
        ("记者在广西壮族自治区象州县扶贫馆采访", [("象州县扶贫馆", False)]),
        ("包头市北梁新区安居社区妇女创业园就业培训基地,居民正在制作",
         [("安居社区妇女创业园就业培训基地", False)]),
        ("活动在西宁市城西唐道党建综合服务中心职工书屋举行", [("西宁市城西唐道党建综合服务中心", False)]),
        # a body inside a town keeps the town, not the county (沽源县西辛营乡寄宿制学校)
        ("深入河北省沽源县西辛营乡寄宿制学校开展活动", [("西辛营乡寄宿制学校", False)]),
        # a congress's working committee, grown over 与 inside its name; 省 left for the linker
        ("由福建省总工会、省人大常委会环境与城乡建设工作委员会主办",
         [("省人大常委会环境与城乡建设工作委员会", True)]),
        ("市职工服务中心建立单身职工数据库", [("市职工服务中心", True)]),
        ("湖北省总工会联合省科协、省残联印发通知", [("省科协", True), ("省残联", True)]),
    ],
)
def test_anchored_generic_heads(text, expected):
    assert orgs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "该专班设立校内外技能实训基地",  # a description, no place
        "建设维修工技能实训基地",
        "他在宾馆住下,来到体育馆",
        "把以人民为中心工作落到实处",
        "人社部门工作人员介绍岗位",  # a class of departments, not the ministry
        "与民政部门共享数据",
        "建立9个劳动争议多元调解中心",
    ],
)
def test_generic_heads_need_a_name(text):
    assert orgs(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # any bureau of a place; a bare level asks the linker
        ("杭州市交通运输局、市农业农村局共同主办",
         [("杭州市交通运输局", False), ("市农业农村局", True)]),
        ("济南市委组织部、市委宣传部联合印发通知", [("济南市委组织部", False), ("市委宣传部", True)]),
        ("宁夏回族自治区总工会联合自治区人社厅开展培训", [("自治区人社厅", True)]),
        ("重庆市江北区观音桥街道办事处举办招聘会", [("观音桥街道办事处", False)]),
        # a provincial sports team needs its place
        ("来到天津柔道队,为运动员送上鲜花", [("天津柔道队", False)]),
        ("新华社发(邵胜智 摄)", [("新华社", False)]),
    ],
)
def test_more_body_families(text, expected):
    assert orgs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "这一发展格局促进了青岛市经济发展,布局合理",
        "青岛市供电局组织抢修",  # an enterprise head, not a bureau
        "中国铁路济南局集团有限公司",
        "男子篮球队获得冠军",
        "在青岛市餐厅和大厅里",
    ],
)
def test_one_character_heads_inside_words(text):
    assert orgs(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("该市职工服务中心主任说", [("该市职工服务中心", True)]),
        ("该市教育局也参与", [("该市教育局", True)]),
        ("团省委、省妇联印发通知", [("团省委", True), ("省妇联", True)]),
    ],
)
def test_that_city_and_youth_league_references(text, expected):
    assert orgs(text) == expected


@pytest.mark.parametrize("text", ["这家公司开设了展销馆,并入驻体育馆", "在全国各地的实训基地里"])
def test_venues_without_a_name(text):
    assert orgs(text) == []


@pytest.mark.parametrize(
    "text, head, window, expected",
    [
        ("走进阿拉山口金沙河面业有限公司", "有限公司", 20, "阿拉山口金沙河面业有限公司"),
        ("据悉,湖北省总工会", "总工会", 20, "湖北省总工会"),
        ("(北京大学", "大学", 20, "北京大学"),  # after an unclosed bracket
        ("于清华大学", "大学", 20, "清华大学"),  # a preposition glued to a short name
        ("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳大学", "大学", 20, "七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳大学"),  # the window
        ("大学", "大学", 20, "大学"),
    ],
)
def test_left_edge(text, head, window, expected):
    i = text.rindex(head)
    start = names.left_edge(text, i, window=window)
    assert text[start:] == expected
    assert start >= i - window


@pytest.mark.parametrize(
    "seg, expected",
    [("走进阿拉山口金沙河面业", 2), ("于清华", 1), ("(北京", 1), ("", 0), ("湖北省", 0)],
)
def test_name_start(seg, expected):
    assert names._name_start(seg) == expected


@pytest.mark.parametrize(
    "s, expected",
    [
        ("黑龙江省双鸭山市", [(0, 4, "黑龙江省"), (4, 8, "双鸭山市")]),
        ("湖北襄阳", [(0, 2, "湖北省"), (2, 4, "襄阳市")]),
        ("和平发展", []),  # an everyday word is no division here
        ("", []),
    ],
)
def test_places_in(s, expected):
    assert [(p.start, p.end, p.full) for p in names.places_in(s)] == expected


def test_places_in_returns_a_fresh_list():
    names.places_in("湖北襄阳").clear()  # the answer is cached: a caller's change must not leak
    assert len(names.places_in("湖北襄阳")) == 2


@pytest.mark.parametrize("key", ["org_heads", "union_heads", "enterprise_heads", "union_station_heads"])
def test_head_regex_finds_the_longest_head_first(key):
    heads = {p["pattern"] for p in names.load("org_patterns.json")[key]}
    longest_first = re.compile("|".join(map(re.escape, sorted(heads, key=lambda h: (-len(h), h)))))
    text = "、".join(sorted(heads)) + "".join(sorted(heads, reverse=True))
    assert [m.span() for m in names.head_regex(key).finditer(text)] == [m.span() for m in longest_first.finditer(text)]


@pytest.mark.parametrize(
    "spans, start, end, expected",
    [([(0, 4), (6, 9)], 6, 8, True), ([(0, 4), (6, 9)], 3, 7, False), ([], 0, 1, False), ([(2, 5)], 2, 5, True)],
)
def test_inside(spans, start, end, expected):
    assert names.inside(spans, start, end) is expected
