import pytest

from kg import gazetteer as g


@pytest.mark.parametrize(
    "name, expected",
    [
        # full names
        ("湖北省", "湖北省"),
        ("双鸭山市", "双鸭山市"),
        ("井陉矿区", "井陉矿区"),
        ("海西蒙古族藏族自治州", "海西蒙古族藏族自治州"),
        ("北京市", "北京市"),  # the municipality, not its folded city level
        # short forms by suffix
        ("湖北", "湖北省"),
        ("双鸭山", "双鸭山市"),
        ("新疆", "新疆维吾尔自治区"),
        ("广西", "广西壮族自治区"),
        ("内蒙古", "内蒙古自治区"),  # 蒙古 is not stripped down to 内
        ("海西", "海西蒙古族藏族自治州"),
        ("博尔塔拉", "博尔塔拉蒙古自治州"),  # ethnic name without 族
        ("格尔木", "格尔木市"),
        ("黄陵", "黄陵县"),
        ("神农架", "神农架林区"),
        ("全疆", "新疆维吾尔自治区"),  # conventional alias
        # ambiguous: never silently
        ("吉林", None),
        ("塔城", None),
        ("朝阳区", None),  # two districts share the full name
        # unknown
        ("火星", None),
        ("鄂", None),  # abbreviations are not names
        ("", None),
    ],
)
def test_lookup(name, expected):
    found = g.lookup(name)
    assert (found.name if found else None) == expected


@pytest.mark.parametrize(
    "name, context, expected",
    [
        ("吉林", (), "吉林省"),  # the others lie inside the province
        ("塔城", (), "塔城地区"),
        ("吉安", (), "吉安市"),
        ("海南", (), "海南省"),  # a province beats a prefecture elsewhere
        ("伊宁", (), None),  # two equal candidates
        ("兴安", ("桂林市",), "兴安县"),  # the context names its city
        ("兴安", ("内蒙古自治区",), "兴安盟"),
        ("湖北", (), "湖北省"),
        ("火星", (), None),
    ],
)
def test_resolve(name, context, expected):
    found = g.resolve(name, tuple(g.lookup(c) for c in context))
    assert (found.name if found else None) == expected


@pytest.mark.parametrize(
    "name, chain",
    [
        ("格尔木市", ["海西蒙古族藏族自治州", "青海省"]),
        ("东城区", ["北京市"]),  # municipality: no city level in between
        ("仙桃市", ["湖北省"]),  # county-level city under the province directly
        ("东莞市", ["广东省"]),
        ("阿拉山口市", ["博尔塔拉蒙古自治州", "新疆维吾尔自治区"]),
        ("湖北省", []),
    ],
)
def test_ancestors(name, chain):
    assert [d.name for d in g.ancestors(g.lookup(name))] == chain


@pytest.mark.parametrize(
    "name, province",
    [("台山市", "广东省"), ("湖北省", "湖北省"), ("双鸭山", "黑龙江省")],
)
def test_province_of(name, province):
    assert g.province_of(g.lookup(name)).name == province


@pytest.mark.parametrize(
    "abbr, province",
    [("鄂", "湖北省"), ("京", "北京市"), ("鲁", "山东省"), ("苏", "江苏省"), ("黑", None)],
)
def test_province_abbreviations(abbr, province):
    found = g.province_abbreviations().get(abbr)
    assert (found.name if found else None) == province


@pytest.mark.parametrize("name, expected", [("哈萨克斯坦", "哈萨克斯坦"), ("沙特", "沙特阿拉伯"), ("中国", None)])
def test_countries(name, expected):
    assert g.countries().get(name) == expected


def test_every_parent_exists():
    table = g.divisions()
    assert all(d.parent in table for d in table.values() if d.parent)
    assert all((d.level == "province") == (d.parent == "") for d in table.values())


@pytest.mark.parametrize(
    "stem, expected",
    [("北仑", ["北仑区"]), ("浦东", ["浦东新区"]), ("滨海", None), ("朝阳", None)],  # 滨海县, 朝阳市 own those forms
)
def test_district_short_forms(stem, expected):
    found = g.district_short_forms().get(stem)
    assert ([d.name for d in found] if found else None) == expected
    assert g.lookup(stem) is None or expected is None  # never through lookup


def test_a_division_hashes_as_an_equal_copy():
    d = g.lookup("湖北")
    copy = g.Division(d.code, d.name, d.level, d.parent)
    assert copy == d and hash(copy) == hash(d) and copy in {d}
