/* geomap's review map, core: the shared view every layer script draws from.
 * The page's data arrives once, compact and columnar (geomap/render/data.py); geomapRender()
 * decodes what several layers share (event types and their styles, day numbers, the filter
 * state) and keeps the list of overlays for the layer control. Each layer script (one file per
 * layer, geomap/render/layers/) registers a factory with Geomap.register(); the page then calls
 * view.add(name, options) for each layer, in geomap/render/layers/__init__.py's order, and
 * view.ready(). A filter change calls view.apply(): it works out once which incidents are
 * visible and hands that selection to every layer's onFilter hook.
 * Every string from an article reaches the page through textContent or a DOM property set by
 * script, never through innerHTML, so a quote can show "<script>" but cannot run it. */
(function () {
  "use strict";
  var DAY = 864e5, factories = Object.create(null);

  /* el() is the one way article text reaches the page. */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

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

  /* Is incident i shown under the filters (precision switch, time range)? */
  function visible(view, i) {
    var state = view.state;
    if (!state.imprecise && view.d.prec[i] !== 1) return false;
    var day = view.time.days[i];
    if (day !== day) return state.undated;
    return day >= state.from && day <= state.to;
  }

  function makeView(map, d) {
    var n = d.lat.length, styles = Object.assign(Object.create(null), d.styles);
    var counts = Object.create(null), hooks = [];
    if (!map.options.maxZoom) map.setMaxZoom(18);  // no tiles offline; clustering needs it
    for (var i = 0; i < n; i++) {
      var t = d.strings[d.type[i]];
      counts[t] = (counts[t] || 0) + 1;
    }
    var types = Object.keys(counts).sort();
    types.forEach(function (t) { if (!styles[t]) styles[t] = styles._default; });
    fitData(map, d);
    var time = dayNumbers(d);
    var view = {map: map, d: d, n: n, types: types, counts: counts, styles: styles, time: time,
      state: {imprecise: true, undated: true, from: time.lo, to: time.hi},
      overlays: {}, countries: {type: "FeatureCollection", features: []}};
    /* A layer the layer control can switch on and off, listed in the order layers add them. */
    view.overlay = function (label, layer) { view.overlays[label] = layer; return layer; };
    /* hook(selection) runs on every filter change: {all: [i...], byType: {type: [i...]}}. */
    view.onFilter = function (hook) { hooks.push(hook); };
    view.add = function (name, options) { factories[name](view, options || {}); return view; };
    view.apply = function () {
      var all = [], byType = Object.create(null);
      types.forEach(function (t) { byType[t] = []; });
      for (var j = 0; j < n; j++) {
        if (!visible(view, j)) continue;
        all.push(j);
        byType[d.strings[d.type[j]]].push(j);
      }
      hooks.forEach(function (hook) { hook({all: all, byType: byType}); });
    };
    /* Every layer is added: draw the first selection; tests and benchmarks wait for geomapMap. */
    view.ready = function () {
      view.apply();
      window.geomap = view;
      window.geomapMap = map;
    };
    return view;
  }

  /* The page's one call with the data: geomapRender(map, data) returns the view. */
  window.geomapRender = makeView;
  window.Geomap = {
    /* A layer script registers its factory(view, options) under its layer's name. */
    register: function (name, factory) { factories[name] = factory; },
    el: el, row: row, safeLink: safeLink, control: control, isoDay: isoDay
  };
})();
