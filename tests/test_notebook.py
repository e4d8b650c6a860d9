"""notebooks/explore.ipynb runs top to bottom in a fresh kernel."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat not installed: pip install -e '.[test]'")
nbclient = pytest.importorskip("nbclient", reason="nbclient not installed: pip install -e '.[test]'")
pytest.importorskip("ipykernel", reason="ipykernel not installed: pip install -e '.[test]'")

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.ipynb"


def outputs(nb, kind: str) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if kind == "text" and out.get("output_type") == "stream":
                parts.append(out["text"])
            elif kind == "html" and "data" in out:
                parts.append(out["data"].get("text/html", ""))
    return "\n".join(parts)


def test_notebook_runs_and_shows_counts_queries_and_view():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    text = outputs(nb, "text")
    assert "entities" in text and "Union" in text
    assert "?union" in text or "union" in text  # the first query's table header
    assert "related to" in text or "no Programme" in text or "not in this checkout" in text
    assert '<iframe sandbox="allow-scripts"' in outputs(nb, "html")


def test_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code")
