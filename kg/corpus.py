"""Reading input files and splitting newspaper pages into articles.

A page from PDF extraction is a run of paragraphs separated by blank lines.
`split_articles` repairs what extraction broke (paragraphs cut mid-sentence,
continuation markers, Markdown heading marks), then cuts the page where a new
headline starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .model import Article, Credit, Page
from .text import normalize_width

SUFFIXES = (".txt", ".md")

_CONTINUATION = re.compile(r"^[(（]?(?:上|下)接第?[0-9一二三四五六七八九十]+版[)）]?$")
_MD_HEADING = re.compile(r"^#{1,6}\s*")
_BYLINE = re.compile(
    r"^(?:本报(?:记者|通讯员)|记者|通讯员)\s*[\u4e00-\u9fff·]{2,4}"
    r"(?:\s+(?:本报)?(?:记者|通讯员)?\s*[\u4e00-\u9fff·]{2,4})*(?:\s*摄)?$"
)
_BAOXUN = re.compile(r"^本报讯[(（]([^)）]*)[)）]")
_CREDIT = re.compile(r"(记者|通讯员)\s*((?:[\u4e00-\u9fff·]{2,4}\s*)+)")
_END = "。！？!?”」』…)）"


def read_pages(paths: Iterable[str | Path]) -> Iterator[Page]:
    """Yield a Page for every .txt/.md file under `paths`, in sorted order.

    Raises FileNotFoundError for a path that does not exist.
    """
    for path in paths:
        p = Path(path)
        if not p.exists():
            raise FileNotFoundError(f"no such file or folder: {p}")
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES) if p.is_dir() else [p]
        for f in files:
            yield Page(source=f.as_posix(), text=f.read_text(encoding="utf-8-sig"))


def page_paragraphs(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their offsets, heading marks and continuation markers dropped.

    >>> page_paragraphs("### 标题\\n\\n(上接第1版)\\n正文。")
    [(4, '标题'), (16, '正文。')]
    """
    out, pos = [], 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped or _CONTINUATION.match(stripped):
            continue
        m = _MD_HEADING.match(stripped)
        if m:
            start += line.index(stripped) + m.end()
            stripped = stripped[m.end():]
        else:
            start += line.index(stripped)
        out.append((start, stripped))
    return out


def is_heading(par: str) -> bool:
    """A short line with no sentence punctuation reads as a headline or subheading.

    >>> is_heading("破解年轻干部成长难题"), is_heading("他说,好。")
    (True, False)
    """
    return len(par) <= 40 and not any(c in par for c in ",,。;;:") and not par.endswith(tuple(_END[:-2]))


def join_broken(pars: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Join paragraphs that PDF extraction cut in the middle of a sentence.

    >>> join_broken([(0, "助力他们"), (10, "承担起使命。")])
    [(0, '助力他们承担起使命。')]
    """
    out: list[tuple[int, str]] = []
    for start, par in pars:
        if out:
            prev_start, prev = out[-1]
            if len(prev) > 40 and not prev.endswith(tuple(_END)) and not is_heading(par):
                out[-1] = (prev_start, prev + par)
                continue
        out.append((start, par))
    return out


def parse_credits(line: str) -> tuple[Credit, ...]:
    """Credits in a byline or a 本报讯 lead.

    >>> parse_credits("本报通讯员 路红燕 本报记者 毛浓曦")
    (Credit(name='路红燕', role='通讯员'), Credit(name='毛浓曦', role='记者'))
    >>> parse_credits("本报记者 刘金梦 摄")
    (Credit(name='刘金梦', role='摄影'),)
    """
    photo = line.rstrip().endswith("摄")
    body = line.rstrip().removesuffix("摄")
    credits = []
    for m in _CREDIT.finditer(body):
        for name in m.group(2).split():
            role = "摄影" if photo else m.group(1)
            credits.append(Credit(name, role))
    return tuple(credits)


def split_articles(page: Page) -> list[Article]:
    """Cut a page into articles at headlines that a byline or 本报讯 lead follows."""
    text = normalize_width(page.text)
    pars = join_broken(page_paragraphs(text))
    starts = [0]
    for i, (_, par) in enumerate(pars):
        if i and is_heading(par):
            nxt = [p for _, p in pars[i + 1 : i + 4]]
            if any(_BYLINE.match(p) or _BAOXUN.match(p) for p in nxt[:3]) and not is_heading(pars[i - 1][1]):
                starts.append(i)
    starts.append(len(pars))
    stem = Path(page.source).stem
    articles = []
    for n, (a, b) in enumerate(zip(starts, starts[1:])):
        chunk = pars[a:b]
        if not chunk:
            continue
        credits: list[Credit] = []
        body: list[str] = []
        for _, par in chunk:
            if _BYLINE.match(par):
                credits.extend(parse_credits(par))
                continue
            m = _BAOXUN.match(par)
            if m:
                credits.extend(parse_credits(m.group(1)))
            body.append(par)
        headline = chunk[0][1]
        articles.append(
            Article(
                id=f"{stem}#{n}",
                source=page.source,
                index=n,
                headline=headline,
                text="\n".join(body),
                credits=tuple(credits),
                page_start=chunk[0][0],
                page_end=chunk[-1][0] + len(chunk[-1][1]),
            )
        )
    return articles
