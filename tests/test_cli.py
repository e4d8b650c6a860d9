"""The CLI is thin: every command has help with an example, and errors say what went wrong."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "example" in result.output.lower(), f"kg {command} --help shows no example"


@pytest.mark.parametrize(
    "args, message",
    [
        (["query", "SELECT * WHERE { ?s ?p ?o }", "--graph", "no/such/graph.ttl"], "no graph at no/such/graph.ttl"),
        (["stats", "--graph", "no/such/graph.ttl"], "no graph at no/such/graph.ttl"),
        (["build", "no/such/folder"], "does not exist"),
    ],
)
def test_errors_name_what_is_missing(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code != 0
    assert message in result.output


def test_build_then_stats_counts_the_seven_types(tmp_path):
    runner = CliRunner()
    page = tmp_path / "pages" / "p.txt"
    page.parent.mkdir()
    page.write_text("山东省总工会举办职工技能大赛\n\n本报记者 欧阳明远\n\n山东省总工会主席张三表示,大赛将持续开展。", encoding="utf-8")
    built = runner.invoke(main, ["build", str(page.parent), "--out", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    assert "1 files" in built.output
    stats = runner.invoke(main, ["stats", "--graph", str(tmp_path / "out" / "graph.ttl")])
    assert stats.exit_code == 0, stats.output
    assert "Union" in stats.output and "Role" not in stats.output
