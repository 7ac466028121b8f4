"""The README's "Python API" session runs as written, as sqlite-utils tests its docs."""

from __future__ import annotations

import doctest
import re

import pytest

from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> tuple[str, int]:
    """The text of the README section ``title`` and the line it starts on."""
    start = README.index(f"\n## {title}\n") + 1
    end = README.find("\n## ", start)
    return README[start:end if end >= 0 else None], README.count("\n", 0, start) + 1


def _session() -> tuple[str, int]:
    """The section's ``pycon`` blocks as one doctest, each kept at its own line number."""
    text, first_line = _section("Python API")
    lines = [""] * len(text.splitlines())
    for block in re.finditer(r"```pycon\n(.*?)```", text, flags=re.S):
        offset = text.count("\n", 0, block.start(1))
        for k, line in enumerate(block.group(1).splitlines()):
            lines[offset + k] = line
    return "\n".join(lines), first_line


def test_the_readme_session_runs_as_written(tmp_path, monkeypatch):
    source, first_line = _session()
    assert source.count(">>> ") >= 10
    monkeypatch.chdir(tmp_path)  # it writes news/ and maps/
    monkeypatch.setenv("GEOMAP_OFFLINE", "1")
    pd = pytest.importorskip("pandas")
    test = doctest.DocTestParser().get_doctest(source, {}, "README Python API", "README.md",
                                               first_line - 1)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    with pd.option_context("display.width", 100, "display.max_columns", 20):
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
