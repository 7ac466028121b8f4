/* geomap's review map, drawn in the browser from compact columnar data (geomap/render_data.py).
 * Every string from an article reaches the page through textContent or a DOM property set by
 * script, never through innerHTML, so a quote can show "<script>" but cannot run it.
 * Markers are built once; the time filter and the precision switch only change which of them
 * the (clustered) layers hold, so the layers, the clustering and the filters work together. */
(function () {
  "use strict";
  var DAY = 864e5;

  var el = GeomapPins.el;  /* text only through textContent (geomap-pins.js) */

  function row(table, label, value) {
    if (value === undefined || value === null || value === "") return;
    var tr = el("tr");
    tr.appendChild(el("th", null, label));
    tr.appendChild(el("td", null, value));
    table.appendChild(tr);
  }

  function safeLink(url, text) {
    if (typeof url !== "string" || !/^https?:\/\//i.test(url)) return el("span", null, text);
    var a = el("a", null, text);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function control(map, position, build) {
    var c = L.control({position: position});
    c.onAdd = function () {
      var box = build();
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    return c.addTo(map);
  }

  /* ---- popups ---------------------------------------------------------------------------- */

  function articleLine(d, a) {
    var S = d.strings, art = d.art, line = el("div", "geomap-source");
    line.appendChild(safeLink(S[art.url[a]], S[art.title[a]] || S[art.id[a]]));
    var extra = [S[art.source[a]], S[art.published[a]] && "published " + S[art.published[a]]];
    extra = extra.filter(Boolean).join(", ");
    if (extra) line.appendChild(el("span", null, " (" + extra + ")"));
    return line;
  }

  function incidentPopup(d, i) {
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
    row(table, "Precision", PRECISION[d.prec[i]] || "geo_precision " + d.prec[i]);
    row(table, "Location basis", S[d.basis[i]]);
    row(table, "Placed by", S[d.res[i]]);
    row(table, "Actor 1", S[d.a1[i]]);
    row(table, "Actor 2", S[d.a2[i]]);
    row(table, "Fatalities", d.fat[i]);
    row(table, "Wounded", d.wnd[i]);
    row(table, "Reports", d.src[i]);
    box.appendChild(table);
    return box;
  }
  var PRECISION = {1: "1 \u2013 the town itself", 2: "2 \u2013 part of or near a town",
                   3: "3 \u2013 a region or country (not a site)"};

  function mentionPopup(p) {
    var box = el("div", "geomap-popup");
    box.appendChild(el("div", "geomap-title", p.name + " (" + p.count + " mentions)"));
    (p.texts || []).forEach(function (t) { box.appendChild(el("div", null, "\u201c" + t + "\u201d")); });
    var table = el("table", "geomap-facts");
    row(table, "Placed by", p.resolver);
    row(table, "Feature", p.feature_code);
    box.appendChild(table);
    return box;
  }

  /* ---- filters: time and precision ------------------------------------------------------- */

  function dayNumbers(d) {
    var S = d.strings, cache = {}, days = new Array(d.lat.length), lo = Infinity, hi = -Infinity;
    for (var i = 0; i < days.length; i++) {
      var k = d.date[i];
      if (!(k in cache)) cache[k] = S[k] ? Math.floor(Date.parse(S[k]) / DAY) : NaN;
      days[i] = cache[k];
      if (days[i] < lo) lo = days[i];
      if (days[i] > hi) hi = days[i];
    }
    return {days: days, lo: lo, hi: hi};
  }

  function isoDay(n) { return new Date(n * DAY).toISOString().slice(0, 10); }

  function filterControl(map, state, time, onChange) {
    control(map, "topleft", function () {
      var box = el("div", "geomap-filter");
      var exact = el("label", "geomap-switch"), check = el("input");
      check.type = "checkbox";
      check.checked = state.imprecise;
      check.className = "geomap-precision-switch";
      check.addEventListener("change", function () { state.imprecise = check.checked; onChange(); });
      exact.appendChild(check);
      exact.appendChild(el("span", null, " Show area/country-level incidents"));
      box.appendChild(exact);
      if (time.hi > time.lo) box.appendChild(timeSlider(state, time, onChange));
      else if (time.hi === time.lo) box.appendChild(el("div", "geomap-time-label", "Event date " + isoDay(time.lo)));
      state.status = box.appendChild(el("div", "geomap-status"));
      return box;
    });
  }

  function timeSlider(state, time, onChange) {
    var box = el("div", "geomap-time"), label = el("div", "geomap-time-label");
    function slider(value, cls) {
      var s = el("input", cls);
      s.type = "range";
      s.min = time.lo;
      s.max = time.hi;
      s.step = 1;
      s.value = value;
      s.addEventListener("input", function () { update(false); });
      s.addEventListener("change", function () { update(true); });
      return s;
    }
    var from = slider(time.lo, "geomap-time-from"), to = slider(time.hi, "geomap-time-to");
    var undated = el("input", "geomap-time-undated");
    undated.type = "checkbox";
    undated.checked = true;
    undated.addEventListener("change", function () { update(true); });
    function update(apply) {
      state.from = Math.min(+from.value, +to.value);
      state.to = Math.max(+from.value, +to.value);
      state.undated = undated.checked;
      label.textContent = "Event date " + isoDay(state.from) + " \u2192 " + isoDay(state.to);
      if (apply) onChange();
    }
    update(false);
    var keep = el("label");
    keep.appendChild(undated);
    keep.appendChild(el("span", null, " undated incidents"));
    [label, from, to, keep].forEach(function (n) { box.appendChild(n); });
    return box;
  }

  function visible(d, time, state, i) {
    if (!state.imprecise && d.prec[i] !== 1) return false;
    var day = time.days[i];
    if (day !== day) return state.undated;
    return day >= state.from && day <= state.to;
  }

  /* ---- heat, countries, legend, notice --------------------------------------------------- */

  function colourRamp(t) {
    var stops = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];
    return stops[Math.min(stops.length - 1, Math.floor(t * (stops.length - 1) + 0.5))];
  }

  function countryLayer(countries, metric) {
    var values = Object.create(null), layer = L.geoJSON(countries, {
      style: {color: "#666", weight: 0.6, fillOpacity: 0},
      onEachFeature: function (f, shape) {
        shape.bindTooltip(function () {
          var v = values[f.properties.iso] || [0, 0];
          return el("span", null, f.properties.name + ": " + v[0] + " incidents, " + v[1] +
                    " fatalities");
        }, {sticky: true});
      }});
    layer.update = function (totals) {
      values = totals;
      var max = 0, iso;
      for (iso in totals) max = Math.max(max, totals[iso][metric]);
      layer.eachLayer(function (shape) {
        var v = (totals[shape.feature.properties.iso] || [0, 0])[metric];
        shape.setStyle(v > 0 ? {fillColor: colourRamp(Math.log(1 + v) / Math.log(1 + max)),
          fillOpacity: 0.75} : {fillOpacity: 0});
      });
    };
    return layer;
  }

  function legend(map, types, styles, counts) {
    var spans = {};
    control(map, "bottomright", function () {
      var box = el("div", "geomap-legend");
      box.appendChild(el("div", "geomap-title", "Incidents by event type"));
      types.forEach(function (t) {
        var line = el("div"), swatch = el("span", "geomap-swatch", styles[t].icon);
        swatch.style.background = styles[t].color;
        line.appendChild(swatch);
        spans[t] = line.appendChild(el("span", null, t + " (" + counts[t] + ")"));
        box.appendChild(line);
      });
      box.appendChild(el("div", "geomap-note", "Hollow dashed pins: placed at an area or " +
                         "country, not a site; a click shows the uncertainty."));
      return box;
    });
    return function (shown) { types.forEach(function (t) {
      spans[t].textContent = t + " (" + (shown[t] === counts[t] ? counts[t] : shown[t] + " of " +
                                          counts[t]) + ")"; }); };
  }

  /* ---- entry points ---------------------------------------------------------------------- */

  window.geomapCountries = function (map, countries, draw) {
    map.geomapCountries = countries;
    if (draw) L.geoJSON(countries, {interactive: false, style: {color: "#8a8a8a", weight: 0.8,
      fillColor: "#f2efe9", fillOpacity: 1}}).addTo(map);
  };

  window.geomapRender = function (map, d) {
    var n = d.lat.length, styles = Object.assign(Object.create(null), d.styles), overlays = {}, layers = Object.create(null), counts = Object.create(null);
    if (!map.options.maxZoom) map.setMaxZoom(18);  // no tiles offline; clustering needs it
    for (var i = 0; i < n; i++) {
      var t = d.strings[d.type[i]];
      counts[t] = (counts[t] || 0) + 1;
    }
    var types = Object.keys(counts).sort();
    fitData(map, d);
    var popupFor = function (k) { return incidentPopup(d, k); };
    types.forEach(function (t) {
      if (!styles[t]) styles[t] = styles._default;
      if (!d.details) return;
      layers[t] = GeomapPins.layer(map, d, styles[t], {clustered: d.mode === "cluster",
                                                        popupFor: popupFor}).addTo(map);
      overlays[t + " (" + counts[t] + ")"] = layers[t];
    });
    var heat = L.heatLayer([], {radius: 18, blur: 14, minOpacity: 0.3});
    overlays["Heat (incident density)"] = heat;
    if (!d.details) heat.addTo(map);
    var countries = map.geomapCountries || {type: "FeatureCollection", features: []};
    var byCount = countryLayer(countries, 0), byDeaths = countryLayer(countries, 1);
    overlays["Countries: incident count"] = byCount;
    overlays["Countries: fatalities"] = byDeaths;
    overlays["Place mentions (not incident sites)"] = mentionsLayer(d.places);
    var time = dayNumbers(d);
    var state = {imprecise: true, undated: true, from: time.lo, to: time.hi};
    var relabel = legend(map, types, styles, counts);
    function apply() {
      var shown = Object.create(null), points = [], totals = Object.create(null), keep = Object.create(null);
      types.forEach(function (t) { keep[t] = []; });
      for (var j = 0; j < n; j++) {
        if (!visible(d, time, state, j)) continue;
        var t = d.strings[d.type[j]], cc = d.strings[d.cc[j]];
        keep[t].push(j);
        points.push([d.lat[j], d.lon[j]]);
        if (cc) { totals[cc] = totals[cc] || [0, 0]; totals[cc][0] += 1; totals[cc][1] += d.fat[j] || 0; }
      }
      types.forEach(function (t) {
        shown[t] = keep[t].length;
        if (layers[t]) layers[t].setMembers(keep[t]);
      });
      heat.setLatLngs(points);
      byCount.update(totals);
      byDeaths.update(totals);
      relabel(shown);
      if (state.status) state.status.textContent = "Showing " + points.length + " of " + n + " incidents";
    }
    filterControl(map, state, time, apply);
    apply();
    L.control.layers(null, overlays, {collapsed: false}).addTo(map);
    if (d.notice) control(map, "topright", function () { return el("div", "geomap-notice", d.notice); });
    window.geomap = {map: map, layers: layers, heat: heat, state: state, apply: apply,
      reveal: function (k, done) { GeomapPins.reveal(map, layers[d.strings[d.type[k]]], d, k, done); }};
    window.geomapMap = map;
  };

  function mentionsLayer(places) {
    var layer = L.featureGroup();
    places.forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lon], {radius: 3 + 2 * Math.sqrt(p.count), color: "#555",
        weight: 1, fillColor: "#999", fillOpacity: 0.5, className: "geomap-mention"});
      m.bindPopup(function () { return mentionPopup(p); });
      m.bindTooltip(el("span", null, p.name + " \u2013 mentioned " + p.count + "\u00d7"));
      layer.addLayer(m);
    });
    return layer;
  }

  function fitData(map, d) {
    var lats = d.lat, lons = d.lon;
    if (!lats.length) {
      lats = d.places.map(function (p) { return p.lat; });
      lons = d.places.map(function (p) { return p.lon; });
    }
    if (!lats.length) return;
    var s = Infinity, w = Infinity, nn = -Infinity, e = -Infinity;
    for (var i = 0; i < lats.length; i++) {
      s = Math.min(s, lats[i]); nn = Math.max(nn, lats[i]);
      w = Math.min(w, lons[i]); e = Math.max(e, lons[i]);
    }
    map.fitBounds(L.latLngBounds([s, w], [nn, e]).pad(0.3), {maxZoom: 8, animate: false});
  }

})();
