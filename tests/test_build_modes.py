"""--jobs, --update and the Dask backend give exports byte-identical to a plain full build."""

import shutil
from pathlib import Path

import pytest

from kg.pipeline import build, export

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for f in SEEDS:
        shutil.copy(f, folder / f.name)
    return folder


@pytest.fixture(scope="module")
def full_build(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("full")
    export(build([corpus]), out)
    return out


def same_exports(a: Path, b: Path) -> None:
    for name in ("graph.ttl", "graph.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_jobs_gives_the_same_export(corpus, full_build, tmp_path):
    export(build([corpus], jobs=2), tmp_path)
    same_exports(full_build, tmp_path)


def test_update_adds_pages_and_equals_a_full_build(corpus, full_build, tmp_path):
    cache = tmp_path / ".kg-cache"
    first = sorted(corpus.glob("*.txt"))[:3]
    build(first, cache=cache)  # an earlier build of three pages
    rest = sorted(corpus.glob("*.txt"))[3:]
    export(build(rest, cache=cache, update=True), tmp_path)
    same_exports(full_build, tmp_path)


def test_update_with_an_unchanged_page_extracts_nothing(corpus, tmp_path):
    cache = tmp_path / ".kg-cache"
    export(build([corpus], cache=cache), tmp_path / "a")
    calls = []
    export(build([sorted(corpus.glob("*.txt"))[0]], cache=cache, update=True, progress=lambda xs: calls.extend(xs) or xs), tmp_path / "b")
    assert calls == []  # nothing was extracted again
    same_exports(tmp_path / "a", tmp_path / "b")


def test_update_re_extracts_a_changed_page(corpus, tmp_path):
    folder = tmp_path / "pages"
    shutil.copytree(corpus, folder)
    cache = tmp_path / ".kg-cache"
    build([folder], cache=cache)
    page = sorted(folder.glob("*.txt"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\n\n本报记者 欧阳明远\n", encoding="utf-8")
    seen = []
    g = build([page], cache=cache, update=True, progress=lambda xs: seen.extend(xs) or xs)
    assert [p.source for p in seen] == [page.as_posix()]
    assert "Person/欧阳明远" in g


def test_dask_backend_gives_the_same_export(corpus, full_build, tmp_path):
    from dask import distributed  # in the test extra: a missing install fails, never skips

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        export(build([corpus], scheduler=cluster.scheduler_address), tmp_path)
    same_exports(full_build, tmp_path)


def test_a_page_that_breaks_an_extractor_is_reported_not_fatal(corpus, tmp_path, monkeypatch):
    import kg.pipeline

    real = kg.pipeline.process_article

    def fragile(article):
        if article.source.endswith("001_eef75a227cb2a3b9.txt"):
            raise RuntimeError("boom")
        return real(article)

    monkeypatch.setattr(kg.pipeline, "process_article", fragile)
    result = kg.pipeline.build_corpus([corpus])
    bad = [s for s in result.statuses if s.status == "error"]
    assert [(Path(s.source).name, s.reason) for s in bad] == [("001_eef75a227cb2a3b9.txt", "extraction failed: RuntimeError: boom")]
    assert result.pages_read == len(SEEDS) - 1
    sources = {Path(result.graph.nodes[a]["source"]).name for a, d in result.graph.nodes(data=True) if d.get("kind") == "article"}
    assert "001_eef75a227cb2a3b9.txt" not in sources and len(sources) == len(SEEDS) - 1


def test_a_damaged_cache_entry_is_extracted_again(corpus, full_build, tmp_path):
    cache = tmp_path / ".kg-cache"
    build([corpus], cache=cache)
    entries = sorted(cache.glob("*.pickle"))
    entries[0].write_bytes(b"not a pickle")
    export(build([corpus], cache=cache), tmp_path / "out")
    same_exports(full_build, tmp_path / "out")
    assert entries[0].read_bytes() != b"not a pickle"  # stored again


def test_jobs_with_a_cache_gives_the_same_export(corpus, full_build, tmp_path):
    cache = tmp_path / ".kg-cache"
    build(sorted(corpus.glob("*.txt"))[:2], cache=cache, jobs=2)
    export(build([corpus], cache=cache, jobs=2), tmp_path / "out")
    same_exports(full_build, tmp_path / "out")
