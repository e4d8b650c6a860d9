"""Reading input files and splitting newspaper pages into articles.

A page from PDF extraction is a run of paragraphs separated by blank lines, with
several articles, some in pieces and out of order. `split_articles` works in
three passes:

1. `page_paragraphs`: one `Para` per non-empty line, with its offsets in the
   page, Markdown heading marks dropped, continuation markers ((上接第1版),
   (下转第2版)) split off, and a kind: heading, byline, lead (本报讯(...)),
   signoff (a credit line that closes a piece: "本报记者 X 摄", "通讯员 X 报"),
   marker or body.
2. `join_broken`: paragraphs that extraction cut in the middle of a sentence or
   a word ("助力他们" / "承担起…", "青" / "岛市总") are joined again; a heading
   is never joined into the body.
3. `group_pieces`: the paragraphs are cut into article pieces. A piece starts at
   a heading group that reads as a headline (a kicker or subtitle with it, a
   byline or lead right after it, the top Markdown level of the page, a continuation
   marker, a wide blank gap where a picture stood, or the previous piece was
   closed), at a byline or lead that cannot belong to the current piece (it
   already has a byline, or is well under way), and after a continuation
   marker. Other headings are subheadings of the current piece.

Photo captions: a caption paragraph and its 摄 credit form a piece of their
own, with the heading above them ("劳模送祝福" + caption + "本报通讯员 沈某
摄"); the credit closes the piece. A 摄 line inside an article that already has
its byline stays in that article, with the photographer credited.

Continuation pieces ("(上接第1版)" with or without a headline, or a byline in
the middle of another article) are articles of their own: their other half is
usually on another page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import NamedTuple

from .model import Article, Credit, Page
from .read import SUFFIXES, iter_pages  # noqa: F401  (SUFFIXES: what read_pages reads)
from .script import align_original
from .text import continues, is_heading, is_kicker, normalize_width

_NUM = r"[0-9一二三四五六七八九十]+"
_MARKER = re.compile(rf"[(（]?\s*([上下])\s*(?:接|转)\s*第?\s*{_NUM}\s*版\s*[)）]?")
_MD_HEADING = re.compile(r"\s*(#{1,6})\s*")  # with the white space before the marks
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_DECOR = re.compile(r"^[□■◎●○◆◇★☆▲△▼▽▶►•·※〇\s]+")
_MEDIA = r"(?:本报(?:驻[\u4e00-\u9fff]{1,6}?)?|新华社|中新社|[\u4e00-\u9fff]{1,6}?(?:日报|晚报|时报|电视台))"
_ROLE = rf"{_MEDIA}?(?:特约|见习|实习|首席)?(?:摄影记者|记者|通讯员|实习生|摄影)"
_NAME = r"[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{1,8})?"
_SIGNOFF = re.compile(r"(?:\s*摄(?:影)?(?:报道)?|\s+报(?:道)?)$")  # "… 摄", "… 报": the credit closes a piece
_BYLINE = re.compile(rf"^{_ROLE}\s*{_NAME}(?:[\s、]+{_NAME}|\s*{_ROLE}\s*{_NAME})*(?:{_SIGNOFF.pattern[:-1]})?$")
_LEAD = re.compile(r"^(?:本报|新华社|中新社)(?:讯|[^()\s]{0,12}?电)\s*[(（]([^()（）]{2,60})[)）]")
# a lead with no credit after it (本报讯 近日,…), the credit at the end of the article if anywhere
_BARE_LEAD = re.compile(r"^(?:本报|新华社|中新社)(?:讯|[^()\s]{0,12}?电)[\s\u3000]+(?![(（])")
_TRAILING = re.compile(r"(?:(?<=[。！？!?…”’」』)）])|(?<=发))\s*[(（]([^()（）]{2,30})[)）]\s*$")
_TOKEN = re.compile(rf"({_ROLE})|((?:(?!{_ROLE})[\u4e00-\u9fff·])+)")
_ROLES = {"摄影记者": "摄影", "实习生": "记者", "通讯员": "通讯员", "记者": "记者", "摄影": "摄影"}  # longest first
# Words that follow 记者/通讯员 in column titles and notes, never names: 记者手记, 记者观察...
_NOT_NAMES = ("本报", "报道", "综合", "整理", "编辑", "供图", "图片", "摄", "手记", "观察", "调查", "探访", "连线", "视点",
              "札记", "随笔", "来信", "来稿", "走基层", "一线", "现场", "体验", "日记", "感言", "眼中", "笔记",
              "培训", "工作", "会议", "大会", "队伍", "风采", "之家", "协会", "表彰", "节日", "团队")
_ROLE_WORD = re.compile(_ROLE)
_NOT_NAME_WORD = re.compile("|".join(map(re.escape, _NOT_NAMES)))
_CJK_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]+")  # what text.is_cjk accepts, for a whole word
_LABELS = {"阅读提示", "图片新闻", "新闻速览", "短评", "评论"}
SURNAMES_FILE = Path(__file__).resolve().parent / "data" / "surnames.txt"
MAX_ARTICLE = 8000  # characters; longer pieces are cut (seed articles stay under 2000)
_SENTENCE_END = re.compile(r"[。！？!?；;…]+[”’」』)）]*")


@cache
def surnames() -> frozenset[str]:
    """Chinese surnames (kg/data/surnames.txt, shared with the person finder): a bare
    name in brackets at the end of an article, "(龙某梅)", counts only with one of them.

    >>> "王" in surnames() and "欧阳" in surnames()
    True
    """
    lines = SURNAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


class Para(NamedTuple):
    """One paragraph of a page: its text and where it stands in the page text (a tuple:
    a page has hundreds)."""

    start: int
    end: int
    text: str
    kind: str  # heading, byline, lead, signoff, up, down (markers) or body
    level: int = 0  # Markdown heading level, 0 when none
    gap: bool = False  # a wide blank run stood before it (a picture was there)


def read_pages(paths: Iterable[str | Path]) -> Iterator[Page]:
    """Yield a Page for every .txt/.md/.html/.htm file under `paths`, folders recursively, in sorted order.

    Any common encoding is read (see `kg.read`); a file given twice is read once;
    pages whose file stems collide get distinct `Page.stem`s ("x", "x~2"...), so
    article ids stay unique. Raises FileNotFoundError for a path that does not
    exist and ValueError for a file that cannot be decoded with confidence.
    `kg.read.read_corpus` reports such files instead of raising.
    """
    return iter_pages(paths)


def split_markers(start: int, line: str) -> list[tuple[int, str, str]]:
    """Cut continuation markers off a line: (offset, text, kind) pieces, kind up/down/text.

    >>> split_markers(0, "(上接第1版)正文。(下转第2版)")
    [(0, '(上接第1版)', 'up'), (7, '正文。', 'text'), (10, '(下转第2版)', 'down')]
    """
    if "版" not in line:  # every marker names a page (版): the line is all text
        text = line.strip()
        return [(start + len(line) - len(line.lstrip()), text, "text")] if text else []
    out, pos = [], 0
    for m in _MARKER.finditer(line):
        if "(" not in m.group(0) and "（" not in m.group(0) and (m.start() or m.end() < len(line)):
            continue  # a bare 上接第1版 counts only as a line of its own
        if line[pos : m.start()].strip():
            out.append((start + pos, line[pos : m.start()], "text"))
        out.append((start + m.start(), m.group(0), "up" if m.group(1) == "上" else "down"))
        pos = m.end()
    if line[pos:].strip():
        out.append((start + pos, line[pos:], "text"))
    return [(s + len(t) - len(t.lstrip()), t.strip(), k) for s, t, k in out]


def classify(text: str, level: int = 0) -> str:
    """The kind of a paragraph: heading, byline, lead, signoff or body.

    >>> [classify(t) for t in ("本报记者 张某光", "本报记者 刘某梦 摄", "本报讯(记者张某)近日...", "小专业也有大作为", "他说。")]
    ['byline', 'signoff', 'lead', 'heading', 'body']
    >>> classify("本报讯 6月1日,某市总工会活动启动。"), classify("本报讯员工说。")
    ('lead', 'body')
    """
    if level:
        return "heading"
    if _BYLINE.match(text) and names_only(text):
        return "signoff" if _SIGNOFF.search(text) else "byline"
    if _LEAD.match(text) or _BARE_LEAD.match(text):
        return "lead"
    return "heading" if is_heading(text) else "body"


def page_paragraphs(text: str) -> list[Para]:
    """The paragraphs of a page: non-empty lines with their offsets and kinds.

    >>> [(p.start, p.text, p.kind) for p in page_paragraphs("### 标题\\n\\n(上接第1版)\\n正文。")]
    [(4, '标题', 'heading'), (8, '(上接第1版)', 'up'), (16, '正文。', 'body')]
    """
    lines, pos, blanks = [], 0, 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((pos, line, blanks))
            blanks = 0
        else:
            blanks += 1
        pos += len(line) + 1
    # a picture leaves a blank run wider than the page's usual paragraph break
    usual = min(Counter(b for _, _, b in lines[1:]).most_common(), key=lambda kv: (-kv[1], kv[0]), default=(1, 0))[0]
    out = []
    for start, line, blanks in lines:
        gap = blanks >= usual + 2 and start > 0 and out != []
        level = 0
        m = _MD_HEADING.match(line)
        if m:
            level = len(m.group(1))
            start, line = start + m.end(), line[m.end() :]
        m = _EMPHASIS.fullmatch(line.strip())
        if m:  # **本报记者 王某**: emphasis marks go, like heading marks
            cut = line.index(m.group(2))
            start, line = start + cut, m.group(2)
        for s, t, kind in split_markers(start, line):
            kind = kind if kind != "text" else classify(t, level)
            m = _DECOR.match(t)
            if kind in ("body", "heading") and m and classify(t[m.end() :]) in ("byline", "signoff"):  # □本报记者 王某
                s, t = s + m.end(), t[m.end() :]
                kind = classify(t)
            out.append(Para(s, s + len(t), t, kind, level if kind == "heading" else 0, gap))
            gap = False
    return out


def join_broken(pars: list[Para]) -> list[Para]:
    """Join paragraphs that PDF extraction cut in the middle of a sentence or word.

    >>> [p.text for p in join_broken(page_paragraphs("通过专题研究,助力他们\\n\\n承担起使命。\\n\\n小标题"))]
    ['通过专题研究,助力他们承担起使命。', '小标题']
    """
    out: list[Para] = []
    for par in pars:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind in ("body", "lead", "heading")
            and not prev.level
            and par.kind in ("body", "heading")
            and not par.level
            and not trailing_credit(prev.text)
            and continues(prev.text, par.text)
        ):
            out[-1] = prev._replace(end=par.end, text=prev.text + par.text, kind="lead" if prev.kind == "lead" else "body")
            continue
        out.append(par)
    return out


def starts_article(group: list[Para], after: list[Para], top_level: int = 0) -> bool:
    """Whether a heading group (markers included) heads a new article piece, given the
    paragraphs after it and the top Markdown level of a page that uses several."""
    heads = [p for p in group if p.kind == "heading"]
    if len(heads) >= 2 or any(p.kind == "up" for p in group) or group[0].gap:
        return True
    if any(p.level and p.level == top_level for p in heads) or any(is_kicker(p.text) for p in heads):
        return True
    for p in after[:3]:
        if p.kind in ("heading", "up", "down"):
            break
        if p.kind in ("byline", "lead", "signoff"):
            return True
        m = trailing_credit(p.text)
        if m and "摄" in m.group(1):  # a caption's closing "新华社发(X 摄)"
            return True
    return False


def group_pieces(pars: list[Para]) -> list[list[Para]]:
    """Cut the paragraphs of a page into article pieces (continuation markers dropped)."""
    levels = sorted({p.level for p in pars if p.level})
    top_level = levels[0] if len(levels) > 1 else 0  # "#" titles over "###" subheadings
    pieces: list[list[Para]] = []
    closed = True  # the next paragraph starts a piece
    i = 0
    while i < len(pars):
        par = pars[i]
        if par.kind in ("heading", "up"):
            j = i
            while j < len(pars) and pars[j].kind in ("heading", "up"):
                j += 1
            group = pars[i:j]
            heads = [p for p in group if p.kind == "heading"]
            if closed or starts_article(group, pars[j:], top_level) or not heads:
                pieces.append([])
            pieces[-1] += heads
            closed = not heads  # "(上接第1版)" alone: what follows is a new piece
            i = j
            continue
        i += 1
        if par.kind == "down":
            closed = True
            continue
        if closed or (par.kind in ("byline", "lead") and not takes_byline(pieces[-1])):
            pieces.append([])
        pieces[-1].append(par)
        closed = par.kind == "signoff" and not has_byline(pieces[-1][:-1]) or bool(trailing_credit(par.text))
    return [p for p in pieces if p]


def has_byline(piece: list[Para]) -> bool:
    return any(p.kind in ("byline", "lead") for p in piece)


def takes_byline(piece: list[Para]) -> bool:
    """A piece takes a byline while it has none and is at most two paragraphs into its body."""
    return not has_byline(piece) and sum(p.kind != "heading" for p in piece) <= 2


def choose_headline(heads: list[str]) -> str:
    """The title among the heading lines: kickers ("…——"), labels (阅读提示) and column tags left aside.

    >>> choose_headline(["某市总将文化宫打造成“学校和乐园”——", "职工夜校这样“出圈”"])
    '职工夜校这样“出圈”'
    >>> choose_headline(["某市总建立考评激励机制—— 让年轻工会干部“深扎根”", "工会创新实践调研行"])
    '让年轻工会干部“深扎根”'
    """
    titles = [h for h in heads if not is_kicker(h) and h not in _LABELS]
    if not titles:
        return heads[-1] if heads else ""
    return re.split(r"[—－-]{2}", titles[0])[-1].strip()


def is_name(token: str, strict: bool = False) -> bool:
    """A personal name: 2-4 Chinese characters (more with a "·"); `strict` also wants a common surname.

    >>> is_name("王某"), is_name("本报记者"), is_name("资料图", strict=True), is_name("欧阳晓明", strict=True)
    (True, False, False, True)
    """
    core = token.split("·")[0]
    if not 2 <= len(core) <= 4 or not _CJK_RUN.fullmatch(core) or _ROLE_WORD.search(token):
        return False
    if _NOT_NAME_WORD.search(token):
        return False
    return not strict or core[0] in surnames() or core[:2] in surnames()


def parse_credits(line: str, offset: int = 0, default: str = "记者", strict: bool = False) -> tuple[Credit, ...]:
    """Credits in a byline, a 本报讯 lead's brackets or a closing "(name)", with
    name spans shifted by `offset`; names before any role word get `default`.
    A credit ending in 摄 makes everyone in it a photographer (摄影).

    >>> [(c.name, c.role) for c in parse_credits("本报通讯员 路某燕 本报记者 毛某曦")]
    [('路某燕', '通讯员'), ('毛某曦', '记者')]
    >>> [(c.name, c.role, c.start) for c in parse_credits("记者张某 通讯员黎某 王某")]
    [('张某', '记者', 2), ('黎某', '通讯员', 8), ('王某', '通讯员', 11)]
    >>> parse_credits("本报记者 刘某梦 摄", offset=10)
    (Credit(name='刘某梦', role='摄影', start=15, end=18),)
    """
    body = line.rstrip()
    signoff = _SIGNOFF.search(body)
    photo = bool(signoff) and "摄" in signoff.group(0)
    body = body[: signoff.start()] if signoff else body
    role, credits = default, []
    for m in _TOKEN.finditer(body):
        if m.group(1):
            role = next(r for word, r in _ROLES.items() if m.group(1).endswith(word))
            continue
        if is_name(m.group(2), strict=strict):
            credits.append(Credit(m.group(2), "摄影" if photo else role, offset + m.start(2), offset + m.end(2)))
        elif strict:
            return ()  # a bracket that is not all names is no credit: "(中亚)", "(资料图)"
    return tuple(credits)


def names_only(line: str) -> bool:
    """True when every word of a credit line between the role words is a name.

    >>> names_only("本报记者 王某明 通讯员 李某"), names_only("通讯员培训班")
    (True, False)
    """
    body = _SIGNOFF.sub("", line.rstrip())
    words = [m.group(2) for m in _TOKEN.finditer(body) if m.group(2)]
    return bool(words) and all(is_name(w) for w in words)


def trailing_credit(text: str) -> re.Match | None:
    """The closing credit of an article, "…说。(龙某梅)" or "新华社发(邵某智 摄)", if any.

    >>> trailing_credit("贺某说。(龙某梅)").group(1), trailing_credit("班列数突破(中亚)")
    ('龙某梅', None)
    """
    if not text.rstrip().endswith((")", "）")):
        return None  # the pattern ends in a bracket and spaces: no need to search the text
    m = _TRAILING.search(text)
    return m if m and parse_credits(m.group(1), strict=True) else None


def paragraph_credits(par: Para, offset: int) -> tuple[Credit, ...]:
    """The credits a paragraph carries, with spans at `offset` in the article text."""
    if par.kind in ("byline", "signoff"):
        return parse_credits(par.text, offset)
    m = _LEAD.match(par.text) if par.kind == "lead" else None
    if m:
        return parse_credits(m.group(1), offset + m.start(1))
    m = trailing_credit(par.text)
    if m:
        return parse_credits(m.group(1), offset + m.start(1), default="通讯员", strict=True)
    return ()


def to_article(piece: list[Para], stem: str, source: str, n: int) -> Article:
    """An Article from a piece: its lines joined with "\\n", credits located in that text."""
    heads = []
    for p in piece:
        if p.kind != "heading":
            break
        heads.append(p.text)
    credits: list[Credit] = []
    offset = 0
    for p in piece:
        credits += paragraph_credits(p, offset)
        offset += len(p.text) + 1
    return Article(
        id=f"{stem}#{n}",
        source=source,
        index=n,
        headline=choose_headline(heads),
        text="\n".join(p.text for p in piece),
        credits=tuple(credits),
        page_start=piece[0].start,
        page_end=piece[-1].end,
    )


def split_articles(page: Page) -> list[Article]:
    """Cut a page into articles: headline lines, byline and body, PDF damage repaired.

    >>> page = Page("p.txt", "工会搭“鹊桥”\\n\\n本报记者 田某奎\\n\\n近日,青\\n\\n岛市总举办联谊活动。")
    >>> [(a.id, a.headline, a.text) for a in split_articles(page)]
    [('p#0', '工会搭“鹊桥”', '工会搭“鹊桥”\\n本报记者 田某奎\\n近日,青岛市总举办联谊活动。')]
    >>> a = split_articles(page)[0]; [(c.name, c.role, a.text[c.start:c.end]) for c in a.credits]
    [('田某奎', '记者', '田某奎')]
    """
    text = normalize_width(page.text)
    pieces = bound_pieces(group_pieces(join_broken(page_paragraphs(text))))
    stem = page.stem or Path(page.source).stem
    articles = [to_article(piece, stem, page.source, n) for n, piece in enumerate(pieces)]
    if not page.original:
        return articles
    original = normalize_width(page.original)  # a Traditional page: each article's text as written
    return [replace(a, original=align_original(a.text, text[a.page_start : a.page_end], original[a.page_start : a.page_end])) for a in articles]


def cut_paragraph(par: Para, limit: int = MAX_ARTICLE) -> list[Para]:
    """A paragraph longer than `limit` characters, cut after sentence ends (or, without
    any, at `limit`) into body paragraphs of at most `limit`.

    >>> [p.text for p in cut_paragraph(Para(0, 11, "工会成立。职工参加。好", "body"), limit=5)]
    ['工会成立。', '职工参加。', '好']
    """
    if len(par.text) <= limit:
        return [par]
    exact = par.end - par.start == len(par.text)  # a joined paragraph has no offsets inside
    out, pos = [], 0
    while pos < len(par.text):
        cut = min(pos + limit, len(par.text))
        if cut < len(par.text):
            ends = [m.end() for m in _SENTENCE_END.finditer(par.text, pos + limit // 2, cut)]
            cut = ends[-1] if ends else cut
        start, end = (par.start + pos, par.start + cut) if exact else (par.start, par.end)
        out.append(par._replace(start=start, end=end, text=par.text[pos:cut], kind=par.kind if pos == 0 else "body"))
        pos = cut
    return out


def bound_pieces(pieces: list[list[Para]], limit: int = MAX_ARTICLE) -> list[list[Para]]:
    """Pieces longer than `limit` characters cut at paragraph ends (overlong paragraphs at
    sentence ends), so that a file with no headlines in it, even one line of 50 MB,
    gives articles of bounded size: extraction time grows much faster than the article.

    >>> pars = page_paragraphs("标题\\n\\n第一段。\\n\\n第二段。\\n\\n第三段。")
    >>> [[p.text for p in piece] for piece in bound_pieces([pars], limit=10)]
    [['标题', '第一段。'], ['第二段。', '第三段。']]
    """
    out = []
    for piece in pieces:
        if sum(len(p.text) + 1 for p in piece) <= limit + 1:
            out.append(piece)
            continue
        current: list[Para] = []
        size = 0
        for par in (part for p in piece for part in cut_paragraph(p, limit)):
            if current and size + len(par.text) + 1 > limit + 1:
                out.append(current)
                current, size = [], 0
            current.append(par)
            size += len(par.text) + 1
        out.append(current)
    return out
