/* geomap's review map, core: the shared view every layer script draws from.
 * The page's data arrives once, compact and columnar (geomap/render/data.py); geomapRender()
 * decodes what several layers share (event types and their styles, day numbers, the filter
 * state) and keeps the list of overlays for the layer control. Each layer script (one file per
 * layer, geomap/render/layers/) registers a factory with Geomap.register(); the page then calls
 * view.add(name, options) for each layer, in geomap/render/layers/__init__.py's order, and
 * view.ready(). A filter change sets view.state and calls view.apply(): it works out once which
 * incidents are visible (and the facet counts) and hands that selection to every layer's
 * onFilter hook. view.select(i) tells every onSelect hook which incident the reviewer chose.
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

  /* A phone-sized screen: panels start folded, and one open panel at a time is a sheet. */
  function narrow() {
    return !!(window.matchMedia && window.matchMedia("(max-width: 600px)").matches);
  }

  /* A foldable control (<details>): open on a large screen (unless folded), folded on a phone.
   * On a phone, opening one folds the others and marks the page, so the open one can sit as a
   * bottom sheet with nothing under it (geomap.css). On a large screen, whenever a corner's
   * panels would reach the panels of the corner above or below, the panels opened least
   * recently fold until they do not (unclutter): no control ever covers another. */
  function panel(map, position, title, className, build, folded) {
    var c = control(map, position, function () {
      var box = el("details", "geomap-panel " + className), container = map.getContainer();
      var summary = box.appendChild(el("summary", "geomap-summary", title));
      box.appendChild(build());
      box.open = !folded && !narrow();
      if (box.open) opened.push(box);
      summary.addEventListener("click", function () { if (!box.open) opened.push(box); });
      box.addEventListener("toggle", function () {
        if (box.open && narrow()) {
          container.querySelectorAll("details.geomap-panel[open]").forEach(function (other) {
            if (other !== box) other.open = false;
          });
        }
        var open = narrow() && container.querySelector("details.geomap-panel[open]");
        document.body.classList.toggle("geomap-sheet-open", !!open);
        unclutter(map);
      });
      return box;
    });
    watch(map);
    return c;
  }

  var opened = [];  // panels in the order they were opened (a click on the summary opens)

  function overlapping(top, bottom) {
    if (!top.children.length || !bottom.children.length) return false;
    return top.getBoundingClientRect().bottom > bottom.getBoundingClientRect().top;
  }

  function unclutter(map) {
    if (narrow()) return;
    var c = map.getContainer();
    ["left", "right"].forEach(function (side) {
      var top = c.querySelector(".leaflet-top.leaflet-" + side);
      var bottom = c.querySelector(".leaflet-bottom.leaflet-" + side);
      var open = Array.from(c.querySelectorAll(".leaflet-" + side + " details.geomap-panel[open]"));
      open.sort(function (a, b) { return opened.lastIndexOf(a) - opened.lastIndexOf(b); });
      while (open.length > 1 && overlapping(top, bottom)) open.shift().open = false;
    });
  }

  function watch(map) {
    if (map.geomapWatched || !window.ResizeObserver) return;
    map.geomapWatched = true;
    var observer = new ResizeObserver(function () { unclutter(map); });
    map.getContainer().querySelectorAll(".leaflet-top, .leaflet-bottom").forEach(function (corner) {
      observer.observe(corner);
    });
  }

  /* A control after its <label> (tied by id), in one row: every input has an accessible name. */
  function labelled(text, input, id) {
    var row = el("div", "geomap-field"), label = row.appendChild(el("label", null, text));
    input.id = id;
    label.htmlFor = id;
    row.appendChild(input);
    return row;
  }

  /* Save text as a file through a Blob URL: a download, not a request. */
  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], {type: type})), a = el("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
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

  /* Black or white, whichever reads better on a background colour (WCAG contrast). */
  function textOn(color) {
    var hex = /^#([0-9a-f]{6})$/i.exec(color || "");
    if (!hex) return "#000";
    var rgb = [0, 2, 4].map(function (k) {
      var c = parseInt(hex[1].slice(k, k + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var lum = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    return (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) ? "#000" : "#fff";
  }

  /* Controls first in the document, so Tab reaches the search, filters and list before
   * the (possibly many) focusable pins; their place on screen does not change. */
  function controlsFirst(map) {
    var box = map.getContainer(), controls = box.querySelector(".leaflet-control-container");
    if (controls && box.firstChild !== controls) box.insertBefore(controls, box.firstChild);
  }

  /* Escape closes the open popup wherever focus is in the map, and gives focus back to the
   * pin whose popup a key opened (geomap-pins.js). */
  function escapeCloses(map) {
    var box = map.getContainer();
    box.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      var content = box.querySelector(".leaflet-popup-content");
      if (!content) return;
      var back = content.geomapReturn;
      map.closePopup();
      if (back && document.contains(back)) back.focus();
    });
  }

  function isoDay(n) { return new Date(n * DAY).toISOString().slice(0, 10); }

  function fitData(map, d) {
    var lats = d.lat, lons = d.lon;
    if (!lats.length) { lats = d.places.lat; lons = d.places.lon; }
    if (!lats.length) return;
    var s = Infinity, w = Infinity, nn = -Infinity, e = -Infinity;
    for (var i = 0; i < lats.length; i++) {
      s = Math.min(s, lats[i]); nn = Math.max(nn, lats[i]);
      w = Math.min(w, lons[i]); e = Math.max(e, lons[i]);
    }
    map.fitBounds(L.latLngBounds([s, w], [nn, e]).pad(0.3), {maxZoom: 8, animate: false});
  }

  /* The filters, each active only when its state is set. A check is {name, pass(i)}; a
   * faceted one also names the string indexes (or numbers) of incident i it counts under. */
  function activeChecks(view) {
    var d = view.d, s = view.state, checks = [], time = view.time;
    if (!s.imprecise) checks.push({name: "exact", pass: function (i) { return d.prec[i] === 1; }});
    if (time.hi >= time.lo && (s.from > time.lo || s.to < time.hi || !s.undated)) {
      checks.push({name: "date", pass: function (i) {
        var day = time.days[i];
        return day !== day ? s.undated : day >= s.from && day <= s.to;
      }});
    }
    if (s.q && d.details) {
      var terms = s.q.toLowerCase().split(/\s+/).filter(Boolean), hay = haystack(view);
      checks.push({name: "q", pass: function (i) {
        for (var t = 0; t < terms.length; t++) if (hay[i].indexOf(terms[t]) < 0) return false;
        return true;
      }});
    }
    FACETS.forEach(function (f) {
      if (s[f.name] === "" || s[f.name] === undefined || !d[f.cols[0]]) return;
      var want = f.name === "prec" ? +s.prec : view.stringIndex(s[f.name]);
      checks.push({name: f.name, pass: function (i) {
        for (var c = 0; c < f.cols.length; c++) if (d[f.cols[c]][i] === want) return true;
        return false;
      }});
    });
    if (s.fatMin !== null || s.fatMax !== null) {
      checks.push({name: "fat", pass: function (i) {
        var f = d.fat[i];
        if (f === null || f === undefined) return !(s.fatMin > 0) && s.fatMax === null;
        return (s.fatMin === null || f >= s.fatMin) && (s.fatMax === null || f <= s.fatMax);
      }});
    }
    return checks;
  }

  /* Faceted filters: state name, and the columns an incident is counted under. */
  var FACETS = [{name: "type", cols: ["type"]}, {name: "sub", cols: ["sub"]},
                {name: "actor", cols: ["a1", "a2"]}, {name: "cc", cols: ["cc"]},
                {name: "prec", cols: ["prec"]}];

  /* What the search box looks in: place, actors, type, country, date words and the quotes. */
  function haystack(view) {
    if (view.hay) return view.hay;
    var d = view.d, S = d.strings, hay = new Array(view.n);
    for (var i = 0; i < view.n; i++) {
      var q = typeof d.q[i] === "number" ? [d.q[i]] : d.q[i];
      hay[i] = [S[d.place[i]], S[d.qual[i]], S[d.a1[i]], S[d.a2[i]], S[d.type[i]], S[d.sub[i]],
        S[d.cc[i]], view.countryName(S[d.cc[i]]), S[d.expr[i]], d.id && d.id[i]]
        .concat(q.map(function (k) { return d.qt[k]; })).filter(Boolean).join("\n")
        .toLowerCase();
    }
    view.hay = hay;
    return hay;
  }

  /* Count incident j under each facet (or only one); no allocation: it runs per incident. */
  function countFacets(d, facets, j, only) {
    for (var f = 0; f < FACETS.length; f++) {
      var spec = FACETS[f], first = d[spec.cols[0]];
      if ((only && spec.name !== only) || !first) continue;
      var counts = facets[spec.name], a = first[j];
      if (a !== null && a !== undefined) counts[a] = (counts[a] || 0) + 1;
      if (spec.cols.length > 1) {
        var b = d[spec.cols[1]][j];
        if (b !== null && b !== undefined && b !== a) counts[b] = (counts[b] || 0) + 1;
      }
    }
  }

  /* One pass over the incidents: those every check passes, and per facet the counts of those
   * passing every other check (so each list of choices says what choosing it would show). */
  function selectIncidents(view) {
    var d = view.d, checks = activeChecks(view), all = [], byType = Object.create(null);
    var facets = {};
    FACETS.forEach(function (f) { facets[f.name] = Object.create(null); });
    view.types.forEach(function (t) { byType[t] = []; });
    for (var j = 0; j < view.n; j++) {
      var failed = null, fails = 0;
      for (var c = 0; c < checks.length && fails < 2; c++) {
        if (!checks[c].pass(j)) { fails += 1; failed = checks[c].name; }
      }
      if (fails === 0) {
        all.push(j);
        byType[d.strings[d.type[j]]].push(j);
        countFacets(d, facets, j, null);
      } else if (fails === 1) {
        countFacets(d, facets, j, failed);
      }
    }
    return {all: all, byType: byType, facets: facets};
  }

  function makeView(map, d) {
    var n = d.lat.length, styles = Object.assign(Object.create(null), d.styles);
    var counts = Object.create(null), hooks = [], selectHooks = [], readyHooks = [];
    var hoverHooks = [];
    if (!map.options.maxZoom) map.setMaxZoom(18);  // no tiles offline; clustering needs it
    controlsFirst(map);
    escapeCloses(map);
    for (var i = 0; i < n; i++) {
      var t = d.strings[d.type[i]];
      counts[t] = (counts[t] || 0) + 1;
    }
    var types = Object.keys(counts).sort();
    types.forEach(function (t) { if (!styles[t]) styles[t] = styles._default; });
    fitData(map, d);
    var time = dayNumbers(d);
    var view = {map: map, d: d, n: n, types: types, counts: counts, styles: styles, time: time,
      state: {imprecise: true, undated: true, from: time.lo, to: time.hi, q: "", type: "",
              sub: "", actor: "", cc: "", prec: "", fatMin: null, fatMax: null},
      overlays: {}, countries: {type: "FeatureCollection", features: []}};
    /* A layer the layer control can switch on and off, listed in the order layers add them. */
    view.overlay = function (label, layer) { view.overlays[label] = layer; return layer; };
    /* hook(selection) runs on every filter change: {all: [i...], byType: {type: [i...]},
     * facets: {type|sub|actor|cc|prec: {key: count}}}. */
    view.onFilter = function (hook) { hooks.push(hook); };
    view.add = function (name, options) { factories[name](view, options || {}); return view; };
    view.apply = function () {
      var selection = selectIncidents(view);
      view.selection = selection;
      hooks.forEach(function (hook) { hook(selection); });
    };
    /* The string table's index of a name (-1 when no incident has it). */
    view.stringIndex = function (name) {
      if (!view.stringIndexes) {
        view.stringIndexes = Object.create(null);
        d.strings.forEach(function (v, k) { if (v !== null) view.stringIndexes[v] = k; });
      }
      var k = view.stringIndexes[name];
      return k === undefined ? -1 : k;
    };
    /* The incident with this incident_id, or -1. */
    view.indexOf = function (id) {
      if (!d.id) return -1;
      if (!view.ids) {
        view.ids = Object.create(null);
        d.id.forEach(function (v, k) { if (v) view.ids[v] = k; });
      }
      var k = view.ids[id];
      return k === undefined ? -1 : k;
    };
    /* A country's name from the basemap's polygons, else its ISO code. */
    view.countryName = function (iso) {
      if (!view.countryNames) {
        view.countryNames = Object.create(null);
        view.countries.features.forEach(function (f) {
          view.countryNames[f.properties.iso] = f.properties.name;
        });
      }
      return (iso && view.countryNames[iso]) || iso;
    };
    /* select(i, how) makes incident i (or -1: none) the selected one; how.open asks the pin
     * layer to open its popup, how.zoom to bring it into view; how.from names the caller. */
    view.selected = -1;
    view.onSelect = function (hook) { selectHooks.push(hook); };
    view.select = function (i, how) {
      view.selected = i;
      selectHooks.forEach(function (hook) { hook(i, how || {}); });
    };
    view.onReady = function (hook) { readyHooks.push(hook); };
    /* hover(i, on, from) tells every onHover hook the pointer (or focus) is on incident i, or
     * left it; from names the caller ("map", "list"). */
    view.onHover = function (hook) { hoverHooks.push(hook); };
    view.hover = function (i, on, from) {
      hoverHooks.forEach(function (hook) { hook(i, on, from); });
    };
    /* Every layer is added: draw the first selection; tests and benchmarks wait for geomapMap. */
    view.ready = function () {
      view.apply();
      readyHooks.forEach(function (hook) { hook(); });
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
    el: el, row: row, safeLink: safeLink, control: control, isoDay: isoDay, panel: panel,
    labelled: labelled, narrow: narrow, textOn: textOn,
    download: download
  };
})();
