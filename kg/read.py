"""Reading input files: bytes in any common Chinese encoding, text or HTML, to page text.

Every file gets a `FileStatus` (source, status, encoding, reason) that a build
can write out as its report; a file that cannot be decoded with confidence is
reported, never guessed.

Decoding order: a byte-order mark (UTF-8, UTF-16, UTF-32); strict UTF-8; for
HTML a declared ``charset`` that decodes strictly; then GB18030 (a superset of
GBK and GB2312) and Big5, each decoded strictly and scored by how much of the
result is everyday Chinese (`chinese_score`). The best is taken only when it
scores at least `MIN_SCORE` and beats the other by `MIN_MARGIN`. Line ends are
made LF. HTML goes through the standard library's `html.parser`: tags never
reach the text, blocks become paragraphs, ``<h1>``-``<h6>`` become Markdown
headings so the page splitter sees them as headlines. A page in Traditional
characters is read as Simplified, its text as written kept in `Page.original`
(see `kg.script`).

Bad input never stops a reading: an empty, binary, unreadable or undecodable
file, a pipe, a broken link or a symbolic-link loop each get a status record
with the reason, and the walk goes on.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from .model import Page
from .script import is_traditional, to_simplified
from .text import is_cjk

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
MIN_SCORE = 0.8
MIN_MARGIN = 0.15
LEGACY = ("gb18030", "big5")

_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)


class DecodeError(ValueError):
    """The bytes of a file could not be decoded with confidence."""


@dataclass(frozen=True)
class FileStatus:
    """What reading one file gave: status ok, skipped (not a page, empty, a link loop) or
    error; `script` is "traditional" for a page read from Traditional characters."""

    source: str
    status: str
    encoding: str = ""
    reason: str = ""
    script: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@lru_cache(maxsize=65536)
def is_common_hanzi(ch: str) -> bool:
    """An everyday character: GB2312 level 1 (simplified) or Big5 common (traditional).

    >>> is_common_hanzi("工"), is_common_hanzi("會"), is_common_hanzi("鿏")
    (True, True, False)
    """
    try:
        b = ch.encode("gb2312")
        if len(b) == 2 and 0xB0 <= b[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
        return len(b) == 2 and 0xA440 <= (b[0] << 8 | b[1]) <= 0xC67E
    except UnicodeEncodeError:
        return False


def _suspicious(ch: str) -> bool:
    """Characters a misread legacy encoding throws up in Chinese text: kana, box drawing, private use..."""
    o = ord(ch)
    return (
        0x3040 <= o <= 0x30FF  # kana
        or 0x2500 <= o <= 0x25FF  # box drawing, blocks, geometric shapes
        or 0xE000 <= o <= 0xF8FF  # private use
        or 0x0370 <= o <= 0x04FF  # Greek, Cyrillic
        or 0x3100 <= o <= 0x312F  # bopomofo
        or o == 0xFFFD
    )


def chinese_score(text: str) -> float:
    """Share of everyday Chinese characters among the CJK and suspicious characters of `text`.

    >>> chinese_score("工会组织职工参加技能竞赛。")
    1.0
    >>> big5 = "全國總工會組織職工參加技能競賽,提升職工技能素質。".encode("big5")
    >>> chinese_score(big5.decode("big5")), chinese_score(big5.decode("gb18030")) < 0.5
    (1.0, True)
    """
    counts = Counter("common" if is_common_hanzi(c) else "other" for c in text if is_cjk(c) or _suspicious(c))
    total = counts["common"] + counts["other"]
    return counts["common"] / total if total else 0.0


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a file's bytes: (text, encoding name). Raises DecodeError when unsure.

    >>> decode_bytes("工会".encode("utf-16"))
    ('工会', 'utf-16')
    >>> decode_bytes("全国总工会组织职工参加技能竞赛,提升职工技能素质。".encode("gbk"))[1]
    'gb18030'
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as e:
                raise DecodeError(f"{name} byte-order mark, but byte {e.start} is invalid: {e.reason}") from e
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = f"not UTF-8 (byte {e.start}: {e.reason})"
    if b"\x00" in data:
        raise DecodeError(f"{utf8_error}; NUL bytes without a byte-order mark (binary, or UTF-16 without BOM)")
    if declared:
        try:
            name = codecs.lookup(declared).name
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: detect as if there were none
    scored = []
    for name in LEGACY:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        scored.append((chinese_score(text), name, text))
    scored.sort(key=lambda t: (-t[0], t[1]))
    if not scored:
        raise DecodeError(f"{utf8_error}; not GB18030 or Big5 either")
    best, name, text = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    if best < MIN_SCORE or best - second < MIN_MARGIN:
        tried = ", ".join(f"{n} {s:.2f}" for s, n, _ in scored)
        raise DecodeError(f"{utf8_error}; no encoding reads as Chinese with confidence ({tried})")
    return text, name


def normalize_newlines(text: str) -> str:
    """CRLF and CR line ends as LF.

    >>> normalize_newlines("甲\\r\\n乙\\r丙")
    '甲\\n乙\\n丙'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


_BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "blockquote", "pre",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "td", "th", "figure", "figcaption",
    "hr", "address", "form", "fieldset", "caption", "center", "body", "html",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object", "select"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_WRAP = "\x00"  # a line wrap in the HTML source, until `collapse_space` decides what it was
_CJK = "[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]"


class _TextParser(HTMLParser):
    """Collects the text of an HTML page as paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.level = 0

    def flush(self) -> None:
        text = "".join(self.current)
        self.current = []
        for line in text.split("\n"):
            line = collapse_space(line)
            if line:
                self.paragraphs.append(("#" * self.level + " " if self.level else "") + line)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self.current.append("\n")
        elif tag in _BLOCKS or tag in _HEADINGS:
            self.flush()
            self.level = _HEADINGS.get(tag, 0)

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.current.append("\n")
        elif tag in _BLOCKS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS or tag in _HEADINGS:
            self.flush()
            self.level = 0

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.current.append(re.sub(r"\s*\n\s*", _WRAP, data))


def collapse_space(text: str) -> str:
    """HTML white space: runs collapse to one space; a source line wrap between
    two Chinese characters (marked by the parser) goes altogether.

    >>> collapse_space("  本报记者 \\t 王某\\u00a0李某  参加 AI  培训 ")
    '本报记者 王某 李某 参加 AI 培训'
    >>> collapse_space(f"工会组{_WRAP}织职工{_WRAP}AI")
    '工会组织职工 AI'
    """
    text = re.sub(rf"(?<={_CJK}){_WRAP}+(?={_CJK})", "", text)
    return re.sub(rf"[\s\u00a0{_WRAP}]+", " ", text).strip()


def html_to_text(html: str) -> str:
    """The text of an HTML page: one paragraph per block, blank lines between, headings as Markdown.

    >>> html_to_text("<html><head><title>站名</title><style>p{}</style></head>"
    ...              "<body><h2>工会\\n  驿站</h2><p>本报记者 <b>王某</b></p><p>正文&amp;更多<br>第二行</p>"
    ...              "<script>var a = '<p>x</p>';</script></body></html>")
    '## 工会驿站\\n\\n本报记者 王某\\n\\n正文&更多\\n\\n第二行'
    """
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    parser.flush()
    return "\n\n".join(parser.paragraphs)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, if any.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    'gb2312'
    """
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def read_file(path: str | Path) -> tuple[Page | None, FileStatus]:
    """Read one file into a Page (None unless status is ok) and its status record.

    Never raises for what is in the file: whatever goes wrong becomes the status.
    """
    p = Path(path)
    source = p.as_posix()
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        return None, FileStatus(source, "skipped", reason=f"not a page format ({suffix or 'no suffix'}; expected {', '.join(SUFFIXES)})")
    try:
        mode = p.stat().st_mode
        if not stat.S_ISREG(mode):  # reading a pipe would wait for ever
            return None, FileStatus(source, "skipped", reason=f"not a regular file ({_file_kind(mode)})")
        data = p.read_bytes()
    except OSError as e:
        return None, FileStatus(source, "error", reason=f"cannot read: {e.strerror or e}")
    try:
        return decode_page(source, data, suffix in HTML_SUFFIXES)
    except Exception as e:  # noqa: BLE001 - a bad file must not stop the build: report it
        return None, FileStatus(source, "error", reason=f"cannot read: {type(e).__name__}: {e}")


def decode_page(source: str, data: bytes, is_html: bool = False) -> tuple[Page | None, FileStatus]:
    """A file's bytes to a Page: decoded, LF line ends, HTML to text, Traditional read as Simplified.

    >>> page, status = decode_page("p.txt", "山東省總工會\\r\\n".encode("big5"))
    >>> page.text, page.original, status.encoding, status.script
    ('山东省总工会\\n', '山東省總工會\\n', 'big5', 'traditional')
    """
    try:
        text, encoding = decode_bytes(data, declared_charset(data) if is_html else None)
    except DecodeError as e:
        return None, FileStatus(source, "error", reason=str(e))
    if "\x00" in text:  # valid UTF-8 or UTF-16 can still be binary
        return None, FileStatus(source, "error", encoding, f"binary: NUL characters in the {encoding} text")
    text = normalize_newlines(text)
    if is_html:
        text = html_to_text(text)
    if not text.strip():
        return None, FileStatus(source, "skipped", encoding, "no text")
    try:
        traditional = is_traditional(text)
    except ImportError as e:  # read it as it is rather than lose it
        return Page(source, text), FileStatus(source, "ok", encoding, f"script not checked: {e}")
    if traditional:
        return Page(source, to_simplified(text), original=text), FileStatus(source, "ok", encoding, script="traditional")
    return Page(source, text), FileStatus(source, "ok", encoding)


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
    return next((name for test, name in kinds if test(mode)), "not a file")


def walk(paths: Iterable[str | Path], suffixes: tuple[str, ...] | None = None) -> tuple[list[Path], list[FileStatus]]:
    """The files under `paths` and a status record for what the walk could not take.

    Folders are walked recursively in sorted order, hidden entries left out, each
    file once; with `suffixes`, files in folders are kept only when their suffix is
    one of them. Symbolic links to folders are followed after the real folders, so a
    file is listed under its real path when it has one. A link to a folder that holds
    it (a loop), a broken link, a pipe or a folder that cannot be listed is recorded
    once, and the walk goes on. Raises FileNotFoundError for a path that does not exist.
    """
    files: list[Path] = []
    notes: list[FileStatus] = []
    walked: set[tuple[int, int]] = set()
    for path in paths:
        p = Path(path)
        if not p.exists() and not p.is_symlink():
            raise FileNotFoundError(f"no such file or folder: {p} (expected a page file or a folder of them)")
        if not p.is_dir():
            files.append(p)
            continue
        found: list[Path] = []
        links: list[Path] = []
        _walk_folder(p, walked, found, notes, links, suffixes)
        while links:
            link = links.pop(0)
            try:
                target, parent = os.path.realpath(link), os.path.realpath(link.parent)
                if parent == target or parent.startswith(target.rstrip(os.sep) + os.sep):
                    notes.append(FileStatus(link.as_posix(), "skipped", reason=f"symbolic-link loop: leads back to {target}, a folder that holds it"))
                    continue
            except (OSError, ValueError) as e:
                notes.append(FileStatus(link.as_posix(), "error", reason=f"cannot follow link: {e}"))
                continue
            _walk_folder(link, walked, found, notes, links, suffixes)
        files += sorted(found)
    seen: set[Path] = set()
    unique = []
    for f in files:
        try:
            key = f.resolve()
        except (OSError, RuntimeError):  # a file link loop: read_file reports it
            key = f.absolute()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, sorted(notes, key=lambda n: Path(n.source))


def _walk_folder(folder: Path, walked: set, found: list, notes: list, links: list, suffixes) -> None:
    """Walk the real folders under `folder`; links to folders are put on `links` for later."""
    try:
        st = folder.stat()
        if (st.st_dev, st.st_ino) in walked:  # reached again through another link: read already
            return
        walked.add((st.st_dev, st.st_ino))
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        notes.append(FileStatus(folder.as_posix(), "error", reason=f"cannot list folder: {e.strerror or e}"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            if entry.is_dir():
                if entry.is_symlink():
                    links.append(path)
                else:
                    _walk_folder(path, walked, found, notes, links, suffixes)
            elif entry.is_file():
                if suffixes is None or path.suffix.lower() in suffixes:
                    found.append(path)
            elif entry.is_symlink():
                path.stat()  # raises for a link to itself: "Too many levels of symbolic links"
                notes.append(FileStatus(path.as_posix(), "skipped", reason="not a regular file"))
            else:
                notes.append(FileStatus(path.as_posix(), "skipped", reason=f"not a regular file ({_file_kind(entry.stat(follow_symlinks=False).st_mode)})"))
        except FileNotFoundError:
            broken = f"broken symbolic link to {os.readlink(path)}" if os.path.islink(path) else "gone while the folder was read"
            notes.append(FileStatus(path.as_posix(), "error", reason=broken))
        except OSError as e:
            notes.append(FileStatus(path.as_posix(), "error", reason=f"cannot read: {e.strerror or e}"))


def list_files(paths: Iterable[str | Path], suffixes: tuple[str, ...] | None = None) -> list[Path]:
    """The files under `paths` (see `walk`), without the walk's notes."""
    return walk(paths, suffixes)[0]


def page_stems(files: list[Path]) -> list[str]:
    """Article-id prefixes: the file stem, with ~2, ~3... for later files whose stem repeats.

    >>> page_stems([Path("a/p.txt"), Path("b/p.txt"), Path("b/q.md"), Path("c/p.md")])
    ['p', 'p~2', 'q', 'p~3']
    """
    counts: Counter[str] = Counter()
    out = []
    for f in files:
        counts[f.stem] += 1
        out.append(f.stem if counts[f.stem] == 1 else f"{f.stem}~{counts[f.stem]}")
    return out


def read_corpus(paths: Iterable[str | Path]) -> tuple[list[Page], list[FileStatus]]:
    """Every file under `paths`: the pages read, and one status record per file (sorted by path).

    Pages get unique `stem`s (see `page_stems`). Missing paths raise FileNotFoundError;
    files that are no page, empty or undecodable, and link loops, broken links and
    pipes met on the walk, are in the statuses, not the pages.
    """
    files, statuses = walk(paths)
    pages = []
    for f in files:
        page, status = read_file(f)
        statuses.append(status)
        if page is not None:
            pages.append(page)
    stems = page_stems([Path(p.source) for p in pages])
    return [replace(p, stem=stem) for p, stem in zip(pages, stems)], sorted(statuses, key=lambda s: Path(s.source))


def build_report(statuses: Iterable[FileStatus]) -> dict:
    """The reading part of build-report.json: counts per status and one record per file.

    >>> build_report([FileStatus("a.txt", "ok", "utf-8"), FileStatus("b.txt", "error", reason="not UTF-8")])["counts"]
    {'error': 1, 'ok': 1}
    """
    statuses = list(statuses)
    return {
        "counts": dict(sorted(Counter(s.status for s in statuses).items())),
        "files": [s.to_dict() for s in statuses],
    }


def iter_pages(paths: Iterable[str | Path]) -> Iterator[Page]:
    """The pages under `paths` (.txt, .md, .html, .htm), failing loudly on a file that cannot be read."""
    files = list_files(paths, SUFFIXES)
    read = []
    for f in files:
        page, status = read_file(f)
        if status.status == "error":
            raise ValueError(f"{status.source}: {status.reason}")
        if page is not None:
            read.append(page)
    for page, stem in zip(read, page_stems([Path(p.source) for p in read])):
        yield replace(page, stem=stem)
