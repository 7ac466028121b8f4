"""Find the JavaScript/CSS libraries a map inlines (Leaflet, supercluster, leaflet.heat; npm).

They are installed at set-up time, never committed. In a checkout ``make assets`` runs
``npm ci`` from ``package.json``/``package-lock.json``. A user who only ran
``pip install geomap-news`` runs ``geomap assets install``: it downloads the exact tarballs of
:data:`PACKAGES` from the npm registry, checks each against its sha512 integrity (the same as
in ``package-lock.json``) and unpacks them into the user data folder, which geomap searches.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shutil
import tarfile
import urllib.request
from functools import cache
from pathlib import Path

from platformdirs import user_data_dir

from geomap.errors import AssetsMissingError, GeomapError
from geomap.resources import checkout_root, package_file

STATIC = package_file("render", "static")
REGISTRY = "https://registry.npmjs.org"
#: npm package → (version, sha512 integrity); must equal package-lock.json (a test checks).
#: supercluster's UMD build bundles its one dependency (kdbush), so that is not fetched.
PACKAGES = {
    "leaflet": ("1.9.4", "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+"
                         "YR3XnWyZAxwQixURb+FA74PA=="),
    "leaflet.heat": ("0.2.0", "sha512-Cd5PbAA/rX3X3XKxfDoUGi9qp78FyhWYurFg3nsfhntcM/MCNK08pRkf4iE"
                              "enO1KNqwVPKCmkyktjW3UD+h9bQ=="),
    "supercluster": ("8.0.1", "sha512-IiOea5kJ9iqzD2t7QJq/cREyLHTtSmUT6gQsweojg9WH2sYJqZK9SswTu6j"
                              "rscO6D1G5v5vYZ9ru/eq85lXeZQ=="),
}
#: Files inlined into every map, in load order.
SCRIPTS = ("leaflet/dist/leaflet.js", "supercluster/dist/supercluster.min.js",
           "leaflet.heat/dist/leaflet-heat.js")
STYLESHEETS = ("leaflet/dist/leaflet.css",)
FIX = ("run `geomap assets install` (downloads {specs} from the npm registry into {user}), "
       "or `npm ci` in a geomap checkout, or set GEOMAP_ASSETS to a folder holding node_modules")


def user_dir() -> Path:
    """Where ``geomap assets install`` puts the libraries."""
    return Path(user_data_dir("geomap"))


def search_path() -> list[Path]:
    """Folders searched for ``node_modules``: $GEOMAP_ASSETS, the checkout, the user data dir."""
    roots = [Path(os.environ["GEOMAP_ASSETS"])] if os.environ.get("GEOMAP_ASSETS") else []
    roots += [checkout_root(), user_dir()]
    return [r / "node_modules" if (r / "node_modules").is_dir() else r for r in roots]


def _find(relative: str) -> Path:
    for root in search_path():
        if (root / relative).is_file():
            return root / relative
    specs = " ".join(f"{name}@{version}" for name, (version, _) in PACKAGES.items())
    raise AssetsMissingError(
        f"{relative} not found in {', '.join(str(r) for r in search_path())}; "
        + FIX.format(specs=specs, user=user_dir()))


def _strip_source_map(text: str) -> str:
    """Drop ``sourceMappingURL`` comments: a map file is a request the page must not make."""
    return re.sub(r"/[*/]# sourceMappingURL=\S+( \*/)?", "", text)


@cache
def scripts() -> list[str]:
    """The libraries' minified scripts, in load order."""
    return [_strip_source_map(_find(r).read_text(encoding="utf-8")) for r in SCRIPTS]


@cache
def stylesheets() -> str:
    """The libraries' style sheets with their images inlined as data: URIs."""
    return "\n".join(_inline_images(_find(r)) for r in STYLESHEETS)


def _inline_images(path: Path) -> str:
    def inline(match: re.Match[str]) -> str:
        image = path.parent / match.group(1)
        data = base64.b64encode(image.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = _strip_source_map(path.read_text(encoding="utf-8"))
    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)


@cache
def own(name: str) -> str:
    """One of geomap's own static files (geomap.css, the core geomap.js, a layer's script)."""
    return (STATIC / name).read_text(encoding="utf-8")


def install(target: Path | None = None, *, registry: str = REGISTRY,
            timeout: float = 60) -> Path:
    """Download :data:`PACKAGES` from the npm registry, check integrity, unpack them.

    Set-up time only: maps never fetch anything. Each tarball is verified against its pinned
    sha512 before anything is written.

    Parameters
    ----------
    target
        Folder that gets ``node_modules/NAME``; default :func:`user_dir`.
    registry
        Base URL of the npm registry (a test points it at a local server).

    Raises
    ------
    GeomapError
        When a download fails or a tarball does not match its integrity.
    """
    modules = (target or user_dir()) / "node_modules"
    for name, (version, integrity) in PACKAGES.items():
        data = _download(f"{registry}/{name}/-/{name.split('/')[-1]}-{version}.tgz",
                         timeout=timeout)
        digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
        if digest != integrity:
            raise GeomapError(f"{name}@{version}: integrity mismatch (got {digest[:24]}..., "
                              f"expected {integrity[:24]}...); nothing installed for it")
        _unpack(data, modules / name)
    scripts.cache_clear()
    stylesheets.cache_clear()
    return modules


def _download(url: str, *, timeout: float) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except OSError as err:
        raise GeomapError(f"{url}: download failed: {err}") from err


def _unpack(data: bytes, destination: Path) -> None:
    """Unpack an npm tarball (files under ``package/``) into ``destination``, replacing it."""
    staging = destination.with_name(destination.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            parts = Path(member.name).parts
            if not member.isfile() or parts[:1] != ("package",) or ".." in parts:
                continue
            out = staging.joinpath(*parts[1:])
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]
    shutil.rmtree(destination, ignore_errors=True)
    staging.replace(destination)
