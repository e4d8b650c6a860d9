import pytest

from kg.extract.places import find_places
from kg.model import Article, ArticleResult, EntityType, Mention, Predicate, entity_key
from kg.relations.base import Doc
from kg.relations.geo import _bare, _next_non_space, _Places, _reach_back, add_page_part_of, find_located_in, find_place_part_of

T = EntityType


def article(text: str) -> Article:
    return Article("t#0", "t.txt", 0, "", text)


def linked_for(text: str, bodies: list[tuple[str, EntityType, str | None]] = ()) -> list[tuple[Mention, str]]:
    """Place mentions from the finder plus hand-placed bodies (surface, type, canonical)."""
    out = [(m, entity_key(m.type, m.name)) for m in find_places(article(text))]
    for surface, type_, canonical in bodies:
        start = text.index(surface)
        m = Mention(surface, type_, start, start + len(surface), canonical=canonical)
        out.append((m, entity_key(type_, m.name)))
    return out


def pairs(relations) -> list[tuple[str, str]]:
    return sorted((r.subject.split("/", 1)[1], r.object.split("/", 1)[1]) for r in relations)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("黑龙江省双鸭山市举行", [("双鸭山市", "黑龙江省")]),
        # the nearest named level only; 海西 is not named, so not added
        ("青海省的格尔木市", [("格尔木市", "青海省")]),
        ("青海省海西蒙古族藏族自治州格尔木市", [("格尔木市", "海西蒙古族藏族自治州"), ("海西蒙古族藏族自治州", "青海省")]),
        # both must be named
        ("襄阳举行", []),
        # two provinces side by side are not nested
        ("山东江苏两省", []),
        # a town right after its county-level city
        ("江门市台山市冲蒺镇总工会", [("冲蒺镇", "台山市"), ("台山市", "江门市")]),
        # a village right after its township
        ("岢岚县宋家沟乡上村村民", [("上村", "宋家沟乡"), ("宋家沟乡", "岢岚县")]),
        # a zone is part of the division its name opens with, not of what precedes it
        ("在山东省青岛高新区", [("青岛市", "山东省"), ("青岛高新区", "青岛市")]),
        ("江西永新县工业园区", [("永新县", "江西省"), ("永新县工业园区", "永新县")]),
        ("新疆塔城重点开发开放试验区", [("塔城地区", "新疆维吾尔自治区"), ("新疆塔城重点开发开放试验区", "塔城地区")]),
        # a zone without a division in its name gets nothing from the table
        ("以巴克图口岸为载体", []),
        # a community or village right after a zone or town
        ("包头市北梁新区安居社区", [("北梁新区", "包头市"), ("安居社区", "北梁新区")]),
        # the one town of an article holds its villages, listed ones without 村 too
        (
            "岢岚县宋家沟乡上村村民。还有吴家岔村、柳林湾、口子村的村民",
            [("上村", "宋家沟乡"), ("口子村", "宋家沟乡"), ("吴家岔村", "宋家沟乡"), ("宋家沟乡", "岢岚县"), ("柳林湾", "宋家沟乡")],
        ),
        # ... not when it names two towns
        ("长岗镇和冲蒺镇党委。吴家岔村、口子村的村民", []),
        # the one county of an article holds its towns
        ("北仑区总工会主办、小港街道总工会承办", [("小港街道", "北仑区")]),
        ("北仑区和镇海区、小港街道总工会承办", []),
    ],
)
def test_place_part_of(text, expected):
    assert pairs(find_place_part_of(article(text), linked_for(text))) == expected


@pytest.mark.parametrize(
    "text, bodies, expected",
    [
        ("双鸭山市总工会举行", [("双鸭山市总工会", T.UNION, None)], [("双鸭山市总工会", "双鸭山市")]),
        ("泸州市卫生健康委指导", [("泸州市卫生健康委", T.ORGANIZATION, None)], [("泸州市卫生健康委", "泸州市")]),
        # the most specific place inside the name
        (
            "大唐吉林发电有限公司辽源发电分公司",
            [("大唐吉林发电有限公司辽源发电分公司", T.ENTERPRISE, None)],
            [("大唐吉林发电有限公司辽源发电分公司", "辽源市")],
        ),
        # a place right before the name
        ("在井陉矿区正丰煤矿", [("正丰煤矿", T.ENTERPRISE, None)], [("正丰煤矿", "井陉矿区")]),
        # a zone right before beats the city the name opens with
        (
            "江西永新县工业园区吉安鑫骥科技有限公司",
            [("吉安鑫骥科技有限公司", T.ENTERPRISE, None)],
            [("吉安鑫骥科技有限公司", "永新县工业园区")],
        ),
        # 位于X的Y
        (
            "在位于新疆塔城重点开发开放试验区的三一风电设备有限公司",
            [("三一风电设备有限公司", T.ENTERPRISE, None)],
            [("三一风电设备有限公司", "新疆塔城重点开发开放试验区")],
        ),
        # a body met only by a context reference still has its full name
        ("双鸭山市召开会议。市总举办活动", [("市总", T.UNION, "双鸭山市总工会")], [("双鸭山市总工会", "双鸭山市")]),
        # ... but the place must be named in the article
        ("市总举办活动", [("市总", T.UNION, "双鸭山市总工会")], []),
        # a province before a city's body is not where it is
        ("陕西省西安市工人文化宫", [("西安市工人文化宫", T.ORGANIZATION, None)], [("西安市工人文化宫", "西安市")]),
        # no place in or before the name
        ("凌钢集团工会组织", [("凌钢集团工会", T.UNION, None)], []),
        # a country counts, below any division
        ("德国博世公司", [("博世公司", T.ENTERPRISE, None)], [("博世公司", "德国")]),
        # people are never located
        ("湖北张三", [("张三", T.PERSON, None)], []),
        # 湖北省的 without a locating verb is not enough for a division
        ("湖北省的凌钢集团工会", [("凌钢集团工会", T.UNION, None)], []),
        # a locating verb after the name
        ("凌钢集团位于辽宁省凌源市。", [("凌钢集团", T.ENTERPRISE, None)], [("凌钢集团", "凌源市")]),
        ("凌钢集团和辽宁省企业", [("凌钢集团", T.ENTERPRISE, None)], []),
        # stationed elsewhere: 驻 names where the body is, not the county it belongs to
        (
            "广西象州县总工会驻惠州工会工作服务站",
            [("象州县总工会驻惠州工会工作服务站", T.UNION, None)],
            [("象州县总工会驻惠州工会工作服务站", "惠州市")],
        ),
        # a town the article names opens the body's full name (met only as 镇党委)
        ("贵州省仁怀市长岗镇坚持党建引领。镇党委召开会议", [("镇党委", T.ORGANIZATION, "长岗镇党委")], [("长岗镇党委", "长岗镇")]),
        # every body of a kind in a place: 西安各工人文化宫
        (
            "像她这样的学员在西安各工人文化宫比比皆是。土门工人文化宫的课程",
            [("土门工人文化宫", T.ORGANIZATION, None)],
            [("土门工人文化宫", "西安市")],
        ),
        ("西安各单位都来了。土门工人文化宫的课程", [("土门工人文化宫", T.ORGANIZATION, None)], []),
    ],
)
def test_located_in(text, bodies, expected):
    assert pairs(find_located_in(article(text), linked_for(text, bodies))) == expected


def test_evidence_is_the_sentence():
    text = "今年以来成效显著。黑龙江省双鸭山市总工会举行活动。"
    linked = linked_for(text, [("双鸭山市总工会", T.UNION, None)])
    for rel in find_place_part_of(article(text), linked) + find_located_in(article(text), linked):
        assert rel.evidence == "黑龙江省双鸭山市总工会举行活动。"
        assert text[rel.start : rel.end] == rel.evidence
        assert rel.predicate in (Predicate.PART_OF, Predicate.LOCATED_IN)


def test_deterministic_order():
    text = "山东省青岛市、济南市和烟台市"
    linked = linked_for(text)
    first = find_place_part_of(article(text), linked)
    assert first == find_place_part_of(article(text), list(reversed(linked)))
    assert pairs(first) == [("济南市", "山东省"), ("烟台市", "山东省"), ("青岛市", "山东省")]


def _result(i: int, text: str) -> ArticleResult:
    """One article with its places and the partOf relations stated inside it."""
    a = Article(f"p#{i}", "p.txt", i, "", text)
    linked = [(m, entity_key(m.type, m.name)) for m in find_places(a)]
    return ArticleResult(a, linked, find_place_part_of(a, linked))


@pytest.mark.parametrize(
    "texts, expected",
    [
        # a city in one article, its province in another
        (["湖北省召开会议。", "武汉市总工会举办活动。"], [("武汉市", "湖北省")]),
        # the nearest level the page names, not the province above it
        (["河北省张家口市召开会议。", "沽源县总工会举办活动。"], [("沽源县", "张家口市")]),
        # already related inside an article: nothing added
        (["河北省张家口市召开会议。"], []),
        # not nested
        (["湖北省召开会议。", "杭州市总工会举办活动。"], []),
        # a town is not in the table
        (["湖北省召开会议。", "长岗镇党委召开会议。"], []),
    ],
)
def test_page_part_of(texts, expected):
    page = [_result(i, t) for i, t in enumerate(texts)]
    stated = {id(r) for p in page for r in p.relations}
    added = [r for p in add_page_part_of(page) for r in p.relations if id(r) not in stated]
    assert pairs(added) == expected


def test_page_part_of_evidence_names_the_child():
    page = add_page_part_of([_result(0, "湖北省召开会议。"), _result(1, "今年以来成效显著。武汉市总工会举办活动。")])
    (rel,) = page[1].relations
    assert (rel.article, rel.evidence) == ("p#1", "武汉市总工会举办活动。")
    assert page[1].article.text[rel.start : rel.end] == rel.evidence
    assert page[0].relations == []
    assert rel.predicate is Predicate.PART_OF


def test_page_part_of_order_free():
    texts = ["湖北省召开会议。", "武汉市总工会举办活动。", "襄阳市总工会举办活动。"]
    one = add_page_part_of([_result(i, t) for i, t in enumerate(texts)])
    two = add_page_part_of([_result(i, t) for i, t in enumerate(texts)])
    assert [p.relations for p in one] == [p.relations for p in two]


# --- the offsets and the outermost places the rules now find by bisection and search


@pytest.mark.parametrize(
    ("text", "end", "n", "expected"),
    [
        ("辽宁省的凌源市", 4, 1, 3),
        ("辽宁省 的 凌源市", 6, 1, 3),  # white space does not count
        ("辽宁省\n\n的凌源市", 6, 1, 3),
        ("的市", 2, 5, 0),  # the text runs out
        ("辽宁省境内的凌源市", 6, 3, 3),
        ("辽宁省凌源市", 3, 0, 3),
    ],
)
def test_reach_back(text, end, n, expected):
    assert _reach_back(text, end, n) == expected
    # the first offset with at most n characters other than white space before `end`
    assert _bare(text, expected, end) <= n and (expected == 0 or _bare(text, expected - 1, end) > n)


@pytest.mark.parametrize(
    ("text", "pos", "expected"),
    [("辽宁省 \n凌源市", 3, 5), ("辽宁省凌源市", 3, 3), ("ab  ", 2, 4), ("", 0, 0)],
)
def test_next_non_space(text, pos, expected):
    assert _next_non_space(text, pos) == expected


@pytest.mark.parametrize(
    "spans",
    [
        [(0, 4, "青岛高新"), (0, 2, "青岛"), (2, 4, "高新"), (6, 9, "双鸭山")],
        [(0, 3, "辽宁省"), (0, 3, "遼寧省"), (3, 6, "凌源市")],  # the same span read two ways: neither holds the other
        [(0, 3, "辽宁省"), (0, 3, "辽宁省"), (1, 3, "宁省")],
        [(0, 5, "甲乙丙丁戊"), (2, 7, "丙丁戊己庚"), (3, 5, "丁戊")],  # overlapping, not nested
    ],
)
def test_outermost_as_the_definition(spans):
    linked = [(Mention(t, T.PLACE, s, e), entity_key(T.PLACE, t)) for s, e, t in spans]
    places = _Places(Doc(article("甲乙丙丁戊己庚辛壬癸"), linked))
    mentions = places.mentions
    expected = [(m, k) for m, k in mentions if not any(o.start <= m.start and m.end <= o.end and o != m for o, _ in mentions)]
    assert places.outermost() == expected
    for a in range(11):
        for b in range(a, 11):
            assert places.outermost_ending_in(a, b) == [(m, k) for m, k in expected if a <= m.end <= b]
