"""kg.read: encodings, line ends, HTML, and a status record per file."""

import codecs
import random

import pytest

from kg.corpus import read_pages, split_articles
from kg.read import (
    DecodeError,
    build_report,
    chinese_score,
    declared_charset,
    decode_bytes,
    html_to_text,
    read_corpus,
    read_file,
)

SIMPLIFIED = "本报讯(记者王某明)近日,全国总工会组织职工参加技能竞赛,提升职工技能素质。各级工会要做好服务职工工作。"
def noise(seed: int, n: int) -> bytes:
    """Random non-NUL bytes."""
    rng = random.Random(seed)
    return bytes(rng.randrange(1, 256) for _ in range(n))


TRADITIONAL = "全國總工會近日召開會議，部署各級工會做好職工服務工作。會議強調，要堅持以職工為中心，切實維護職工合法權益。"
TRADITIONAL_READ = "全国总工会近日召开会议，部署各级工会做好职工服务工作。会议强调，要坚持以职工为中心，切实维护职工合法权益。"


@pytest.mark.parametrize(
    "data, text, encoding",
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8-sig"),
        (SIMPLIFIED.encode("utf-16"), SIMPLIFIED, "utf-16"),
        (codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), SIMPLIFIED, "utf-16"),
        (SIMPLIFIED.encode("utf-32"), SIMPLIFIED, "utf-32"),
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED, "gb18030"),
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED, "gb18030"),
        (TRADITIONAL.encode("big5"), TRADITIONAL, "big5"),
        (TRADITIONAL.encode("gb18030"), TRADITIONAL, "gb18030"),
        (b"plain ASCII", "plain ASCII", "utf-8"),
        (b"", "", "utf-8"),
    ],
)
def test_decode_bytes(data, text, encoding):
    assert decode_bytes(data) == (text, encoding)


@pytest.mark.parametrize(
    "data, reason",
    [
        (noise(1, 2000), "no encoding reads as Chinese|not GB18030 or Big5"),
        ("日本の労働組合は春闘で賃上げを要求しています。組合員の生活を守ります。".encode("shift_jis"), "not UTF-8"),
        (SIMPLIFIED.encode("utf-16-le"), "NUL bytes"),  # UTF-16 without a byte-order mark
        (("Café résumé naïve façade. " * 5).encode("latin-1"), "not UTF-8"),
    ],
)
def test_undecodable_bytes_are_reported_not_guessed(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(data)


def test_a_declared_charset_is_used_when_it_decodes():
    assert decode_bytes("工会".encode("gbk"), declared="gb2312") == ("工会", "gb2312")
    # a wrong declaration falls back to detection
    assert decode_bytes(SIMPLIFIED.encode("gbk"), declared="big5")[1] == "gb18030"


@pytest.mark.parametrize(
    "text, low",
    [(SIMPLIFIED, False), (TRADITIONAL, False), (TRADITIONAL.encode("big5").decode("gb18030"), True), ("", True)],
)
def test_chinese_score(text, low):
    assert (chinese_score(text) < 0.8) is low


@pytest.mark.parametrize(
    "html, text",
    [
        ("<p>工会</p><p>职工</p>", "工会\n\n职工"),
        ("<h1>标题</h1><h3>小标题</h3><p>正文。</p>", "# 标题\n\n### 小标题\n\n正文。"),
        ("<p>第一行<br>第二行<br/>第三行</p>", "第一行\n\n第二行\n\n第三行"),
        ("<p>A&amp;B &lt;工会&gt; &#24037;&#20250;&nbsp;驿站</p>", "A&B <工会> 工会 驿站"),
        ("<head><title>站名</title><style>p{color:red}</style></head><body><p>正文</p></body>", "正文"),
        ("<p>正文<script>document.write('<p>脚本</p>')</script>继续</p>", "正文继续"),
        ("<p>正<!-- 注释 <b>x</b> -->文</p>", "正文"),
        ("<p>本报记者 <b>王某</b> <i>李某</i></p>", "本报记者 王某 李某"),
        ("<p>全国总工会\n    组织职工</p>", "全国总工会组织职工"),  # a source line wrap between Chinese characters
        ("<div><p>嵌套</p><ul><li>一</li><li>二</li></ul></div>", "嵌套\n\n一\n\n二"),
        ('<a href="x?a=1&b=<2>" title="a > b">链接</a>', "链接"),
        ("<p>未闭合<p>段落", "未闭合\n\n段落"),
        ("<p>   </p><p></p>", ""),
    ],
)
def test_html_to_text(html, text):
    out = html_to_text(html)
    assert out == text
    assert "<p" not in out and "<b" not in out and "<script" not in out


@pytest.mark.parametrize(
    "head, charset",
    [
        (b'<meta charset="gbk">', "gbk"),
        (b"<meta http-equiv='Content-Type' content='text/html; charset=GB2312'>", "gb2312"),
        (b"<p>no declaration</p>", None),
    ],
)
def test_declared_charset(head, charset):
    assert declared_charset(head) == charset


@pytest.mark.parametrize(
    "name, data, status, encoding, text",
    [
        ("a.txt", "标题\r\n\r\n正文。\r正文二。".encode(), "ok", "utf-8", "标题\n\n正文。\n正文二。"),
        ("b.md", SIMPLIFIED.encode("gbk"), "ok", "gb18030", SIMPLIFIED),
        ("c.txt", TRADITIONAL.encode("big5"), "ok", "big5", TRADITIONAL_READ),
        ("d.html", '<meta charset="gbk"><h2>标题</h2><p>正文。</p>'.encode("gbk"), "ok", "gbk", "## 标题\n\n正文。"),
        ("e.htm", "<h2>标题</h2><p>正文。</p>".encode("utf-16"), "ok", "utf-16", "## 标题\n\n正文。"),
        ("f.txt", b"", "skipped", "utf-8", None),
        ("g.html", b"<html><script>x</script></html>", "skipped", "utf-8", None),
        ("h.pdf", b"%PDF-1.4", "skipped", "", None),
        ("i.txt", noise(2, 500), "error", "", None),
        ("j.txt", b"ELF" + b"\x00" * 20 + b"abc", "error", "utf-8", None),  # binary that is valid UTF-8
    ],
)
def test_read_file(tmp_path, name, data, status, encoding, text):
    (tmp_path / name).write_bytes(data)
    page, st = read_file(tmp_path / name)
    assert (st.status, st.encoding) == (status, encoding)
    assert st.source == (tmp_path / name).as_posix()
    assert (page.text if page else None) == text
    assert (st.reason == "") is (status == "ok")


def test_read_corpus_reports_every_file_and_reads_the_good_ones(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_bytes("标题\n\n正文。".encode())
    (tmp_path / "sub" / "a.html").write_bytes("<h1>标题</h1><p>正文。</p>".encode())
    (tmp_path / "sub" / "bad.txt").write_bytes(b"\x00\x01\x02\xff\xfe\xfd" * 50)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_bytes("正文。".encode())
    pages, statuses = read_corpus([tmp_path])
    rel = lambda s: s[len(tmp_path.as_posix()) + 1 :]
    assert [(rel(s.source), s.status) for s in statuses] == [
        ("a.txt", "ok"),
        ("notes.pdf", "skipped"),
        ("sub/a.html", "ok"),
        ("sub/bad.txt", "error"),
    ]
    assert [(rel(p.source), p.stem) for p in pages] == [("a.txt", "a"), ("sub/a.html", "a~2")]
    report = build_report(statuses)
    assert report["counts"] == {"error": 1, "ok": 2, "skipped": 1}
    assert report["files"][3]["reason"].startswith("not UTF-8")


def test_read_corpus_missing_path_raises(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope"):
        read_corpus([tmp_path / "nope"])


def test_read_pages_fails_loudly_on_an_undecodable_file(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    with pytest.raises(ValueError, match="bad.txt"):
        list(read_pages([tmp_path]))


def test_html_page_splits_into_articles_with_credits(tmp_path):
    html = "<h2>工会搭“鹊桥”</h2><p>本报记者 王某明</p><p>近日,某市总工会举办联谊活动。</p>"
    (tmp_path / "p.html").write_bytes(html.encode("gbk"))
    [page] = list(read_pages([tmp_path]))
    [article] = split_articles(page)
    assert article.headline == "工会搭“鹊桥”"
    assert [(c.name, c.role, article.text[c.start : c.end]) for c in article.credits] == [("王某明", "记者", "王某明")]


def test_a_traditional_page_is_read_as_simplified_with_its_original(tmp_path):
    (tmp_path / "t.txt").write_bytes(TRADITIONAL.encode("big5"))
    page, st = read_file(tmp_path / "t.txt")
    assert (page.text, page.original, st.script) == (TRADITIONAL_READ, TRADITIONAL, "traditional")
    (tmp_path / "s.txt").write_bytes(SIMPLIFIED.encode("utf-8"))
    page, st = read_file(tmp_path / "s.txt")
    assert (page.text, page.original, st.script) == (SIMPLIFIED, "", "")


def rel_statuses(root, statuses):
    return [(s.source[len(root.as_posix()) + 1 :], s.status) for s in statuses]


# folder layouts: (name -> content, or "->target" for a symbolic link), what read_corpus reports
WALKS = [
    ({"a.txt": "正文。", "self": "->."}, [("a.txt", "ok"), ("self", "skipped")]),  # a link to its own folder
    ({"sub/a.txt": "正文。", "sub/up": "->.."}, [("sub/a.txt", "ok"), ("sub/up", "skipped")]),  # to its parent
    ({"a.txt": "正文。", "gone.txt": "->nowhere.txt"}, [("a.txt", "ok"), ("gone.txt", "error")]),  # broken
    ({"a.txt": "正文。", "me.txt": "->me.txt"}, [("a.txt", "ok"), ("me.txt", "error")]),  # a file link to itself
    ({"a.txt": "正文。", "d/b.txt": "->../a.txt"}, [("a.txt", "ok")]),  # a file linked twice: read once
    ({"real/a.txt": "正文。", "alias": "->real"}, [("real/a.txt", "ok")]),  # the same folder twice: read once
    ({"x/a.txt": "正文。", "y/b.txt": "正文二。", "x/toy": "->../y", "y/tox": "->../x"},  # two folders linking each other
     [("x/a.txt", "ok"), ("y/b.txt", "ok")]),
    ({"in/a.txt": "正文。", "in/out": "->../.."}, [("in/a.txt", "ok"), ("in/out", "skipped")]),  # to a grandparent
]


@pytest.mark.parametrize("layout, expected", WALKS)
def test_the_walk_ends_and_reports_links_it_cannot_follow(tmp_path, layout, expected):
    for name, content in layout.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content.startswith("->"):
            path.symlink_to(content[2:])
        else:
            path.write_text(content, encoding="utf-8")
    pages, statuses = read_corpus([tmp_path])
    assert rel_statuses(tmp_path, statuses) == expected
    assert all(s.reason for s in statuses if s.status != "ok")
    assert len(pages) == sum(st == "ok" for _, st in expected)


def test_a_link_loop_reason_names_the_loop(tmp_path):
    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "up").symlink_to("..")  # the corpus folder's parent holds it: a loop too
    [loop] = [s for s in read_corpus([tmp_path])[1] if s.status != "ok"]
    assert loop.reason.startswith("symbolic-link loop") and tmp_path.parent.resolve().as_posix() in loop.reason


def test_a_named_pipe_is_reported_not_read(tmp_path):
    import os

    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block for ever
    _, statuses = read_corpus([tmp_path])
    assert rel_statuses(tmp_path, statuses) == [("a.txt", "ok"), ("pipe.txt", "skipped")]
    assert "named pipe" in statuses[1].reason
    page, st = read_file(tmp_path / "pipe.txt")  # named directly, too
    assert (page, st.status) == (None, "skipped")


def test_an_unreadable_file_is_reported(tmp_path, monkeypatch):
    from pathlib import Path

    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("正文。", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self):  # tests run as root, where chmod 000 does not stop a read
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    _, statuses = read_corpus([tmp_path])
    assert rel_statuses(tmp_path, statuses) == [("a.txt", "ok"), ("secret.txt", "error")]
    assert statuses[1].reason == "cannot read: Permission denied"


def test_an_unlistable_folder_is_reported(tmp_path, monkeypatch):
    import os

    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("正文。", encoding="utf-8")
    real = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    _, statuses = read_corpus([tmp_path])
    assert rel_statuses(tmp_path, statuses) == [("a.txt", "ok"), ("locked", "error")]
    assert statuses[1].reason == "cannot list folder: Permission denied"


def test_a_crash_while_decoding_is_reported_not_raised(tmp_path, monkeypatch):
    import kg.read

    def broken(_):
        raise AssertionError("parser bug")

    monkeypatch.setattr(kg.read, "html_to_text", broken)
    (tmp_path / "a.html").write_text("<p>正文。</p>", encoding="utf-8")
    page, st = read_file(tmp_path / "a.html")
    assert (page, st.status, st.reason) == (None, "error", "cannot read: AssertionError: parser bug")
