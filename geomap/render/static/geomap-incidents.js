/* Incident layers: one per event type, pins (clustered above the size budget, geomap-pins.js)
 * coloured by the type's style, each with a popup of its quotes, sources and facts.
 * Text reaches the page through Geomap.el (textContent) only. */
(function () {
  "use strict";
  var el = Geomap.el, row = Geomap.row, ZOOM_TO = 9, OVERLAP = 10;  // pixels
  var PRECISION = {1: "1 \u2013 the town itself", 2: "2 \u2013 part of or near a town",
                   3: "3 \u2013 a region or country (not a site)"};

  function articleLine(d, a) {
    var S = d.strings, art = d.art, line = el("div", "geomap-source");
    line.appendChild(Geomap.safeLink(S[art.url[a]], S[art.title[a]] || S[art.id[a]]));
    var extra = [S[art.source[a]], S[art.published[a]] && "published " + S[art.published[a]]];
    extra = extra.filter(Boolean).join(", ");
    if (extra) line.appendChild(el("span", null, " (" + extra + ")"));
    return line;
  }

  function incidentPopup(view, i) {
    var d = view.d;
    var S = d.strings, box = el("div", "geomap-popup");
    box.appendChild(el("div", "geomap-title", S[d.type[i]] + " \u2013 " + S[d.sub[i]]));
    var quotes = typeof d.q[i] === "number" ? [d.q[i]] : d.q[i];
    var articles = quotes.map(function (k) { return d.qa[k]; });
    if (new Set(articles).size > 1) {
      box.appendChild(el("div", "geomap-note", new Set(articles).size + " reports of this incident:"));
    }
    quotes.forEach(function (k, n) {
      box.appendChild(el("blockquote", "geomap-quote", d.qt[k]));
      if (articles[n + 1] !== articles[n]) box.appendChild(articleLine(d, articles[n]));
    });
    var table = el("table", "geomap-facts");
    var when = S[d.date[i]] ? S[d.date[i]] + " (" + S[d.tprec[i]] + ")" : "unknown";
    if (S[d.expr[i]]) when += " \u2013 \u201c" + S[d.expr[i]] + "\u201d";
    row(table, "Event date", when);
    row(table, "Place", S[d.place[i]] + (S[d.qual[i]] ? " (" + S[d.qual[i]] + ")" : ""));
    table.appendChild(coordinates(d.lat[i], d.lon[i]));
    row(table, "Country", S[d.cc[i]] && view.countryName(S[d.cc[i]]) + " (" + S[d.cc[i]] + ")");
    if (d.gid && d.gid[i] !== null && d.gid[i] !== undefined) {
      var gid = el("tr"), cell = el("td");
      gid.appendChild(el("th", null, "GeoNames"));
      cell.appendChild(Geomap.safeLink("https://www.geonames.org/" + d.gid[i], String(d.gid[i])));
      cell.appendChild(el("span", null, " " + S[d.place[i]]));
      gid.appendChild(cell);
      table.appendChild(gid);
    }
    row(table, "Precision", PRECISION[d.prec[i]] || "geo_precision " + d.prec[i]);
    row(table, "Location basis", S[d.basis[i]]);
    row(table, "Placed by", S[d.res[i]]);
    row(table, "Actor 1", S[d.a1[i]]);
    row(table, "Actor 2", S[d.a2[i]]);
    row(table, "Fatalities", d.fat[i]);
    row(table, "Wounded", d.wnd[i]);
    row(table, "Reports", d.src[i]);
    row(table, "Incident id", d.id && d.id[i]);
    box.appendChild(table);
    if (d.rev && d.rev[i]) box.appendChild(reviewed(d.rev[i]));
    return box;
  }

  /* What a reviewer's correction (applied by --corrections) changed, and the note. */
  function reviewed(review) {
    var box = el("div", "geomap-reviewed"), changes = review.changes || {};
    box.appendChild(el("div", "geomap-title", "Reviewed" +
                       (review.verdict ? ": " + review.verdict : "")));
    if (review.note) box.appendChild(el("blockquote", "geomap-quote", review.note));
    Object.keys(changes).forEach(function (k) {
      box.appendChild(el("div", null, k + ": " + JSON.stringify(changes[k].from) + " \u2192 " +
                         JSON.stringify(changes[k].to)));
    });
    return box;
  }

  /* Put text on the clipboard; where the page may not use the Clipboard API, copy a selection. */
  function copy(text, done) {
    function fallback() {
      var area = document.body.appendChild(el("textarea", "geomap-offscreen", text));
      area.select();
      try { document.execCommand("copy"); } finally { area.remove(); }
      done();
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else fallback();
  }

  /* "lat, lon" with a button copying it. */
  function coordinates(lat, lon) {
    var tr = el("tr"), td = el("td"), text = lat.toFixed(5) + ", " + lon.toFixed(5);
    tr.appendChild(el("th", null, "Coordinates"));
    td.appendChild(el("span", "geomap-coords", text));
    var button = td.appendChild(el("button", "geomap-copy", "Copy"));
    button.type = "button";
    button.setAttribute("aria-label", "Copy coordinates " + text);
    button.addEventListener("click", function () {
      copy(text, function () { button.textContent = "Copied"; });
    });
    tr.appendChild(td);
    return tr;
  }

  /* The list (or a link) chose incident i: bring it into view and open its popup. */
  function opener(view, layers, popupFor) {
    var d = view.d, map = view.map;
    return function (i, how) {
      if (i < 0 || !how.open) return;
      var layer = layers[d.strings[d.type[i]]], at = L.latLng(d.lat[i], d.lon[i]);
      if (how.zoom) map.setView(at, Math.max(map.getZoom(), ZOOM_TO), {animate: false});
      else if (!map.getBounds().contains(at)) map.panTo(at, {animate: false});
      if (layer && map.hasLayer(layer) && layer.members().indexOf(i) >= 0) {
        GeomapPins.reveal(map, layer, d, i, function () {
          GeomapPins.open(map, layer, d, i, popupFor);
        });
      } else GeomapPins.open(map, null, d, i, popupFor);
    };
  }

  /* The drawn pins (of every type shown) whose circles overlap pin m's, m's own first. */
  function overlapping(view, layers, m) {
    var map = view.map, at = map.latLngToContainerPoint(m.getLatLng()), near = [m.geomapIndex];
    view.types.forEach(function (t) {
      if (!layers[t] || !map.hasLayer(layers[t])) return;
      layers[t].eachLayer(function (other) {
        if (other === m || other.geomapIndex === undefined) return;
        if (map.latLngToContainerPoint(other.getLatLng()).distanceTo(at) < OVERLAP) {
          near.push(other.geomapIndex);
        }
      });
    });
    return near;
  }

  /* Where pins overlap, a click asks which incident was meant rather than guessing. */
  function chooser(view, near, popupFor) {
    var d = view.d, S = d.strings, box = el("div", "geomap-popup");
    box.appendChild(el("div", "geomap-title", near.length + " incidents overlap here; which one?"));
    var list = box.appendChild(el("ol", "geomap-list"));
    near.forEach(function (i) {
      var b = list.appendChild(el("li")).appendChild(el("button", "geomap-choice",
        (S[d.date[i]] || "undated") + " \u2013 " + (S[d.place[i]] || "?") + " \u2013 " +
        (S[d.sub[i]] || S[d.type[i]])));
      b.type = "button";
      b.addEventListener("click", function () {
        box.replaceChildren(popupFor(i));
        view.select(i, {from: "chooser"});
      });
    });
    return box;
  }

  /* A ring around incident i while the list's pointer or focus is on it. */
  function highlighter(view) {
    var d = view.d, ring = L.circleMarker([0, 0], {radius: 14, weight: 3, color: "#000",
      fill: false, interactive: false, className: "geomap-highlight"});
    return function (i, on) {
      if (!on) return ring.remove();
      ring.setLatLng([d.lat[i], d.lon[i]]).addTo(view.map);
    };
  }

  Geomap.register("incidents", function (view) {
    var d = view.d, layers = Object.create(null);
    var popupFor = function (k) { return incidentPopup(view, k); };
    if (d.details) view.types.forEach(function (t) {
      layers[t] = GeomapPins.layer(view.map, d, view.styles[t], {
        clustered: d.mode === "cluster", popupFor: popupFor, type: t}).addTo(view.map);
      view.overlay(t + " (" + view.counts[t] + ")", layers[t]);
    });
    view.onFilter(function (selection) {
      view.types.forEach(function (t) {
        if (layers[t]) layers[t].setMembers(selection.byType[t]);
      });
    });
    view.types.forEach(function (t) {
      if (!layers[t]) return;
      layers[t].on("click", function (e) {  // after the pin's own popup opened
        var m = e.layer;
        if (m.geomapIndex === undefined) return;
        var near = overlapping(view, layers, m);
        if (near.length < 2) return;
        m.closePopup();
        L.popup({maxWidth: 400}).setLatLng(m.getLatLng())
          .setContent(chooser(view, near, popupFor)).openOn(view.map);
      });
      layers[t].on("popupopen", function (e) {
        var i = e.layer && e.layer.geomapIndex;
        if (i !== undefined && view.selected !== i) view.select(i, {from: "map"});
      });
      layers[t].on("mouseover", function (e) {
        if (e.layer.geomapIndex !== undefined) view.hover(e.layer.geomapIndex, true, "map");
      });
      layers[t].on("mouseout", function (e) {
        if (e.layer.geomapIndex !== undefined) view.hover(e.layer.geomapIndex, false, "map");
      });
    });
    var ring = highlighter(view);
    view.onHover(function (i, on, from) { if (from !== "map") ring(i, on); });
    if (d.details) view.onSelect(opener(view, layers, popupFor));
    view.layers = layers;
    view.reveal = function (k, done) {
      GeomapPins.reveal(view.map, layers[d.strings[d.type[k]]], d, k, done);
    };
  });
})();
