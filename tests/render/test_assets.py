"""The inlined libraries: pinned like package-lock.json, installable with integrity checks."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from geomap.errors import AssetsMissingError, GeomapError
from geomap.render import assets
from tests.helpers import ROOT


def test_pinned_packages_equal_package_lock():
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    declared = json.loads((ROOT / "package.json").read_text())["dependencies"]
    assert declared == {name: version for name, (version, _) in assets.PACKAGES.items()}
    pinned = {name: (lock[f"node_modules/{name}"]["version"],
                     lock[f"node_modules/{name}"]["integrity"]) for name in declared}
    assert pinned == assets.PACKAGES


def test_inlined_scripts_carry_no_source_map_request():
    assert all("sourceMappingURL" not in s for s in assets.scripts())
    assert "sourceMappingURL" not in assets.stylesheets()


def test_missing_assets_error_says_how_to_fix_it(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_ASSETS", str(tmp_path))
    monkeypatch.setattr(assets, "search_path", lambda: [tmp_path])
    with pytest.raises(AssetsMissingError) as err:
        assets._find("leaflet/dist/leaflet.js")
    message = str(err.value)
    assert "geomap assets install" in message
    assert "leaflet@1.9.4" in message
    assert "npm ci" in message
    assert "GEOMAP_ASSETS" in message


def _tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


@pytest.fixture
def registry():
    """A local npm-registry stand-in on 127.0.0.1 serving the tarballs put in ``served``."""
    served: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = served.get(self.path)
            self.send_response(200 if body else 404)
            self.end_headers()
            self.wfile.write(body or b"not found")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", served
    server.shutdown()
    server.server_close()


def test_install_verifies_and_unpacks_each_tarball(registry, tmp_path, monkeypatch):
    url, served = registry
    packages = {}
    for name in ("leaflet", "leaflet.heat"):
        data = _tarball({"package/dist/x.js": f"// {name}".encode(), "../evil": b"no"})
        served[f"/{name}/-/{name}-1.0.0.tgz"] = data
        packages[name] = ("1.0.0", _integrity(data))
    monkeypatch.setattr(assets, "PACKAGES", packages)
    modules = assets.install(tmp_path, registry=url)
    assert (modules / "leaflet.heat" / "dist" / "x.js").read_text() == "// leaflet.heat"
    assert not (tmp_path / "evil").exists()


def test_install_refuses_a_tarball_that_fails_its_integrity(registry, tmp_path, monkeypatch):
    url, served = registry
    served["/leaflet/-/leaflet-1.0.0.tgz"] = _tarball({"package/dist/x.js": b"tampered"})
    monkeypatch.setattr(assets, "PACKAGES", {"leaflet": ("1.0.0", _integrity(b"original"))})
    with pytest.raises(GeomapError, match=r"leaflet@1\.0\.0: integrity mismatch"):
        assets.install(tmp_path, registry=url)
    assert not (tmp_path / "node_modules" / "leaflet").exists()


def test_install_reports_a_failed_download(registry, tmp_path, monkeypatch):
    url, _ = registry
    monkeypatch.setattr(assets, "PACKAGES", {"leaflet": ("9.9.9", _integrity(b""))})
    with pytest.raises(GeomapError, match=r"leaflet-9\.9\.9\.tgz: download failed"):
        assets.install(tmp_path, registry=url)
