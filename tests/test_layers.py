"""Imports point down the layers of STYLE.md: no module imports one above it."""

import ast
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parents[1] / "kg"

LAYERS = {
    "__init__": 0, "model": 0, "text": 0, "script": 0,
    "vocab": 1, "corpus": 1, "read": 1, "gazetteer": 1, "cache": 1,
    "extract": 2, "themes": 2,
    "link": 3, "relations": 3,
    "graph": 4,
    "rdf": 5, "viz": 5, "related": 5, "query": 5, "evaluate": 5, "serve": 5,
    "pipeline": 6, "bench": 7, "cli": 7, "__main__": 7,
}


def kg_imports(source: str, package: tuple[str, ...]) -> list[str]:
    """First component below kg of every kg module that `source` imports.

    `package` is the file's folder below kg/ (() for kg/x.py, ("extract",) for kg/extract/x.py).
    """
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[: len(package) - (node.level - 1)])
            target = base + (node.module.split(".") if node.module else [])
            out.append(target[0] if target else "__init__")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kg."):
            out.append(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            out.extend(a.name.split(".")[1] for a in node.names if a.name.startswith("kg."))
    return out


@pytest.mark.parametrize(
    "source, package, expected",
    [
        ("from .model import X", (), ["model"]),
        ("from ..text import y", ("extract",), ["text"]),
        ("from .places import f", ("extract",), ["extract"]),
        ("from . import __version__", (), ["__init__"]),
        ("import kg.graph\nfrom kg.rdf import to_rdf", (), ["graph", "rdf"]),
        ("import json", (), []),
    ],
)
def test_import_reader(source, package, expected):
    assert kg_imports(source, package) == expected


MODULES = sorted(KG.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(KG).as_posix())
def test_imports_point_down(path):
    rel = path.relative_to(KG)
    own = rel.parts[0].removesuffix(".py")
    assert own in LAYERS, f"kg/{rel} has no layer in tests/test_layers.py: give it one"
    for target in kg_imports(path.read_text(encoding="utf-8"), rel.parts[:-1]):
        assert target in LAYERS, f"kg/{rel} imports kg.{target}, which has no layer"
        assert LAYERS[target] <= LAYERS[own], f"kg/{rel} (layer {LAYERS[own]}) imports kg.{target} (layer {LAYERS[target]})"
