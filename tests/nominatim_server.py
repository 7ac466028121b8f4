"""A stand-in for Nominatim's ``/search`` on 127.0.0.1, for geopy's real adapter to talk to.

Shaped after geopy's ``test/proxy_server.py``: a threaded HTTP server on port 0, run in a
thread. Answers are written here, not recorded from the real service (geopy's CONTRIBUTING
explains why). Each query can be given a script of replies consumed in order — ``"429"``,
``"404"``, ``"500"``, ``"slow"``, ``"malformed"`` — after which it answers from :data:`PLACES`
(or ``[]``).
Every request is counted, with the time on the test's clock, its parameters and headers.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

#: An identifying user agent for geomap's tests (.invalid never resolves).
USER_AGENT = "geomap-tests/1.0 (tests@geomap.invalid)"


def nominatim_result(name: str, lat: float, lon: float, *, country_code: str, kind: str = "city",
                     importance: float = 0.6, osm_id: int = 1) -> dict[str, Any]:
    """One result as Nominatim's ``format=json&addressdetails=1`` writes it."""
    return {"place_id": osm_id * 10, "licence": "Data © OpenStreetMap contributors, ODbL 1.0.",
            "osm_type": "node", "osm_id": osm_id, "lat": f"{lat:.7f}", "lon": f"{lon:.7f}",
            "class": "place", "type": kind, "place_rank": 16, "importance": importance,
            "addresstype": kind, "name": name, "display_name": f"{name}, {country_code.upper()}",
            "address": {kind: name, "country_code": country_code.lower()},
            "boundingbox": [str(lat - 0.1), str(lat + 0.1), str(lon - 0.1), str(lon + 0.1)]}


PLACES: dict[str, list[dict[str, Any]]] = {
    "baghdad": [nominatim_result("Baghdad", 33.3152, 44.3661, country_code="iq",
                                 importance=0.72, osm_id=101)],
    "camp ashraf": [nominatim_result("Camp Ashraf", 33.6392, 44.6378, country_code="iq",
                                     kind="camp", importance=0.31, osm_id=102)],
    "al-qaim": [nominatim_result("Al-Qa'im", 34.3766, 41.0943, country_code="iq",
                                 kind="town", osm_id=103),
                nominatim_result("Al Qaim", 34.45, 40.92, country_code="sy", kind="village",
                                 importance=0.2, osm_id=104)],
    "umm al-kheir": [nominatim_result("Umm al-Kheir", 31.3923, 35.1677, country_code="ps",
                                      kind="village", importance=0.2, osm_id=107)],
    "husaybah crossing": [
        nominatim_result("Husaybah Crossing", 34.3872, 40.9925, country_code="iq",
                         kind="border_control", importance=0.25, osm_id=105),
        nominatim_result("Al-Bukamal Crossing", 34.4306, 40.9387, country_code="sy",
                         kind="border_control", importance=0.22, osm_id=106)],
}


class NominatimServer:
    """Run the stand-in: ``with NominatimServer() as srv: Nominatim(domain=srv.domain, ...)``.

    Parameters
    ----------
    clock : callable
        Stamps each request; tests pass their fake clock to check the spacing.
    slow_seconds : float
        How long a ``"slow"`` reply takes.
    """

    def __init__(self, *, clock: Callable[[], float] = time.monotonic,
                 slow_seconds: float = 1.0) -> None:
        self.clock, self.slow_seconds = clock, slow_seconds
        self.places = {k: list(v) for k, v in PLACES.items()}
        self.scripts: dict[str, list[str]] = {}
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)

    @property
    def domain(self) -> str:
        """``127.0.0.1:PORT``, for geopy's ``domain=`` (with ``scheme="http"``)."""
        return f"127.0.0.1:{self.httpd.server_address[1]}"

    def script(self, query: str, *replies: str) -> None:
        """Make ``query`` get these replies first, then its normal answer."""
        self.scripts[query.lower()] = list(replies)

    def count(self, query: str | None = None) -> int:
        """Requests received in all, or for one query."""
        return sum(query is None or r["q"].lower() == query.lower() for r in self.requests)

    def next_reply(self, params: dict[str, str], headers: dict[str, str]) -> str:
        with self._lock:
            self.requests.append({"q": params.get("q", ""), "params": params,
                                  "headers": headers, "time": self.clock()})
            queue = self.scripts.get(params.get("q", "").lower(), [])
            return queue.pop(0) if queue else "answer"

    def __enter__(self) -> NominatimServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def _handler(server: NominatimServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output quiet."""

        def do_GET(self) -> None:
            url = urlparse(self.path)
            params = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path != "/search":
                self._send(404, b"not found", "text/plain")
                return
            reply = server.next_reply(params, dict(self.headers))
            if reply == "429":
                self._send(429, b"Too Many Requests", "text/plain", {"Retry-After": "2"})
            elif reply in ("404", "500"):
                self._send(int(reply), b"Server says no", "text/plain")
            elif reply.startswith("body:"):  # any reply body, to test hostile answers
                self._send(200, reply[5:].encode(), "application/json")
            elif reply == "malformed":
                self._send(200, b'[{"lat": "33.3", "lon": ', "application/json")
            else:
                if reply == "slow":
                    time.sleep(server.slow_seconds)
                self._answer(params)

        def _answer(self, params: dict[str, str]) -> None:
            found = server.places.get(params.get("q", "").lower(), [])
            codes = params.get("countrycodes")
            if codes:
                allowed = set(codes.lower().split(","))
                found = [r for r in found if r["address"]["country_code"] in allowed]
            limit = int(params.get("limit", 10))
            self._send(200, json.dumps(found[:limit]).encode(), "application/json")

        def _send(self, status: int, body: bytes, ctype: str,
                  headers: dict[str, str] | None = None) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

    return Handler
