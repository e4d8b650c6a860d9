"""Programme themes and target groups from keyword data.

A programme's themes are the guideline's notations (matchmaking, health …) whose
keywords occur in its name or in the sentences that mention it; a keyword in the
name weighs `name_weight` times more than one in a sentence. Keywords live in
`kg/data/themes.tsv`, target groups in `kg/data/targets.tsv`.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from importlib import resources
from itertools import chain

from .text import split_sentences

THEMES = (
    "cadre-development", "matchmaking", "education-aid", "skills-and-craftsmen", "ideological-education",
    "hardship-relief", "health", "culture-and-learning", "employment", "poverty-alleviation",
    "rights-protection", "safety", "childcare", "reform", "digital",
)  # fmt: skip


def _rows(name: str) -> list[list[str]]:
    text = (resources.files("kg") / "data" / name).read_text(encoding="utf-8")
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            raise ValueError(f"kg/data/{name}:{n}: expected tab-separated columns, got {line!r}")
        rows.append(cols)
    return rows


@cache
def theme_keywords() -> dict[str, dict[str, int]]:
    """notation -> {keyword: weight}, read once from kg/data/themes.tsv.

    >>> theme_keywords()["matchmaking"]["相亲"]
    2
    """
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for n, (notation, keyword, *weight) in enumerate(_rows("themes.tsv"), 1):
        if notation == "mask":
            continue
        if notation not in THEMES:
            raise ValueError(f"kg/data/themes.tsv row {n}: unknown theme {notation!r}, expected one of {THEMES}")
        table[notation][keyword] = int(weight[0]) if weight else 1
    return dict(table)


@cache
def target_keywords() -> dict[str, tuple[str, ...]]:
    """target group -> keywords, read once from kg/data/targets.tsv.

    >>> "骑手" in target_keywords()["新就业形态劳动者"]
    True
    """
    table: dict[str, list[str]] = defaultdict(list)
    for group, keyword, *_ in _rows("targets.tsv"):
        table[group].append(keyword)
    return {g: tuple(ws) for g, ws in table.items()}


@cache
def _masks() -> tuple[str, ...]:
    return tuple(keyword for notation, keyword, *_ in _rows("themes.tsv") if notation == "mask")


def _masked(text: str) -> str:
    for phrase in _masks():
        text = text.replace(phrase, "□" * len(phrase))
    return text


@cache
def _keyword_rows() -> tuple[tuple[str, str, int], ...]:
    """(notation, keyword, weight) of every theme keyword, theme by theme as in `theme_keywords`.

    >>> ("matchmaking", "相亲", 2) in _keyword_rows()
    True
    """
    return tuple((notation, kw, weight) for notation, keywords in theme_keywords().items() for kw, weight in keywords.items())


@cache
def _rows_by_first_character() -> dict[str, tuple[int, ...]]:
    """The first character of theme keywords -> the positions of their rows in `_keyword_rows`.

    >>> [_keyword_rows()[i][1] for i in _rows_by_first_character()["相"]]
    ['相亲']
    """
    found: dict[str, list[int]] = defaultdict(list)
    for i, (_, kw, _) in enumerate(_keyword_rows()):
        found[kw[0]].append(i)
    return {c: tuple(rows) for c, rows in found.items()}


def _rows_starting_in(text: str) -> list[int]:
    """The positions in `_keyword_rows`, in order, of the keywords whose first character is in
    `text`: only they can occur in it, and one set intersection (in C) finds their characters.

    >>> [_keyword_rows()[i][1] for i in _rows_starting_in("相亲会")]
    ['相亲']
    """
    by_first = _rows_by_first_character()
    return sorted(chain.from_iterable(map(by_first.__getitem__, by_first.keys() & set(text))))


def _context_hits(keyword: str, contexts: list[str], most: int = 2) -> int:
    """How many of `contexts` hold `keyword`, counting up to `most`.

    >>> _context_hits("夜校", ["职工夜校", "天气晴", "夜校很火", "夜校"])
    2
    """
    hits = 0
    for c in contexts:
        if keyword in c:
            hits += 1
            if hits == most:
                break
    return hits


def theme_scores(name: str, contexts: list[str], *, name_weight: int = 3) -> dict[str, int]:
    """Each theme's score: a keyword's weight, times `name_weight` when the name has
    it, plus once for each of at most two sentences that have it.

    >>> theme_scores("职工夜校", ["职工夜校的课程备受欢迎"])["culture-and-learning"]  # 夜校 2*3+2, 课程 1
    9
    """
    name, contexts = _masked(name), [_masked(c) for c in contexts]
    # most keywords occur nowhere: their first character is not in the text, and for the
    # others one substring test over all the text (in C) rules each out; a keyword has no
    # newline, so it cannot match across the joins
    everything = "\n".join([name, *contexts])
    rows = _keyword_rows()
    scores: dict[str, int] = {}  # filled theme by theme: the order of `theme_keywords`
    for i in _rows_starting_in(everything):
        notation, kw, weight = rows[i]
        if kw in everything:
            score = weight * name_weight if kw in name else 0
            scores[notation] = scores.get(notation, 0) + score + weight * _context_hits(kw, contexts)
    return {notation: score for notation, score in scores.items() if score}


def themes_for(name: str, contexts: list[str], *, name_weight: int = 3, threshold: int = 5) -> list[str]:
    """The themes of a programme, strongest first.

    A theme is kept when its score reaches `threshold` (one keyword in the name
    does), or when nothing reaches it and it ties for the programme's best score.

    >>> themes_for("爱在高新单身联谊品牌", [])
    ['matchmaking']
    >>> themes_for("职工线上相亲平台", ["每周公布单身职工信息"])
    ['digital', 'matchmaking']
    """
    scores = theme_scores(name, contexts, name_weight=name_weight)
    ranked = sorted(scores, key=lambda t: (-scores[t], THEMES.index(t)))
    kept = [t for t in ranked if scores[t] >= threshold]
    return kept or [t for t in ranked if scores[t] == scores[ranked[0]]]


def targets_for(name: str, contexts: list[str]) -> list[str]:
    """The groups a programme serves, by keywords in its name and sentences.

    >>> targets_for("爱在高新单身联谊品牌", ["惠及单身职工2800余人"])
    ['单身职工']
    """
    text = "\n".join([name, *contexts])
    # in the order of `target_keywords`, the order of the table
    return [group for group, kws in target_keywords().items() if any(map(text.__contains__, kws))]


def sentences_mentioning(text: str, names: list[str]) -> list[str]:
    """The sentences of `text` that contain any of `names` (a programme's contexts).

    >>> sentences_mentioning("市总开办职工夜校。天气晴。夜校很火!", ["职工夜校", "夜校"])
    ['市总开办职工夜校。', '夜校很火!']
    """
    sentences = (text[a:b] for a, b in split_sentences(text))
    return [s for s in sentences if any(n and n in s for n in names)]
