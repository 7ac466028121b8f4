"""What a user installs: the PyPI name, the runtime dependencies a run really needs, the extras
that bring the rest, and the built wheel run in a fresh virtual environment.

The wheel test builds and installs (pip fetches the dependencies from the registry), so it
runs only with ``GEOMAP_WHEEL_TEST=1``, which ``.ci/run`` sets.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geomap.cli import app
from geomap.errors import MissingExtraError
from geomap.extras import DISTRIBUTION, install_line, require

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
#: The modules the mypyc build hook compiles (its include list).
COMPILED: list[str] = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"][
    "mypyc"]["include"]
#: The formats extra: a run that writes GeoJSON and the map imports none of them.
FORMATS_EXTRA = ("geopandas", "pyogrio", "pandas", "pyarrow")
#: Import names of distributions whose name differs.
IMPORT_NAMES = {"blingfire2": "blingfire", "english-words": "english_words",
                "google-re2": "re2", "text2num": "text_to_num"}
#: Runtime dependencies a run on the shipped defaults does not import, and when a run does.
NOT_IMPORTED_BY_RUN: dict[str, str] = {
    "geopy": "the fallback geocoder's: a run offline with no cache named has none",
}
ARTICLE = ("Rocket fire hits Mosul\n"
           "Two rockets struck a market in Mosul on Monday, killing three people, the "
           "police said.\n")

#: Runs the CLI in a fresh interpreter where importing the formats extra fails, then prints
#: the top-level modules the process imported.
BLOCKED_RUN = """
import json, sys
for name in {blocked!r}:
    sys.modules[name] = None  # import NAME raises ImportError
from geomap.cli import app
sys.argv = ["geomap", *{args!r}]
try:
    app()
finally:
    print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}})))
"""

runner = CliRunner()


def _requirement_name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower()


def _run_blocked(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GEOMAP_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-c", BLOCKED_RUN.format(
        blocked=FORMATS_EXTRA, args=args)], cwd=tmp_path, env=env, capture_output=True,
        text=True, check=False)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "mosul.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_the_distribution_is_published_under_a_name_of_its_own():
    assert PYPROJECT["project"]["name"] == DISTRIBUTION == "geomap-news"
    assert PYPROJECT["project"]["scripts"] == {"geomap": "geomap.cli:app"}
    assert install_line("spacy") == "pip install 'geomap-news[spacy]'"


def test_no_install_line_names_the_unrelated_geomap_on_pypi():
    pattern = re.compile(r"pip install '?geomap(\[|\b(?!-news))")
    texts = [ROOT / "README.md", *sorted((ROOT / "geomap").rglob("*.py"))]
    offending = [f"{path.relative_to(ROOT)}:{k}" for path in texts
                 for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert offending == []


def test_geopandas_and_pyogrio_are_in_the_formats_extra_not_the_runtime_dependencies():
    runtime = {_requirement_name(r) for r in PYPROJECT["project"]["dependencies"]}
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert not runtime & {"geopandas", "pyogrio", "pandas", "pyarrow"}
    assert {"geopandas", "pyogrio", "pyarrow"} <= {_requirement_name(r)
                                                   for r in extras["formats"]}
    assert {_requirement_name(r) for r in extras["formats"]} <= {
        _requirement_name(r) for r in extras["test"]}


def test_run_writes_geojson_and_the_map_where_the_formats_extra_cannot_be_imported(
        articles, tmp_path):
    out = tmp_path / "out"
    done = _run_blocked(["run", str(articles), "--out", str(out)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        ".geomap-set.json", "incidents.geojson", "map.html", "mentions.geojson"]
    mentions = json.loads((out / "mentions.geojson").read_text(encoding="utf-8"))["features"]
    assert any(f["properties"]["text"] == "Mosul" and f["geometry"] for f in mentions)
    imported = set(json.loads(done.stdout.strip().splitlines()[-1]))
    # every runtime dependency is one a run imports (but those documented as not)
    runtime = {_requirement_name(r) for r in PYPROJECT["project"]["dependencies"]
               if "python_version" not in r}
    expected = {IMPORT_NAMES.get(name, name) for name in runtime - set(NOT_IMPORTED_BY_RUN)}
    assert expected <= imported


@pytest.mark.parametrize("fmt", ["gpkg", "csv", "parquet", "acled-csv"])
def test_a_format_without_its_library_stops_before_reading_naming_the_extra(
        fmt, articles, tmp_path):
    out = tmp_path / "out"
    done = _run_blocked(["run", str(articles), "--out", str(out), "--format", fmt], tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: --format {fmt} needs {'pyogrio' if fmt != 'parquet' else 'geopandas'}, "
        "which is not installed: pip install 'geomap-news[formats]'"]
    assert not out.exists()


def test_export_and_join_without_the_formats_extra_say_which_extra(monkeypatch, tmp_path):
    incidents = tmp_path / "incidents.geojson"
    incidents.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    acled = tmp_path / "acled.csv"
    acled.write_text("event_id_cnty,event_date,event_type,latitude,longitude\n",
                     encoding="utf-8")
    monkeypatch.setitem(sys.modules, "pyogrio", None)
    for args, what in ((["export", str(incidents), "-o", str(tmp_path / "x.gpkg")],
                        "--format gpkg"),
                       (["join", str(incidents), str(acled), "-o", str(tmp_path / "joined")],
                        "geomap join")):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, args
        assert result.output.strip() == (f"Error: {what} needs pyogrio, which is not installed: "
                                         "pip install 'geomap-news[formats]'"), args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acled.csv", "incidents.geojson"]


def test_require_names_the_first_missing_module(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    require(("json",), extra="formats", purpose="anything")
    with pytest.raises(MissingExtraError, match=r"^--format parquet needs pyarrow, which is "
                       r"not installed: pip install 'geomap-news\[formats\]'$"):
        require(("json", "pyarrow"), extra="formats", purpose="--format parquet")


# --- the wheel, installed in a fresh virtual environment ------------------------------------

#: Runs the README's "Python API" session (its pycon blocks) as a doctest, as
#: tests/test_readme_api.py does in the checkout; prints the report, exits 1 on a failure.
README_SESSION = """
import doctest, re, sys
import pandas as pd
text = open(sys.argv[1], encoding="utf-8").read()
start = text.index("\\n## Python API\\n") + 1
end = text.find("\\n## ", start)
section = text[start:end if end >= 0 else None]
lines = [""] * len(section.splitlines())
for block in re.finditer(r"```pycon\\n(.*?)```", section, flags=re.S):
    offset = section.count("\\n", 0, block.start(1))
    for k, line in enumerate(block.group(1).splitlines()):
        lines[offset + k] = line
test = doctest.DocTestParser().get_doctest("\\n".join(lines), {}, "README Python API",
                                           "README.md", text.count("\\n", 0, start))
runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
with pd.option_context("display.width", 100, "display.max_columns", 20):
    runner.run(test, out=sys.stdout.write)
print(runner.tries, "examples", runner.failures, "failures")
sys.exit(1 if runner.failures or not runner.tries else 0)
"""


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory) -> tuple[Path, Path]:
    """A wheel built from this checkout, installed into a new virtual environment."""
    if os.environ.get("GEOMAP_WHEEL_TEST") != "1":
        pytest.skip("builds and installs the wheel: set GEOMAP_WHEEL_TEST=1 (.ci/run does)")
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                    str(work / "dist"), str(ROOT)], check=True)
    (wheel,) = (work / "dist").glob("geomap_news-*.whl")
    venv.create(work / "venv", with_pip=True)
    subprocess.run([str(work / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    str(wheel)], check=True)
    return wheel, work / "venv"


def _fresh_env(home: Path, **extra: str) -> dict[str, str]:
    """No checkout on the path, no user folders of this machine, nothing online."""
    keep = {k: v for k, v in os.environ.items()
            if k in ("PATH", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")}
    return {**keep, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache"),
            "GEOMAP_OFFLINE": "1", **extra}


def test_the_wheel_carries_the_gazetteer_rule_tables_and_map_scripts(wheel_env):
    wheel, _ = wheel_env
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "geomap/_gazetteer/geomap.sqlite" in names
    assert "geomap/data/triggers.csv" in names
    assert "geomap/data/basemap_110m.geojson" in names
    # the map's context: the divisions, and the world drawn from them for wide boxes
    assert {"geomap/data/admin1_10m.json.gz", "geomap/data/context_world.json.gz"} <= names
    assert any(n.startswith("geomap/render/static/") and n.endswith(".js") for n in names)
    assert not any("node_modules" in n for n in names)  # npm packages are never shipped


def test_the_installed_wheel_runs_offline_and_without_map_assets_still_writes_geojson(
        wheel_env, tmp_path):
    _, env_dir = wheel_env
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "mosul.txt").write_text(ARTICLE, encoding="utf-8")
    geomap = str(env_dir / "bin" / "geomap")
    home = tmp_path / "home"

    done = subprocess.run([geomap, "run", str(folder), "--out", str(tmp_path / "out")],
                          cwd=tmp_path, env=_fresh_env(home), capture_output=True, text=True,
                          check=False)
    assert done.returncode == 1
    assert "but no map" in done.stderr
    assert "geomap assets install" in done.stderr
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [".geomap-set.json", "incidents.geojson",
                                                 "mentions.geojson"]
    mentions = json.loads((out / "mentions.geojson").read_text(encoding="utf-8"))["features"]
    assert any(f["properties"]["text"] == "Mosul" and f["geometry"] for f in mentions)

    # with the checkout's npm packages (make test installs them), the map is written too
    with_assets = _fresh_env(home, GEOMAP_ASSETS=str(ROOT))
    done = subprocess.run([geomap, "run", str(folder), "--out", str(tmp_path / "out2")],
                          cwd=tmp_path, env=with_assets, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out2" / "map.html").stat().st_size > 100_000


def test_the_installed_wheel_with_the_formats_extra_runs_the_readme_api_session(
        wheel_env, tmp_path):
    wheel, env_dir = wheel_env
    python = str(env_dir / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "--quiet", f"{wheel}[formats]"], check=True)
    work = tmp_path / "session"  # it writes news/ and maps/
    work.mkdir()
    done = subprocess.run([python, "-c", README_SESSION, str(ROOT / "README.md")], cwd=work,
                          env=_fresh_env(tmp_path / "home", GEOMAP_ASSETS=str(ROOT)),
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _installed_version(python) == "0.1.0"


def _installed_version(python: str) -> str:
    """The installed distribution geomap-news's version, as the fresh venv reports it; the
    same as ``geomap.__version__``."""
    done = subprocess.run([python, "-c", "import importlib.metadata as m, geomap; "
                           "v = m.version('geomap-news'); assert v == geomap.__version__; "
                           "print(v)"], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_the_compiled_modules_are_listed_as_modules_of_the_package():
    """The mypyc hook compiles what it lists; a module renamed or moved would silently stay
    pure Python."""
    assert COMPILED
    assert all((ROOT / path).is_file() for path in COMPILED)


@pytest.mark.skipif(os.environ.get("GEOMAP_COMPILED") != "1",
                    reason="the compiled build's check: make test-compiled sets GEOMAP_COMPILED")
def test_the_compiled_build_runs_its_compiled_modules():
    """make test-compiled runs this suite on the compiled build: it must be what was tested."""
    for path in COMPILED:
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        assert module.__file__ is not None
        assert module.__file__.endswith(".so"), module.__file__
