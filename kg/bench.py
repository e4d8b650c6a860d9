"""Benchmark: build throughput beside jieba.lcut, per-stage times and peak memory,
on synthetic corpora of 1x, 10x, 100x, 1000x the seeds.

    python -m kg.bench --scales 1 10 100 --jobs 1

Larger corpora are made realistic so that the graph grows with them: seed
articles are recombined and every person, place and union name is replaced, per
copy, by names drawn from general lists (surnames and given-name characters,
the administrative-division table). Each scale runs in its own process so that
its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国文斌宇浩凯鹏飞欣怡晨阳雪梅"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"


def synth_corpus(seeds: Path, scale: int, out: Path, seed: int = 0) -> int:
    """Write `scale` recombined, renamed copies of the seed pages into `out`; returns characters written."""
    from .corpus import read_pages, split_articles
    from .extract import find_mentions
    from .model import EntityType

    rng = random.Random(seed)
    articles = [a for p in read_pages([seeds]) for a in split_articles(p)]
    names_by_type: dict[str, set[str]] = {"person": set(), "place": set()}
    for a in articles:
        for m in find_mentions(a):
            if m.type is EntityType.PERSON:
                names_by_type["person"].add(m.text)
            elif m.type is EntityType.PLACE and len(m.text) >= 3:
                names_by_type["place"].add(m.text)
        names_by_type["person"].update(c.name for c in a.credits)
    places = _division_names()
    total = 0
    for k in range(scale):
        mapping = {}
        if k:  # copy 0 is the seeds as they are
            for name in sorted(names_by_type["person"]):
                mapping[name] = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(max(1, len(name) - 1)))
            for name in sorted(names_by_type["place"]):
                same_suffix = [p for p in places if p[-1] == name[-1]] or places
                mapping[name] = rng.choice(same_suffix)
        pattern = re.compile("|".join(map(re.escape, sorted(mapping, key=len, reverse=True)))) if mapping else None
        picked = rng.sample(articles, len(articles)) if k else articles
        for i in range(0, len(picked), 6):  # pages of six recombined articles
            text = "\n\n".join(a.text for a in picked[i : i + 6])
            if pattern:
                text = pattern.sub(lambda m: mapping[m.group()], text)
            (out / f"{k:05d}_{i // 6:02d}.txt").write_text(text, encoding="utf-8")
            total += len(text)
    return total


def _division_names() -> list[str]:
    try:
        from .gazetteer import all_divisions

        return sorted(d.name for d in all_divisions())
    except ImportError:
        return ["北京市", "天津市", "河北省", "山西省", "江苏省", "南京市", "杭州市", "合肥市"]


# A page nobody will build, naming one of each kind of entity in the usual phrasing.
WARM_UP_PAGE = (
    "湖南岳阳：职工读书月活动启动\n\n"
    "本报讯（记者 王青禾 通讯员 李东江）近日，湖南省岳阳市总工会联合市人力资源和社会保障局举办“书香岳阳”职工读书月活动。"
    "岳阳市总工会党组书记、主席张建国介绍，市总已建成职工书屋120家。"
    "青禾机械制造有限公司工会被评为全国模范职工之家，该公司焊工刘志强获得全国五一劳动奖章。\n"
)


def initialize(folder: Path) -> None:
    """Load what the build reads once per process, as `jieba.initialize()` loads jieba's
    dictionary before jieba is timed: the word classes of jieba's dictionary, our word
    lists, the division table, the theme scheme and compiled patterns. It runs `kg build`
    on `WARM_UP_PAGE`, written into `folder`; nothing of the corpus is read."""
    from .extract import initialize as load_word_classes
    from .pipeline import build_corpus, export

    load_word_classes()
    (folder / "page").mkdir(parents=True, exist_ok=True)
    (folder / "page" / "warm-up.txt").write_text(WARM_UP_PAGE, encoding="utf-8")
    export(build_corpus([folder / "page"]).graph, folder / "out")


def run_scale(scale: int, jobs: int) -> dict:
    """Build a synthetic corpus of `scale` x the seeds and time each stage.

    The build's own path: pages are extracted and linked one at a time (`kg.pipeline.Linker`),
    so "split+extract" and "link+graph" are the time spent in each while they alternate;
    then related programmes, the Turtle file and graph.json, each written as `kg build` does.
    """
    import jieba

    from .graph import write_json
    from .pipeline import Linker, iter_extracted
    from .rdf import RELATED_TOP, ExportPlan, write_turtle_and_ntriples
    from .read import read_corpus
    from .related import related_edges

    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        corpus.mkdir()
        out.mkdir()
        chars = synth_corpus(ROOT / "seeds", scale, corpus)
        jieba.initialize()
        initialize(Path(tmp) / "warm-up")
        stages = dict.fromkeys(("read", "split+extract", "link+graph", "related", "turtle", "json"), 0.0)
        t = time.perf_counter()
        pages, _ = read_corpus([corpus])
        stages["read"] = time.perf_counter() - t
        t = time.perf_counter()
        for p in pages:
            jieba.lcut(p.text)
        jieba_s = time.perf_counter() - t
        linker = Linker()
        t = time.perf_counter()
        for results in iter_extracted(pages, jobs=jobs):
            t1 = time.perf_counter()
            linker.add_page(results)
            t2 = time.perf_counter()
            stages["split+extract"] += t1 - t
            stages["link+graph"] += t2 - t1
            t = t2
        del pages
        t = time.perf_counter()
        g = linker.graph()
        stages["link+graph"] += time.perf_counter() - t
        t = time.perf_counter()
        related = related_edges(g, top=RELATED_TOP)
        stages["related"] = time.perf_counter() - t
        t = time.perf_counter()
        triples = write_turtle_and_ntriples(ExportPlan(g, related), out / "graph.ttl")
        stages["turtle"] = time.perf_counter() - t
        t = time.perf_counter()
        write_json(g, out / "graph.json")
        stages["json"] = time.perf_counter() - t
    total = sum(stages.values())
    return {
        "scale": scale,
        "chars": chars,
        "entities": sum(1 for _, d in g.nodes(data=True) if d.get("kind") == "entity"),
        "triples": triples,
        "seconds": round(total, 2),
        "kchars_per_s": round(chars / total / 1000, 1),
        "jieba_kchars_per_s": round(chars / jieba_s / 1000, 1),
        "stages": {k: round(v, 2) for k, v in stages.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one scale in this process
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_scale(args.one, args.jobs)))
        return
    print(f"{'scale':>6}{'Mchars':>8}{'entities':>9}{'triples':>9}{'s':>8}{'kch/s':>8}{'jieba':>8}{'ratio':>6}{'MB':>8}  stages (s)")
    for scale in args.scales:
        proc = subprocess.run([sys.executable, "-m", "kg.bench", "--one", str(scale), "--jobs", str(args.jobs)],
                              capture_output=True, text=True, check=True)
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        ratio = r["kchars_per_s"] / r["jieba_kchars_per_s"]
        stages = " ".join(f"{k}={v}" for k, v in r["stages"].items())
        print(f"{r['scale']:>6}{r['chars'] / 1e6:>8.2f}{r['entities']:>9}{r['triples']:>9}{r['seconds']:>8}"
              f"{r['kchars_per_s']:>8}{r['jieba_kchars_per_s']:>8}{ratio:>6.2f}{r['peak_rss_mb']:>8}  {stages}", flush=True)


if __name__ == "__main__":
    main()
