"""Linking: context references resolve inside their article only, or are dropped."""

import pytest

from kg.link import (
    _merge_transpositions,
    _place_names,
    _sentence_start,
    _tails,
    collect_entities,
    is_person_name,
    link_article,
    parse_context,
)
from kg.model import Article, EntityType as T, Mention


def article(text: str, headline: str = "", id_: str = "p#0") -> Article:
    return Article(id_, "p.txt", 0, headline, text)


def mentions(text: str, specs) -> list[Mention]:
    """(surface, type, canonical or None, context) -> Mention at the surface's next occurrence."""
    out = []
    for surface, type_, canonical, context in specs:
        start = text.index(surface)
        # the next occurrence not already taken, nor inside a longer mention (places may nest)
        while any(m.start == start and m.text == surface for m in out) or (
            type_ is not T.PLACE and any(m.start <= start < m.end and m.type is not T.PLACE for m in out)
        ):
            start = text.index(surface, start + 1)
        out.append(Mention(surface, type_, start, start + len(surface), canonical=canonical, context=context))
    return sorted(out, key=lambda m: (m.start, m.end))


@pytest.mark.parametrize("text, expected", [
    ("市总", ("", "市", "总工会", False)),
    ("省总工会", ("", "省", "总工会", False)),
    ("该县总", ("", "县", "总工会", False)),
    ("高新区总", ("高新", "区", "总工会", False)),
    ("市教育局", ("", "市", "教育局", False)),
    ("省建设建材工会", ("", "省", "建设建材工会", False)),
    ("镇党委", ("", "镇", "党委", False)),
    ("该公司工会", ("", "公司", "工会", True)),
    ("工会", None),
    ("人社局", None),
    ("市总专门组织部", None),
    ("市\n总", ("", "市", "总工会", False)),
])
def test_parse_context(text, expected):
    ref = parse_context(text)
    assert (ref and (ref.prefix, ref.level, ref.suffix, ref.company)) == expected


@pytest.mark.parametrize("name, ok", [
    ("李璉飞", True), ("温路", True), ("欧阳小明", True),
    ("李女士", False), ("刘先生", False), ("小佳", False), ("老王", False), ("张师傅", False), ("王", False),
    # dotted names of ethnic minorities are longer than four characters
    ("热汗古丽·尼亚孜", True), ("古丽娜尔·阿不都热依木", True), ("·尼亚孜", False), ("热汗古丽·", False),
])
def test_person_names(name, ok):
    assert is_person_name(name) is ok


CASES = [
    # one city union in the article: 市总 is it
    ("青禾市总开展活动。市总还设立基金。", "",
     [("青禾市总", T.UNION, "青禾市总工会", False), ("市总", T.UNION, None, True)],
     ["Union/青禾市总工会", "Union/青禾市总工会"]),
    # several city unions: the nearest one before, in the same paragraph
    ("甲城市总工会举办联谊。\n据乙城市总工会副主席介绍,市总工会以联谊为链。", "",
     [("甲城市总工会", T.UNION, None, False), ("乙城市总工会", T.UNION, None, False), ("市总工会", T.UNION, None, True)],
     ["Union/甲城市总工会", "Union/乙城市总工会", "Union/乙城市总工会"]),
    # several city unions, none in the paragraph, none in the headline: dropped, not guessed
    ("甲城市总工会举办联谊。乙城市总工会举办讲座。\n市总表示。", "",
     [("甲城市总工会", T.UNION, None, False), ("乙城市总工会", T.UNION, None, False), ("市总", T.UNION, None, True)],
     ["Union/甲城市总工会", "Union/乙城市总工会"]),
    # ... unless the headline names one of them
    ("甲城市总办夜校\n甲城市总工会举办联谊。乙城市总工会举办讲座。\n市总表示。", "甲城市总办夜校",
     [("甲城市总", T.UNION, "甲城市总工会", False), ("甲城市总工会", T.UNION, None, False),
      ("乙城市总工会", T.UNION, None, False), ("市总", T.UNION, None, True)],
     ["Union/甲城市总工会", "Union/甲城市总工会", "Union/乙城市总工会", "Union/甲城市总工会"]),
    # 省总工会 with no provincial union named: the province the article names
    ("在湖北省,省总工会整合资源。", "",
     [("湖北省", T.PLACE, None, False), ("省总工会", T.UNION, None, True)],
     ["Place/湖北省", "Union/湖北省总工会"]),
    # ... or the province of its city, from the gazetteer
    ("襄阳市职工说,省总工会整合资源。", "",
     [("襄阳市", T.PLACE, None, False), ("省总工会", T.UNION, None, True)],
     ["Place/襄阳市", "Union/湖北省总工会"]),
    # an autonomous region is a province
    ("广西壮族自治区的省总工会。", "",
     [("广西壮族自治区", T.PLACE, None, False), ("省总工会", T.UNION, None, True)],
     ["Place/广西壮族自治区", "Union/广西壮族自治区总工会"]),
    # no city anywhere: dropped
    ("市总工会召开会议。", "", [("市总工会", T.UNION, None, True)], []),
    # organisations of a level take the city the article is about
    ("青禾市总联合市教育局、省政府。", "",
     [("青禾市总", T.UNION, "青禾市总工会", False), ("青禾市", T.PLACE, None, False),
      ("市教育局", T.ORGANIZATION, None, True), ("省政府", T.ORGANIZATION, None, True)],
     ["Place/青禾市", "Union/青禾市总工会", "Organization/青禾市教育局"]),
    # 该公司工会 points back to the company named before it
    ("东风机械有限公司建起驿站。该公司工会推出餐车。", "",
     [("东风机械有限公司", T.ENTERPRISE, None, False), ("该公司工会", T.UNION, None, True)],
     ["Enterprise/东风机械有限公司", "Union/东风机械有限公司工会"]),
    # a short form that is the tail of one longer name of the same type is that name
    ("晨曦托育园开园。托育园园长说。", "",
     [("晨曦托育园", T.ORGANIZATION, None, False), ("托育园", T.ORGANIZATION, None, False)],
     ["Organization/晨曦托育园", "Organization/晨曦托育园"]),
    # ... but not when two longer names end with it
    ("东门文化宫与西门文化宫。文化宫开课。", "",
     [("东门文化宫", T.ORGANIZATION, None, False), ("西门文化宫", T.ORGANIZATION, None, False),
      ("文化宫", T.ORGANIZATION, None, False)],
     ["Organization/东门文化宫", "Organization/西门文化宫", "Organization/文化宫"]),
    # a long name spelled again with two characters swapped is the same entity
    ("入选全国爱心托育用人单位。每家全国爱心用人托育单位获补助。", "",
     [("全国爱心托育用人单位", T.HONOUR, None, False), ("全国爱心用人托育单位", T.HONOUR, None, False)],
     ["Honour/全国爱心托育用人单位", "Honour/全国爱心托育用人单位"]),
    # a surname with a form of address is not a Person
    ("李女士和王小明参加。", "",
     [("李女士", T.PERSON, None, False), ("王小明", T.PERSON, None, False)],
     ["Person/王小明"]),
]


@pytest.mark.parametrize("text, headline, specs, expected", CASES)
def test_link_article(text, headline, specs, expected):
    linked = link_article(article(text, headline), mentions(text, specs))
    assert [key for _, key in linked] == expected


def test_same_short_name_in_two_articles_never_merges():
    a1, a2 = article("青禾市总开会。市总表示。", id_="p#0"), article("江北市总开会。市总表示。", id_="p#1")
    spec = lambda city: [(city + "市总", T.UNION, city + "市总工会", False), ("市总", T.UNION, None, True)]
    linked = link_article(a1, mentions(a1.text, spec("青禾"))) + link_article(a2, mentions(a2.text, spec("江北")))
    ents = collect_entities(linked)
    assert sorted(ents) == sorted(["Union/青禾市总工会", "Union/江北市总工会"])
    assert ents["Union/青禾市总工会"].aliases == {"青禾市总", "市总"}
    assert ents["Union/江北市总工会"].aliases == {"江北市总", "市总"}


def test_aliases_gather_across_articles_without_white_space():
    m1 = Mention("青\n岛市总", T.UNION, 0, 6, canonical="青岛市总工会")
    m2 = Mention("青岛市总工会", T.UNION, 0, 6)
    ents = collect_entities([(m1, "Union/青岛市总工会"), (m2, "Union/青岛市总工会")])
    assert list(ents) == ["Union/青岛市总工会"]
    assert ents["Union/青岛市总工会"].aliases == {"青岛市总"}


def resolved(text: str, headline: str = "") -> list[tuple[str, str]]:
    """(surface, key) of the context references the real finders flag, after linking."""
    from kg.extract import find_mentions

    a = article(text, headline)
    return [(m.text, key) for m, key in link_article(a, find_mentions(a)) if m.context]


@pytest.mark.parametrize("text, expected", [
    # the nearest full name of that level before the reference
    ("滨州市总工会推出活动。据介绍,市总工会以联谊为链。", [("市总工会", "Union/滨州市总工会")]),
    ("永新县总工会开展活动。今年,该县总工会深化此项活动。", [("该县总工会", "Union/永新县总工会")]),
    ("北京市朝阳区望京街道总工会和区总工会", [("区总工会", "Union/朝阳区总工会")]),
    ("广州市海珠区总工会为骑手送清凉,区总工会负责人说。", [("区总工会", "Union/海珠区总工会")]),
    ("山东省青岛高新区总工会召开会议。高新区总推出品牌。", [("高新区总", "Union/青岛高新区总工会")]),
    # the article's province, for 省总工会 and a provincial industry union
    ("近日,吉林省梅河口市总工会对标省总工会要求。", [("省总工会", "Union/吉林省总工会")]),
    ("由吉林省辽源市总工会和省建设建材工会联合主办", [("省建设建材工会", "Union/吉林省建设建材工会")]),
    # the company named before
    ("日前,中铁十九局三公司项目工地出现驿站。对此,该公司工会及时推出餐车。",
     [("该公司工会", "Union/中铁十九局三公司工会")]),
    ("活动在青禾造船有限公司举行。公司工会主席林江介绍了经验。", [("公司工会", "Union/青禾造船有限公司工会")]),
    # organisations of a level: the place named before them
    ("在四川省委办公厅、省政府印发的方案中", [("省政府", "Organization/四川省政府")]),
    ("石家庄市总联合市教育局、市工商联、市企业家协会建起联盟",
     [("市教育局", "Organization/石家庄市教育局"), ("市工商联", "Organization/石家庄市工商联"),
      ("市企业家协会", "Organization/石家庄市企业家协会")]),
    ("同时,泰安市总与市广播电视台合作开播栏目", [("市广播电视台", "Organization/泰安市广播电视台")]),
    ("贵州省仁怀市长岗镇坚持党建引领。镇党委深化队网合一。", [("镇党委", "Organization/长岗镇党委")]),
    ("贵州双龙航空港经济区健全体系。由经济区党工委领导主持座谈会。",
     [("经济区党工委", "Organization/贵州双龙航空港经济区党工委")]),
    ("近日,江西省赣州市南康区总工会联合区家具协会开展比武。", [("区家具协会", "Organization/南康区家具协会")]),
    ("梅河口市总将会同人社局等部门开展竞赛", [("人社局", "Organization/梅河口市人社局")]),
    # a short form of a body named in full in the article is that body
    ("郑州市人力资源和社会保障局备案。郑州市总工会联合市人社局推行模式。",
     [("市人社局", "Organization/郑州市人力资源和社会保障局")]),
    ("南康区总工会开展活动,区委、区政府高度重视。",
     [("区委", "Organization/南康区委"), ("区政府", "Organization/南康区政府")]),
    # 该市 + a company: the city's company
    ("河北省张家口市总工会表示,该市建筑机械有限公司职工说。",
     [("该市建筑机械有限公司", "Enterprise/张家口市建筑机械有限公司")]),
    # an outpost posted elsewhere belongs to the article's union
    ("象州县总工会开展直播。象州县总发挥驻惠州工会工作服务站的作用。",
     [("驻惠州工会工作服务站", "Union/象州县总工会驻惠州工会工作服务站")]),
    # nothing makes the referent certain: dropped, never guessed
    ("市总专门组织年轻干部。", []),
    ("实现小事不出组、大事不出镇。镇党委深化改革。", []),
    ("市教育局印发通知", []),
    ("发挥驻惠州工会工作服务站的作用", []),
])
def test_context_references_resolve_in_their_article(text, expected):
    assert resolved(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a street or town is known from the union named after it
    ("深圳市南山区粤海街道总工会和街道党工委一起组织。", [("街道党工委", "Organization/粤海街道党工委")]),
    ("宁夏回族自治区总工会联合自治区人社厅开展培训。", [("自治区人社厅", "Organization/宁夏回族自治区人社厅")]),
    ("黔东南苗族侗族自治州总工会、州总工会主席说。", [("州总工会", "Union/黔东南苗族侗族自治州总工会")]),
    # 自治区总工会, and 区总工会 in an article that names no district: the region's federation
    ("广西壮族自治区总工会发布消息。自治区总工会副主席覃平说,区总工会开展行动。",
     [("自治区总工会", "Union/广西壮族自治区总工会"), ("区总工会", "Union/广西壮族自治区总工会")]),
    ("广西壮族自治区南宁市青秀区总工会发布消息,区总工会开展行动。", [("区总工会", "Union/青秀区总工会")]),
    ("济南市委组织部、市委宣传部联合印发通知。", [("市委宣传部", "Organization/济南市委宣传部")]),
    # a bare 党工委 is no bureau: without its place it is dropped
    ("街道党工委一起组织。", []),
])
def test_more_levels_resolve(text, expected):
    assert resolved(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("近日,湖北省总工会联合团省委、省妇联印发通知。",
     [("团省委", "Organization/共青团湖北省委"), ("省妇联", "Organization/湖北省妇联")]),
    ("团市委书记说。", []),
])
def test_youth_league_committees(text, expected):
    assert resolved(text) == expected


def test_regression_high_tech_zone_abbreviation_keeps_its_left_boundary():
    text = "山东省青岛高新区总工会召开会议。这一创新实践正是高新区总品牌理念的生动落地。"
    assert resolved(text) == [("高新区总", "Union/青岛高新区总工会")]


def test_regression_union_abbreviation_before_a_verb_is_no_department():
    from kg.extract import find_mentions

    text = "双鸭山市总工会开展活动。市总专门组织部分年轻干部走进产业园。"
    a = article(text)
    keys = [key for _, key in link_article(a, find_mentions(a))]
    assert "Union/双鸭山市总工会" in keys
    assert not [k for k in keys if k.startswith("Organization/")]
    assert resolved(text) == [("市总", "Union/双鸭山市总工会")]


# --- the helpers of resolve_context that work a list out once per article


def test_tails_take_the_one_longer_name():
    ms = [Mention("天骄托育园", T.ENTERPRISE, 0, 5), Mention("托育园", T.ENTERPRISE, 6, 9), Mention("托育园", T.UNION, 10, 13),
          Mention("夜校", T.PROGRAMME, 14, 16), Mention("职工夜校", T.PROGRAMME, 17, 21), Mention("青年夜校", T.PROGRAMME, 22, 26)]
    # 托育园 has one longer enterprise name; 夜校 two longer programme names, so it stays; a union is no tail type
    assert [n for _, n in _tails([(m, m.name) for m in ms])] == ["天骄托育园", "天骄托育园", "托育园", "夜校", "职工夜校", "青年夜校"]


@pytest.mark.parametrize(
    ("spans", "pos", "expected"),
    [([(0, 2), (2, 5)], 3, 2), ([(0, 2), (3, 5)], 2, 2), ([(0, 2), (3, 5)], 4, 3), ([], 7, 7), ([(1, 3)], 0, 0)],
)
def test_sentence_start_as_sentence_at(spans, pos, expected):
    assert _sentence_start(spans, [a for a, _ in spans], pos) == expected


def test_place_names_carry_union_places():
    named = [(Mention("粤海街道总工会", T.UNION, 0, 7), "粤海街道总工会"), (Mention("深圳市", T.PLACE, 9, 12), "深圳市"),
             (Mention("市总", T.UNION, 14, 16), "深圳市总工会"), (Mention("腾讯公司", T.ENTERPRISE, 17, 21), "腾讯公司")]
    assert _place_names(named) == [("粤海街道", 0), ("深圳市", 9), ("深圳市", 14)]


def test_transpositions_unchanged_keep_the_list():
    named = [(Mention("全国爱心托育用人单位", T.HONOUR, 0, 10), "全国爱心托育用人单位"), (Mention("王一鸣", T.PERSON, 11, 14), "王一鸣")]
    assert _merge_transpositions(named) == named
    later = named + [(Mention("全国爱心用人托育单位", T.HONOUR, 20, 30), "全国爱心用人托育单位")]
    assert [n for _, n in _merge_transpositions(later)] == ["全国爱心托育用人单位", "王一鸣", "全国爱心托育用人单位"]


@pytest.mark.parametrize("text, expected", [
    # an enterprise's union by the enterprise's short name, only where the article names it in full
    ("郑州青禾客车股份有限公司通过备案。青禾客车工会主席王某说。", [("青禾客车工会", "Union/郑州青禾客车股份有限公司工会")]),
    ("河北省石家庄市青禾制药集团有限公司。青禾制药工会开展活动。", [("青禾制药工会", "Union/石家庄市青禾制药集团有限公司工会")]),
    ("青禾客车工会主席王某说。", []),
])
def test_enterprise_union_by_short_name(text, expected):
    from kg.extract import find_mentions

    a = article(text, "")
    assert [(m.text, key) for m, key in link_article(a, find_mentions(a)) if m.rule == "union-short-company"] == expected
