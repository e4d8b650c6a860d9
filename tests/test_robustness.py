"""Bad input never crashes a build or loses a page (issue 8).

The corpora are made at test time from the seeds: every encoding and script the
reader knows, HTML, CRLF, an empty and a binary file, through `kg build`. And a
build killed at any moment leaves the previous exports byte for byte as they were.
"""

import html
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import defaultdict
from functools import cache
from pathlib import Path

import opencc
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graph import MENTIONS, from_json
from kg.pipeline import COMPLETE, clean_staging

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
ACCEPTANCE_SEEDS = [p for p in SEEDS if p.name.startswith(("003", "004"))]  # the two with most unions


def to_html(text: str) -> str:
    """A seed as a web page: Markdown headings as <hN>, lines as <p>, and a script and a
    style whose text must never reach the page."""
    body = []
    for line in text.splitlines():
        level = len(line) - len(line.lstrip("#"))
        if level and line[level:level + 1] == " ":
            body.append(f"<h{level}>{html.escape(line[level + 1:])}</h{level}>")
        elif line.strip():
            body.append(f"<p>{html.escape(line)}</p>")
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>工人日报</title>'
        "<style>p { margin: 0 } /* STYLE-LEAK 某市总工会 */</style>"
        '<script>var s = "<p>SCRIPT-LEAK 某省总工会</p>";</script></head><body>\n'
        + "\n".join(body)
        + "\n</body></html>"
    )


@cache
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def variants(text: str) -> dict[str, bytes]:
    """One seed in every form the acceptance corpus holds, by file-name suffix."""
    taiwan = converter("s2tw").convert(text)  # Taiwan forms: Big5 has them (OpenCC's 爲 羣 衆 it has not)
    return {
        ".txt": text.encode("utf-8"),
        "-gb18030.txt": text.encode("gb18030"),
        "-utf16.txt": text.encode("utf-16"),  # with its byte-order mark
        # what Big5 cannot encode becomes "?": none in these seeds, counted in the test
        "-big5.txt": taiwan.encode("big5", errors="replace"),
        "-traditional.txt": converter("s2t").convert(text).encode("utf-8"),
        ".html": to_html(text).encode("utf-8"),
        "-crlf.txt": text.replace("\n", "\r\n").encode("utf-8"),
    }


BINARY = random.Random(8).randbytes(4096) + b"\x00\x00"


@pytest.fixture(scope="module")
def acceptance(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    for seed in ACCEPTANCE_SEEDS:
        for suffix, data in variants(seed.read_text(encoding="utf-8")).items():
            (corpus / f"{seed.stem[:3]}{suffix}").write_bytes(data)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(BINARY)
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out)])
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    graph = from_json((out / "graph.json").read_text(encoding="utf-8"))
    return result, report, graph, corpus


def unions_by_file(graph) -> dict[str, set[str]]:
    """File name -> labels of the Union entities its articles mention."""
    found = defaultdict(set)
    for article, entity, key in graph.edges(keys=True):
        if key == MENTIONS and graph.nodes[entity].get("type") == "Union":
            found[Path(graph.nodes[article]["source"]).name].add(graph.nodes[entity]["label"])
    return found


def test_big5_copies_in_taiwan_forms_lose_no_character():
    """Big5 lacks OpenCC's standard forms (爲 羣 衆): the Big5 copies are made from Taiwan forms."""
    for seed in ACCEPTANCE_SEEDS:
        text = seed.read_text(encoding="utf-8")
        assert variants(text)["-big5.txt"].count(b"?") == text.count("?")  # no "?" from errors="replace"
        assert any(not c.encode("big5", errors="ignore") for c in converter("s2t").convert(text))


def test_the_build_succeeds(acceptance):
    result, *_ = acceptance
    assert result.exit_code == 0, result.output
    assert "2 files skipped" in result.output


@pytest.mark.parametrize("seed", [p.stem[:3] for p in ACCEPTANCE_SEEDS])
@pytest.mark.parametrize("suffix", [s for s in variants("") if s != ".txt"])
def test_every_copy_gives_the_unions_of_the_original(acceptance, seed, suffix):
    _, _, graph, _ = acceptance
    unions = unions_by_file(graph)
    assert len(unions[f"{seed}.txt"]) >= 5
    assert unions[f"{seed}{suffix}"] == unions[f"{seed}.txt"]


@pytest.mark.parametrize(
    "suffix, encoding, script",
    [
        (".txt", "utf-8", ""),
        ("-gb18030.txt", "gb18030", ""),
        ("-utf16.txt", "utf-16", ""),
        ("-big5.txt", "big5", "traditional"),
        ("-traditional.txt", "utf-8", "traditional"),
        (".html", "utf-8", ""),
        ("-crlf.txt", "utf-8", ""),
    ],
)
def test_the_report_gives_each_copy_its_encoding_and_articles(acceptance, suffix, encoding, script):
    _, report, *_ = acceptance
    files = {Path(f["source"]).name: f for f in report["files"]}
    for seed in ACCEPTANCE_SEEDS:
        f = files[f"{seed.stem[:3]}{suffix}"]
        assert (f["status"], f["encoding"], f["script"], f["reason"]) == ("ok", encoding, script, "")
        if suffix != ".html":  # the same text: the same articles
            assert f["articles"] == files[f"{seed.stem[:3]}.txt"]["articles"] > 0
        assert f["articles"] > 0


def test_the_report_lists_the_bad_files_with_reasons(acceptance):
    _, report, *_ = acceptance
    files = {Path(f["source"]).name: f for f in report["files"]}
    assert len(files) == 7 * len(ACCEPTANCE_SEEDS) + 2
    assert (files["binary.txt"]["status"], files["binary.txt"]["articles"]) == ("error", 0)
    assert "NUL bytes" in files["binary.txt"]["reason"]
    assert (files["empty.txt"]["status"], files["empty.txt"]["reason"]) == ("skipped", "no text")
    assert report["counts"] == {"error": 1, "ok": 7 * len(ACCEPTANCE_SEEDS), "skipped": 1}


def test_no_script_or_style_reaches_the_articles(acceptance):
    _, _, graph, _ = acceptance
    texts = [d["text"] for _, d in graph.nodes(data=True) if d.get("kind") == "article"]
    assert texts and not any("LEAK" in t or "margin" in t for t in texts)


@pytest.mark.parametrize("suffix", ["-big5.txt", "-traditional.txt"])
def test_traditional_copies_keep_their_surface_forms(acceptance, suffix):
    """Articles of a Traditional copy carry their text as written, for the linker's aliases."""
    from kg.corpus import read_pages, split_articles
    from kg.script import original_form

    corpus = acceptance[3]
    [page] = list(read_pages([corpus / f"{ACCEPTANCE_SEEDS[0].stem[:3]}{suffix}"]))
    articles = split_articles(page)
    assert articles and all(len(a.original) == len(a.text) for a in articles)
    forms = {original_form(a, m.start(), m.end()) for a in articles for m in re.finditer("工会", a.text)}
    assert forms == {"工會"}


SMALL_PAGE = "某市总工会举办技能竞赛\n\n本报记者 王某\n\n近日,某市总工会举办职工技能竞赛,千余名职工参加。\n"


@pytest.mark.parametrize(
    "files, strict, exit_code, message",
    [
        ({"a.txt": SMALL_PAGE.encode("utf-8")}, True, 0, "built"),
        ({"a.txt": SMALL_PAGE.encode("utf-8"), "empty.txt": b""}, False, 0, "1 files skipped"),
        ({"a.txt": SMALL_PAGE.encode("utf-8"), "empty.txt": b""}, True, 1, "--strict: 1 input files were skipped"),
        ({"empty.txt": b"", "binary.txt": BINARY}, False, 1, "no page could be read"),
        ({"empty.txt": b"", "binary.txt": BINARY}, True, 1, "no page could be read"),
    ],
)
def test_exit_status(tmp_path, files, strict, exit_code, message):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name, data in files.items():
        (corpus / name).write_bytes(data)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out)] + (["--strict"] if strict else []))
    assert result.exit_code == exit_code, result.output
    assert message in result.output
    if exit_code == 0 or strict and "strict" in message:  # a build that read something reports every file
        report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
        assert sorted(Path(f["source"]).name for f in report["files"]) == sorted(files)


def test_a_symlink_loop_in_the_corpus_is_reported_once(tmp_path):
    corpus = tmp_path / "in"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "a.txt").write_bytes(SMALL_PAGE.encode("utf-8"))
    (corpus / "sub" / "up").symlink_to("..")
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "build-report.json").read_text(encoding="utf-8"))
    assert [(Path(f["source"]).name, f["status"], f["articles"]) for f in report["files"]] == [("a.txt", "ok", 1), ("up", "skipped", 0)]
    assert report["files"][1]["reason"].startswith("symbolic-link loop")


# --- a build killed at any moment ------------------------------------------------------------


def exports(out: Path) -> dict[str, bytes]:
    """The visible files of an export folder and their bytes."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def start_build(corpus: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def copy_seeds(folder: Path, copies: int, seeds=SEEDS) -> Path:
    folder.mkdir()
    for n in range(copies):
        for seed in seeds:
            (folder / f"{n:02d}-{seed.name}").write_bytes(seed.read_bytes())
    return folder


def test_a_killed_build_leaves_the_previous_exports(tmp_path):
    out = tmp_path / "out"
    small = tmp_path / "small"
    small.mkdir()
    (small / "a.txt").write_text(SMALL_PAGE, encoding="utf-8")
    assert start_build(small, out).wait(timeout=120) == 0
    before = exports(out)
    assert {"graph.ttl", "graph.json", "graph.html", "build-report.json"} <= set(before)

    big = copy_seeds(tmp_path / "big", 30)  # 150 pages: well over a minute to build
    for delay in (0.5, 1.0, 2.0):
        build = start_build(big, out)
        time.sleep(delay)
        assert build.poll() is None, "the build ended before it could be killed"
        build.send_signal(signal.SIGKILL)
        build.wait()
        assert exports(out) == before, f"killed after {delay} s"

    # killed while it writes the exports (a seed's take a while): as soon as its staging folder
    # appears. On a busy machine the kill can land after the commit point, while files are being
    # moved into place; then the next export finishes the moves. Try until one lands before it.
    caught = 0
    for attempt in range(3):
        other = copy_seeds(tmp_path / f"other{attempt}", 1, SEEDS[1:2])
        build = start_build(other, out)
        deadline = time.monotonic() + 120
        while not list(out.glob(".staging-*")) and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        assert build.poll() is None, "the build ended before its exports could be caught"
        build.send_signal(signal.SIGKILL)
        build.wait()
        [staging] = out.glob(".staging-*")
        if (staging / COMPLETE).exists():
            clean_staging(out)  # what the next export does first
            assert {p.name for p in out.iterdir() if not p.name.startswith(".")} == set(before)
            assert "other" in (out / "build-report.json").read_text(encoding="utf-8")
            assert start_build(small, out).wait(timeout=120) == 0
            continue
        assert exports(out) == before
        caught += 1
        break
    assert caught, "no kill landed before the commit point"

    # the next build clears what the killed one left, and gives the same bytes again
    assert start_build(small, out).wait(timeout=120) == 0
    assert not list(out.glob(".staging-*"))
    assert exports(out) == before


def test_clean_staging_removes_or_finishes_what_killed_builds_left(tmp_path):
    live = tmp_path / f".staging-{os.getpid()}-abc"
    dead = tmp_path / ".staging-999999999-abc"  # no such process, killed while writing
    old = tmp_path / ".staging-xyz"  # the format before pids
    done = tmp_path / ".staging-999999998-def"  # killed while moving its files into place
    for folder in (live, dead, old, done):
        folder.mkdir()
        (folder / "graph.ttl").write_text(folder.name, encoding="utf-8")
    (done / COMPLETE).touch()
    (tmp_path / "graph.ttl").write_text("previous", encoding="utf-8")
    assert clean_staging(tmp_path) == [done, dead, old]
    assert live.is_dir() and not dead.exists() and not old.exists() and not done.exists()
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == done.name


def test_traditional_page_links_to_the_simplified_entity_with_its_original_form_as_alias(tmp_path):
    from kg.pipeline import build

    (tmp_path / "trad.txt").write_text("山東省總工會舉辦職工技能大賽\n\n山東省總工會主席張三表示,活動將持續開展。", encoding="utf-8")
    (tmp_path / "simp.txt").write_text("山东省总工会举办职工技能大赛\n\n山东省总工会主席张三表示,活动将持续开展。", encoding="utf-8")
    g = build([tmp_path])
    node = g.nodes["Union/山东省总工会"]
    assert "山東省總工會" in node["aliases"]
    sources = {g.nodes[a]["source"].rsplit("/", 1)[-1] for a, _, k in g.in_edges("Union/山东省总工会", keys=True) if k == "mentions"}
    assert sources == {"trad.txt", "simp.txt"}
