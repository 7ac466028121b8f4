"""Check that a refactor changed no output: this checkout against an earlier commit.

Usage::

    .venv/bin/python bench/same_outputs.py [--against REV] [CORPUS.jsonl ...]

``REV`` (default ``HEAD``) is checked out into a temporary git worktree. Both versions run
``geomap run INPUT --out DIR --offline`` on the seed article and on each corpus (default: LGL,
TR-News, GeoVirus and realnews-dev from ``../shared/eval``), in their own processes with the
same Python, and ``geomap eval --json`` on the toponym corpora. Every output file must be
byte-identical and every eval figure equal; the script prints one line per comparison and
exits 1 on the first difference it lists.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
DEFAULT = [SHARED / "jsonl" / f"{name}.jsonl" for name in ("lgl", "trnews", "geovirus")]
REALNEWS = SHARED / "realnews-dev" / "articles.jsonl"
OUTPUTS = ("incidents.geojson", "mentions.geojson", "map.html")


def geomap(code: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m geomap ARGS`` with the package imported from ``code``."""
    env = {**os.environ, "PYTHONPATH": str(code), "GEOMAP_OFFLINE": "1",
           "GEOMAP_ASSETS": os.environ.get("GEOMAP_ASSETS", str(ROOT))}
    env.pop("GEOMAP_GAZETTEER", None)
    return subprocess.run([sys.executable, "-m", "geomap", *args], env=env, cwd=code,
                          capture_output=True, text=True, check=False)


def outputs(code: Path, inputs: list[Path], out: Path) -> dict[str, str]:
    """Run every input; eval the corpora. Returns each eval's JSON text by corpus name."""
    for item in inputs:
        geomap(code, "run", str(item), "--out", str(out / item.stem), "--offline")
    corpora = [str(c) for c in inputs if c.suffix == ".jsonl" and c != REALNEWS]
    if not corpora:
        return {}
    done = geomap(code, "eval", *corpora, "--json")
    if done.returncode != 0:
        raise SystemExit(f"geomap eval failed in {code}: {done.stderr.strip()}")
    return {"eval": done.stdout}


def map_data(path: Path) -> object | None:
    """The data a map draws: the argument of its ``geomapRender`` call, decoded (a character
    escaped in one page and written as itself in the other is the same data)."""
    found = re.search(r"geomapRender\([^,]+,\s*(\{.*?\})\);", path.read_text(encoding="utf-8"),
                      re.S)
    if not found:
        return None
    try:
        return json.loads(found.group(1))
    except ValueError:
        return found.group(1)


def compare(old: Path, new: Path, inputs: list[Path]) -> list[str]:
    """The names of the outputs that differ (missing on either side counts as different).

    A map whose bytes differ but whose embedded data is the same (its scripts changed) is
    reported as such and not counted: what it draws comes from that data. So is a GeoJSON
    file that holds the same JSON laid out otherwise (indented before, one feature per line now).
    """
    differ = []
    for item in inputs:
        for name in OUTPUTS:
            a, b = old / item.stem / name, new / item.stem / name
            same = a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)
            if not same and name == "map.html" and a.is_file() and b.is_file() \
                    and map_data(a) is not None and map_data(a) == map_data(b):
                print(f"same data, other scripts  {item.stem}/{name}")
                continue
            if not same and name.endswith(".geojson") and a.is_file() and b.is_file() \
                    and json.loads(a.read_bytes()) == json.loads(b.read_bytes()):
                print(f"same JSON, other layout  {item.stem}/{name}")
                continue
            print(f"{'same' if same else 'DIFFERENT'}  {item.stem}/{name}")
            if not same:
                differ.append(f"{item.stem}/{name}")
    return differ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--against", default="HEAD")
    parser.add_argument("corpora", nargs="*", type=Path)
    args = parser.parse_args()
    corpora = args.corpora or [c for c in (*DEFAULT, REALNEWS) if c.exists()]
    missing = [c for c in (args.corpora or (*DEFAULT, REALNEWS)) if not c.exists()]
    for path in missing:  # a checkout without ../shared compares the seed alone: say so
        print(f"not compared: {path} (not found)", file=sys.stderr)
    if args.corpora and missing:
        return 2
    inputs = [ROOT / "seeds", *(c.resolve() for c in corpora)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q",
                        str(work / "old"), args.against], check=True)
        try:
            before = outputs(work / "old", inputs, work / "out-old")
            after = outputs(ROOT, inputs, work / "out-new")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(work / "old")], check=True)
        differ = compare(work / "out-old", work / "out-new", inputs)
        if before != after:
            differ.append("geomap eval")
        print(f"{'same' if before == after else 'DIFFERENT'}  geomap eval --json")
    print("no output changed" if not differ else f"{len(differ)} output(s) changed")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
